"""Errors a use case reports; the web layer turns each into the one error shape."""

from __future__ import annotations

from collections.abc import Sequence

from cardapp.domain.deck_validation import DeckProblem


class ServiceError(Exception):
    """`code` is stable for programs; `key` names the message in the interface catalogues."""

    status = 400
    code = "bad_request"

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class Invalid(ServiceError):
    status = 422
    code = "invalid"


class InvalidCredentials(ServiceError):
    status = 401
    code = "invalid_credentials"


class DeckInvalid(Invalid):
    """A deck failed validation; every problem travels with it, nothing was stored."""

    code = "invalid_deck"

    def __init__(self, problems: Sequence[DeckProblem]) -> None:
        super().__init__("deck.invalid", count=len(problems))
        self.problems = tuple(problems)
