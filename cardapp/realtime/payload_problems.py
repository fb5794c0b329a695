"""What is wrong with a payload, field by field, in the caller's language (the `fields` of `invalid_payload`).

Pydantic's own messages are English only; each kind of problem gets its own text in
translations/protocol.<lang>.json instead. A refusal from a use case with the code `invalid_payload`
names its field too, so no `invalid_payload` ever arrives without `fields`.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cardapp.i18n import translate

WHOLE_PAYLOAD = "payload"

# Pydantic error types with a text of their own; any other problem is "not a valid value".
_KNOWN_PROBLEMS = {
    "missing", "extra_forbidden", "string_type", "string_too_short", "string_too_long",
    "string_pattern_mismatch", "int_type", "int_parsing", "int_from_float", "greater_than_equal",
    "less_than_equal", "literal_error", "model_type", "model_attributes_type", "dict_type",
}
_SAME_AS = {"int_parsing": "int_type", "int_from_float": "int_type", "model_attributes_type": "model_type",
            "dict_type": "model_type"}

# The field a use case's `invalid_payload` refusal is about, by its message key.
FIELD_OF_REFUSAL = {
    "socket.invalid_choice": "choice",
    "power.invalid_choice": "choice",
    "power.no_such_statement": "statement",
    "socket.unknown_factor": "factor",
    "socket.agreement_kind": "factor",
    "socket.not_a_risk_map": "item_id",
    "socket.language_not_offered": "language",
}


def field_problems(error: ValidationError, language: str) -> dict[str, str]:
    """`{"field.path": "what is wrong"}`, every message in `language`."""
    found: dict[str, str] = {}
    for detail in error.errors(include_url=False):
        where = ".".join(str(part) for part in detail["loc"]) or WHOLE_PAYLOAD
        found.setdefault(where, _describe(detail["type"], detail.get("ctx") or {}, language))
    return found


def _describe(kind: str, context: dict[str, Any], language: str) -> str:
    if kind not in _KNOWN_PROBLEMS:
        return translate("protocol.field.invalid", language)
    params = {name: context[name] for name in ("min_length", "max_length", "ge", "le", "expected") if name in context}
    if "expected" in params:  # pydantic writes "'a', 'b' or 'c'": the "or" would be English in every language
        params["expected"] = str(params["expected"]).replace(" or ", ", ")
    return translate(f"protocol.field.{_SAME_AS.get(kind, kind)}", language, **params)


def not_an_object(language: str) -> dict[str, str]:
    """The payload is a list, a string or a number: commands take one JSON object, or nothing."""
    return {WHOLE_PAYLOAD: translate("protocol.field.model_type", language)}


def too_many_arguments(count: int, language: str) -> dict[str, str]:
    """The event came with several arguments; only one object is read, so nothing is guessed."""
    return {WHOLE_PAYLOAD: translate("protocol.field.one_argument", language, count=count)}


def refused_field(key: str, message: str) -> dict[str, str]:
    """A use case refused a value: the field it is about (text limits are about `text`), with its message."""
    if key in FIELD_OF_REFUSAL:
        return {FIELD_OF_REFUSAL[key]: message}
    if key.endswith(("_length", "_text_only")):
        return {"text": message}
    return {WHOLE_PAYLOAD: message}
