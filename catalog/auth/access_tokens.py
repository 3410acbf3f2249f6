"""JWT access tokens (RFC 9068): how the catalog signs them and how it checks them.

Checking trusts nothing the token says about how to check it: the key is the
stored key named by ``kid`` (never an embedded ``jwk`` nor a ``jku``/``x5u``
address), the algorithm is the one we sign with (never the header's choice, so
no ``none`` and no HMAC keyed with a public key), and the ``typ`` header must
say ``at+jwt``, so an ID token or any other JWT signed by the same key is refused.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass

from joserfc import jws, jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from sqlalchemy.orm import Session

from catalog.auth import keys
from catalog.auth.keys import SigningMaterial

ISSUER = "urn:catalog"
AUDIENCE = "catalog"
TOKEN_TYPE = "at+jwt"
ACCEPTED_TYPES = frozenset({"at+jwt", "application/at+jwt"})
# Clock skew tolerated on exp, nbf and iat.
LEEWAY_SECONDS = 30
# Our tokens carry exactly these headers. Any other one (an embedded ``jwk``, a ``jku``
# or ``x5u`` address, ``crit``, ``b64``...) marks a token that is not ours.
ALLOWED_HEADERS = frozenset({"alg", "typ", "kid"})
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
# A signed token of ours is well under 1 KB; anything far larger is not one.
MAX_TOKEN_CHARS = 4096


class InvalidAccessToken(Exception):
    """The token is not one of ours, or no longer valid; the message says why (ASCII)."""


@dataclass(frozen=True)
class AccessToken:
    user_id: int
    client_id: str
    scopes: frozenset[str]
    jti: str
    expires_at: int


def issue(
    signing: SigningMaterial,
    *,
    user_id: int,
    client_id: str,
    scope: str,
    lifetime_seconds: int,
) -> tuple[str, AccessToken]:
    """A signed access token for ``client_id`` acting as its service account."""
    now = int(time.time())
    claims = AccessToken(
        user_id=user_id,
        client_id=client_id,
        scopes=frozenset(scope.split()),
        jti=secrets.token_urlsafe(16),
        expires_at=now + lifetime_seconds,
    )
    payload = {
        "iss": ISSUER,
        "sub": str(user_id),
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": claims.expires_at,
        "jti": claims.jti,
        "client_id": client_id,
        "scope": scope,
    }
    header = {"alg": signing.algorithm, "typ": TOKEN_TYPE, "kid": signing.kid}
    token = jwt.encode(header, payload, signing.private_key, algorithms=[signing.algorithm])
    return token, claims


_CLAIMS = jwt.JWTClaimsRegistry(
    leeway=LEEWAY_SECONDS,
    iss={"essential": True, "value": ISSUER},
    aud={"essential": True, "value": AUDIENCE},
    sub={"essential": True},
    exp={"essential": True},
    iat={"essential": True},
    jti={"essential": True},
    client_id={"essential": True},
)


def _extract(token: str) -> jws.CompactSignature:
    """The token's parts, parsed but not yet trusted."""
    if len(token) > MAX_TOKEN_CHARS or not _COMPACT_JWS.fullmatch(token):
        raise InvalidAccessToken("The token is malformed.")
    extracted = jws.extract_compact(token.encode())
    if not isinstance(extracted.headers(), dict):
        raise InvalidAccessToken("The token is malformed.")
    return extracted


def verify(
    session: Session, token: str, cache: keys.VerificationKeyCache | None = None
) -> AccessToken:
    """The claims of a valid access token of ours; raises ``InvalidAccessToken`` otherwise."""
    try:
        return _verify(session, token, cache)
    except InvalidAccessToken:
        raise
    except JoseError as error:
        raise InvalidAccessToken(_describe(error)) from error
    except (ValueError, TypeError, KeyError, UnicodeError, OverflowError) as error:
        raise InvalidAccessToken("The token is malformed.") from error


def _verify(session: Session, token: str, cache: keys.VerificationKeyCache | None) -> AccessToken:
    extracted = _extract(token)
    header = extracted.headers()
    if header.get("alg") != keys.ALGORITHM:
        raise InvalidAccessToken(f"Only {keys.ALGORITHM} tokens are accepted.")
    if str(header.get("typ", "")).lower() not in ACCEPTED_TYPES:
        raise InvalidAccessToken("The token is not an access token.")
    if not header.keys() <= ALLOWED_HEADERS:
        raise InvalidAccessToken("The token carries a header that is not accepted.")
    kid = header.get("kid")
    if not isinstance(kid, str) or not 0 < len(kid) <= 64:
        raise InvalidAccessToken("The token names no signing key.")
    key = keys.verification_key(session, kid, cache)
    if key is None:
        raise InvalidAccessToken("The token was signed by an unknown or retired key.")
    # Signature first, with our algorithm only; then the claims.
    if not jws.validate_compact(extracted, key, algorithms=[keys.ALGORITHM]):
        raise InvalidAccessToken("The token's signature is not valid.")
    claims = json.loads(extracted.payload)
    if not isinstance(claims, dict):
        raise InvalidAccessToken("The token's claims are malformed.")
    _CLAIMS.validate(claims)
    scope = claims.get("scope", "")
    subject = claims["sub"]
    if not isinstance(scope, str) or not isinstance(claims["client_id"], str):
        raise InvalidAccessToken("The token's claims are malformed.")
    if not (subject.isascii() and subject.isdigit()):
        raise InvalidAccessToken("The token's subject is not one of our accounts.")
    return AccessToken(
        user_id=int(subject),
        client_id=claims["client_id"],
        scopes=frozenset(scope.split()),
        jti=claims["jti"],
        expires_at=int(claims["exp"]),
    )


def _describe(error: JoseError) -> str:
    """A short ASCII reason (it goes into the WWW-Authenticate header)."""
    if isinstance(error, ExpiredTokenError):
        return "The token has expired."
    if isinstance(error, BadSignatureError):
        return "The token's signature is not valid."
    if isinstance(error, InvalidClaimError):
        if error.claim == "nbf":
            return "The token is not valid yet."
        return f"The token's '{error.claim}' claim is not accepted."
    if isinstance(error, MissingClaimError):
        return "The token lacks a required claim."
    return "The token is malformed."
