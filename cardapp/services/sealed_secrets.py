"""Secrets cardapp must keep but never show again (a provider's client secret), sealed at rest.

Fernet (AES-128-CBC with HMAC-SHA256) with a key derived by HKDF from CARDAPP_SECRET_KEY: a copy of
the database alone does not reveal the secret. A new CARDAPP_SECRET_KEY makes sealed secrets
unreadable; the organiser then types the client secret again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class SecretUnreadable(Exception):
    """The sealed value was made with another secret key, or was changed."""


def _box(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cardapp sealed secrets v1").derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret_key: str, plain: str) -> str:
    return _box(secret_key).encrypt(plain.encode()).decode("ascii")


def unseal(secret_key: str, sealed: str) -> str:
    try:
        return _box(secret_key).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise SecretUnreadable("sealed with another key") from None
