"""The pulse's pages: an organiser makes one from risk factors, prints codes and opens it; phones answer
without an account; refusals say what happened; results and the comparison appear only after the close."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from types import SimpleNamespace

import pytest

from cardapp.domain.accounts import Role
from tests.support.accounts import csrf_token, post_form
from tests.web.programme.conftest import FACILITATOR, browser_of
from tests.web.test_report import FACTORS, TIME_OF_DAY

CODE = re.compile(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")
ANSWERS = {FACTORS[0]: "somewhat", FACTORS[1]: "somewhat", FACTORS[2]: "very", FACTORS[3]: "not_at_all"}


def make_pulse(organiser, workshop_id: int | None = None, minimum: str = "5") -> int:
    page = organiser.get("/programme/pulses").get_data(as_text=True)
    values = [re.search(rf'value="(\d+:{factor})"', page).group(1) for factor in FACTORS]  # type: ignore[union-attr]
    risk_measure = re.search(r'<option value="(\d+)">Risk map</option>', page).group(1)  # type: ignore[union-attr]
    closes_on = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    made = organiser.post("/programme/pulses", data={
        "csrf_token": csrf_token(organiser), "title": "Spring follow-up", "closes_on": closes_on,
        "min_answers": minimum, "workshop": str(workshop_id or ""), "measure": risk_measure, "card": values})
    assert made.status_code == 303, made.get_data(as_text=True)
    return int(made.headers["Location"].rsplit("/", 1)[1])


def issue_token(organiser, pulse_id: int) -> str:
    page = organiser.get(f"/programme/pulses/{pulse_id}").get_data(as_text=True)
    return re.search(r'name="issue_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def issue(organiser, pulse_id: int, count: int) -> list[str]:
    sheet = post_form(organiser, f"/programme/pulses/{pulse_id}/codes",
                      {"count": str(count), "format": "sheet", "issue_token": issue_token(organiser, pulse_id)})
    assert sheet.status_code == 200 and sheet.headers["Cache-Control"] == "no-store"
    html = sheet.get_data(as_text=True)
    assert html.count("<svg") == count and "/pulse#" in html  # a QR code per slip, the code after '#'
    return CODE.findall(html)


def answer(app, code: str, answers: dict[str, str] | None = None):
    phone = app.test_client()
    phone.get("/pulse")
    opened = post_form(phone, "/pulse", {"code": code})
    if opened.status_code != 200:
        return opened
    return post_form(phone, "/pulse/answers", {"code": code, **{f"q-{k}": v for k, v in (answers or ANSWERS).items()}})


def test_a_pulse_from_codes_to_results_and_then_versus_now(app, organiser, ended_risk_map):
    pulse_id = make_pulse(organiser, ended_risk_map.workshop_id)
    codes = issue(organiser, pulse_id, 7)
    assert len(set(codes)) == 7
    as_csv = post_form(organiser, f"/programme/pulses/{pulse_id}/codes",
                       {"count": "2", "format": "csv", "issue_token": issue_token(organiser, pulse_id)})
    rows = list(csv.reader(io.StringIO(as_csv.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == ["Code", "Link"] and rows[1][1].endswith(f"/pulse#{rows[1][0]}")

    early = answer(app, codes[0])
    assert early.status_code == 409 and "not open yet" in early.get_data(as_text=True)
    assert post_form(organiser, f"/programme/pulses/{pulse_id}/open", {}).status_code == 303

    missing = answer(app, codes[0], {FACTORS[0]: "very"})
    missing_html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "Your code has not been used yet" in missing_html
    # The three unanswered questions are named in the summary (focused by script) and marked on their fieldset.
    assert 'id="answers-problem"' in missing_html and 'tabindex="-1"' in missing_html
    assert [f'href="#answer-{n}-1"' in missing_html for n in (1, 2, 3, 4)] == [False, True, True, True]
    assert missing_html.count('aria-invalid="true"') == 3 and 'aria-describedby="missing-2 ' in missing_html
    assert "js/screens/pulse_questions.js" in missing_html and 'id="pulse-send"' in missing_html
    for code in codes[:6]:
        sent = answer(app, code)
        assert sent.status_code == 200 and "Your answers are counted" in sent.get_data(as_text=True)
        assert sent.headers["Cache-Control"] == "no-store"
    again = answer(app, codes[0])
    assert again.status_code == 409 and "already been used" in again.get_data(as_text=True)
    assert "If you just sent your answers, they were counted." in again.get_data(as_text=True)
    unknown = answer(app, "AAAAA-BBBBB")
    assert unknown.status_code == 404 and "or the pulse has closed" in unknown.get_data(as_text=True)

    while_open = organiser.get(f"/programme/pulses/{pulse_id}").get_data(as_text=True)
    assert 'id="answered">fewer than 5 ' in while_open  # today's answers count from tomorrow
    assert "Results are shown after the pulse closes" in while_open and "<table" not in while_open

    assert post_form(organiser, f"/programme/pulses/{pulse_id}/close", {}).status_code == 303
    closed = organiser.get(f"/programme/pulses/{pulse_id}").get_data(as_text=True)
    assert 'id="answered">6' in closed and closed.count('class="pulse-results"') == 4
    after_close = answer(app, codes[6])  # the codes went with the close: the message says it may be that
    assert after_close.status_code == 404 and "or the pulse has closed" in after_close.get_data(as_text=True)

    compared = organiser.get(f"/programme/compare?then=w{ended_risk_map.workshop_id}&now=p{pulse_id}")
    html = compared.get_data(as_text=True)
    assert compared.status_code == 200 and 'id="risk-then-now"' in html
    assert "less present" in html and "Not compared: too few answered on one side." in html
    programme = organiser.get("/programme").get_data(as_text=True)
    assert "Spring follow-up compared with" in programme

    pack = zipfile.ZipFile(io.BytesIO(organiser.get("/programme/evidence.zip").data))
    assert {"pulses.csv", "then_and_now.csv"} <= set(pack.namelist())
    pulses_csv = pack.read("pulses.csv").decode("utf-8-sig")
    assert "Spring follow-up" in pulses_csv and not TIME_OF_DAY.search(pulses_csv)
    assert not any(code in pulses_csv for code in codes)


def test_results_below_the_minimum_stay_hidden_after_the_close(app, organiser):
    pulse_id = make_pulse(organiser, minimum="7")
    codes = issue(organiser, pulse_id, 6)
    post_form(organiser, f"/programme/pulses/{pulse_id}/open", {})
    for code in codes:
        assert answer(app, code).status_code == 200
    post_form(organiser, f"/programme/pulses/{pulse_id}/close", {})
    closed = organiser.get(f"/programme/pulses/{pulse_id}").get_data(as_text=True)
    assert closed.count("Too few answered to show this (fewer than 7).") == 4
    assert "<table" not in closed and 'id="answered">fewer than 7' in closed


def test_facilitators_read_pulses_but_cannot_make_or_open_them(app, organiser):
    pulse_id = make_pulse(organiser)
    facilitator = browser_of(app, FACILITATOR, Role.FACILITATOR)
    assert facilitator.get(f"/programme/pulses/{pulse_id}").status_code == 200
    assert post_form(facilitator, f"/programme/pulses/{pulse_id}/open", {}).status_code == 403
    assert post_form(facilitator, f"/programme/pulses/{pulse_id}/codes", {"count": "3"}).status_code == 403


@pytest.mark.parametrize("language, words", [("nb", "Koden din")])
def test_the_answer_page_works_without_scripts_and_in_bokmal(app, language, words):
    page = app.test_client().get("/pulse", headers={"Accept-Language": language})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and words in html and 'method="post"' in html


@pytest.mark.parametrize("field, value, words", [
    ("min_answers", "²", "Minimum answers: write a whole number"),
    ("min_answers", "99999999999", "Minimum answers: write a whole number"),
    ("workshop", "99999999999", "The workshop it follows up: write a whole number"),
    ("measure", "٣", "The measure it is evidence for: write a whole number"),
])
def test_a_number_field_that_is_not_plain_digits_is_refused_by_name(organiser, field, value, words):
    closes_on = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    made = organiser.post("/programme/pulses", data={
        "csrf_token": csrf_token(organiser), "title": "Odd numbers", "closes_on": closes_on, "min_answers": "5",
        field: value})
    assert made.status_code == 422 and words in made.get_data(as_text=True)


def test_a_code_count_that_is_not_plain_digits_is_refused_by_name(organiser):
    pulse_id = make_pulse(organiser)
    refused = post_form(organiser, f"/programme/pulses/{pulse_id}/codes",
                        {"count": "²", "format": "sheet", "issue_token": issue_token(organiser, pulse_id)})
    assert refused.status_code == 422 and "How many codes: write a whole number" in refused.get_data(as_text=True)


@pytest.mark.parametrize("query", ["then=p²&now=p1", "then=p99999999999&now=w1", "then=w٣&now=p1"])
def test_compare_with_a_side_that_is_no_id_is_not_found(organiser, query):
    compared = organiser.get(f"/programme/compare?{query}")
    assert compared.status_code == 404 and "No such workshop or pulse." in compared.get_data(as_text=True)


def test_a_pulse_id_past_the_database_range_is_not_found(organiser):
    assert organiser.get("/programme/pulses/99999999999").status_code == 404
    assert post_form(organiser, "/programme/pulses/99999999999/open", {}).status_code == 404


def test_reloading_the_code_sheet_issues_no_second_batch_and_says_so(organiser):
    pulse_id = make_pulse(organiser)
    form = {"count": "3", "format": "sheet", "issue_token": issue_token(organiser, pulse_id)}
    first = post_form(organiser, f"/programme/pulses/{pulse_id}/codes", form)
    assert first.status_code == 200 and len(CODE.findall(first.get_data(as_text=True))) == 3
    for again in (form, {**form, "format": "csv"}, {**form, "issue_token": ""}):  # reload, resend, no token
        repeated = post_form(organiser, f"/programme/pulses/{pulse_id}/codes", again)
        html = repeated.get_data(as_text=True)
        assert repeated.status_code == 409 and "Nothing was issued: these codes were issued already" in html
        assert not CODE.findall(html) and 'id="codes-issued">3<' in html
    assert len(issue(organiser, pulse_id, 2)) == 2  # a fresh token from the page issues again
    assert 'id="codes-issued">5<' in organiser.get(f"/programme/pulses/{pulse_id}").get_data(as_text=True)


def test_an_open_pulse_shows_how_many_answered_only_from_the_minimum(app, organiser):
    pulse_id = make_pulse(organiser, minimum="3")
    codes = issue(organiser, pulse_id, 3)
    post_form(organiser, f"/programme/pulses/{pulse_id}/open", {})
    today = dt.date.today()
    for count, shown in ((2, "fewer than 3 "), (3, "3 ")):
        for code in codes[:count]:
            answer(app, code)
        with pytest.MonkeyPatch.context() as patch:  # the count shown while open is the day before's
            tomorrow = type("Tomorrow", (dt.date,), {"today": classmethod(lambda cls: today + dt.timedelta(days=1))})
            patch.setattr("cardapp.web.pulse.dt", SimpleNamespace(date=tomorrow, timedelta=dt.timedelta))
            page = organiser.get(f"/programme/pulses/{pulse_id}").get_data(as_text=True)
        assert f'id="answered">{shown}' in page


def test_the_new_pulse_form_keeps_the_chosen_workshop_and_measure(organiser, ended_risk_map):
    page = organiser.get("/programme/pulses").get_data(as_text=True)
    measure = re.search(r'<option value="(\d+)">Risk map</option>', page).group(1)  # type: ignore[union-attr]
    refused = organiser.post("/programme/pulses", data={
        "csrf_token": csrf_token(organiser), "title": "", "closes_on": "", "min_answers": "5",
        "workshop": str(ended_risk_map.workshop_id), "measure": measure})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert f'<option value="{ended_risk_map.workshop_id}" selected>' in html
    assert f'<option value="{measure}" selected>Risk map</option>' in html


def test_typing_a_code_tells_whether_it_was_used_without_spending_it(app, organiser):
    """What docs/privacy.md warns about: whoever holds a person's code can check whether they answered."""
    pulse_id = make_pulse(organiser)
    code = issue(organiser, pulse_id, 1)[0]
    post_form(organiser, f"/programme/pulses/{pulse_id}/open", {})
    checker = app.test_client()
    checker.get("/pulse")
    assert [post_form(checker, "/pulse", {"code": code}).status_code for _ in range(3)] == [200, 200, 200]
    assert answer(app, code).status_code == 200
    assert post_form(checker, "/pulse", {"code": code}).status_code == 409


def test_the_group_is_offered_from_the_organisations_labels_checked_for_length_and_fixed_once_open(organiser):
    pulse_id = make_pulse(organiser)
    page = f"/programme/pulses/{pulse_id}"
    assert post_form(organiser, page + "/group", {"group": "  Stage   crew "}).status_code == 303
    assert '<dd id="pulse-group">Stage crew</dd>' in organiser.get(page).get_data(as_text=True)
    form = organiser.get("/programme/pulses").get_data(as_text=True)
    assert '<datalist id="group-labels">' in form and '<option value="Stage crew">' in form
    assert "withheld" in form  # the field says why the label matters
    too_long = post_form(organiser, page + "/group", {"group": "x" * 61})
    assert too_long.status_code == 422 and "at most 60 characters" in too_long.get_data(as_text=True)
    assert post_form(organiser, page + "/group", {"group": "STAGE CREW"}).status_code == 303
    assert '<dd id="pulse-group">Stage crew</dd>' in organiser.get(page).get_data(as_text=True)  # one spelling
    assert post_form(organiser, page + "/group", {"group": ""}).status_code == 303
    assert '<dd id="pulse-group">Whole organisation</dd>' in organiser.get(page).get_data(as_text=True)
    assert post_form(organiser, page + "/open", {}).status_code == 303
    fixed = post_form(organiser, page + "/group", {"group": "Board"})
    assert fixed.status_code == 409 and 'id="group"' not in organiser.get(page).get_data(as_text=True)


def test_wrong_codes_from_one_address_are_limited_with_a_clear_page_in_both_languages(app, organiser):
    pulse_id = make_pulse(organiser)
    code = issue(organiser, pulse_id, 1)[0]
    assert post_form(organiser, f"/programme/pulses/{pulse_id}/open", {}).status_code == 303
    phone = app.test_client()
    phone.get("/pulse")
    assert post_form(phone, "/pulse", {"code": code}).status_code == 200  # an unused code costs nothing
    for _try in range(10):
        assert post_form(phone, "/pulse", {"code": "AAAAA-AAAAA"}).status_code == 404
    limited = post_form(phone, "/pulse", {"code": code})  # even a good code is not looked at now
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    page = limited.get_data(as_text=True)
    assert "Too many codes were tried from here" in page and code not in page
    sent = post_form(phone, "/pulse/answers", {"code": code, **{f"q-{k}": v for k, v in ANSWERS.items()}})
    assert sent.status_code == 429
    norsk = post_form(phone, "/pulse", {"code": code}, headers={"Accept-Language": "nb"})
    assert norsk.status_code == 429 and "Det er prøvd for mange koder herfra" in norsk.get_data(as_text=True)
