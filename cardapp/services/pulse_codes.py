"""A pulse's single-use codes: issued by an organiser, spent by one person's answers.

Only a keyed hash of each code is stored (HMAC-SHA-256 with the server's secret): a copy of the
database alone cannot tell a printed code's row, nor try all 2**50 codes against the hashes. Sending
answers is one transaction that marks the code used and stores the answers sealed with a key kept
outside the database; a release on the hour adds them into the counters and destroys the key
(`pulse_release.py`), so nothing joins the answers to the code or to the moment they came.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from cardapp.domain import pulse as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.services import audit
from cardapp.services.errors import Conflict, Invalid, NotFound
from cardapp.services.programme_access import editable_organisation, owned
from cardapp.services.pulse_release import hold_sealed
from cardapp.store.database import Database
from cardapp.store.pulse import TABLES, Pulse, PulseCode, use_code


def code_hash(secret: bytes, code: str) -> str:
    """The stored form of a normalised code."""
    return hmac.new(secret, b"pulse-code:" + code.encode(), hashlib.sha256).hexdigest()


def issue_codes(database: Database, actor: Actor, secret: bytes, pulse_id: int, count: int) -> list[str]:
    """New codes for a pulse not yet closed, returned once and never stored as they are: print them now."""
    organisation_id = editable_organisation(actor)
    try:
        wanted = rules.checked_code_count(count)
    except rules.PulseRuleBroken as error:
        raise Invalid(error.key) from None
    codes: list[str] = []
    with database.transaction() as session:
        pulse = owned(session.get(Pulse, pulse_id), organisation_id, "pulse.not_found")
        if rules.PulseStatus(pulse.status) is rules.PulseStatus.CLOSED:
            raise Conflict("pulse.closed_no_codes")
        hashes: set[str] = set()
        while len(codes) < wanted:
            code = rules.new_code()
            hashed = code_hash(secret, rules.normalised_code(code) or "")
            if hashed in hashes or session.get(PulseCode, hashed) is not None:
                continue  # one in 10**15: draw again rather than hand out a code twice
            hashes.add(hashed)
            codes.append(code)
        # Stored in the order of the hashes, not of the sheet or the mail-merge list: with the list (row n
        # is colleague n) and a copy of the database, a row's place must not say whose code it is.
        session.add_all(PulseCode(code_hash=hashed, pulse_id=pulse.id, used=False) for hashed in sorted(hashes))
        pulse.codes_issued += wanted
        audit.record(session, actor, AuditAction.PULSE_CODES_ISSUED, SubjectKind.PULSE, pulse.id,
                     f"{pulse.title} ({wanted})", organisation_id=organisation_id)
    return codes


@dataclass(frozen=True)
class OpenPulse:
    """What a phone with a valid, unused code sees: the questions, never anything about others."""

    title: str
    questions: tuple[rules.Question, ...]
    min_answers: int


def _pulse_for_code(pulse: Pulse | None, today: dt.date) -> Pulse:
    if pulse is None:
        raise NotFound("pulse.unknown_code")
    status = rules.status_on(rules.PulseStatus(pulse.status), pulse.closes_on, today)
    if status is rules.PulseStatus.DRAFT:
        raise Conflict("pulse.not_open_yet")
    if status is rules.PulseStatus.CLOSED:
        raise Conflict("pulse.has_closed")
    return pulse


def open_pulse_for(database: Database, secret: bytes, typed: str, today: dt.date) -> OpenPulse:
    """The questionnaire a typed code opens; refused when the code is unknown, used, or the pulse not open."""
    code = rules.normalised_code(typed)
    if code is None:
        raise NotFound("pulse.unknown_code")
    with database.transaction() as session:
        row = session.get(PulseCode, code_hash(secret, code))
        if row is None:
            raise NotFound("pulse.unknown_code")
        pulse = _pulse_for_code(session.get(Pulse, row.pulse_id), today)
        if row.used:
            raise Conflict("pulse.code_used")
        questions = rules.questions_from_json(pulse.questions)
        return OpenPulse(pulse.title, questions, pulse.min_answers)


def send_answers(database: Database, secret: bytes, typed: str, answers: Mapping[str, str], today: dt.date) -> None:
    """One person's answers: the code is spent and the answers held sealed in one transaction, or nothing happens.

    Answers that are incomplete or invalid leave the code unused, so the person can correct them.
    """
    code = rules.normalised_code(typed)
    if code is None:
        raise NotFound("pulse.unknown_code")
    hashed = code_hash(secret, code)
    with database.transaction() as session:
        row = session.get(PulseCode, hashed)
        if row is None:
            raise NotFound("pulse.unknown_code")
        # The pulse row is locked first, by every send and by the close (PostgreSQL), so two phones at
        # once, or a phone and the close, never count from the same old figures.
        pulse = _pulse_for_code(session.get(Pulse, row.pulse_id, with_for_update=True), today)
        questions = rules.questions_from_json(pulse.questions)
        try:
            checked = rules.checked_answers(questions, answers)
        except rules.PulseRuleBroken as error:
            raise Invalid(error.key) from None
        spent = use_code(session, hashed)
        # On SQLite the first write takes the database's write lock: read the pulse again under it, since
        # the figures read before may be another phone's old ones (or the pulse may have closed since).
        session.refresh(pulse)
        _pulse_for_code(pulse, today)
        if not spent:
            raise Conflict("pulse.code_used")
        # No counter moves now: the answers wait sealed until the next release (services/pulse_release.py).
        hold_sealed(session, database.release_keys, pulse.id, checked)
        counted = rules.DailyCount(pulse.answered_before, pulse.answered_day, pulse.answered_on_day)
        counted = counted.after_one_more(today)
        pulse.answered_before, pulse.answered_day, pulse.answered_on_day = counted.before, counted.day, counted.on_day
    # The write-ahead log keeps this transaction's pages together (the code beside the sealed answers)
    # until its next checkpoint: on SQLite it is emptied now, and the release destroys the sealing key.
    database.scrub_deleted(TABLES)
