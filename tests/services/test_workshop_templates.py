"""Workshop templates from the shipped files to a run-sheet, and an organisation's own templates:
saved with planned minutes and scripts, used in one step, kept from every other organisation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from cardapp.config import PROJECT_ROOT
from cardapp.domain.accounts import Actor, Role
from cardapp.domain.deck_library import load_deck_folder
from cardapp.domain.workshop_templates import ShippedTemplate, load_template_folder, unresolved_references
from cardapp.i18n import translate
from cardapp.services import live, workshop_templates
from cardapp.services.decks import refresh_shipped_decks
from cardapp.services.errors import Forbidden, Invalid, NotFound
from cardapp.services.snapshots import Audience, workshop_state
from cardapp.store.audit import AuditEntry
from cardapp.store.database import Database
from cardapp.store.models import Organisation, User
from cardapp.store.run_sheets import RunSheet
from tests.support.own_words import copied_runs, stored_fingerprint

DECKS = PROJECT_ROOT / "decks"
TODAY = dt.date(2026, 12, 4)
TWO_HOURS = "shipped:two-hour-label-session"


def test_every_shipped_template_is_valid_complete_in_both_languages_and_refers_only_to_cards_that_exist():
    library = load_template_folder(DECKS / "templates")
    decks = {deck_id: loaded.deck for deck_id, loaded in load_deck_folder(DECKS).decks.items()}
    assert library.broken == {} and workshop_templates.shipped_problems(DECKS, decks) == []
    assert set(library.templates) == {"two-hour-label-session", "team-conversation", "leaders-power-and-roles"}
    known = stored_fingerprint()
    for template in library.templates.values():
        assert template.languages == ["en", "nb"]
        assert unresolved_references(template, decks) == [], template.id
        for texts in (template.title, template.description, template.opening, template.closing):
            assert copied_runs(texts["en"], known) == [], template.id  # in the project's own words
    assert library.templates["team-conversation"].total_minutes == 45
    opening = library.templates["two-hour-label-session"].opening
    for promise in ("stays here", "pass", "I need a pause", "help"):
        assert promise in opening["en"], promise
    assert "Jeg trenger en pause" in opening["nb"]


def test_the_two_hour_template_follows_the_label_sessions_plan():
    template = load_template_folder(DECKS / "templates").templates["two-hour-label-session"]
    blocks = [(item.deck, len(item.cards), item.minutes) for item in template.items]
    assert template.total_minutes == 120
    assert blocks[0] == ("conversation-cards", 1, 10)  # framing
    scenarios = [b for b in blocks if b[0] == "ok-or-not-ok"]
    assert len(scenarios) == 4 and sum(b[2] for b in scenarios) == 25
    walk = next(item for item in template.items if item.deck == "do-you-have-power")
    assert walk.walk_mode == "roles" and walk.minutes == 20 and any(c.startswith("role-") for c in walk.cards)
    assert [b[2] for b in blocks if b[0] == "risk-map"] == [25]
    assert blocks[-1][2] == 15  # agreements


def test_a_template_naming_an_unknown_card_is_refused_with_the_card_named():
    template = load_template_folder(DECKS / "templates").templates["team-conversation"]
    data = template.model_dump()
    data["items"][1]["cards"] = ["no-such-card"]
    broken = ShippedTemplate.model_validate(data)
    decks = {deck_id: loaded.deck for deck_id, loaded in load_deck_folder(DECKS).decks.items()}
    assert unresolved_references(broken, decks) == ["conversation-cards/no-such-card"]
    with pytest.raises(Invalid) as refused:
        workshop_templates.agenda_of(broken, decks)
    assert "conversation-cards/no-such-card" in translate(refused.value.key, "en", **refused.value.params)


def test_a_template_file_with_bad_minutes_is_reported_and_skipped(tmp_path: Path):
    good = json.loads((DECKS / "templates" / "team-conversation.json").read_text("utf-8"))
    (tmp_path / "good.json").write_text(json.dumps(good), "utf-8")
    good["id"], good["items"][0]["minutes"] = "zero-minutes", 0
    (tmp_path / "bad.json").write_text(json.dumps(good), "utf-8")
    library = load_template_folder(tmp_path)
    assert list(library.templates) == ["team-conversation"] and "bad.json" in library.broken
    (tmp_path / "templates").mkdir()
    (tmp_path / "bad.json").rename(tmp_path / "templates" / "bad.json")
    assert [problem.split(":")[0] for problem in workshop_templates.shipped_problems(tmp_path, {})] == ["bad.json"]


@pytest.fixture
def people(database: Database) -> dict[str, Actor]:
    """Shipped decks in the database, and an organiser, a facilitator and an outsider's organiser."""
    refresh_shipped_decks(database, load_deck_folder(DECKS), TODAY)
    actors = {}
    with database.transaction() as session:
        for org_name, name, role in (("Nord", "organiser", Role.ORGANISER), ("Nord", "facilitator", Role.FACILITATOR),
                                     ("Sør", "outsider", Role.ORGANISER)):
            organisation = session.scalar(select(Organisation).where(Organisation.name == org_name))
            if organisation is None:
                organisation = Organisation(slug=org_name.lower(), name=org_name, created_on=TODAY)
                session.add(organisation)
                session.flush()
            user = User(email=f"{name}@example.org", password_hash="x", role=role.value,
                        organisation_id=organisation.id, created_on=TODAY)
            session.add(user)
            session.flush()
            actors[name] = Actor(user.id, role, organisation.id)
    return actors


def console(database: Database, workshop_id: int) -> dict:  # type: ignore[type-arg]
    state = workshop_state(database, workshop_id, Audience("console"), "", dt.datetime.now(dt.UTC))
    assert state is not None
    return state


def test_from_a_shipped_template_to_an_own_template_and_back_to_a_run_sheet(database: Database, people):
    organiser, facilitator = people["organiser"], people["facilitator"]
    made = workshop_templates.create_from_template(database, facilitator, DECKS, TWO_HOURS, "", "nb", 5, TODAY)
    state = console(database, made.id)
    sheet = state["run_sheet"]
    assert made.title == "Totimersøkten for merket" and made.item_count == 11
    assert [entry["planned_minutes"] for entry in sheet["items"]] == [10, 6, 6, 6, 7, 8, 8, 9, 20, 25, 15]
    assert sheet["planned_minutes"] == 120 and "Jeg trenger en pause" in sheet["opening_script"]
    kinds = [entry["kind"] for entry in state["agenda"]]
    assert kinds.count("power_walk") == 1 and kinds.count("risk_map") == 1 and kinds.count("statement") == 4

    minutes = {position: str(planned) for position, planned in enumerate([5, 6, 6, 6, 7, 8, 8, 9, 20, 25, 20])}
    own_id = workshop_templates.save_as_template(database, organiser, made.id, "  Vår  økt ", "Velkommen.",
                                                 "Takk.", minutes, TODAY)
    assert [c.title for c in workshop_templates.own_templates(database, facilitator)] == ["Vår økt"]
    assert workshop_templates.own_templates(database, people["outsider"]) == []
    again = workshop_templates.create_from_template(database, facilitator, DECKS, f"own:{own_id}", "Høst", "nb", 5,
                                                    TODAY)
    sheet = console(database, again.id)["run_sheet"]
    assert [entry["planned_minutes"] for entry in sheet["items"]][:1] + [sheet["planned_minutes"]] == [5, 120]
    assert (sheet["opening_script"], sheet["closing_script"]) == ("Velkommen.", "Takk.")
    with database.transaction() as session:
        assert [e.summary for e in session.scalars(select(AuditEntry))].count("Vår økt") == 1

    # The run-sheet counts from when the item became current; the timer never reaches a phone.
    live.start_workshop(database, facilitator, again.id)
    with database.transaction() as session:
        row = session.get(RunSheet, again.id)
        assert row is not None and row.current_since is not None and row.started_at is not None
        row.current_since -= dt.timedelta(minutes=3)
        row.started_at -= dt.timedelta(minutes=3)
    sheet = console(database, again.id)["run_sheet"]
    # To the minute: a minute may turn while the test runs.
    assert sheet["items"][0]["elapsed_minutes"] in (3, 4) and sheet["elapsed_minutes"] in (3, 4)
    live.show_item(database, facilitator, again.id, 1)
    sheet = console(database, again.id)["run_sheet"]
    assert sheet["items"][0]["elapsed_minutes"] in (3, 4) and sheet["items"][1]["elapsed_minutes"] in (0, 1)
    assert sheet["items"][2]["elapsed_minutes"] == 0


def test_only_the_organisations_organisers_change_its_templates_and_nobody_else_sees_them(database, people):
    organiser, facilitator, outsider = people["organiser"], people["facilitator"], people["outsider"]
    made = workshop_templates.create_from_template(database, organiser, DECKS, TWO_HOURS, "", "en", 5, TODAY)
    with pytest.raises(Forbidden) as refused:
        workshop_templates.save_as_template(database, facilitator, made.id, "Mine", "", "", {}, TODAY)
    assert "organisers" in translate(refused.value.key, "en")
    own_id = workshop_templates.save_as_template(database, organiser, made.id, "Ours", "", "", {}, TODAY)
    for attempt in (
        lambda: workshop_templates.create_from_template(database, outsider, DECKS, f"own:{own_id}", "", "en", 5, TODAY),
        lambda: workshop_templates.rename_template(database, outsider, own_id, "Theirs", TODAY),
        lambda: workshop_templates.delete_template(database, outsider, own_id),
        lambda: workshop_templates.save_as_template(database, outsider, made.id, "Theirs", "", "", {}, TODAY),
    ):
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(Forbidden):
        workshop_templates.delete_template(database, facilitator, own_id)
    workshop_templates.rename_template(database, organiser, own_id, "Ours, renamed", TODAY)
    assert [c.title for c in workshop_templates.own_templates(database, facilitator)] == ["Ours, renamed"]
    workshop_templates.delete_template(database, organiser, own_id)
    assert workshop_templates.own_templates(database, organiser) == []


def test_planned_minutes_outside_one_to_a_hundred_and_twenty_are_refused_with_the_value_named(database, people):
    made = workshop_templates.create_from_template(database, people["organiser"], DECKS, TWO_HOURS, "", "en", 5, TODAY)
    for typed in ("0", "121", "-3", "ten", "²"):
        with pytest.raises(Invalid) as refused:
            workshop_templates.save_as_template(database, people["organiser"], made.id, "T", "", "", {0: typed}, TODAY)
        message = translate(refused.value.key, "en", **refused.value.params)
        assert typed in message and "120" in message
    assert workshop_templates.own_templates(database, people["organiser"]) == []


def test_a_name_too_long_or_with_invisible_characters_is_refused_not_cut(database: Database, people):
    facilitator = people["facilitator"]
    for name, key in (("x" * 201, "workshop.title_too_long"), ("Høst\u202e", "text.hidden_characters")):
        with pytest.raises(Invalid) as refused:
            workshop_templates.create_from_template(database, facilitator, DECKS, TWO_HOURS, name, "en", 5, TODAY)
        assert refused.value.key == key and translate(key, "nb") != translate(key, "en")
    made = workshop_templates.create_from_template(database, facilitator, DECKS, TWO_HOURS, " " + "x" * 200 + " ",
                                                   "en", 5, TODAY)
    assert made.title == "x" * 200
