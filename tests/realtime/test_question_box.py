"""The question box with six real Socket.IO phones: questions asked from any item reach the console only
in batches on the clock's boundaries, approved ones the projector in batches of the minimum, upvotes
count once per phone and move on the count cadence, and the end leaves no row linking a phone to a question."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from cardapp import extensions
from cardapp.domain.anonymity import COUNT_SECONDS
from cardapp.services import accounts, report
from cardapp.store.audit import AuditEntry
from cardapp.store.models import AgendaItem
from cardapp.store.questions import Question, QuestionVote
from tests.support.accounts import PASSWORD, SYSTEM, sign_in
from tests.support.workshops import disconnect_all, open_room


@pytest.fixture
def room(app):
    room = open_room(app)
    for _ in range(6):
        room.join_phone()
    assert room.command(room.console, "start_workshop")["ok"]
    assert room.command(room.console, "add_question_box") == {"ok": True, "position": 1}
    yield room
    disconnect_all(room)


def ask(room, phone, text):
    return room.command(phone, "ask_question", {"text": text})


def queued(state):
    return state["moderation"]["questions"]["pending"]


def test_six_phones_ask_moderated_questions_that_show_in_a_batch_and_upvote_once_each(app, room):
    for number, phone in enumerate(room.phones):
        assert ask(room, phone, f"Is this even legal, number {number}?") == {"ok": True}
    # Asked on the first item: they reach the console together on a boundary of the clock (on a slow
    # machine a boundary may fall between two sends: then the first three or more go, the rest wait).
    room.wait_for_state(room.console, lambda s: len(queued(s)) >= 3, timeout=15)
    assert room.command(room.console, "collect_questions")["ok"]  # any left waiting: the facilitator's moment
    pending = queued(room.last_state(room.console))
    assert len(pending) == 6
    assert all(len(queued(state)) == 0 or len(queued(state)) >= 3 for state in room.states(room.console))
    ids = [question["id"] for question in pending]
    assert ids == sorted(ids)  # by the random id, not in the order they came
    by_text = {question["text"]: question["id"] for question in pending}

    for number in range(4):
        question_id = by_text[f"Is this even legal, number {number}?"]
        approved = room.command(room.console, "moderate_question", {"question_id": question_id, "decision": "approve"})
        assert approved["ok"]
    assert room.command(room.console, "show_item", {"position": 1})["ok"]
    box = room.last_state(room.projector)["current"]
    assert box["kind"] == "question_box" and box["question_box"] == {"questions": []}  # four: below the minimum
    assert room.last_state(room.console)["current"]["question_box"]["waiting_for_batch"] == 4
    room.command(room.console, "moderate_question",
                 {"question_id": by_text["Is this even legal, number 4?"], "decision": "approve"})
    room.command(room.console, "moderate_question",
                 {"question_id": by_text["Is this even legal, number 5?"], "decision": "reject"})
    shown = room.last_state(room.projector)["current"]["question_box"]["questions"]
    assert sorted(q["text"] for q in shown) == [f"Is this even legal, number {n}?" for n in range(5)]
    assert [q["votes"] for q in shown] == [0] * 5 and [q["id"] for q in shown] == sorted(q["id"] for q in shown)
    phone_part = room.last_state(room.phones[0])["current"]["question_box"]
    assert set(phone_part) == {"questions"} and all(set(q) == {"id", "text"} for q in phone_part["questions"])

    first, second = by_text["Is this even legal, number 3?"], by_text["Is this even legal, number 1?"]
    # One vote alone moves no total: the totals move together once the new votes reach the minimum
    # (a total up by one right after someone tapped would say which question they backed).
    assert room.command(room.phones[0], "upvote_question", {"question_id": second})["ok"]
    time.sleep(COUNT_SECONDS - time.time() % COUNT_SECONDS + 0.6)  # past the next boundary
    assert [q["votes"] for q in room.last_state(room.projector)["current"]["question_box"]["questions"]] == [0] * 5
    for phone in room.phones:
        assert room.command(phone, "upvote_question", {"question_id": first}) == {
            "ok": True, "question_id": first, "voted": True}
    for phone in room.phones[1:3]:
        assert room.command(phone, "upvote_question", {"question_id": second})["ok"]
    # The same phone again changes nothing: still one vote per phone.
    assert room.command(room.phones[0], "upvote_question", {"question_id": first})["ok"]
    after = room.wait_for_state(room.projector, lambda s: [q["votes"] for q in s["current"]["question_box"][
        "questions"]] == [6, 3, 0, 0, 0], timeout=15)
    listed = after["current"]["question_box"]["questions"]
    assert [(q["id"], q["votes"]) for q in listed[:2]] == [(first, 6), (second, 3)]
    assert [q["votes"] for q in listed[2:]] == [0, 0, 0]
    assert room.command(room.phones[0], "upvote_question", {"question_id": first})["ok"]
    with extensions.database.of(app).transaction() as session:
        assert len(session.scalars(select(QuestionVote).where(QuestionVote.question_id == first)).all()) == 6
    # A phone's own snapshot says which it voted for, and nothing about anyone else.
    own = room.command(room.phones[1], "choose_language", {"language": "en"})
    assert own["ok"]
    mine = room.wait_for_state(room.phones[1], lambda s: "voted" in s["current"]["question_box"], timeout=15)
    assert mine["current"]["question_box"]["voted"] == sorted([first, second])
    assert "votes" not in json.dumps(mine["current"]["question_box"])

    assert room.command(room.console, "end_workshop")["ok"]
    with extensions.database.of(app).transaction() as session:
        assert session.scalars(select(Question)).all() == []
        assert session.scalars(select(QuestionVote)).all() == []
        item = session.scalar(select(AgendaItem).where(AgendaItem.kind == "question_box"))
        assert "number 5" not in item.final_counts  # rejected: the room never saw it
    kept = report.workshop_report(extensions.database.of(app), _facilitator(app), room.workshop_id).question_boxes
    assert [(q.text, q.votes) for q in kept[0].questions[:2]] == [
        ("Is this even legal, number 3?", 6), ("Is this even legal, number 1?", 3)]
    browser = app.test_client()
    sign_in(browser, "fasilitator@teater.no", PASSWORD)
    page = browser.get(f"/workshops/{room.workshop_id}/report").get_data(as_text=True)
    assert "Is this even legal, number 3?</td><td>6</td>" in page and "number 5" not in page


def test_a_lone_question_never_reaches_the_console_when_sent_and_bad_ones_get_a_clear_error(room):
    room.forget(room.console)
    assert ask(room, room.phones[0], "Can my manager ask about my dating life?") == {"ok": True}
    # Just past the next boundary of the count cadence: one question alone waits for company, and the
    # facilitator cannot take it in alone either (right after someone tapped "Send", it would be theirs).
    time.sleep(COUNT_SECONDS - time.time() % COUNT_SECONDS + 0.3)
    assert room.command(room.console, "collect_questions")["ok"]
    assert all(queued(state) == [] for state in room.states(room.console))
    assert ask(room, room.phones[2], "Why is that slut still here?") == {"ok": True}  # held back, unread
    assert room.command(room.console, "collect_questions")["ok"]  # the facilitator's moment
    queue = room.last_state(room.console)["moderation"]["questions"]
    assert [q["text"] for q in queue["pending"]] == ["Can my manager ask about my dating life?"]
    assert queue["held"] == 1

    # The same room: what is refused, and how it is said.
    phone = room.phones[1]
    too_long = ask(room, phone, "x" * 281)
    assert too_long["error"]["code"] == "invalid_payload" and "text" in too_long["error"]["fields"]
    blank = ask(room, phone, "    ")
    assert blank["error"] == {"code": "invalid_payload", "message": "A question needs 1 to 280 characters.",
                              "fields": blank["error"]["fields"]}
    assert ask(room, phone, "Is it harassment if it was meant as a joke?") == {"ok": True}
    # Refused sends count too: three at once, then one every 20 seconds.
    assert ask(room, phone, "One too fast")["error"]["code"] == "rate_limited"
    assert room.command(phone, "upvote_question", {"question_id": "nosuchquestion"})["error"]["code"] == "not_found"
    assert room.command(room.console, "add_question_box")["error"]["code"] == "conflict"
    assert room.command(phone, "moderate_question", {"question_id": "nosuchquestion",
                                                     "decision": "approve"})["error"]["code"] == "forbidden"


def _facilitator(app):
    database = extensions.database.of(app)
    return next(u for u in accounts.list_users(database, SYSTEM) if u.email == "fasilitator@teater.no").actor


def test_an_approved_question_taken_down_leaves_every_screen_loses_its_votes_and_never_comes_back(app, room):
    texts = [f"Who decides the casting, number {number}?" for number in range(6)]
    for phone, text in zip(room.phones, texts, strict=True):
        assert ask(room, phone, text) == {"ok": True}
    room.wait_for_state(room.console, lambda s: len(queued(s)) >= 3, timeout=15)
    assert room.command(room.console, "collect_questions")["ok"]
    by_text = {question["text"]: question["id"] for question in queued(room.last_state(room.console))}
    for text in texts[:5]:
        approve = {"question_id": by_text[text], "decision": "approve"}
        assert room.command(room.console, "moderate_question", approve)["ok"]
    assert room.command(room.console, "show_item", {"position": 1})["ok"]
    doomed = by_text[texts[2]]
    removable = room.last_state(room.console)["moderation"]["questions"]["removable"]
    assert sorted(q["text"] for q in removable) == sorted(texts[:5])
    for phone in room.phones:
        assert room.command(phone, "upvote_question", {"question_id": doomed})["ok"]
    room.wait_for_state(room.projector, lambda s: max(q["votes"] for q in s["current"]["question_box"][
        "questions"]) == 6, timeout=15)

    assert room.command(room.phones[0], "remove_question", {"question_id": doomed})["error"]["code"] == "forbidden"
    assert room.command(room.console, "remove_question", {"question_id": doomed}) == {"ok": True}
    for screen in (room.projector, room.phones[0], room.console):
        listed = room.wait_for_state(screen, lambda s: doomed not in json.dumps(s["current"]), timeout=15)
        assert sorted(q["text"] for q in listed["current"]["question_box"]["questions"]) == sorted(
            text for text in texts[:5] if text != texts[2])
    assert doomed not in json.dumps(room.last_state(room.console)["moderation"])
    with extensions.database.of(app).transaction() as session:
        assert session.scalars(select(QuestionVote).where(QuestionVote.question_id == doomed)).all() == []
    # Gone for good: it cannot be approved again, voted for or taken down twice.
    again = room.command(room.console, "moderate_question", {"question_id": doomed, "decision": "approve"})
    assert again["error"]["code"] == "conflict" and again["error"]["message"]
    assert room.command(room.phones[1], "upvote_question", {"question_id": doomed})["error"]["code"] == "not_found"
    assert room.command(room.console, "remove_question", {"question_id": doomed})["error"]["code"] == "not_found"
    assert room.command(room.console, "remove_question", {"question_id": by_text[texts[5]]})["error"][
        "code"] == "not_found"  # never approved: nothing to take down

    assert room.command(room.console, "end_workshop")["ok"]
    with extensions.database.of(app).transaction() as session:
        item = session.scalar(select(AgendaItem).where(AgendaItem.kind == "question_box"))
        assert texts[2] not in item.final_counts and texts[0] in item.final_counts
    # The audit log has who moderated and took down, to the minute, and nothing of which question.
    with extensions.database.of(app).transaction() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "workshop.command")).all()
    moderation = [row for row in rows if row.summary.endswith(("moderate_question", "remove_question"))]
    assert {row.summary.rsplit(" · ", 1)[1] for row in moderation} == {"moderate_question", "remove_question"}
    for row in moderation:
        assert (row.subject_kind, row.subject_id, row.detail) == ("workshop", room.workshop_id, "facilitator")
        assert (row.at.second, row.at.microsecond) == (0, 0)
        stored = repr([getattr(row, column.key) for column in AuditEntry.__table__.columns])
        assert not any(question_id in stored for question_id in by_text.values())
        assert "casting" not in stored
