"""The organisation's programme: the label's six measures, the renewal, the year plan and follow-up actions.

Plain rules over plain values. Nothing here is about a person: measures, plans and actions are the
organisation's own records, and an action names a role ("the safety representative"), never a name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from cardapp.domain.deck_format import is_plain_text
from cardapp.domain.plain_text import HIDDEN_CHARACTERS, folded_line, folded_lines, has_hidden_characters

# The label lasts two years; then it is renewed with a new plan.
LABEL_YEARS = 2
MONTHS_IN_PLAN = 12
MAX_TITLE = 200
MAX_ROLE = 120
MAX_NOTES = 4000
MAX_LINK = 500
MAX_GROUP = 200
MAX_ACTION_TEXT = 300

# The six measures of the label programme, in the programme's own order; their names are interface text.
DEFAULT_MEASURES: tuple[str, ...] = (
    "risk_map", "guidelines", "reporting_routines", "diversity_recruitment", "accommodation", "conversation_plan",
)
T = TypeVar("T")
_LINK = re.compile(r"^https?://[^\s<>\"']+$")


class ProgrammeRuleBroken(Exception):
    """A programme rule was broken; `key` names the message in the interface catalogues."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class MeasureStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CARRIED_OVER = "carried_over"


def needs_review(status: ActionStatus) -> bool:
    """Open and carried-over actions come back at the start of the next workshop; done ones do not."""
    return status is not ActionStatus.DONE


def measure_status(value: str) -> MeasureStatus:
    try:
        return MeasureStatus(value)
    except ValueError:
        raise ProgrammeRuleBroken("programme.bad_status") from None


def action_status(value: str) -> ActionStatus:
    try:
        return ActionStatus(value)
    except ValueError:
        raise ProgrammeRuleBroken("programme.bad_status") from None


def may_rename_or_hide(default_key: str | None, in_label_programme: bool) -> bool:
    """The label asks for all six measures under their names; outside it, or for an added one, anything goes."""
    return default_key is None or not in_label_programme


def renewal_date(awarded_on: dt.date) -> dt.date:
    """Two years after the award; an award on 29 February renews on 28 February."""
    try:
        return awarded_on.replace(year=awarded_on.year + LABEL_YEARS)
    except ValueError:
        return awarded_on.replace(year=awarded_on.year + LABEL_YEARS, day=28)


def cleaned_line(text: str, max_length: int, *, required: bool = True) -> str:
    """One line of plain text, spaces folded; refused when too long, empty (if required) or not plain text."""
    cleaned = folded_line(text)
    if required and not cleaned:
        raise ProgrammeRuleBroken("programme.text_required")
    if len(cleaned) > max_length:
        raise ProgrammeRuleBroken("programme.text_too_long")
    if has_hidden_characters(cleaned):
        raise ProgrammeRuleBroken(HIDDEN_CHARACTERS)
    if cleaned and not is_plain_text(cleaned):
        raise ProgrammeRuleBroken("programme.text_only")
    return cleaned


def cleaned_notes(text: str, max_length: int = MAX_NOTES) -> str:
    """Notes keep their line breaks; still plain text only."""
    cleaned = folded_lines(text)
    if len(cleaned) > max_length:
        raise ProgrammeRuleBroken("programme.text_too_long")
    if has_hidden_characters(cleaned, lines_allowed=True):
        raise ProgrammeRuleBroken(HIDDEN_CHARACTERS)
    if cleaned and not is_plain_text(cleaned.replace("\n", " ")):
        raise ProgrammeRuleBroken("programme.text_only")
    return cleaned


def cleaned_link(text: str) -> str | None:
    """An external evidence link: http or https only, so a link can never run a script."""
    value = text.strip()
    if not value:
        return None
    if len(value) > MAX_LINK or not _LINK.match(value):
        raise ProgrammeRuleBroken("programme.bad_link")
    return value


def parsed_date(text: str, *, required: bool = False) -> dt.date | None:
    """A date typed as YYYY-MM-DD (what a date field sends); empty means none unless required."""
    value = text.strip()
    if not value:
        if required:
            raise ProgrammeRuleBroken("programme.date_required")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProgrammeRuleBroken("programme.bad_date") from None


@dataclass(frozen=True)
class DueItem:
    """Something not yet done that is due before the renewal (or has no date and must be done by then)."""

    kind: str  # "measure" or "action"
    title: str
    due_on: dt.date | None
    late: bool


@dataclass(frozen=True)
class MeasureView:
    title: str
    status: MeasureStatus
    due_on: dt.date | None
    hidden: bool


@dataclass(frozen=True)
class ActionView:
    text: str
    status: ActionStatus
    due_on: dt.date | None


def due_before_renewal(measures: Iterable[MeasureView], actions: Iterable[ActionView], renewal: dt.date,
                       today: dt.date) -> list[DueItem]:
    """Measures not done and actions not done, due before the renewal; dated ones first, soonest first,
    then the undated ones in the programme's order."""
    due: list[DueItem] = []
    for measure in measures:
        if not measure.hidden and measure.status is not MeasureStatus.DONE and (
                measure.due_on is None or measure.due_on <= renewal):
            due.append(DueItem("measure", measure.title, measure.due_on, _late(measure.due_on, today)))
    for action in actions:
        if action.status is not ActionStatus.DONE and (action.due_on is None or action.due_on <= renewal):
            due.append(DueItem("action", action.text, action.due_on, _late(action.due_on, today)))
    return sorted(due, key=lambda item: (item.due_on is None, item.due_on or renewal))


def _late(due_on: dt.date | None, today: dt.date) -> bool:
    return due_on is not None and due_on < today


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parsed_month(text: str | None, today: dt.date) -> Month:
    """A plan's first month from `YYYY-MM`; the current month when missing or malformed."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (text or "").strip())
    if match and 1 <= int(match.group(2)) <= 12 and 1900 < int(match.group(1)) < 3000:
        return Month(int(match.group(1)), int(match.group(2)))
    return Month(today.year, today.month)


def plan_months(first: Month) -> list[Month]:
    """The twelve months a year plan shows, from its first month."""
    return [first.shifted(offset) for offset in range(MONTHS_IN_PLAN)]


def within_plan(day: dt.date, first: Month) -> bool:
    return first.first_day <= day < first.shifted(MONTHS_IN_PLAN).first_day


def by_month(first: Month, dated: Sequence[tuple[dt.date, T]]) -> list[tuple[Month, list[T]]]:
    """Each of the twelve months with its entries in date order; empty months are kept, so the year reads whole."""
    grouped: dict[str, tuple[Month, list[T]]] = {month.key(): (month, []) for month in plan_months(first)}
    for day, entry in sorted(dated, key=lambda pair: pair[0]):
        key = Month(day.year, day.month).key()
        if key in grouped:
            grouped[key][1].append(entry)
    return list(grouped.values())
