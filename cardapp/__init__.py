"""cardapp: conversation cards and anonymous exercises for workshops against harassment.

`create_app` lives in `cardapp.app` and is imported lazily, so that `python -m cardapp serve`
can monkey-patch for eventlet or gevent before Flask or anything else is imported.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from cardapp.app import create_app

        return create_app
    raise AttributeError(f"module 'cardapp' has no attribute {name!r}")
