"""Group commit for answers: the answers that arrive together are written in one transaction.

In a busy room most of an answer's cost on the server was its own transaction: begin, the read of
the shown card, commit (docs/performance.md, issue 15). Here the first answer to arrive while no
batch is being written leads: it lets the other connections that have an answer ready queue theirs
(one turn of the event loop, no timer, so a lone answer waits for nothing), then writes everything
queued in one transaction (`services.phones.submit_answers`). Every phone is acknowledged only after
the commit that holds its answer, as before: nothing acked is lost. Answers that queue while a batch
is written go in the next one, led by the first of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from cardapp import extensions
from cardapp.services import phones
from cardapp.services.phones import AnswerOutcome, AnswerRequest
from cardapp.store.database import Database, DatabaseUnavailable


class Waitable(Protocol):
    """An event of the server's async mode (eventlet, gevent or threading)."""

    def set(self) -> None: ...

    def clear(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool: ...


# The outcome of an answer no leader wrote (stopped mid-write, a server shutting down): refused as if the
# database were away, so the phone sends it again. A marker, not an exception made for every answer.
_NOT_WRITTEN = object()


@dataclass(eq=False)
class _Queued:
    request: AnswerRequest
    done: Waitable | None  # None for the answer that leads its batch: it waits for no one
    outcome: AnswerOutcome | BaseException | object = _NOT_WRITTEN
    leads: bool = False


@dataclass
class AnswerBatches:
    """One app's queue of answers waiting for their transaction.

    `make_event` and `yield_turn` come from the Socket.IO server's async mode. The lock is never held
    across a switch between green threads, so it never blocks one; under threading it is a real lock.
    """

    make_event: Callable[[], Waitable]
    yield_turn: Callable[[], None]
    written_batches: int = 0
    written_answers: int = 0
    _queued: list[_Queued] = field(default_factory=list)
    _writing: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # Events are used again, not made for every answer: making one (a Condition and its lock) was
    # 9 % of the server's time in a busy room.
    _spare_events: list[Waitable] = field(default_factory=list)

    def submit(self, database: Database, request: AnswerRequest) -> str | None:
        """Store `request` with whatever else is queued; the choice stored, or its refusal raised."""
        with self._lock:
            leads = not self._writing
            self._writing = True
            mine = _Queued(request, None if leads else self._event(), leads=leads)
            self._queued.append(mine)
        if mine.done is not None:
            try:
                mine.done.wait()  # set when a leader wrote this answer, or when this one is to lead
            except BaseException:
                self._leave(mine)
                raise
            mine.done.clear()
            with self._lock:
                self._spare_events.append(mine.done)
        if mine.leads:
            self._lead(database, mine)
        if mine.outcome is _NOT_WRITTEN:
            raise DatabaseUnavailable("not written")
        if isinstance(mine.outcome, BaseException):
            raise mine.outcome
        return mine.outcome  # type: ignore[return-value]

    def _lead(self, database: Database, mine: _Queued) -> None:
        batch: list[_Queued] = []
        try:
            try:
                self.yield_turn()  # the connections with an answer ready queue theirs now
            finally:
                # Taken even if the turn failed: the queue must never keep a leader that has left it.
                with self._lock:
                    batch, self._queued = self._queued, []
            _write(database, batch)
            self.written_batches += 1
            self.written_answers += len(batch)
        finally:
            with self._lock:
                self._pass_lead()
            for queued in batch:
                if queued is not mine and queued.done is not None:
                    queued.done.set()

    def _pass_lead(self) -> None:
        """The next batch (answers that queued while this one was written) is led by its first answer.
        Called with the lock held; everything still queued is waiting on its own event."""
        if self._queued:
            following = self._queued[0]
            following.leads = True
            following.done.set()  # type: ignore[union-attr]
        else:
            self._writing = False

    def _leave(self, mine: _Queued) -> None:
        """A waiter stopped while its answer was still queued (its green thread killed): out of the queue,
        and the lead passed on if it had just been handed it. One being written is left to its leader."""
        with self._lock:
            if any(queued is mine for queued in self._queued):
                self._queued = [queued for queued in self._queued if queued is not mine]
                if mine.leads:
                    self._pass_lead()

    def _event(self) -> Waitable:
        return self._spare_events.pop() if self._spare_events else self.make_event()


def _write(database: Database, batch: list[_Queued]) -> None:
    """Each answer's outcome: from one transaction, or, if that fails for a reason other than the
    database being away, from one transaction per answer, so one answer's fault fails only itself."""
    try:
        outcomes: list[Any] = phones.submit_answers(database, [queued.request for queued in batch])
    except DatabaseUnavailable as away:  # nothing stored; each phone is refused and sends again
        # One exception each: raised again, a shared one would carry every waiter's frames with it.
        outcomes = [DatabaseUnavailable(*away.args) for _ in batch]
    except Exception as failure:
        outcomes = [failure] if len(batch) == 1 else [_alone(database, queued.request) for queued in batch]
    for queued, outcome in zip(batch, outcomes, strict=True):
        queued.outcome = outcome


def _alone(database: Database, request: AnswerRequest) -> AnswerOutcome | BaseException:
    try:
        return phones.submit_answers(database, [request])[0]
    except Exception as failure:
        return failure


answer_batches: extensions.Bound[AnswerBatches] = extensions.Bound("answer_batches")
