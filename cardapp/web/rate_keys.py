"""Keys for rate limits that name nobody: an address, an email or a user id, hashed with the server's secret.

A plain SHA-256 of an IPv4 address is as good as the address (all of them hash in minutes), and
with several processes the keys live in Redis. A keyed hash (HMAC with CARDAPP_SECRET_KEY, which
every process shares) cannot be reversed without the secret, and is the same in every process.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def limit_key(value: str) -> bytes:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, value.encode(), hashlib.sha256).digest()


def address_key_of(remote_addr: str | None) -> bytes:
    return limit_key(remote_addr or "")


def user_key_of(user_id: int) -> bytes:
    return limit_key(f"user:{user_id}")
