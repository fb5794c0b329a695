"""Group commit (issue 15): answers that arrive together are written in one transaction, and each phone
still gets its own outcome, after the commit that holds its answer.

Real threads and a real SQLite file stand in for the server's green threads: the batches form the same
way (the first answer leads and lets the others queue), only the switches are the operating system's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, func, select

from cardapp.domain.workshops import InvalidChoice, NotCurrentItem
from cardapp.realtime.answer_batches import AnswerBatches
from cardapp.services import phones
from cardapp.services.phones import AnswerRequest
from cardapp.store.database import Database, DatabaseUnavailable
from cardapp.store.models import AgendaItem, Answer, Participant
from tests.support.workshops import store_open_workshop

CARD = '{"id": "c", "kind": "statement", "scale": "agree_disagree", "text": {"en": "Jokes are fine"}}'


def open_statement(database: Database, participants: int) -> tuple[int, int, list[int]]:
    """(workshop id, shown item id, participant ids) of an open workshop showing one statement."""
    with database.transaction() as session:
        workshop = store_open_workshop(session)
        item = AgendaItem(workshop_id=workshop.id, position=0, card_id="c", kind="statement", card=CARD,
                          status="open")
        people = [Participant(workshop_id=workshop.id, token_sha256=f"{n:064d}", language="en")
                  for n in range(participants)]
        session.add_all([item, *people])
        session.flush()
        return workshop.id, item.id, [person.id for person in people]


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def queued(batches: AnswerBatches) -> int:
    return len(batches._queued)


def send_together(database: Database, batches: AnswerBatches, requests: list[AnswerRequest]) -> list[Any]:
    """Each request from its own thread, at once; what each got back (a choice, or the error raised)."""
    outcomes: list[Any] = [None] * len(requests)

    def send(index: int) -> None:
        try:
            outcomes[index] = batches.submit(database, requests[index])
        except Exception as refused:
            outcomes[index] = refused

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
        assert not thread.is_alive(), "an answer was never acknowledged"
    return outcomes


def stored(database: Database) -> dict[int, str]:
    with database.transaction() as session:
        return dict(session.execute(select(Answer.participant_id, Answer.choice)).all())


def commits_of(database: Database) -> list[int]:
    counted = [0]
    event.listen(database.engine, "commit", lambda _connection: counted.__setitem__(0, counted[0] + 1))
    return counted


def test_answers_that_arrive_together_share_one_commit_and_each_gets_its_own_outcome(database):
    workshop_id, item_id, people = open_statement(database, 8)
    batches = AnswerBatches(make_event=threading.Event, yield_turn=lambda: wait_until(lambda: queued(batches) == 8))
    requests = [AnswerRequest(workshop_id, person, item_id, "agree" if n % 2 else "disagree", f"send-{n}")
                for n, person in enumerate(people[:6])]
    requests += [AnswerRequest(workshop_id, people[6], item_id + 1, "agree", "wrong-card"),
                 AnswerRequest(workshop_id, people[7], item_id, "sideways", "wrong-choice")]
    commits = commits_of(database)

    outcomes = send_together(database, batches, requests)
    assert (batches.written_batches, batches.written_answers, commits[0]) == (1, 8, 1)

    assert outcomes[:6] == ["disagree", "agree"] * 3
    assert isinstance(outcomes[6], NotCurrentItem) and outcomes[6].key == "socket.not_current_item"
    assert isinstance(outcomes[7], InvalidChoice) and outcomes[7].key == "socket.invalid_choice"
    assert stored(database) == {person: outcomes[n] for n, person in enumerate(people[:6])}


def test_answers_that_queue_while_a_batch_is_written_go_in_the_next_one(database, monkeypatch):
    workshop_id, item_id, people = open_statement(database, 4)
    batches = AnswerBatches(make_event=threading.Event, yield_turn=lambda: None)
    write = phones.submit_answers
    first_batch = threading.Event()

    def held_first_write(db: Database, requests: list[AnswerRequest]) -> Any:
        if not first_batch.is_set():  # the first leader writes while the three others queue
            first_batch.set()
            wait_until(lambda: queued(batches) == 3)
        return write(db, requests)

    monkeypatch.setattr(phones, "submit_answers", held_first_write)
    requests = [AnswerRequest(workshop_id, person, item_id, "agree", f"send-{n}") for n, person in enumerate(people)]
    first = threading.Thread(target=batches.submit, args=(database, requests[0]))
    first.start()
    first_batch.wait(10)

    outcomes = send_together(database, batches, requests[1:])
    first.join(10)

    assert outcomes == ["agree"] * 3
    assert len(stored(database)) == 4
    assert (batches.written_batches, batches.written_answers) == (2, 4)


def test_an_unforeseen_failure_of_one_answer_fails_it_alone(database, monkeypatch):
    workshop_id, item_id, people = open_statement(database, 4)
    batches = AnswerBatches(make_event=threading.Event, yield_turn=lambda: wait_until(lambda: queued(batches) == 4))
    store = phones.store_answer

    def failing_store(connection: Any, item: int, participant: int, *rest: Any) -> str:
        if participant == people[2]:
            raise RuntimeError("a fault no check foresaw")
        return store(connection, item, participant, *rest)

    monkeypatch.setattr(phones, "store_answer", failing_store)
    requests = [AnswerRequest(workshop_id, person, item_id, "agree", f"send-{n}") for n, person in enumerate(people)]

    outcomes = send_together(database, batches, requests)

    assert isinstance(outcomes[2], RuntimeError)
    assert outcomes[:2] + outcomes[3:] == ["agree"] * 3
    assert set(stored(database)) == {people[0], people[1], people[3]}


def test_a_database_that_cannot_take_the_batch_refuses_every_answer_in_it(database, tmp_path):
    workshop_id, item_id, people = open_statement(database, 3)
    gone = Database(f"sqlite:///{tmp_path / 'no-such-folder' / 'cardapp.sqlite3'}")
    batches = AnswerBatches(make_event=threading.Event, yield_turn=lambda: wait_until(lambda: queued(batches) == 3))
    requests = [AnswerRequest(workshop_id, person, item_id, "agree", f"send-{n}") for n, person in enumerate(people)]

    outcomes = send_together(gone, batches, requests)

    assert all(isinstance(outcome, DatabaseUnavailable) for outcome in outcomes), outcomes
    assert stored(database) == {}
    # The next answer is written as usual: the failed batch left nothing behind in the queue.
    batches.yield_turn = lambda: None
    assert batches.submit(database, requests[0]) == "agree"
    gone.dispose()


def test_one_answer_alone_is_written_at_once(database):
    workshop_id, item_id, people = open_statement(database, 1)
    batches = AnswerBatches(make_event=threading.Event, yield_turn=lambda: None)
    assert batches.submit(database, AnswerRequest(workshop_id, people[0], item_id, "agree", "only")) == "agree"
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 1


def test_a_leader_stopped_before_writing_refuses_its_batch_and_the_next_answer_is_written(database):
    workshop_id, item_id, people = open_statement(database, 4)
    turns = []

    def turn_that_fails_once() -> None:
        wait_until(lambda: queued(batches) == 3)
        if not turns:
            turns.append("failed")
            raise RuntimeError("the leader's green thread was stopped")

    batches = AnswerBatches(make_event=threading.Event, yield_turn=turn_that_fails_once)
    requests = [AnswerRequest(workshop_id, person, item_id, "agree", f"send-{n}") for n, person in enumerate(people)]

    outcomes = send_together(database, batches, requests[:3])

    refused = [outcome for outcome in outcomes if isinstance(outcome, DatabaseUnavailable)]
    assert len(refused) == 2
    assert any(isinstance(outcome, RuntimeError) for outcome in outcomes), "the leader's own failure"
    assert len({id(outcome) for outcome in refused}) == 2, "each phone has its own refusal"
    assert stored(database) == {}
    batches.yield_turn = lambda: None
    assert batches.submit(database, requests[3]) == "agree"
