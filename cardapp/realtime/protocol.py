"""Every inbound event's payload, validated before any handler acts (docs/protocol.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Database ids fit in 32 bits; a bigger number is bad input, not a crash.
MAX_ID = 2**31 - 1

# Ids made on the phone: a UUID, or any short token of safe characters.
ClientId = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
ClientIdOrNone = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Empty(Payload):
    pass


class ShowItem(Payload):
    position: int = Field(ge=0, le=10_000)


class ModerateReflection(Payload):
    reflection_id: int = Field(ge=1, le=MAX_ID)
    decision: Literal["approve", "reject"]


class SubmitAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    choice: str = Field(min_length=1, max_length=16)
    answer_id: str = ClientId
    # The round the phone showed: a tap from the first round that arrives after the second began
    # must not count as a second-round answer.
    round: int | None = Field(default=None, ge=1, le=9)


class WithdrawAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    round: int | None = Field(default=None, ge=1, le=9)  # as in SubmitAnswer
    # Made on the phone like an answer id: a replayed withdrawal must not take back a later answer.
    withdrawal_id: str | None = ClientIdOrNone


class SubmitReflection(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    text: str = Field(min_length=1, max_length=500)
    reflection_id: str = ClientId


class AddScenario(Payload):
    # The service trims and checks the length; the cap here keeps a hostile payload small.
    text: str = Field(min_length=1, max_length=2000)


class SubmitRiskAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    factor: str = Field(min_length=1, max_length=64)
    choice: str = Field(min_length=1, max_length=16)
    answer_id: str = ClientId


class RecordAgreement(Payload):
    kind: Literal["guideline", "measure", "topic"]
    text: str = Field(min_length=1, max_length=2000)
    factor: str | None = Field(default=None, min_length=1, max_length=64)


class RemoveAgreement(Payload):
    agreement_id: int = Field(ge=1, le=MAX_ID)


class ChooseLanguage(Payload):
    language: str = Field(pattern=r"^[a-z]{2,3}$")


class ConnectAuth(Payload):
    model_config = ConfigDict(extra="ignore", frozen=True)
    screen: Literal["console", "projector", "phone"]
    workshop_id: int = Field(ge=1, le=MAX_ID)
    secret: str | None = Field(default=None, max_length=100)


def problems(error: ValidationError) -> dict[str, str]:
    """`{"field.path": "what is wrong"}` for an error ack a developer can act on."""
    found: dict[str, str] = {}
    for detail in error.errors(include_url=False):
        where = ".".join(str(part) for part in detail["loc"]) or "payload"
        found[where] = detail["msg"]
    return found


def as_mapping(data: Any) -> dict[str, Any]:
    # Socket.IO lets a client send any JSON value; commands take an object, or nothing.
    if data is None:
        return {}
    if isinstance(data, dict):
        return data
    raise TypeError("payload must be a JSON object")


class ShowPowerStatement(Payload):
    step: int = Field(ge=-1, le=1000)


class SubmitPowerAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    statement: int = Field(ge=0, le=1000)
    choice: Literal["yes", "no", "pass"]
    # Optional for phones loaded before it existed; with it, a repeat of the same send changes nothing.
    answer_id: str | None = ClientIdOrNone


class FetchMyPowerWalk(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
