"""The workshop report's rules: what it may say about how many took part, and who may delete it.

Nothing here sees a person: the report is built from totals kept when the workshop ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cardapp.domain.accounts import Actor, Role

# People are counted in fives above the minimum: "about 10", never "11", so that a small group is not
# described more exactly than needed. It hides little: each result at or above the minimum prints its
# exact number of answers (below it, none).
PARTICIPANT_STEP = 5
RETENTION_MIN_DAYS = 1
RETENTION_MAX_DAYS = 3650
RETENTION_DEFAULT_DAYS = 365
# A workshop still open this many full days after the day it was made was left running: the server
# ends it, so its per-person answers do not outlive it (promise 6). A workshop runs within a day.
ABANDONED_AFTER_DAYS = 2


@dataclass(frozen=True)
class ParticipantCount:
    """How many took part as the report says it: `about` people, or fewer than `fewer_than`."""

    about: int | None
    fewer_than: int | None

    @property
    def known(self) -> bool:
        return self.about is not None or self.fewer_than is not None


def rounded_participants(count: int | None, min_answers: int) -> ParticipantCount:
    """Below the workshop's minimum: only "fewer than <minimum>"; otherwise the nearest 5 (7 -> 5, 8 -> 10).

    Never "about 0": 3 or 4 people, where the minimum allows it, read "about 5".
    """
    if count is None:
        return ParticipantCount(None, None)
    if count < min_answers:
        return ParticipantCount(None, min_answers)
    rounded = (count + PARTICIPANT_STEP // 2) // PARTICIPANT_STEP * PARTICIPANT_STEP
    # Never a number below the minimum ("about 5" with a minimum of 7 would say "fewer than 7").
    lowest = -(-min_answers // PARTICIPANT_STEP) * PARTICIPANT_STEP
    return ParticipantCount(max(rounded, lowest, PARTICIPANT_STEP), None)


def kept_participant_count(count: int, min_answers: int) -> int:
    """The number stored when a workshop ends: only what the report shows of `count` (0 for "fewer than").

    The exact count of phones would otherwise outlive the workshop in the database and its backups.
    `rounded_participants` of the kept number says what it said of the exact one.
    """
    return rounded_participants(count, min_answers).about or 0


def may_delete_workshops_of(actor: Actor, organisation_id: int | None) -> bool:
    """Organisers of the organisation (and an admin who is one of its members); a facilitator runs
    workshops but keeps their reports, and an admin from outside never sees them."""
    return actor.role is not Role.FACILITATOR and actor.may_run_workshops_of(organisation_id)


def valid_retention_days(days: int) -> bool:
    return RETENTION_MIN_DAYS <= days <= RETENTION_MAX_DAYS


def oldest_kept_day(retention_days: int, today: dt.date) -> dt.date:
    """A report is kept `retention_days` full days after its workshop's end: one that ended before
    this day is past its retention period on `today`."""
    return today - dt.timedelta(days=retention_days)


def abandoned_if_made_before(today: dt.date) -> dt.date:
    """An open workshop made before this day is abandoned on `today` (made 3 days ago, with 2 allowed)."""
    return today - dt.timedelta(days=ABANDONED_AFTER_DAYS)
