"""Promise 6: when a workshop ends, no row tied to one phone is left: only totals, and texts without a writer."""

from __future__ import annotations

from sqlalchemy import func, select

from cardapp import extensions
from cardapp.store.models import Answer, Participant, PowerAnswer, PowerRole, Reflection, RiskAnswer
from tests.realtime.test_power_walk import mine, open_walk, walk_through
from tests.support.workshops import Room, card_ids_with, disconnect_all, open_room

PER_PERSON = (Answer, PowerAnswer, PowerRole, RiskAnswer, Participant)


def rows(app) -> dict[str, int]:
    with extensions.database.of(app).transaction() as session:
        counts = {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
                  for model in PER_PERSON}
        counts["reflections with a phone"] = session.scalar(
            select(func.count()).select_from(Reflection).where(Reflection.participant_id.is_not(None))) or 0
        counts["reflections"] = session.scalar(select(func.count()).select_from(Reflection)) or 0
        return counts


def start(room: Room, phones: int) -> int:
    for _ in range(phones):
        room.join_phone()
    assert room.command(room.console, "start_workshop") == {"ok": True}
    return int(room.last_state(room.console)["current"]["item_id"])


def test_ending_leaves_no_answer_power_answer_role_risk_answer_or_participant(app):
    _deck, questions = card_ids_with(app, kinds=("question",), count=1)
    _deck, statements = card_ids_with(app, kinds=("statement",), count=1)
    talk = open_room(app, questions + statements)
    risks = open_room(app, ["freelance-dependency", "fear-of-repercussions"], email="risiko@teater.no",
                      deck_slug="risk-map")
    walk = open_walk(app, mode="roles", email="makt@teater.no")
    try:
        question = start(talk, 5)
        talk.command(talk.console, "open_reflections")
        for number, phone in enumerate(talk.phones):
            assert talk.command(phone, "submit_reflection", {"item_id": question, "text": f"We wait too long {number}",
                                                             "reflection_id": f"reflection-{number}"})["ok"]
        talk.command(talk.console, "close_answers")  # every text waiting reaches the moderation queue
        for pending in talk.last_state(talk.console)["moderation"]["pending"]:
            talk.command(talk.console, "moderate_reflection", {"reflection_id": pending["id"], "decision": "approve"})
        # the approved reflections were shown as one batch, so their texts stay
        talk.command(talk.console, "show_item", {"position": 1})
        statement = talk.last_state(talk.console)["current"]["item_id"]
        for phone in talk.phones:
            assert talk.answer(phone, statement, "agree")["ok"]

        risk_map = start(risks, 5)
        risks.command(risks.console, "show_card")  # past the risk themes' content note
        for phone in risks.phones:
            assert risks.command(phone, "submit_risk_answer", {"item_id": risk_map, "factor": "freelance-dependency",
                                                               "choice": "very", "answer_id": f"r{id(phone):x}"})["ok"]

        walk_item = start(walk, 5)
        for phone in walk.phones:
            assert mine(walk, phone, walk_item)["role"]
        walk_through(walk, walk_item, [["yes", "no"]] * 5)  # the walk is still running when the workshop ends

        before = rows(app)
        assert before == {"answers": 5, "power_answers": 10, "power_roles": 5, "risk_answers": 5, "participants": 15,
                          "reflections with a phone": 5, "reflections": 5}

        for room in (talk, risks, walk):
            assert room.command(room.console, "end_workshop") == {"ok": True}
        assert rows(app) == {"answers": 0, "power_answers": 0, "power_roles": 0, "risk_answers": 0,
                             "participants": 0, "reflections with a phone": 0, "reflections": 5}
    finally:
        for room in (talk, risks, walk):
            disconnect_all(room)
