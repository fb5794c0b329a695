"""A risk map's factors are weighed against what the workshop's group was shown of them elsewhere."""

from __future__ import annotations

import datetime as dt
import json

from cardapp.services.exercises.risk_map import RiskMapExercise
from cardapp.services.risk_map import map_view
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Participant, RiskAnswer, Workshop
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
