"""The programme page: measures, award and renewal, follow-up actions; who may read and who may change.

Workshops are run through the real Socket.IO handlers and ended, as in the report's tests; the
programme is then read and changed as an organiser's and a facilitator's browsers would.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from cardapp.domain.accounts import Role
from cardapp.services import retention
from cardapp.store.models import Workshop
from cardapp.store.programme import ProgrammeAction
from tests.support.accounts import post_form
from tests.support.workshops import disconnect_all, open_room
from tests.web.programme.conftest import FACILITATOR, browser_of


def measure_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'id="measure-(\d+)"', html)]


def test_the_programme_page_shows_the_six_measures_in_english_and_bokmal(app, organiser):
    english = organiser.get("/programme", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for name in ("Risk map", "Guidelines for a safer environment", "Routines for reporting and handling cases",
                 "Diversity-conscious recruitment", "Routines for accommodation at work",
                 "A plan for conversations through the year"):
        assert f"<h3>{name}" in english
    assert len(measure_ids(english)) == 6
    assert english.count("not started") >= 6
    organiser.set_cookie("cardapp_lang", "nb")
    bokmal = organiser.get("/programme").get_data(as_text=True)
    assert "<h3>Risikokartlegging" in bokmal and "<h3>Mangfoldsbevisst rekruttering" in bokmal
    assert measure_ids(bokmal) == measure_ids(english)  # made once, however often the page is read


def test_an_organiser_records_status_role_due_date_notes_and_evidence_of_a_measure(app, organiser, ended_risk_map):
    first = measure_ids(organiser.get("/programme").get_data(as_text=True))[0]
    response = post_form(organiser, f"/programme/measures/{first}", {
        "status": "in_progress", "responsible": "Safety representative", "due_on": "2027-03-01",
        "notes": "Map the touring crew too.", "link": "https://example.org/risk-form.pdf",
        "workshop": str(ended_risk_map.workshop_id)})
    assert response.status_code == 303
    html = organiser.get("/programme").get_data(as_text=True)
    section = html[html.index(f'id="measure-{first}"'):html.index(f'id="measure-{first + 1}"')]
    assert '<dd class="status">in progress</dd>' in section
    assert "Safety representative" in section and "Map the touring crew too." in section
    assert '<time datetime="2027-03-01">1 March 2027</time>' in section
    assert re.search(rf'href="/workshops/{ended_risk_map.workshop_id}/(report|results)">Report: Workshop</a>', section)
    assert 'href="https://example.org/risk-form.pdf"' in section


def test_facilitators_read_the_programme_but_only_organisers_change_it(app, organiser):
    facilitator = browser_of(app, FACILITATOR, Role.FACILITATOR)
    html = facilitator.get("/programme").get_data(as_text=True)
    assert "<h3>Risk map" in html and "Change this measure" not in html
    first = measure_ids(html)[0]
    refused = post_form(facilitator, f"/programme/measures/{first}", {"status": "done"},
                        headers={"Accept": "application/json"})
    assert refused.status_code == 403
    assert refused.get_json() == {"error": {"code": "forbidden", "message":
                                            "Only the organisation's organisers may change the programme. "
                                            "Facilitators can read it."}}
    assert '<dd class="status">not started</dd>' in organiser.get("/programme").get_data(as_text=True)


def test_nobody_from_another_organisation_sees_or_changes_any_of_it(app, organiser, stranger, ended_risk_map):
    html = organiser.get("/programme").get_data(as_text=True)
    first = measure_ids(html)[0]
    action_id = int(re.findall(r'id="action-(\d+)"', html)[0])
    assert post_form(organiser, "/programme/plan", {"planned_on": "2027-02-03", "title": "Winter talk",
                                                    "group_name": "", "deck": ""}).status_code == 303
    theirs = stranger.get("/programme").get_data(as_text=True)
    assert "Open calls for every role" not in theirs and first not in measure_ids(theirs)
    assert "Winter talk" not in stranger.get("/programme/plan?from=2027-01").get_data(as_text=True)
    json = {"Accept": "application/json"}
    for path, data in ((f"/programme/measures/{first}", {"status": "done"}),
                       (f"/programme/actions/{action_id}", {"status": "done"})):
        refused = post_form(stranger, path, data, headers=json)
        assert refused.status_code == 404, path
        assert refused.get_json()["error"]["code"] == "not_found"
    assert "not started" in organiser.get("/programme").get_data(as_text=True)
    nobody = app.test_client()
    assert nobody.get("/programme").status_code in (302, 401)


def test_the_label_measures_keep_their_names_until_the_organisation_leaves_the_programme(app, organiser):
    first = measure_ids(organiser.get("/programme").get_data(as_text=True))[0]
    fixed = post_form(organiser, f"/programme/measures/{first}", {"status": "done", "title": "Our map"})
    assert fixed.status_code == 403
    assert "keep their names and stay visible" in fixed.get_data(as_text=True)

    assert post_form(organiser, "/programme/award", {"awarded_on": ""}).status_code == 303  # leaves the label
    assert post_form(organiser, f"/programme/measures/{first}",
                     {"status": "done", "title": "Our own map of risk"}).status_code == 303
    assert post_form(organiser, f"/programme/measures/{first + 1}",
                     {"status": "not_started", "title": "", "hidden": "yes"}).status_code == 303
    assert post_form(organiser, "/programme/measures", {"title": "Safe touring"}).status_code == 303
    html = organiser.get("/programme").get_data(as_text=True)
    assert "<h3>Our own map of risk" in html and "<h3>Safe touring" in html
    assert "(hidden)" in html and len(measure_ids(html)) == 7


def test_the_renewal_falls_two_years_after_the_award_with_what_is_due_before_it(app, organiser):
    assert post_form(organiser, "/programme/award", {"in_label_programme": "yes",
                                                     "awarded_on": "2026-05-20"}).status_code == 303
    first = measure_ids(organiser.get("/programme").get_data(as_text=True))[0]
    post_form(organiser, f"/programme/measures/{first}", {"status": "done"})
    html = organiser.get("/programme").get_data(as_text=True)
    assert '<dd id="renewal-on"><time datetime="2028-05-20">20 May 2028</time></dd>' in html
    due = html[html.index('<ul id="due"'):html.index("</ul>", html.index('<ul id="due"'))]
    assert "Measure: Risk map" not in due  # done
    assert "Measure: Guidelines for a safer environment (no due date)" in due
    assert due.count("<li>") == 5


@pytest.mark.parametrize(("field", "value", "message"), [
    ("due_on", "2027-02-30", "The date must be a real date, written YYYY-MM-DD."),
    ("link", "javascript:alert(1)", "The link must start with https:// or http:// and contain no spaces."),
    ("status", "finished", "Choose one of the statuses offered."),
    ("responsible", "<script>x</script>", "Plain text only: no links, markup or scripts."),
])
def test_a_measure_refuses_bad_input_with_a_clear_message(app, organiser, field, value, message):
    first = measure_ids(organiser.get("/programme").get_data(as_text=True))[0]
    data = {"status": "in_progress", field: value}
    page = post_form(organiser, f"/programme/measures/{first}", data)
    assert page.status_code == 422
    assert f'<p id="programme-problem" class="problem" role="alert">{message}</p>' in page.get_data(as_text=True)
    as_json = post_form(organiser, f"/programme/measures/{first}", data, headers={"Accept": "application/json"})
    assert as_json.status_code == 422 and as_json.get_json()["error"]["code"] == "invalid"
    assert '<dd class="status">not started</dd>' in organiser.get("/programme").get_data(as_text=True)
    organiser.set_cookie("cardapp_lang", "nb")
    bokmal = post_form(organiser, f"/programme/measures/{first}", data, headers={"Accept": "application/json"})
    assert bokmal.status_code == 422 and bokmal.get_json()["error"]["message"] not in ("", message)


def test_agreements_of_an_ended_workshop_become_actions_that_outlive_its_report(app, organiser, ended_risk_map):
    html = organiser.get("/programme").get_data(as_text=True)
    actions = html[html.index('id="actions"'):]
    for text in ("Open calls for every role", "Two people on every hiring panel",
                 "A contact person outside the production", "We ask before we touch", "Alcohol at premieres"):
        assert f"<strong>{text}</strong>" in actions
    assert "Measure for a risk: Steep hierarchies and fierce competition" in actions
    action_id = int(re.findall(r'id="action-(\d+)"', actions)[0])
    assert post_form(organiser, f"/programme/actions/{action_id}", {
        "status": "carried_over", "responsible": "Production manager", "due_on": "2027-01-15"}).status_code == 303
    assert organiser.get("/programme").get_data(as_text=True).count("<strong>Open calls for every role</strong>") == 1

    database = app.extensions["cardapp.database"]
    with database.transaction() as session:  # the report's time is up
        session.get(Workshop, ended_risk_map.workshop_id).ended_on = dt.date(2020, 1, 1)
    assert retention.delete_expired_reports(database, dt.date.today()) == 1
    html = organiser.get("/programme").get_data(as_text=True)
    assert "<strong>Open calls for every role</strong>" in html and "carried over" in html
    assert "Production manager" in html and 'due <time datetime="2027-01-15">15 January 2027</time>' in html
    with database.transaction() as session:
        kept = session.scalars(select(ProgrammeAction)).all()
        assert len(kept) == 5 and {row.workshop_id for row in kept} == {None}


def test_agreements_of_a_running_workshop_wait_until_it_ends(app, organiser):
    room = open_room(app, email=FACILITATOR)
    try:
        assert room.command(room.console, "start_workshop") == {"ok": True}
        assert room.command(room.console, "record_agreement", {"kind": "guideline", "text": "We ask first"})["ok"]
        assert "We ask first" not in organiser.get("/programme").get_data(as_text=True)
        assert room.command(room.console, "end_workshop") == {"ok": True}
    finally:
        disconnect_all(room)
    assert "<strong>We ask first</strong>" in organiser.get("/programme").get_data(as_text=True)
