"""The workshop report's rules: what it may say about how many took part, and who may delete it.

Nothing here sees a person: the report is built from totals kept when the workshop ended.
"""

from __future__ import annotations

import datetime as dt

from cardapp.domain.accounts import Actor, Role

RETENTION_MIN_DAYS = 1
RETENTION_MAX_DAYS = 3650
RETENTION_DEFAULT_DAYS = 365
# A workshop still open this many full days after the day it was made was left running: the server
# ends it, so its per-person answers do not outlive it (promise 6). A workshop runs within a day.
ABANDONED_AFTER_DAYS = 2


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
