"""What each screen may receive, as closed types: the one place that says it (docs/protocol.md).

Every outgoing `workshop_state` is built from these models, whose fields are a closed set
(`extra="forbid"`): a new field reaches a screen only when someone adds it here, for that screen.
An exercise's own part of `current` (the walk, the risk map) is typed by the exercise itself, one
model per screen (see `cardapp.services.exercises`). Tests compare the exact key set each screen
receives in each state.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Screen(StrEnum):
    """Who receives a payload. A phone's own snapshot holds what belongs to that phone alone;
    a broadcast to the phones of one language never does."""

    CONSOLE = "console"
    MODERATOR = "moderator"  # a co-facilitator's second device: moderation and pauses, no agenda control
    PROJECTOR = "projector"
    PHONES = "phones"
    PHONE = "phone"

    @property
    def wire_name(self) -> str:
        """The `screen` field as clients know it: phones are phones, one or all."""
        return "phone" if self in (Screen.PHONES, Screen.PHONE) else self.value


class Wire(BaseModel):
    """A payload for a screen: only the fields declared, never changed after it is built."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def to_wire(self) -> dict[str, Any]:
        # An optional field that was never given is left out, not sent as null: a suppressed result
        # has no `counts` key at all. Every key sent is still one of the declared fields.
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


# --- Parts every screen shares -------------------------------------------------------------------

class WorkshopHeader(Wire):
    id: int
    title: str
    status: str
    room_code: str | None
    join_url: str | None
    min_answers: int
    item_count: int


class Distribution(Wire):
    """One round's distribution, or only how many answered when it is suppressed."""

    suppressed: bool
    total: int
    counts: dict[str, int] | None = None
    min_answers: int | None = None
    # Why a distribution with enough answers is withheld: `differs_from_earlier` (the differencing rule).
    withheld: str | None = None


class Shift(Wire):
    choice: str
    change: int


class RoundResults(Distribution):
    """The latest revealed round, with the first round and the shift once a statement was asked again."""

    round: int
    first_round: Distribution | None = None
    shift: list[Shift] | None = None
    not_compared: str | None = None


class ShownReflections(Wire):
    open: bool
    shown: list[str]


class ShownItem(Wire):
    """The shown agenda item, as every screen sees it. Phones get no count of answers: a phone can ask
    for a fresh state at any moment it likes, and a count that drops right after someone taps would
    say who took back an answer (docs/privacy.md, "Timing")."""

    position: int
    item_id: int
    card_id: str
    kind: str
    phase: str
    content_note: str | None
    text: str | None
    text_language: str
    follow_ups: list[str | None]
    prompts: list[str | None]
    choices: list[str]
    round: int
    answers_open: bool
    results: RoundResults | None
    reflections: ShownReflections


class Current(ShownItem):
    """The shown item on the projector: also how many answered (the facilitator's screens only)."""

    answered: int


class ConsoleCurrent(Current):
    notes: str | None


class OwnPhoneCurrent(ShownItem):
    """In one phone's own snapshot only: its answer to the shown round and whether it wrote."""

    my_answer: str | None
    my_reflection_sent: bool


# --- The console's own parts -----------------------------------------------------------------------

class AgendaEntry(Wire):
    position: int
    item_id: int
    kind: str
    title: str
    status: str
    revealed: bool


class PendingReflection(Wire):
    id: str  # random: ids say nothing about the order texts came in
    text: str


class QuestionQueue(Wire):
    """The question box's share of the queue: questions asked from any item, listed by their random ids."""

    pending: list[PendingReflection]
    held: int
    approved: int
    removable: list[PendingReflection]  # approved questions, by random id: each may be taken down


class Moderation(Wire):
    pending: list[PendingReflection]
    held: int
    approved: int
    questions: QuestionQueue


class AgreementEntry(Wire):
    id: int
    kind: str
    factor: str | None
    text: str


class TimerState(Wire):
    """The discussion timer as the console sees it; it only counts, and never acts by itself."""

    length_seconds: int
    remaining_seconds: int
    running: bool
    on_projector: bool


class RunSheetEntry(Wire):
    position: int
    planned_minutes: int | None
    elapsed_minutes: int


class RunSheetState(Wire):
    """Planned and elapsed minutes per item and for the workshop (the facilitator's clock, to the minute)."""

    planned_minutes: int
    elapsed_minutes: int | None
    items: list[RunSheetEntry]
    opening_script: str | None
    closing_script: str | None
    timer: TimerState


class ProjectorTimer(Wire):
    """The calm countdown on the projector, while the facilitator shows it there. Never on a phone."""

    remaining_seconds: int
    running: bool


class Closing(Wire):
    help_text: str
    stored_text: str


# --- One model per screen ------------------------------------------------------------------------

class ScreenState(Wire):
    screen: str
    language: str
    workshop: WorkshopHeader
    current: dict[str, Any] | None  # a `ShownItem` of this screen, with the exercise's own part
    closing: Closing | None


class RoomState(ScreenState):
    """The facilitator's screens also say how many phones are here."""

    connected: int


class ConsoleState(RoomState):
    agenda: list[AgendaEntry]
    moderation: Moderation
    pauses_recent: int
    agreements: list[AgreementEntry]
    projector_url: str | None
    run_sheet: RunSheetState


class ModeratorState(RoomState):
    """A co-facilitator's moderator view: what moderation needs (the shown item, the queues, the pause
    signals), nothing of agenda control (no agenda, notes, agreements or projector link)."""

    moderation: Moderation
    pauses_recent: int


class ProjectorState(RoomState):
    timer: ProjectorTimer | None


class PhoneState(ScreenState):
    pass


CURRENT_BY_SCREEN: dict[Screen, type[ShownItem]] = {
    Screen.CONSOLE: ConsoleCurrent,
    Screen.MODERATOR: Current,
    Screen.PROJECTOR: Current,
    Screen.PHONES: ShownItem,
    Screen.PHONE: OwnPhoneCurrent,
}
STATE_BY_SCREEN: dict[Screen, type[ScreenState]] = {
    Screen.CONSOLE: ConsoleState,
    Screen.MODERATOR: ModeratorState,
    Screen.PROJECTOR: ProjectorState,
    Screen.PHONES: PhoneState,
    Screen.PHONE: PhoneState,
}


# --- Counts, sent on the tick ------------------------------------------------------------------------

class AnswerCount(Wire):
    """To the console and projector: how many answered the shown item, and how many phones are here."""

    item_id: int | None
    round: int | None
    answered: int
    connected: int


class PauseCount(Wire):
    """To the console and the moderator view only: 'I need a pause' signals in the recent window, never who."""

    recent: int


class TeamCount(Wire):
    """To the console and the moderator view: how many of the organisation's people have each view open
    (each person once per view), never who; nothing about participants."""

    facilitators: int
    moderators: int
