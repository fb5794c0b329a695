"""Dates and numbers on pages are written in the reader's language; the machine-readable date stays ISO."""

from __future__ import annotations

import re

import pytest

from tests.support.accounts import post_form
from tests.web.programme.test_guidelines_and_evidence import make_draft

ADOPTED_LINES = {
    "en": 'Adopted on <time datetime="2027-03-01">1 March 2027</time> by Board &amp; staff.',
    "nb": 'Vedtatt <time datetime="2027-03-01">1. mars 2027</time> av Board &amp; staff.',
    "nn": 'Vedteken <time datetime="2027-03-01">1. mars 2027</time> av Board &amp; staff.',
    "da": 'Vedtaget den <time datetime="2027-03-01">1. marts 2027</time> af Board &amp; staff.',
    "sv": 'Antagen den <time datetime="2027-03-01">1 mars 2027</time> av Board &amp; staff.',
}


@pytest.fixture
def adopted_version(organiser) -> int:
    version_id = make_draft(organiser)
    adopted = post_form(organiser, f"/programme/guidelines/{version_id}/adopt",
                        {"adopted_on": "2027-03-01", "adopted_by": "Board & staff"})
    assert adopted.status_code == 303
    return version_id


@pytest.mark.parametrize("language", sorted(ADOPTED_LINES))
def test_the_adoption_date_is_written_in_the_browsers_language_with_its_iso_date_kept(
        organiser, adopted_version, language):
    page = organiser.get(f"/programme/guidelines/{adopted_version}", headers={"Accept-Language": language})
    html = page.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert f'<p id="adoption">{ADOPTED_LINES[language]}</p>' in html  # what was typed stays text: &amp;


def test_the_adoption_form_keeps_an_iso_date_for_the_browser_whatever_the_language(organiser):
    version_id = make_draft(organiser)
    danish = organiser.get(f"/programme/guidelines/{version_id}", headers={"Accept-Language": "da"})
    html = danish.get_data(as_text=True)
    assert re.search(r'name="adopted_on" type="date" required value="\d{4}-\d\d-\d\d"', html)  # today


def test_the_renewal_date_and_the_plans_dates_follow_the_language_chosen(organiser):
    assert post_form(organiser, "/programme/award", {"in_label_programme": "yes",
                                                     "awarded_on": "2026-05-20"}).status_code == 303
    assert post_form(organiser, "/programme/plan", {"planned_on": "2027-12-04", "title": "December talk",
                                                    "group_name": "", "deck": "", "measure": ""}).status_code == 303
    swedish = organiser.get("/programme", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<dd id="renewal-on"><time datetime="2028-05-20">20 maj 2028</time></dd>' in swedish
    organiser.set_cookie("cardapp_lang", "nn")
    plan = organiser.get("/programme/plan?from=2027-01").get_data(as_text=True)
    assert '<time datetime="2027-12-04">4. desember 2027</time>: December talk' in plan
