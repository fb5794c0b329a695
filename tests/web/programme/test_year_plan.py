"""The year plan: conversations by month, the iCalendar download, and a draft workshop in one step."""

from __future__ import annotations

import re

from icalendar import Calendar

from cardapp.domain.accounts import Role
from cardapp.services import decks
from tests.support.accounts import post_form
from tests.web.programme.conftest import FACILITATOR, browser_of


def deck_id(app, slug: str = "conversation-cards") -> int:
    database = app.extensions["cardapp.database"]
    return next(d.id for d in decks.visible_decks(database, None) if d.slug == slug)


def plan(browser, title: str, day: str, deck: int | str = "", group: str = "Whole staff"):
    return post_form(browser, "/programme/plan", {"planned_on": day, "title": title, "group_name": group,
                                                   "deck": str(deck), "measure": ""})


def test_the_plan_lists_twelve_months_with_their_conversations_in_words(app, organiser):
    assert plan(organiser, "Norms at work", "2027-03-10", deck_id(app)).status_code == 303
    assert plan(organiser, "Power on tour", "2027-01-20", group="Freelancers on the autumn production").status_code \
        == 303
    assert plan(organiser, "Next year's talk", "2028-02-01").status_code == 303
    html = organiser.get("/programme/plan?from=2027-01").get_data(as_text=True)
    months = re.findall(r'<li class="plan-month" id="month-(\d{4}-\d{2})">', html)
    assert months == [f"2027-{m:02d}" for m in range(1, 13)]
    january = html[html.index('id="month-2027-01"'):html.index('id="month-2027-02"')]
    assert "<h2>January 2027</h2>" in january
    assert '<time datetime="2027-01-20">20 January 2027</time>: Power on tour' in january
    assert "Group: Freelancers on the autumn production" in january and "no deck chosen" in january
    march = html[html.index('id="month-2027-03"'):html.index('id="month-2027-04"')]
    assert '<time datetime="2027-03-10">10 March 2027</time>: Norms at work' in march
    assert "Make a draft workshop" in march
    assert "Nothing planned." in html[html.index('id="month-2027-02"'):html.index('id="month-2027-03"')]
    assert "Next year&#39;s talk" not in html  # outside these twelve months
    organiser.set_cookie("cardapp_lang", "nb")
    norsk = organiser.get("/programme/plan?from=2027-01").get_data(as_text=True)
    assert "<h2>januar 2027</h2>" in norsk and ">20. januar 2027</time>: Power on tour" in norsk


def test_the_plan_downloads_as_an_icalendar_file_a_calendar_reads(app, organiser):
    plan(organiser, "Norms at work", "2027-03-10", deck_id(app))
    plan(organiser, "Power on tour", "2027-01-20", group="Freelancers")
    response = organiser.get("/programme/plan.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert 'filename="year-plan.ics"' in response.headers["Content-Disposition"]
    events = [c for c in Calendar.from_ical(response.data).walk("VEVENT")]
    assert [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in events] == [
        ("Power on tour", "2027-01-20"), ("Norms at work", "2027-03-10")]
    assert "Group: Freelancers" in str(events[0]["description"])
    assert all(str(e["uid"]).startswith("conversation-") for e in events)


def test_a_planned_conversation_becomes_a_draft_workshop_in_one_step(app, organiser):
    plan(organiser, "Norms at work", "2027-03-10", deck_id(app))
    html = organiser.get("/programme/plan?from=2027-03").get_data(as_text=True)
    conversation = int(re.search(r'id="conversation-(\d+)"', html).group(1))
    facilitator = browser_of(app, FACILITATOR, Role.FACILITATOR)  # facilitators run workshops from the plan
    made = post_form(facilitator, f"/programme/plan/{conversation}/draft", {})
    assert made.status_code == 303 and re.search(r"/workshops/\d+/agenda$", made.headers["Location"])
    agenda = facilitator.get(made.headers["Location"]).get_data(as_text=True)
    assert "Norms at work" in agenda
    listed = facilitator.get("/programme/plan?from=2027-03").get_data(as_text=True)
    assert "Draft workshop:" in listed and "Make a draft workshop" not in listed
    again = post_form(facilitator, f"/programme/plan/{conversation}/draft", {}, headers={"Accept": "application/json"})
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == "A workshop was already made from this conversation."


def test_a_conversation_without_a_deck_or_date_is_refused_clearly(app, organiser):
    no_date = plan(organiser, "Someday", "")
    assert no_date.status_code == 422 and "Please give a date." in no_date.get_data(as_text=True)
    plan(organiser, "No deck yet", "2027-05-05")
    html = organiser.get("/programme/plan?from=2027-05").get_data(as_text=True)
    conversation = int(re.search(r'id="conversation-(\d+)"', html).group(1))
    refused = post_form(organiser, f"/programme/plan/{conversation}/draft", {}, headers={"Accept": "application/json"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"] == "Choose a deck for this conversation first."


def test_another_organisation_can_neither_see_nor_draft_nor_remove_a_planned_conversation(app, organiser, stranger):
    plan(organiser, "Norms at work", "2027-03-10", deck_id(app))
    html = organiser.get("/programme/plan?from=2027-03").get_data(as_text=True)
    conversation = int(re.search(r'id="conversation-(\d+)"', html).group(1))
    assert "Norms at work" not in stranger.get("/programme/plan?from=2027-03").get_data(as_text=True)
    assert b"Norms at work" not in stranger.get("/programme/plan.ics").data
    for action in ("draft", "delete"):
        refused = post_form(stranger, f"/programme/plan/{conversation}/{action}", {},
                            headers={"Accept": "application/json"})
        assert refused.status_code == 404, action
    assert "Norms at work" in organiser.get("/programme/plan?from=2027-03").get_data(as_text=True)


def test_facilitators_may_not_change_the_plan(app, organiser):
    facilitator = browser_of(app, FACILITATOR, Role.FACILITATOR)
    refused = plan(facilitator, "Sneaky", "2027-03-10")
    assert refused.status_code == 403
    assert "Sneaky" not in organiser.get("/programme/plan?from=2027-03").get_data(as_text=True)
