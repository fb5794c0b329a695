"""The power walk in Chromium: a facilitator, a projector and phones against the real server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.accounts import PASSWORD
from tests.support.browser import watch_console
from tests.support.remote import invitation_link

pytestmark = pytest.mark.e2e

ALLOWED_PROBLEMS = ("status of 404",)  # the browser asks for /favicon.ico on some pages
NETWORK_STATEMENTS = 5
ENGLISH = {"yes": "Yes", "no": "No", "pass": "Pass", "position": "Statement {} of 5",
           "pass_allowed": "Pass is always allowed, without a reason.",
           "never_leave": "never leave this phone as your answers",
           "steps": "You took {} steps forward, out of 5 statements.",
           "one_step": "You took 1 step forward, out of 5 statements.",
           "profile": "{} of 5 yes", "role": "You answered as: {}."}
NORWEGIAN = {"yes": "Ja", "no": "Nei", "pass": "Pass", "position": "Påstand {} av 5",
             "pass_allowed": "Du kan alltid svare Pass, uten å begrunne det.",
             "never_leave": "forlater aldri denne mobilen som dine svar",
             "steps": "Du tok {} skritt fram, av 5 påstander.",
             "one_step": "Du tok 1 skritt fram, av 5 påstander.",
             "profile": "{} av 5 ja", "role": "Du svarte som: {}."}
ONE_STATEMENT = "I hear about jobs and projects before they are advertised."


def new_page(browser, server, problems: dict, name: str, locale: str = "en-GB", **options) -> Page:
    page = browser.new_context(base_url=server.url, locale=locale, **options).new_page()
    problems[name] = watch_console(page)
    return page


def set_up_walk(browser, server, problems: dict, mode_label: str, pick) -> tuple[Page, Page, str]:
    """A facilitator creates a walk through the pages and opens the console and the projector."""
    facilitator = new_page(browser, server, problems, "facilitator")
    facilitator.goto(invitation_link(server, "leder@teater.no"))
    facilitator.get_by_label("New password", exact=True).fill(PASSWORD)
    facilitator.get_by_label("Type the new password again").fill(PASSWORD)
    facilitator.get_by_role("button", name="Create my account").click()
    facilitator.get_by_role("link", name="Workshops").click()
    facilitator.get_by_label("Deck").select_option(label="Do you have power?")
    facilitator.get_by_role("button", name="Choose cards").click()
    facilitator.get_by_label("Name", exact=True).fill("Power walk")
    pick(facilitator)
    facilitator.get_by_label(mode_label, exact=True).check()
    facilitator.get_by_role("button", name="Create workshop").click()
    expect(facilitator.locator(".agenda li")).to_have_count(1)
    expect(facilitator.locator(".agenda li")).to_contain_text("Power walk")
    projector_url = facilitator.get_by_role("textbox", name=re.compile("Link for the projector")).input_value()
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator("#connection-status")).to_have_text("Connected", timeout=15000)

    projector = new_page(browser, server, problems, "projector", viewport={"width": 1280, "height": 720})
    projector.goto(projector_url)
    expect(projector.locator("#room-code")).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    return facilitator, projector, projector.locator("#room-code").inner_text()


def join_phones(browser, server, problems: dict, code: str, count: int, bokmal: int | None = None) -> list[Page]:
    """`count` phones join; the one numbered `bokmal` reads Norwegian bokmål."""
    phones = []
    for number in range(count):
        locale = "nb-NO" if number == bokmal else "en-GB"
        phone = new_page(browser, server, problems, f"phone{number}", locale, viewport={"width": 360, "height": 740})
        phone.goto("/join")
        phone.get_by_label(re.compile("Room code|Romkode")).fill(code)
        phone.get_by_role("button", name=re.compile("^(Join|Bli med)$")).click()
        expect(phone.locator("#connection-status")).to_have_text(re.compile("Connected|Tilkoblet"), timeout=15000)
        phones.append(phone)
    return phones


def assert_no_console_problems(problems: dict) -> None:
    assert {name: [p for p in found if not any(a in p for a in ALLOWED_PROBLEMS)] for name, found in problems.items()} \
        == {name: [] for name in problems}


def pick_network(facilitator: Page) -> None:
    facilitator.get_by_label("Network (5 statements)").check()


def catch_up_after_reload(phone: Page) -> None:
    """A phone that missed statement 2 reloads while statement 3 is shown and answers statement 2 from its list."""
    phone.reload()
    expect(phone.locator("#walk-position")).to_contain_text("Statement 3 of 5")
    missed = phone.locator("#walk-missed")
    expect(missed).to_be_visible()
    expect(missed.get_by_role("heading", name="Earlier statements you missed")).to_be_visible()
    expect(missed.get_by_role("group")).to_have_count(1)
    group = missed.get_by_role("group", name=re.compile(r"^Statement 2 of 5 · Network "))
    expect(group).to_contain_text("Statement 2 of 5")
    yes = group.get_by_role("button", name="Yes", exact=True)
    expect(yes).to_have_attribute("aria-pressed", "false")
    yes.focus()
    phone.keyboard.press("Enter")  # by keyboard: focus stays on the button it pressed
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(yes).to_be_focused()
    expect(phone.locator("#walk-missed-status")).to_have_text("Saved: Yes to statement 2.")
    # The statement on screen is still there to answer, and the catch-up is not counted for it.
    expect(phone.locator("#walk-choices").get_by_role("button", name="Yes", exact=True)
           ).to_have_attribute("aria-pressed", "false")


@pytest.mark.parametrize("mode_label", ["As themselves", "With role cards"])
def test_a_power_walk_on_six_phones_shows_each_result_privately_and_the_picture_only_at_the_end(
        live_server, browser, mode_label):
    problems: dict[str, list[str]] = {}
    facilitator, projector, code = set_up_walk(browser, live_server, problems, mode_label, pick_network)
    phones = join_phones(browser, live_server, problems, code, 6, bokmal=4)
    roles = mode_label == "With role cards"
    words = [NORWEGIAN if number == 4 else ENGLISH for number in range(6)]

    facilitator.locator("#start-workshop").click()
    expect(projector.locator("#walk-view")).to_contain_text("A power walk. Answer each statement on your phone")
    dealt = []
    for phone, said in zip(phones, words, strict=True):
        expect(phone.locator("#walk-intro")).to_contain_text(said["pass_allowed"])
        expect(phone.locator("#walk-intro")).to_contain_text(said["never_leave"])
        if roles:
            expect(phone.locator("#walk-role-name")).not_to_be_empty()
            dealt.append(phone.locator("#walk-role-name").inner_text())
        else:
            expect(phone.locator("#walk-role")).to_be_hidden()
    if roles:
        assert len(set(dealt)) == 6

    # Phone n says Yes to the first n statements; phone 0 passes on the first and says No after.
    # Phone 5 misses statement 2, reloads during statement 3 and answers statement 2 from its list;
    # phone 4 (bokmål) stays connected but leaves statement 4 and answers it during statement 5.
    for statement in range(NETWORK_STATEMENTS):
        facilitator.locator("#walk-next").click()
        expect(projector.locator("#walk-view")).to_contain_text(f"Statement {statement + 1} of 5")
        if statement == 2:
            catch_up_after_reload(phones[5])
        if statement == 4:
            left_behind = phones[4].locator("#walk-missed").get_by_role("group", name=re.compile("^Påstand 4 av 5"))
            left_behind.get_by_role("button", name="Ja", exact=True).click()
            expect(left_behind.get_by_role("button", name="Ja", exact=True)).to_have_attribute("aria-pressed", "true")
        for number, phone in enumerate(phones):
            if (number, statement) in ((5, 1), (4, 3)):
                continue
            choice = "yes" if statement < number else "pass" if number == 0 and statement == 0 else "no"
            said = words[number]
            button = phone.locator("#walk-choices").get_by_role("button", name=said[choice], exact=True)
            expect(phone.locator("#walk-position")).to_contain_text(said["position"].format(statement + 1))
            button.click()
            expect(button).to_have_attribute("aria-pressed", "true")
        answered = 5 if statement in (1, 3) else 6
        expect(projector.locator("#walk-answered")).to_have_text(f"{answered} answered")
        if statement == 0:  # a phone that reloads finds its own answer again, and nobody else's
            phones[2].reload()
            expect(phones[2].locator("#walk-choices").get_by_role("button", name="Yes", exact=True)
                   ).to_have_attribute("aria-pressed", "true")
            expect(phones[2].locator("#walk-missed")).to_be_hidden()  # it missed nothing
        expect(facilitator.locator("#walk-console-answered")).to_contain_text(f"{answered} of 6")
        expect(projector.locator("#walk-picture")).to_have_count(0)
        for phone in phones[:4]:  # nothing missed, nothing listed
            expect(phone.locator("#walk-missed")).to_be_hidden()

    # What phone 5 caught up on stays listed, answered, and may still be changed until the walk is over.
    expect(phones[5].locator("#walk-missed").get_by_role("button", name="Yes", exact=True)
           ).to_have_attribute("aria-pressed", "true")
    facilitator.locator("#walk-finish").click()
    expect(projector.locator("#walk-view")).to_contain_text("The walk is over. Look at your phone")
    expect(phones[5].locator("#walk-missed")).to_be_hidden()
    for number, phone in enumerate(phones):
        said = words[number]
        steps = said["one_step"] if number == 1 else said["steps"].format(number)
        expect(phone.locator("#walk-result-steps")).to_have_text(steps)
        expect(phone.locator("#walk-profile")).to_contain_text(said["profile"].format(number))
        if roles:
            expect(phone.locator("#walk-result-role")).to_have_text(said["role"].format(dealt[number]))
    expect(phones[0].locator("#walk-result-answered")).to_contain_text("1 of them with Pass")
    expect(projector.locator("#walk-picture")).to_have_count(0)

    facilitator.locator("#walk-reveal").click()
    picture = projector.locator("#walk-picture")
    expect(picture).to_contain_text("6 people answered every statement")  # the phone that caught up included
    # Six people took 0 to 5 steps, one each: shown as two ranges of three, so nobody stands alone at an end.
    expect(picture.locator(".walk-steps-row")).to_have_count(2)
    expect(picture.locator(".walk-steps-row").first).to_contain_text("0–2 steps")
    expect(picture.locator(".walk-dot")).to_have_count(6)
    expect(picture).to_contain_text("Pass was chosen once")
    expect(picture).to_contain_text("Network")
    expect(projector.locator(".walk-debrief li")).to_have_count(5)  # the deck's own debrief
    # Each phone keeps its own result on the page; the projector never had one.
    expect(phones[3].locator("#walk-result-steps")).to_have_text("You took 3 steps forward, out of 5 statements.")
    assert "You took" not in projector.locator("body").inner_text()
    assert "You took" not in facilitator.locator("body").inner_text()
    for name in dealt:
        assert name not in projector.locator("body").inner_text()
    assert_no_console_problems(problems)


def test_with_three_phones_and_a_minimum_of_five_the_projector_shows_only_too_few(live_server, browser):
    problems: dict[str, list[str]] = {}

    def pick_one(facilitator: Page) -> None:
        facilitator.get_by_label(ONE_STATEMENT).check()

    facilitator, projector, code = set_up_walk(browser, live_server, problems, "As themselves", pick_one)
    phones = join_phones(browser, live_server, problems, code, 3)
    facilitator.locator("#start-workshop").click()
    facilitator.locator("#walk-next").click()
    for phone, choice in zip(phones, ["Yes", "No", "Pass"], strict=True):
        phone.locator("#walk-choices").get_by_role("button", name=choice, exact=True).click()
    expect(projector.locator("#walk-answered")).to_have_text("3 answered")
    facilitator.locator("#walk-finish").click()
    expect(phones[0].locator("#walk-result-steps")).to_have_text("You took 1 step forward, out of 1 statement.")
    expect(phones[1].locator("#walk-result-steps")).to_have_text("You took 0 steps forward, out of 1 statement.")
    expect(phones[2].locator("#walk-result-answered")).to_have_text("You answered 1 of 1 statement, and 1 with Pass.")
    facilitator.locator("#walk-reveal").click()

    expect(projector.locator(".walk-too-few")).to_have_text(
        "Too few people completed the walk to show it (at least 5 needed).")
    expect(projector.locator("#walk-picture")).to_have_text(
        "Too few people completed the walk to show it (at least 5 needed).")
    expect(projector.locator(".walk-steps-row, .walk-dot, .walk-fact, .walk-debrief")).to_have_count(0)
    assert_no_console_problems(problems)
