"""What a workshop's group was shown elsewhere (other workshops, pulses, deleted ones) weighs on its reveals."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from cardapp.domain.accounts import Actor, Role
from cardapp.services import disclosures, retention
from cardapp.services.exercises.risk_map import RiskMapExercise
from cardapp.services.group_ledger import group_labels
from cardapp.services.pulse import delete_expired_pulses
from cardapp.services.risk_map import map_view
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Participant, RiskAnswer, Workshop
from cardapp.store.pulse import Pulse, PulseTally
from cardapp.store.shown_populations import ShownPopulation
from tests.services.test_retention import organisation

DAY = dt.date(2026, 11, 22)
MAP = {"id": "risk-map", "kind": "risk_map", "factors": [{"id": "f1", "name": {"en": "One"}},
                                                          {"id": "f2", "name": {"en": "Two"}}]}


def risk_map_item(database: Database, organisation_id: int, status: str, ledger: list[object] | None) -> int:
    with database.transaction() as session:
        workshop = Workshop(organisation_id=organisation_id, title=status, projector_language="en", languages="en",
                            projector_secret="s" * 32, status=status, min_answers=5, created_on=DAY)
        session.add(workshop)
        session.flush()
        item = AgendaItem(workshop_id=workshop.id, position=0, card_id="risk-map", kind="risk_map",
                          card=json.dumps(MAP), status="closed", disclosures=json.dumps(ledger) if ledger else None)
        session.add(item)
        session.flush()
        return item.id


def test_a_factor_one_person_away_from_what_the_group_saw_is_withheld_on_screen_and_in_what_is_kept(database):
    teater = organisation(database, "Teater")
    risk_map_item(database, teater, "ended", [{"what": "factor:f1", "population": 6, "withheld": None}])
    item_id = risk_map_item(database, teater, "open", None)
    with database.transaction() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        for number in range(7):
            phone = Participant(workshop_id=item.workshop_id, token_sha256=f"{number:064d}", language="en")
            session.add(phone)
            session.flush()
            session.add_all([RiskAnswer(item_id=item.id, participant_id=phone.id, factor="f1", choice="very",
                                        client_answer_id=f"a{number}"),
                             RiskAnswer(item_id=item.id, participant_id=phone.id, factor="f2", choice="somewhat",
                                        client_answer_id=f"b{number}")])
    with database.transaction() as session:  # the reveal, as services.live does it
        item = session.get(AgendaItem, item_id)
        workshop = session.get(Workshop, item.workshop_id) if item else None
        assert item is not None and workshop is not None
        item.revealed, item.revealed_rounds = True, 1
        RiskMapExercise().disclose(session, workshop, item)
        ranked = {row["id"]: row for row in map_view(session, workshop, item, "en", False, None)["ranked"]}
        RiskMapExercise().end(session, workshop, item)
        kept = {row["id"]: row for row in json.loads(item.final_counts or "{}")["factors"]}
    assert ranked["f1"]["suppressed"] and ranked["f1"]["withheld"] == "differs_from_earlier"
    assert "counts" not in ranked["f1"] and ranked["f2"]["counts"]["somewhat"] == 7
    assert kept["f1"] == {"id": "f1", "total": 7} and kept["f2"]["counts"]["somewhat"] == 7


# --- Deleting a workshop or a pulse does not take it out of the group's ledger ----------------------------

SCENARIO = "audition-family-plans"


def statement_workshop(database: Database, organisation_id: int, status: str, group: str | None,
                       shown_to: int | None = None, ended_on: dt.date | None = None) -> tuple[int, int]:
    """A workshop of `group` with the scenario as its one item; `shown_to`: the round the room saw."""
    with database.transaction() as session:
        workshop = Workshop(organisation_id=organisation_id, title=status, projector_language="en", languages="en",
                            projector_secret="s" * 32, status=status, min_answers=5, created_on=DAY,
                            ended_on=ended_on, group_label=group)
        session.add(workshop)
        session.flush()
        ledger = [{"what": "round:1", "population": shown_to, "withheld": None}] if shown_to else None
        item = AgendaItem(workshop_id=workshop.id, position=0, card_id=SCENARIO, kind="statement", card="{}",
                          status="closed", disclosures=json.dumps(ledger) if ledger else None)
        session.add(item)
        session.flush()
        return workshop.id, item.id


def reveal_first_round(database: Database, item_id: int, population: int) -> str | None:
    """The reveal's decision, as `services/live.py` asks it: None when the round may be shown."""
    with database.transaction() as session:
        item = session.get(AgendaItem, item_id)
        workshop = session.get(Workshop, item.workshop_id) if item else None
        assert item is not None and workshop is not None
        return disclosures.disclose_card(session, workshop, item, SCENARIO, "round:1", population)


def test_a_workshop_its_organiser_deleted_still_withholds_a_rerun_one_person_larger(database):
    teater = organisation(database, "Teater")
    shown, _item = statement_workshop(database, teater, "ended", "Stage crew", shown_to=6, ended_on=DAY)
    assert retention.delete_workshop(database, Actor(1, Role.ORGANISER, teater), shown) == "ended"
    with database.transaction() as session:  # what survives: the group, the card and the population
        kept = [(row.organisation_id, row.group_label, row.card, row.population)
                for row in session.scalars(select(ShownPopulation))]
        assert session.scalar(select(func.count()).select_from(Workshop)) == 0
    assert kept == [(teater, "Stage crew", SCENARIO, 6)]
    _rerun, rerun_item = statement_workshop(database, teater, "open", "Stage crew")
    _board, board_item = statement_workshop(database, teater, "open", "Board")
    assert reveal_first_round(database, rerun_item, 7) == "differs_from_earlier"
    assert reveal_first_round(database, board_item, 7) is None  # another group's people


def test_a_workshop_the_retention_job_deleted_still_withholds_a_rerun_one_person_larger(database):
    teater = organisation(database, "Teater", retention_days=30)
    statement_workshop(database, teater, "ended", None, shown_to=6, ended_on=DAY - dt.timedelta(days=31))
    assert retention.delete_expired_reports(database, DAY) == 1
    _rerun, rerun_item = statement_workshop(database, teater, "open", "Stage crew")
    # The whole organisation holds every group: a labelled rerun is weighed against it too.
    assert reveal_first_round(database, rerun_item, 7) == "differs_from_earlier"
    _other, other_item = statement_workshop(database, teater, "open", "Stage crew")
    assert reveal_first_round(database, other_item, 11) is None


def test_a_pulse_the_retention_job_deleted_still_withholds_a_rerun_one_person_larger(database):
    teater = organisation(database, "Teater", retention_days=30)
    with database.transaction() as session:
        closed = Pulse(organisation_id=teater, title="Spring", questions="[]", min_answers=5, status="closed",
                       made_on=DAY, closes_on=DAY, closed_on=DAY - dt.timedelta(days=31), responses=6,
                       group_label="Stage crew")
        session.add(closed)
        session.flush()
        session.add_all([PulseTally(pulse_id=closed.id, card=SCENARIO, choice=choice, count=3)
                         for choice in ("ok", "not_ok")])
    assert delete_expired_pulses(database, DAY) == 1
    with database.transaction() as session:  # a label typed later as "stage CREW" takes this spelling
        assert group_labels(session, teater) == ["Stage crew"]
    _rerun, rerun_item = statement_workshop(database, teater, "open", "Stage crew")
    assert reveal_first_round(database, rerun_item, 7) == "differs_from_earlier"
