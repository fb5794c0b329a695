"""The report reads only what the end of a workshop kept: a part with nothing kept is left out.

Rows are written as `end_workshop` leaves them, so these hold whatever the live screens do; the
realtime runs through the same end are in tests/web/test_report.py.
"""

from __future__ import annotations

import datetime as dt
import json

from cardapp.domain.accounts import Actor, Role
from cardapp.services.report import workshop_report
from cardapp.services.report_parts import DIFFERENT_TOTALS, TOO_FEW
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from tests.services.test_retention import organisation

WALK = {"kind": "power_walk", "text": {"en": "Do you have power?"}, "statements": [{}, {}, {}],
        "dimensions": [{"id": "network", "title": {"en": "Network"}}]}
STATEMENT = {"kind": "statement", "scale": "agree_disagree", "text": {"en": "We speak up"}}


def ended_workshop(database: Database, items: list[tuple[dict[str, object], dict[str, object] | None]]) -> int:
    """An ended workshop with one agenda item per (card, kept totals or None)."""
    org = organisation(database, "Teater")
    with database.transaction() as session:
        row = Workshop(organisation_id=org, title="Ended", projector_language="en", languages="en",
                       projector_secret="s" * 32, status="ended", min_answers=5, created_on=dt.date(2026, 11, 20),
                       ended_on=dt.date(2026, 11, 20), participant_count=7, deck_title=None)
        session.add(row)
        session.flush()
        for position, (card, kept) in enumerate(items):
            session.add(AgendaItem(workshop_id=row.id, position=position, card_id=f"card-{position}",
                                   kind=str(card["kind"]), card=json.dumps(card), status="closed",
                                   final_counts=None if kept is None else json.dumps(kept)))
        return row.id


def report_of(database: Database, workshop_id: int):  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        organisation_id = workshop.organisation_id
    return workshop_report(database, Actor(1, Role.FACILITATOR, organisation_id), workshop_id)


def test_a_walk_with_no_kept_picture_was_never_shown_and_is_left_out(database: Database):
    workshop_id = ended_workshop(database, [(WALK, None), (WALK, {"walk": {"suppressed": True}})])
    walks = report_of(database, workshop_id).power_walks
    assert [(walk.position, walk.suppressed) for walk in walks] == [(1, True)]  # only the one shown as too few


def test_two_kept_rounds_are_compared_only_when_both_reached_the_minimum_with_fair_totals(database: Database):
    workshop_id = ended_workshop(database, [
        (STATEMENT, {"1": {"agree": 4, "disagree": 3}, "2": {"total": 3}}),  # second round too few
        (STATEMENT, {"1": {"agree": 4, "disagree": 3}, "2": {"agree": 6, "disagree": 6}}),  # 7 and 12: fair
        (STATEMENT, {"1": {"agree": 4, "disagree": 3}, "2": {"agree": 4, "disagree": 4}}),  # 7 and 8: not
        (STATEMENT, None),
    ])
    too_few, fair, one_apart = report_of(database, workshop_id).statements
    assert (too_few.not_compared, too_few.shift) == (TOO_FEW, None)
    assert [results.counts for results in too_few.rounds] == [{"agree": 4, "disagree": 3, "both": 0, "unsure": 0},
                                                              None]
    assert fair.not_compared is None and fair.shift is not None
    assert [(shift.choice, shift.change) for shift in fair.shift] == [("agree", 2), ("disagree", 3)]
    assert (one_apart.not_compared, one_apart.shift, one_apart.first_withheld) == (DIFFERENT_TOTALS, None, True)
    assert one_apart.rounds[0].counts is None and one_apart.rounds[1].total == 8
