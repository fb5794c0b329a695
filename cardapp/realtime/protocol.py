"""Every inbound event's payload, validated before any handler acts (docs/protocol.md).

Each limit on text is the rule's own constant from the domain, so the payload check, the service
and docs/protocol.md's "Limits" section say the same number.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cardapp.domain.deck_format import TEXT as MAX_SCENARIO_LENGTH
from cardapp.domain.risk_map import MAX_MEASURE_LENGTH as MAX_AGREEMENT_LENGTH
from cardapp.domain.run_sheet import MAX_TIMER_MINUTES
from cardapp.domain.workshops import MAX_REFLECTION_LENGTH

# Database ids fit in 32 bits; a bigger number is bad input, not a crash.
MAX_ID = 2**31 - 1

# Ids made on the phone: a UUID, or any short token of safe characters.
CLIENT_ID_MIN, CLIENT_ID_MAX = 8, 64
ClientId = Field(min_length=CLIENT_ID_MIN, max_length=CLIENT_ID_MAX, pattern=r"^[A-Za-z0-9_-]+$")
# A choice or a risk factor's id, as decks name them.
MAX_CHOICE_LENGTH, MAX_FACTOR_LENGTH = 16, 64
MAX_ROUND = 9
ClientIdOrNone = Field(default=None, min_length=CLIENT_ID_MIN, max_length=CLIENT_ID_MAX, pattern=r"^[A-Za-z0-9_-]+$")


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Empty(Payload):
    pass


class ShowItem(Payload):
    position: int = Field(ge=0, le=10_000)


class ModerateReflection(Payload):
    reflection_id: str = Field(min_length=8, max_length=16, pattern=r"^[A-Za-z0-9_-]+$")
    decision: Literal["approve", "reject"]


class SubmitAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    choice: str = Field(min_length=1, max_length=MAX_CHOICE_LENGTH)
    answer_id: str = ClientId
    # The round the phone showed: a tap from the first round that arrives after the second began
    # must not count as a second-round answer.
    round: int | None = Field(default=None, ge=1, le=MAX_ROUND)


class WithdrawAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    round: int | None = Field(default=None, ge=1, le=MAX_ROUND)  # as in SubmitAnswer
    # Made on the phone like an answer id: a replayed withdrawal must not take back a later answer.
    withdrawal_id: str | None = ClientIdOrNone


class SubmitReflection(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    text: str = Field(min_length=1, max_length=MAX_REFLECTION_LENGTH)
    reflection_id: str = ClientId


class AddScenario(Payload):
    # The service trims and checks it again (a text of spaces only is refused there).
    text: str = Field(min_length=1, max_length=MAX_SCENARIO_LENGTH)


class SubmitRiskAnswer(Payload):
    item_id: int = Field(ge=1, le=MAX_ID)
    factor: str = Field(min_length=1, max_length=MAX_FACTOR_LENGTH)
    choice: str = Field(min_length=1, max_length=MAX_CHOICE_LENGTH)
    answer_id: str = ClientId


class RecordAgreement(Payload):
    kind: Literal["guideline", "measure", "topic"]
    text: str = Field(min_length=1, max_length=MAX_AGREEMENT_LENGTH)
    factor: str | None = Field(default=None, min_length=1, max_length=MAX_FACTOR_LENGTH)


class RemoveAgreement(Payload):
    agreement_id: int = Field(ge=1, le=MAX_ID)


class ChooseLanguage(Payload):
    language: str = Field(pattern=r"^[a-z]{2,3}$")


class ConnectAuth(Payload):
    model_config = ConfigDict(extra="ignore", frozen=True)
    # "moderator": a co-facilitator's moderator view; the server keeps this choice for the connection.
    screen: Literal["console", "moderator", "projector", "phone"]
    workshop_id: int = Field(ge=1, le=MAX_ID)
    secret: str | None = Field(default=None, max_length=100)


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


class ControlTimer(Payload):
    """The discussion timer: `set` needs `minutes`; `show` and `hide` put it on the projector or take it off."""

    action: Literal["start", "pause", "reset", "set", "show", "hide"]
    minutes: int | None = Field(default=None, ge=1, le=MAX_TIMER_MINUTES)
