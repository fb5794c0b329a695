"""Names of what cardapp keeps in Redis."""

from __future__ import annotations

PREFIX = "cardapp:"  # every key cardapp writes to Redis starts with this
