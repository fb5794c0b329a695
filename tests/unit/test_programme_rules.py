"""The programme's rules: renewal, what is due, the year plan's months, links, and the guidelines' text form."""

from __future__ import annotations

import datetime as dt

import pytest

from cardapp.domain.guidelines import RiskForGuidelines, draft_text, parsed_document, version_texts
from cardapp.domain.programme import (
    ActionStatus,
    ActionView,
    MeasureStatus,
    MeasureView,
    Month,
    ProgrammeRuleBroken,
    by_month,
    cleaned_line,
    cleaned_link,
    due_before_renewal,
    may_rename_or_hide,
    needs_review,
    parsed_month,
    renewal_date,
)

TODAY = dt.date(2027, 6, 1)


def test_the_label_is_renewed_two_years_after_the_award_even_from_a_leap_day():
    assert renewal_date(dt.date(2026, 5, 20)) == dt.date(2028, 5, 20)
    assert renewal_date(dt.date(2028, 2, 29)) == dt.date(2030, 2, 28)


def test_what_is_due_before_the_renewal_leaves_out_what_is_done_hidden_or_due_after_it():
    renewal = dt.date(2028, 5, 20)
    due = due_before_renewal(
        [MeasureView("Risk map", MeasureStatus.DONE, None, False),
         MeasureView("Guidelines", MeasureStatus.IN_PROGRESS, dt.date(2027, 9, 1), False),
         MeasureView("Hidden", MeasureStatus.NOT_STARTED, None, True),
         MeasureView("Later", MeasureStatus.NOT_STARTED, dt.date(2029, 1, 1), False),
         MeasureView("Recruitment", MeasureStatus.NOT_STARTED, None, False)],
        [ActionView("Open calls", ActionStatus.OPEN, dt.date(2027, 1, 1)),
         ActionView("Done already", ActionStatus.DONE, None),
         ActionView("Carried", ActionStatus.CARRIED_OVER, None)], renewal, TODAY)
    assert [(item.kind, item.title, item.late) for item in due] == [
        ("action", "Open calls", True), ("measure", "Guidelines", False), ("measure", "Recruitment", False),
        ("action", "Carried", False)]


def test_only_done_actions_leave_the_review_at_the_next_workshop():
    assert needs_review(ActionStatus.OPEN) and needs_review(ActionStatus.CARRIED_OVER)
    assert not needs_review(ActionStatus.DONE)


def test_only_added_measures_or_those_outside_the_label_may_be_renamed_or_hidden():
    assert not may_rename_or_hide("risk_map", in_label_programme=True)
    assert may_rename_or_hide("risk_map", in_label_programme=False)
    assert may_rename_or_hide(None, in_label_programme=True)


def test_the_year_plan_has_twelve_months_across_the_new_year_with_empty_ones_kept():
    first = parsed_month("2026-11", TODAY)
    grouped = by_month(first, [(dt.date(2027, 1, 5), "b"), (dt.date(2026, 11, 30), "a"), (dt.date(2027, 11, 1), "x")])
    assert [month.key() for month, _ in grouped][:3] == ["2026-11", "2026-12", "2027-01"]
    assert len(grouped) == 12 and grouped[-1][0] == Month(2027, 10)
    assert [entries for _, entries in grouped][:3] == [["a"], [], ["b"]]
    assert parsed_month("2027-13", TODAY) == Month(2027, 6) == parsed_month(None, TODAY)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "https://a b", "ftp://x"])
def test_an_evidence_link_is_http_or_https_only(link):
    with pytest.raises(ProgrammeRuleBroken):
        cleaned_link(link)
    assert cleaned_link(" https://example.org/x ") == "https://example.org/x"
    assert cleaned_link("") is None


def test_typed_lines_are_plain_text():
    assert cleaned_line("  Safety   representative ", 120) == "Safety representative"
    with pytest.raises(ProgrammeRuleBroken):
        cleaned_line("<b>boss</b>", 120)


def test_the_document_form_has_headings_items_and_paragraphs():
    blocks = parsed_document("# Title\n\nFirst line\nsame paragraph\n- one\n- two\n\nLast")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Title"), ("text", "First line same paragraph"), ("item", "one"), ("item", "two"),
        ("text", "Last")]


def test_a_draft_names_agreements_once_and_risks_with_their_measures_in_each_language():
    risks = [RiskForGuidelines("Alcohol at premieres", "high", ("No bar before the show",))]
    english = draft_text("en", ["We ask first", "We ask first"], risks, {"high": "very present"})
    assert english.count("- We ask first") == 1
    assert "- Alcohol at premieres (very present): No bar before the show" in english
    bokmal = draft_text("nb", [], [], {})
    assert "Ingen felles avtaler registrert ennå" in bokmal and "Ingen risikokartlegging" in bokmal


def test_a_version_needs_a_text_in_every_language():
    with pytest.raises(ProgrammeRuleBroken):
        version_texts({"en": "# x"})
    with pytest.raises(ProgrammeRuleBroken):
        version_texts({"en": "# x", "nb": "   "})
