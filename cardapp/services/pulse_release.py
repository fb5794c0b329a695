"""Pulse answers held sealed, then released into the counters in batches on the clock.

Whatever a request writes sits in the database's write-ahead log beside the code it spent, by position
and commit time (PostgreSQL's `pg_wal` keeps it until its segments recycle, an archive for as long as it
is kept). So a request never moves a counter: it spends the code and stores the answers sealed (AES-GCM,
padded to one size) under a random id, with a key kept outside the database (`store/release_keys.py`).
On the hour (the retention job) and at a pulse's close, a release makes a new key, opens every pending
answer, adds the answers of each pulse with at least its minimum waiting into its counters in one
transaction (summed, so no order is left), seals the rest again under the new key and new ids, deletes
the old rows, scrubs the files and destroys the old keys. What the log kept of an answer's transaction
(the code beside a sealed blob) can then never be opened; the counters' changes carry no code and at
least the minimum of answers each. At the close everything still waiting is added.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from cardapp.domain.anonymity import meets_minimum
from cardapp.domain.pulse import PulseStatus
from cardapp.store.database import Database
from cardapp.store.pulse import TABLES, Pulse, PulsePending, add_many
from cardapp.store.release_keys import ReleaseKeys

log = logging.getLogger("cardapp.pulse")

_CONTEXT = b"cardapp pulse answers v1"
_PADDED = 4096  # every sealed answer is this long (or a multiple): its length says nothing of the choices
_NONCE = 12


def _seal(key: bytes, pulse_id: int, answers: Mapping[str, str]) -> str:
    plain = json.dumps(dict(sorted(answers.items())), separators=(",", ":")).encode()
    padded = plain.ljust(max(1, -(-len(plain) // _PADDED)) * _PADDED)
    nonce = secrets.token_bytes(_NONCE)
    sealed = AESGCM(key).encrypt(nonce, padded, _CONTEXT + str(pulse_id).encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def opened(keys: list[bytes], pulse_id: int, sealed: str) -> dict[str, str] | None:
    """The answers in `sealed`, if one of `keys` opens it; None when none does."""
    raw = base64.b64decode(sealed)
    for key in keys:
        try:
            plain = AESGCM(key).decrypt(raw[:_NONCE], raw[_NONCE:], _CONTEXT + str(pulse_id).encode())
        except InvalidTag:
            continue
        answers = json.loads(plain.decode().rstrip())
        return {str(card): str(choice) for card, choice in answers.items()}
    return None


def _new_id() -> str:
    return secrets.token_hex(16)


def hold_sealed(session: Session, keys: ReleaseKeys, pulse_id: int, answers: Mapping[str, str]) -> None:
    """Store one person's answers sealed until the next release; no counter moves now.

    Called after the answer's transaction took its write lock (SQLite) or the pulse's row lock
    (PostgreSQL), so the key read here is never one a release running now has already retired."""
    session.add(PulsePending(id=_new_id(), pulse_id=pulse_id, sealed=_seal(keys.current(), pulse_id, answers)))


@dataclass(frozen=True)
class Released:
    counted: int  # answers added into counters
    waiting: int  # answers sealed again: their pulse had fewer than its minimum waiting
    unopened: int  # answers no key here opens: deleted uncounted (see the log and `Pulse.unopened`)


def _lock_open_pulses(session: Session) -> None:
    # The first statement writes: SQLite's write lock, PostgreSQL's row locks on every open pulse. An
    # answer under way holds one of them, so it is waited for and its sealed row is read below.
    session.execute(update(Pulse).where(Pulse.status == PulseStatus.OPEN.value)
                    .values(codes_issued=Pulse.codes_issued))


def release_into_counters(session: Session, keys: ReleaseKeys, closing: Collection[int] = ()) -> Released:
    """Open every pending answer: add each batch of at least its pulse's minimum (and all of the pulses
    `closing`) into the counters, seal the rest again under the newest key. The transaction's first
    statement: call it before reading anything in it."""
    _lock_open_pulses(session)
    rows = session.execute(select(PulsePending.id, PulsePending.pulse_id, PulsePending.sealed)
                           .order_by(PulsePending.id)).all()
    if not rows:
        return Released(0, 0, 0)
    available = keys.all()
    pulses = {pulse_id: (minimum, status) for pulse_id, minimum, status in session.execute(
        select(Pulse.id, Pulse.min_answers, Pulse.status)
        .where(Pulse.id.in_({pulse_id for _id, pulse_id, _sealed in rows})))}
    batches: dict[int, list[tuple[str, dict[str, str]]]] = {}
    unopened = 0
    unopened_of: dict[int, list[str]] = {}
    for row_id, pulse_id, sealed in rows:
        answers = opened(available, pulse_id, sealed)
        if answers is None:
            unopened += 1
            unopened_of.setdefault(pulse_id, []).append(row_id)
            continue
        batches.setdefault(pulse_id, []).append((row_id, answers))
    counted = waiting = 0
    newest = keys.current()
    for pulse_id, batch in sorted(batches.items()):
        session.execute(delete(PulsePending).where(PulsePending.id.in_([row_id for row_id, _a in batch])))
        minimum, status = pulses[pulse_id]
        if status == PulseStatus.CLOSED.value and pulse_id not in closing:
            # Results published at the close never change afterwards (say, a backup restored).
            log.warning("pulse: %d sealed answer(s) of a closed pulse were deleted uncounted", len(batch))
            continue
        if pulse_id in closing or meets_minimum(len(batch), minimum):
            totals = Counter((card, choice) for _row_id, answers in batch for card, choice in answers.items())
            for (card, choice), count in sorted(totals.items()):
                add_many(session, pulse_id, card, choice, count)
            counted += len(batch)
        else:  # too few to hide one among them: they wait for the next release, under the new key
            session.add_all(PulsePending(id=_new_id(), pulse_id=pulse_id,
                                         sealed=_seal(newest, pulse_id, answers)) for _row_id, answers in batch)
            waiting += len(batch)
    if unopened:
        _drop_unopened(session, unopened_of, keys)
    return Released(counted, waiting, unopened)


def _drop_unopened(session: Session, unopened_of: Mapping[int, list[str]], keys: ReleaseKeys) -> None:
    """Sealed answers no key here opens: the keys that sealed them are gone (a database restored without
    its `pulse_keys/`, or a process with a folder of its own), and every older key is destroyed at each
    release, so they can never be opened. Keeping them would retry them every hour forever; counting
    them blind is impossible. They are deleted, counted per pulse (`Pulse.unopened`), in one log line."""
    for pulse_id, row_ids in sorted(unopened_of.items()):
        session.execute(delete(PulsePending).where(PulsePending.id.in_(row_ids)))
        session.execute(update(Pulse).where(Pulse.id == pulse_id).values(unopened=Pulse.unopened + len(row_ids)))
    log.warning("pulse: %d sealed answer(s) could not be opened with the keys in %s and were deleted uncounted "
                "(a database restored without its pulse keys?)", sum(map(len, unopened_of.values())), keys.folder)


@contextmanager
def release_period(database: Database) -> Iterator[None]:
    """Around a transaction that releases: a new key before it; after it committed, the files scrubbed
    and the older keys destroyed. If the transaction fails, no key is destroyed (the next release
    retires them again), so no answer is lost."""
    keys = database.release_keys
    with keys.releasing():
        retired = keys.rotate()
        yield
        database.scrub_deleted(TABLES)
        keys.destroy(retired)


def release_pending_answers(database: Database) -> Released:
    """The hourly release (the retention job)."""
    with release_period(database), database.transaction() as session:
        return release_into_counters(session, database.release_keys)
