"""Forged, tampered and malformed bearer tokens: every one is a 401, never a 500 or a pass."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from joserfc import jws
from joserfc.jwk import ECKey

from catalog.auth import keys
from catalog.auth.keys import SigningMaterial
from catalog.users.service import find_user
from tests.token_helpers import (
    access_token,
    assert_invalid_token,
    b64,
    bearer,
    new_api_client,
    segments,
)


@dataclass(frozen=True)
class Issued:
    client_id: str
    token: str
    header: dict[str, Any]
    claims: dict[str, Any]
    signing: SigningMaterial
    admin_id: int


@pytest.fixture
def issued(app, database, admin_client, client, session) -> Issued:
    client_id, secret = new_api_client(admin_client)
    token = access_token(client, client_id, secret)
    header, claims = segments(token)
    signing = keys.current_signing_key(database, app.config["CATALOG"])
    admin_id = find_user(session, "ada-admin").id
    return Issued(client_id, token, header, claims, signing, admin_id)


ATTACKER = ECKey.generate_key("P-256")


def sign(header: dict[str, Any], claims: dict[str, Any], key: Any) -> str:
    return jws.serialize_compact(header, json.dumps(claims), key, algorithms=[header["alg"]])


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: str = "") -> str:
    return f"{b64(header)}.{b64(claims)}.{signature}"


def hs256(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{b64(header)}.{b64(claims)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


def ours(i: Issued, **changes: Any) -> dict[str, Any]:
    """The real token's claims with ``changes`` (None removes a claim)."""
    claims = {**i.claims, **changes}
    return {k: v for k, v in claims.items() if v is not None}


def at(i: Issued, **changes: Any) -> dict[str, Any]:
    header = {"alg": "ES256", "typ": "at+jwt", "kid": i.signing.kid, **changes}
    return {k: v for k, v in header.items() if v is not None}


def flip_signature_byte(token: str) -> str:
    head, payload, signature = token.split(".")
    middle = len(signature) // 2
    swapped = "A" if signature[middle] != "A" else "B"
    return f"{head}.{payload}.{signature[:middle]}{swapped}{signature[middle + 1 :]}"


NOW = int(time.time())

FORGERIES: dict[str, Callable[[Issued], str]] = {
    "alg none": lambda i: unsigned(at(i, alg="none"), i.claims),
    "alg none with a signature": lambda i: unsigned(at(i, alg="none"), i.claims, "c2ln"),
    "alg None (capitalized)": lambda i: unsigned(at(i, alg="None"), i.claims),
    "empty signature": lambda i: i.token.rsplit(".", 1)[0] + ".",
    "flipped signature byte": lambda i: flip_signature_byte(i.token),
    "payload swapped under a valid signature": lambda i: (
        f"{i.token.split('.')[0]}.{b64(ours(i, scope='catalog:read metadata:write users:admin'))}"
        f".{i.token.split('.')[2]}"
    ),
    "HS256 keyed with the public JWK": lambda i: hs256(
        at(i, alg="HS256"), i.claims, json.dumps(i.signing.private_key.as_dict()).encode()
    ),
    "HS256 keyed with the public PEM": lambda i: hs256(
        at(i, alg="HS256"), i.claims, i.signing.private_key.as_pem(private=False)
    ),
    "embedded jwk with the attacker's key": lambda i: sign(
        at(i, jwk=ATTACKER.as_dict(private=False)), i.claims, ATTACKER
    ),
    "embedded jwk, no kid": lambda i: sign(
        at(i, kid=None, jwk=ATTACKER.as_dict(private=False)), i.claims, ATTACKER
    ),
    "jku pointing elsewhere": lambda i: sign(
        at(i, kid="attacker-1", jku="https://evil.example/jwks.json"), i.claims, ATTACKER
    ),
    "x5u pointing elsewhere": lambda i: sign(
        at(i, x5u="https://evil.example/cert.pem"), i.claims, ATTACKER
    ),
    "attacker key under our kid": lambda i: sign(at(i), i.claims, ATTACKER),
    "unknown kid": lambda i: sign(at(i, kid="catalog-999"), i.claims, i.signing.private_key),
    "no kid": lambda i: sign(at(i, kid=None), i.claims, i.signing.private_key),
    "crit header": lambda i: sign(at(i, crit=["kid"]), i.claims, i.signing.private_key),
    "wrong issuer": lambda i: sign(
        at(i), ours(i, iss="https://evil.example"), i.signing.private_key
    ),
    "no issuer": lambda i: sign(at(i), ours(i, iss=None), i.signing.private_key),
    "wrong audience": lambda i: sign(at(i), ours(i, aud="another-api"), i.signing.private_key),
    "audience list without us": lambda i: sign(
        at(i), ours(i, aud=["another-api"]), i.signing.private_key
    ),
    "no audience": lambda i: sign(at(i), ours(i, aud=None), i.signing.private_key),
    "expired": lambda i: sign(
        at(i), ours(i, iat=NOW - 7200, nbf=NOW - 7200, exp=NOW - 3600), i.signing.private_key
    ),
    "no expiry": lambda i: sign(at(i), ours(i, exp=None), i.signing.private_key),
    "not yet valid": lambda i: sign(
        at(i), ours(i, nbf=NOW + 3600, exp=NOW + 7200), i.signing.private_key
    ),
    "issued in the future": lambda i: sign(
        at(i), ours(i, iat=NOW + 3600, exp=NOW + 7200), i.signing.private_key
    ),
    "exp not a number": lambda i: sign(at(i), ours(i, exp="tomorrow"), i.signing.private_key),
    "ID token (typ JWT, aud = the client)": lambda i: sign(
        at(i, typ="JWT"),
        ours(i, aud=i.client_id, nonce="n-0S6_WzA2Mj", auth_time=NOW),
        i.signing.private_key,
    ),
    "no typ": lambda i: sign(at(i, typ=None), i.claims, i.signing.private_key),
    "subject swapped to an administrator": lambda i: sign(
        at(i), ours(i, sub=str(i.admin_id)), i.signing.private_key
    ),
    "subject not an account id": lambda i: sign(
        at(i), ours(i, sub="ada-admin"), i.signing.private_key
    ),
    "unknown client": lambda i: sign(
        at(i), ours(i, client_id="client-0000"), i.signing.private_key
    ),
    "1 MB token": lambda i: "eyJ" + "A" * (1024 * 1024),
    "1 MB of dots and base64": lambda i: ("QUFB." * 260_000)[:-1],
    "garbage base64": lambda i: "%%%.$$$.@@@",
    "header not JSON": lambda i: f"{b64(b'not json')}.{b64(i.claims)}.c2ln",
    "header a JSON list": lambda i: f"{b64(b'[1,2]')}.{b64(i.claims)}.c2ln",
    "claims not JSON": lambda i: (
        sign(at(i), {}, i.signing.private_key).split(".")[0] + f".{b64(b'nope')}.c2ln"
    ),
    "two segments": lambda i: ".".join(i.token.split(".")[:2]),
    "four segments": lambda i: i.token + ".e30",
    "JWE-shaped": lambda i: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc",
    "non-ASCII": lambda i: "ëÿ.ëÿ.ëÿ",
    "spaces inside": lambda i: i.token[:20] + " " + i.token[20:],
    "a PAT that does not exist": lambda i: "cat_pat_" + "x" * 43,
    "a PAT prefix alone": lambda i: "cat_pat_",
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_tokens_are_refused(issued, client, name):
    token = FORGERIES[name](issued)
    started = time.perf_counter()
    response = client.get("/api/v1/datasets", headers=bearer(token))
    assert_invalid_token(response)
    assert time.perf_counter() - started < 1.0
    # The real token still works: the refusal was about the forgery.
    assert client.get("/api/v1/datasets", headers=bearer(issued.token)).status_code == 200


def test_a_token_signed_by_a_retired_and_deleted_key(app, database, admin_client, client, session):
    client_id, secret = new_api_client(admin_client)
    old = access_token(client, client_id, secret)
    settings = app.config["CATALOG"]
    old_kid = segments(old)[0]["kid"]
    new_kid = keys.rotate_signing_key(database, settings)
    assert new_kid != old_kid
    keys.retire_signing_key(session, old_kid)
    assert keys.delete_retired_keys(session) == [old_kid]
    session.commit()
    detail = assert_invalid_token(client.get("/api/v1/datasets", headers=bearer(old)))
    assert "key" in detail
    fresh = access_token(client, client_id, secret)
    assert segments(fresh)[0]["kid"] == new_kid
    assert client.get("/api/v1/datasets", headers=bearer(fresh)).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer",
        "Bearer ",
        "Bearer    ",
        "bearer not-a-token",
        "BEARER cat_pat_nope",
        "Bearer " + "x" * 5000,
        "Bearer a b c",
        "Bearer\tcat_pat_x",
    ],
)
def test_malformed_authorization_headers(client, authorization):
    assert_invalid_token(client.get("/api/v1/datasets", headers={"Authorization": authorization}))


def test_other_schemes_authenticate_nobody(viewer_client):
    for authorization in ("Basic dmVyYTpwYXNzd29yZA==", "Token abc", "Digest x", "garbage"):
        response = viewer_client.get("/api/v1/datasets", headers={"Authorization": authorization})
        assert response.status_code == 401, authorization  # and not the cookie's user


def test_a_bad_token_never_falls_back_to_the_cookie(viewer_client):
    assert viewer_client.get("/api/v1/datasets").status_code == 200
    response = viewer_client.get("/api/v1/datasets", headers=bearer("cat_pat_stolen"))
    assert_invalid_token(response)
    expired = viewer_client.get("/api/v1/auth/me", headers=bearer("eyJ.eyJ.sig"))
    assert_invalid_token(expired)


IDENTITY_HEADERS = ["X-User", "X-Remote-User", "X-Forwarded-User", "Remote-User"]


@pytest.mark.parametrize("name", IDENTITY_HEADERS)
def test_identity_looking_headers_authenticate_nobody(client, viewer_client, session, name):
    for spelling in (name, name.lower(), name.upper(), name.swapcase()):
        for value in ("ada-admin", "1", "admin"):
            response = client.get("/api/v1/audit-events", headers={spelling: value})
            assert response.status_code == 401, spelling
            as_viewer = viewer_client.get("/api/v1/audit-events", headers={spelling: value})
            assert as_viewer.status_code == 403, spelling
            me = viewer_client.get("/api/v1/auth/me", headers={spelling: value}).json
            assert me["username"] == "vera-viewer"
    environ_forgery = client.get(
        "/api/v1/auth/me", environ_base={"REMOTE_USER": "ada-admin", "HTTP_REMOTE_USER": "ada"}
    )
    assert environ_forgery.status_code == 401
