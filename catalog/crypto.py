"""Encryption at rest for small secrets: signing keys today, connector credentials next.

AES-256-GCM (authenticated encryption) from the ``cryptography`` package, chosen
over Fernet for two reasons: it takes *associated data*, so a value encrypted for
one purpose (``context``, e.g. ``"signing-key:catalog-3"``) cannot be copied into
another row and decrypt there; and each value names the key that encrypted it,
so decryption picks that key directly and says which one is missing when none
fits. (Fernet is AES-128-CBC + HMAC without associated data; MultiFernet tries
every key in turn.)

Keys come from ``Settings.encryption_keys`` (comma-separated; the first encrypts,
all decrypt, so rotation is: put a new key first, re-encrypt, drop the old one).
When that is unset the key is derived from ``Settings.secret_key``. Every
configured value goes through HKDF-SHA256, so any string of at least 32 random
characters (``openssl rand -hex 32``) is a valid key. To move from the derived
key to explicit keys, list the old secret key's value last until everything has
been re-encrypted.

A value looks like ``v1.<key id>.<base64url(nonce || ciphertext || tag)>``; the
key id is a short fingerprint of the key, not the key.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from catalog.config import ENV_PREFIX, ConfigurationError, Settings

VERSION = "v1"
MIN_KEY_CHARS = 32
NONCE_BYTES = 12
_HKDF_INFO = b"catalog/encryption-at-rest/v1"


class DecryptionError(Exception):
    """No configured key decrypts the value, or it was changed after it was encrypted."""


@dataclass(frozen=True)
class _Key:
    key_id: str
    aead: AESGCM


def _derive(material: str) -> _Key:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        material.encode()
    )
    key_id = hashlib.sha256(b"catalog/key-id:" + raw).hexdigest()[:8]
    return _Key(key_id, AESGCM(raw))


@functools.lru_cache(maxsize=8)
def _keyring(encryption_keys: str, secret_key: str) -> tuple[_Key, ...]:
    configured = [k.strip() for k in encryption_keys.split(",") if k.strip()]
    for position, value in enumerate(configured, start=1):
        if len(value) < MIN_KEY_CHARS:
            raise ConfigurationError(
                f"{ENV_PREFIX}ENCRYPTION_KEYS: key #{position} is too short; use at least "
                f"{MIN_KEY_CHARS} random characters (e.g. `openssl rand -hex 32`)"
            )
    if not configured:
        if not secret_key:
            raise ConfigurationError("no encryption key: set a secret key or encryption keys")
        configured = [secret_key]
    return tuple(_derive(value) for value in configured)


def check_keys(settings: Settings) -> None:
    """Fail at start-up, not at first use, when the configured keys are unusable."""
    _keyring(settings.encryption_keys, settings.secret_key)


def encrypt(settings: Settings, plaintext: str, *, context: str = "") -> str:
    """Encrypt ``plaintext`` with the current key, bound to ``context`` (its purpose)."""
    key = _keyring(settings.encryption_keys, settings.secret_key)[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = key.aead.encrypt(nonce, plaintext.encode(), context.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{VERSION}.{key.key_id}.{body}"


def decrypt(settings: Settings, token: str, *, context: str = "") -> str:
    """The plaintext of ``token``; ``context`` must be the one it was encrypted with."""
    version, _, rest = token.partition(".")
    key_id, _, body = rest.partition(".")
    if version != VERSION or not key_id or not body:
        raise DecryptionError("not a value encrypted by the catalog")
    key = next(
        (k for k in _keyring(settings.encryption_keys, settings.secret_key) if k.key_id == key_id),
        None,
    )
    if key is None:
        raise DecryptionError(
            f"the value was encrypted with key {key_id}, which is not among the configured "
            f"keys: add it back to {ENV_PREFIX}ENCRYPTION_KEYS (or restore the old "
            f"{ENV_PREFIX}SECRET_KEY)"
        )
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
        return key.aead.decrypt(nonce, sealed, context.encode()).decode()
    except (InvalidTag, ValueError, binascii.Error) as error:
        raise DecryptionError(
            f"the value does not decrypt with key {key_id}: it was changed, or it belongs "
            "to another context"
        ) from error


def reencrypt(settings: Settings, token: str, *, context: str = "") -> str:
    """``token`` encrypted again under the current key (after a key rotation)."""
    return encrypt(settings, decrypt(settings, token, context=context), context=context)
