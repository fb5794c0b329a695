"""A pulse on a real SQLite file (and PostgreSQL): codes spent once, a count that moves at midnight, results after the
close and at the minimum, and after the close nothing in the database joins an answer to a code or a time."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, inspect, select, text

from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.deck_library import load_deck_folder
from cardapp.domain.pulse import normalised_code
from cardapp.services import accounts, audit, comparison, pulse, pulse_codes, pulse_release
from cardapp.services.decks import refresh_shipped_decks, visible_decks
from cardapp.services.errors import Conflict, Invalid, NotFound
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.pulse import Pulse, PulseCode, PulsePending, PulseTally
from tests.support.accounts import NOW, PASSWORD, SYSTEM

TODAY = NOW.date()
SECRET = b"test-secret"
RISKS = ("freelance-dependency", "recruitment-through-networks")
SCENARIO = "audition-family-plans"


@pytest.fixture
def organiser(database: Database) -> Actor:
    refresh_shipped_decks(database, load_deck_folder(PROJECT_ROOT / "decks"), TODAY)
    teater = accounts.create_organisation(database, SYSTEM, "Teater Nord", TODAY).id
    token = accounts.invite(database, SYSTEM, "kari@teater.no", Role.ORGANISER, teater, NOW)
    return accounts.accept_invitation(database, token, PASSWORD, NOW).actor


def make_pulse(database: Database, organiser: Actor, min_answers: int = 5) -> int:
    decks = {deck.slug: deck.id for deck in visible_decks(database, organiser)}
    cards = [(decks["risk-map"], card) for card in RISKS] + [(decks["ok-or-not-ok"], SCENARIO)]
    draft = pulse.PulseDraft("Three months on", cards, TODAY + dt.timedelta(days=90), min_answers)
    return pulse.create_pulse(database, organiser, draft, TODAY)


def answers(risk: str = "somewhat", scenario: str = "not_ok") -> dict[str, str]:
    return {RISKS[0]: risk, RISKS[1]: "very", SCENARIO: scenario}


def test_a_code_counts_once_and_a_second_use_is_refused_with_its_own_message(database, organiser):
    pulse_id = make_pulse(database, organiser)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 3)
    with pytest.raises(Conflict, match="pulse.not_open_yet"):
        pulse_codes.open_pulse_for(database, SECRET, codes[0], TODAY)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    assert pulse_codes.open_pulse_for(database, SECRET, codes[0].lower(), TODAY).title == "Three months on"
    pulse_codes.send_answers(database, SECRET, codes[0], answers(), TODAY)
    with pytest.raises(Conflict, match="pulse.code_used"):
        pulse_codes.send_answers(database, SECRET, codes[0], answers(), TODAY)
    with pytest.raises(Conflict, match="pulse.code_used"):
        pulse_codes.open_pulse_for(database, SECRET, codes[0], TODAY)
    with pytest.raises(NotFound, match="pulse.unknown_code"):
        pulse_codes.send_answers(database, SECRET, "AAAAA-AAAAA", answers(), TODAY)


def test_incomplete_or_invalid_answers_leave_the_code_unused(database, organiser):
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    code = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 1)[0]
    with pytest.raises(Invalid, match="pulse.answer_every_question"):
        pulse_codes.send_answers(database, SECRET, code, {RISKS[0]: "very"}, TODAY)
    with pytest.raises(Invalid, match="pulse.invalid_choice"):
        pulse_codes.send_answers(database, SECRET, code, answers(scenario="maybe"), TODAY)
    pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)


def test_while_open_the_count_says_only_who_answered_before_today(database, organiser):
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 3)
    pulse_codes.send_answers(database, SECRET, codes[0], answers(), TODAY)
    pulse_codes.send_answers(database, SECRET, codes[1], answers(), TODAY)
    assert pulse.pulse_view(database, organiser, pulse_id, TODAY).answered == 0
    tomorrow = TODAY + dt.timedelta(days=1)
    assert pulse.pulse_view(database, organiser, pulse_id, tomorrow).answered == 2
    pulse_codes.send_answers(database, SECRET, codes[2], answers(), tomorrow)
    assert pulse.pulse_view(database, organiser, pulse_id, tomorrow).answered == 2
    view = pulse.pulse_view(database, organiser, pulse_id, tomorrow)
    assert view.results is None


def test_results_appear_after_the_close_and_only_at_the_minimum(database, organiser):
    few, enough = make_pulse(database, organiser), make_pulse(database, organiser)
    for pulse_id, people in ((few, 4), (enough, 6)):
        pulse.open_pulse(database, organiser, pulse_id, TODAY)
        for number, code in enumerate(pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, people)):
            pulse_codes.send_answers(database, SECRET, code, answers(scenario="ok" if number else "not_ok"), TODAY)
        pulse.close_pulse(database, organiser, pulse_id, TODAY)
    too_few = pulse.pulse_view(database, organiser, few, TODAY)
    assert too_few.answered == 4 and all(row.results.suppressed for row in too_few.results or ())
    shown = pulse.pulse_view(database, organiser, enough, TODAY)
    by_card = {row.question.card: row.results.counts for row in shown.results or ()}
    assert by_card[SCENARIO] == {"ok": 5, "not_ok": 1, "depends": 0, "unsure": 0}
    with database.transaction() as session:  # below the minimum not even the distribution is kept
        assert session.scalar(select(PulseTally).where(PulseTally.pulse_id == few)) is None


def test_after_the_close_no_answer_can_be_joined_to_a_code_or_a_send_time(database, organiser, tmp_path: Path):
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 7)
    # The first person chooses the last choice of every question: if rows were made on answering, they
    # would be the first rows of the table.
    pulse_codes.send_answers(database, SECRET, codes[0], {RISKS[0]: "dont_know", RISKS[1]: "dont_know",
                                                          SCENARIO: "unsure"}, TODAY)
    for day, code in enumerate(codes[1:6], 1):
        pulse_codes.send_answers(database, SECRET, code, answers(), TODAY + dt.timedelta(days=day))
    pulse.close_pulse(database, organiser, pulse_id, TODAY + dt.timedelta(days=7))

    inspector = inspect(database.engine)
    with database.transaction() as session:
        # No code survives the close, so no code can be matched with anything.
        assert session.scalar(select(PulseCode.code_hash)) is None
        # The tallies share no key with anything but the pulse, and hold no time at all.
        assert {c["name"] for c in inspector.get_columns("pulse_tallies")} == {"pulse_id", "card", "choice", "count"}
        # Their physical order is the questions' and choices' order, made at the opening: it says nothing
        # about who answered first.
        rows = session.execute(text("SELECT card, choice FROM pulse_tallies WHERE pulse_id = :p ORDER BY rowid"),
                               {"p": pulse_id}).all()
        expected = [(q.card, choice) for q in pulse.questions_of(session.get(Pulse, pulse_id))
                    for choice in q.choices]
        assert [tuple(row) for row in rows] == expected
        stored = session.get(Pulse, pulse_id)
        kept = (stored.answered_day, stored.answered_before, stored.answered_on_day, stored.responses)
        assert kept == (None, 0, 0, 6)
    # No column of a pulse table holds a time finer than a day; the only days are the pulse's own dates
    # (and the latest day anyone answered, cleared above).
    days = set()
    for table in ("pulses", "pulse_codes", "pulse_tallies", "pulse_pending"):
        for column in inspector.get_columns(table):
            assert not isinstance(column["type"], DateTime), (table, column["name"])
            if isinstance(column["type"], Date):
                days.add(f"{table}.{column['name']}")
    assert days == {"pulses.made_on", "pulses.opened_on", "pulses.closes_on", "pulses.closed_on",
                    "pulses.answered_day"}
    # And the write-ahead log holds no page of the last transactions: it was emptied at the close.
    wal = Path(database.url.removeprefix("sqlite:///") + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_pulse_changes_are_in_the_audit_log_and_nothing_about_who_answered(database, organiser):
    pulse_id = make_pulse(database, organiser)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 2)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    pulse_codes.send_answers(database, SECRET, codes[0], answers(), TODAY)
    pulse.close_pulse(database, organiser, pulse_id, TODAY)
    entries = [(e.action.value, e.summary) for e in reversed(audit.entries_for(database, organiser).entries)
               if e.subject_kind.value == "pulse"]
    assert entries == [("pulse.created", "Three months on"), ("pulse.codes_issued", "Three months on (2)"),
                       ("pulse.opened", "Three months on"), ("pulse.closed", "Three months on")]


def test_a_pulse_closes_on_its_closing_day_and_is_deleted_with_the_retention_period(database, organiser):
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 2)
    closing = TODAY + dt.timedelta(days=90)
    assert pulse.close_due_pulses(database, closing) == 1
    assert pulse.pulse_view(database, organiser, pulse_id, closing).status is pulse.Status.CLOSED
    assert pulse.delete_expired_pulses(database, closing + dt.timedelta(days=365)) == 0
    assert pulse.delete_expired_pulses(database, closing + dt.timedelta(days=366)) == 1
    with pytest.raises(NotFound):
        pulse.pulse_view(database, organiser, pulse_id, closing)


def test_only_risks_and_statements_become_questions_and_facilitators_cannot_make_pulses(database, organiser):
    decks = {deck.slug: deck.id for deck in visible_decks(database, organiser)}
    draft = pulse.PulseDraft("Talk", [(decks["conversation-cards"], "stereotypes-typical-person")],
                             TODAY + dt.timedelta(days=30))
    with pytest.raises(Invalid, match="pulse.only_risks_and_statements"):
        pulse.create_pulse(database, organiser, draft, TODAY)
    facilitator = Actor(user_id=organiser.user_id, role=Role.FACILITATOR, organisation_id=organiser.organisation_id)
    with pytest.raises(Exception, match="programme.organisers_only"):
        make_pulse(database, facilitator)


def test_a_question_one_or_two_people_away_from_what_a_workshop_showed_is_withheld(database, organiser):
    with database.transaction() as session:  # a workshop showed the first factor for six people
        workshop = Workshop(organisation_id=organiser.organisation_id, title="March", projector_language="en",
                            languages="en", projector_secret="x" * 32, status="ended", min_answers=5,
                            created_on=TODAY, ended_on=TODAY, participant_count=5)
        session.add(workshop)
        session.flush()
        kept = {"factors": [{"id": RISKS[0], "counts": {"not_at_all": 0, "somewhat": 6, "very": 0, "dont_know": 0}}]}
        session.add(AgendaItem(workshop_id=workshop.id, position=1, card_id="risk-map", kind="risk_map",
                               card=json.dumps({"id": "risk-map", "kind": "risk_map", "factors": []}),
                               final_counts=json.dumps(kept)))
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    for code in pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 7):
        pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)
    pulse.close_pulse(database, organiser, pulse_id, TODAY)
    results = {row.question.card: row for row in pulse.pulse_view(database, organiser, pulse_id, TODAY).results or ()}
    # Seven now beside six then: subtracting would give the seventh person's answer.
    assert results[RISKS[0]].withheld == "differs_from_earlier" and results[RISKS[0]].results.suppressed
    assert results[RISKS[1]].results.counts == {"not_at_all": 0, "somewhat": 0, "very": 7, "dont_know": 0}
    with database.transaction() as session:
        assert session.scalar(select(PulseTally).where(PulseTally.card == RISKS[0])) is None


def test_a_pulse_runs_on_postgresql_and_its_close_vacuums_the_codes_away(postgres_url: str):
    upgrade_database(postgres_url)
    database = Database(postgres_url)
    try:
        refresh_shipped_decks(database, load_deck_folder(PROJECT_ROOT / "decks"), TODAY)
        teater = accounts.create_organisation(database, SYSTEM, "Teater Nord", TODAY).id
        token = accounts.invite(database, SYSTEM, "kari@teater.no", Role.ORGANISER, teater, NOW)
        organiser = accounts.accept_invitation(database, token, PASSWORD, NOW).actor
        pulse_id = make_pulse(database, organiser)
        pulse.open_pulse(database, organiser, pulse_id, TODAY)
        codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 6)
        for code in codes:
            pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)
        with pytest.raises(Conflict, match="pulse.code_used"):
            pulse_codes.send_answers(database, SECRET, codes[0], answers(), TODAY)
        sealed_then = pending(database, pulse_id)  # answers wait sealed; the close releases them
        assert len(sealed_then) == 6
        pulse.close_pulse(database, organiser, pulse_id, TODAY)
        results = pulse.pulse_view(database, organiser, pulse_id, TODAY).results or ()
        assert [row.results.total for row in results] == [6, 6, 6]
        assert pending(database, pulse_id) == [] and not any(
            pulse_release.opened(database.release_keys.all(), pulse_id, blob) for blob in sealed_then)
        with database.transaction() as session:
            assert session.scalar(select(PulseCode.code_hash)) is None
            # Every counter's row version was written by the close's one transaction.
            versions = session.execute(text("SELECT DISTINCT xmin::text FROM pulse_tallies")).all()
            assert len(versions) == 1
    finally:
        database.dispose()


TEXT = {"en": "An artistic director asks a singer about plans to have children."}


def ended_statement_workshop(database: Database, organisation_id: int, title: str, counts: dict[str, int]) -> int:
    with database.transaction() as session:
        workshop = Workshop(organisation_id=organisation_id, title=title, projector_language="en", languages="en",
                            projector_secret="x" * 32, status="ended", min_answers=5, created_on=TODAY,
                            ended_on=TODAY, participant_count=5)
        session.add(workshop)
        session.flush()
        card = {"id": SCENARIO, "kind": "statement", "scale": "ok_not_ok", "text": TEXT}
        session.add(AgendaItem(workshop_id=workshop.id, position=1, card_id=SCENARIO, kind="statement",
                               card=json.dumps(card), revealed=True, revealed_rounds=1,
                               final_counts=json.dumps({"1": counts})))
        return workshop.id


def test_a_scenario_is_compared_across_workshops_only_when_the_groups_are_not_one_or_two_apart(database, organiser):
    then = ended_statement_workshop(database, organiser.organisation_id, "Spring", {"ok": 3, "not_ok": 3, "depends": 0,
                                                                          "unsure": 0})
    now = ended_statement_workshop(database, organiser.organisation_id, "Autumn", {"ok": 0, "not_ok": 6, "depends": 0,
                                                                         "unsure": 0})
    near = ended_statement_workshop(database, organiser.organisation_id, "Winter", {"ok": 0, "not_ok": 7, "depends": 0,
                                                                          "unsure": 0})
    found = comparison.compare(database, organiser, f"w{then}", f"w{now}", "en", TODAY)
    [change] = found.scenarios
    assert (change.then_shares, change.now_shares, change.moved) == ((50, 50, 0, 0), (0, 100, 0, 0), True)
    assert found.names[SCENARIO] == TEXT["en"]
    [withheld] = comparison.compare(database, organiser, f"w{now}", f"w{near}", "en", TODAY).scenarios
    assert withheld.reason == "different_totals" and withheld.then_shares is None


def test_phones_answering_at_the_same_moment_are_all_counted_and_the_close_judges_that_count(database, organiser):
    # Eight phones at once: every answer must reach the daily count the organiser sees and the total the
    # differencing rule judges at the close, which must equal what the results show.
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 24)
    start = threading.Barrier(8)
    failures: list[str] = []

    def answer_with(chunk: list[str]) -> None:
        start.wait()
        for code in chunk:
            try:
                pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)
            except Exception as error:  # noqa: BLE001 - any failure is what the test reports
                failures.append(repr(error))

    phones = [threading.Thread(target=answer_with, args=(codes[i::8],)) for i in range(8)]
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join()
    assert failures == []
    assert pulse.pulse_view(database, organiser, pulse_id, TODAY + dt.timedelta(days=1)).answered == 24
    pulse.close_pulse(database, organiser, pulse_id, TODAY + dt.timedelta(days=1))
    view = pulse.pulse_view(database, organiser, pulse_id, TODAY + dt.timedelta(days=1))
    assert view.answered == 24
    assert [row.results.total for row in view.results] == [24, 24, 24]


def test_a_code_row_is_kept_in_hash_order_never_in_the_order_of_the_sheet(database, organiser):
    # With the mail-merge list (row n is colleague n) and a copy of the database, the place of the one used
    # row must not say which line of the list it was.
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 12)
    pulse_codes.send_answers(database, SECRET, codes[6], answers(), TODAY)
    with database.transaction() as session:
        stored = [row.code_hash for row in session.execute(text("SELECT code_hash FROM pulse_codes"))]
        with pytest.raises(Exception, match="rowid"):
            session.execute(text("SELECT rowid FROM pulse_codes")).all()
    sheet = [pulse_codes.code_hash(SECRET, normalised_code(code) or "") for code in codes]
    assert stored == sorted(sheet)
    assert sorted(sheet) != sheet


def test_a_pulse_closing_after_a_live_workshop_of_its_group_withholds_what_the_workshop_showed(database, organiser):
    with database.transaction() as session:  # a live workshop of the stage crew showed the scenario to six
        workshop = Workshop(organisation_id=organiser.organisation_id, title="June", projector_language="en",
                            languages="en", projector_secret="x" * 32, status="open", min_answers=5,
                            created_on=TODAY, group_label="Stage crew")
        session.add(workshop)
        session.flush()
        session.add(AgendaItem(workshop_id=workshop.id, position=0, card_id=SCENARIO, kind="scenario",
                               card=json.dumps({"id": SCENARIO, "kind": "scenario"}),
                               disclosures=json.dumps([{"what": "round:1", "population": 6, "withheld": None}])))
    decks = {deck.slug: deck.id for deck in visible_decks(database, organiser)}
    results = {}
    for group in ("stage CREW", "Board"):
        draft = pulse.PulseDraft(group, [(decks["ok-or-not-ok"], SCENARIO)], TODAY + dt.timedelta(days=90), 5,
                                 group=group)
        pulse_id = pulse.create_pulse(database, organiser, draft, TODAY)
        pulse.open_pulse(database, organiser, pulse_id, TODAY)
        for code in pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 7):
            pulse_codes.send_answers(database, SECRET, code, {SCENARIO: "ok"}, TODAY)
        pulse.close_pulse(database, organiser, pulse_id, TODAY)
        view = pulse.pulse_view(database, organiser, pulse_id, TODAY)
        results[view.group_label] = (view.results or ())[0]
    # The stage crew's pulse took the workshop's spelling and is one person away from its six.
    assert results["Stage crew"].withheld == "differs_from_earlier" and results["Stage crew"].results.suppressed
    assert results["Board"].withheld is None and results["Board"].results.counts["ok"] == 7


def pending(database: Database, pulse_id: int) -> list[str]:
    with database.transaction() as session:
        return list(session.scalars(select(PulsePending.sealed).where(PulsePending.pulse_id == pulse_id)))


def counted(database: Database, pulse_id: int, card: str) -> dict[str, int]:
    with database.transaction() as session:
        rows = session.execute(select(PulseTally.choice, PulseTally.count)
                               .where(PulseTally.pulse_id == pulse_id, PulseTally.card == card))
        return {choice: count for choice, count in rows}


def test_answers_wait_sealed_through_a_restart_and_after_their_release_nothing_stored_can_open_them(
        database, organiser):
    pulse_id = make_pulse(database, organiser)
    pulse.open_pulse(database, organiser, pulse_id, TODAY)
    codes = pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, 8)
    pulse_codes.send_answers(database, SECRET, codes[0], answers(risk="dont_know"), TODAY)
    for code in codes[1:6]:
        pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)
    with pytest.raises(Conflict, match="pulse.code_used"):
        pulse_codes.send_answers(database, SECRET, codes[0], answers(), TODAY)
    # At answer time no counter moved: six sealed rows of one length wait, which the keys there open.
    assert sum(counted(database, pulse_id, RISKS[0]).values()) == 0
    sealed_then = pending(database, pulse_id)
    assert len(sealed_then) == 6 and len({len(blob) for blob in sealed_then}) == 1
    assert all(pulse_release.opened(database.release_keys.all(), pulse_id, blob) for blob in sealed_then)

    database.dispose()  # a restart: the rows are in the database, the key in the instance folder
    again = Database(database.url)
    try:
        assert pulse_release.release_pending_answers(again).counted == 6
        assert counted(again, pulse_id, RISKS[0]) == {"not_at_all": 0, "somewhat": 5, "very": 0, "dont_know": 1}
        assert pending(again, pulse_id) == []
        # Whatever the write-ahead log kept of the answers' transactions, no key there now opens it.
        key_files = [path.read_bytes() for path in again.release_keys.folder.glob("*.key")]
        assert key_files and not any(pulse_release.opened(again.release_keys.all(), pulse_id, blob)
                                     for blob in sealed_then)

        # Two more are too few to hide one among them: they wait, sealed again under a new key.
        for code in codes[6:]:
            pulse_codes.send_answers(again, SECRET, code, answers(scenario="ok"), TODAY)
        two_then = pending(again, pulse_id)
        assert pulse_release.release_pending_answers(again).waiting == 2
        assert sum(counted(again, pulse_id, SCENARIO).values()) == 6 and len(pending(again, pulse_id)) == 2
        assert not any(pulse_release.opened(again.release_keys.all(), pulse_id, blob) for blob in two_then)
        assert pulse.pulse_view(again, organiser, pulse_id, TODAY + dt.timedelta(days=1)).answered == 8
        pulse.close_pulse(again, organiser, pulse_id, TODAY + dt.timedelta(days=1))  # the close adds them all
        assert pulse.pulse_view(again, organiser, pulse_id, TODAY + dt.timedelta(days=1)).answered == 8
        assert counted(again, pulse_id, SCENARIO)["ok"] == 2 and pending(again, pulse_id) == []
    finally:
        again.dispose()


def test_answers_no_key_opens_after_a_restore_are_dropped_counted_and_named_only_from_the_minimum(
        database, organiser, caplog):
    big, small = make_pulse(database, organiser), make_pulse(database, organiser)
    for pulse_id, answered in ((big, 6), (small, 2)):
        pulse.open_pulse(database, organiser, pulse_id, TODAY)
        for code in pulse_codes.issue_codes(database, organiser, SECRET, pulse_id, answered):
            pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)
    # The database restored from a backup without its pulse keys: nothing here opens the sealed rows.
    for key_file in database.release_keys.folder.glob("*.key"):
        key_file.unlink()
    with caplog.at_level("WARNING", logger="cardapp.pulse"):
        released = pulse_release.release_pending_answers(database)
    assert (released.counted, released.waiting, released.unopened) == (0, 0, 8)
    assert pending(database, big) == [] and pending(database, small) == []
    lines = [record.getMessage() for record in caplog.records if record.name == "cardapp.pulse"]
    assert len(lines) == 1 and "8 sealed answer(s) could not be opened" in lines[0]
    # An answer sent after the restore is sealed under a new key and counted as usual.
    more = pulse_codes.issue_codes(database, organiser, SECRET, big, 5)
    for code in more:
        pulse_codes.send_answers(database, SECRET, code, answers(), TODAY)
    assert pulse_release.release_pending_answers(database).counted == 5
    later = TODAY + dt.timedelta(days=1)
    for pulse_id in (big, small):
        pulse.close_pulse(database, organiser, pulse_id, later)
    assert pulse.pulse_view(database, organiser, big, later).unopened == 6
    assert pulse.pulse_view(database, organiser, big, later).answered == 5
    assert pulse.pulse_view(database, organiser, small, later).unopened == 0  # two: below the minimum, not said
