"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verified when an email is unknown, so that a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("cardapp-no-such-user-timing-guard")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
