"""The programme's changes on the organiser's audit log page, in both languages, with who made them."""

from __future__ import annotations

import html
import re

from tests.support.accounts import post_form
from tests.web.programme.conftest import ORGANISER


def rows_of(browser, language: str) -> list[tuple[str, str]]:
    page = html.unescape(browser.get("/organisation/audit", headers={"Accept-Language": language})
                         .get_data(as_text=True))
    rows = re.findall(r"<tr>\s*<td><time[^>]*>[^<]+</time></td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>", page)
    return [(who.strip(), what.strip()) for who, what in rows]


def test_an_organiser_reads_who_added_a_measure_and_planned_a_conversation_in_both_languages(organiser):
    assert post_form(organiser, "/programme/measures", {"title": "Buddy system on tour"}).status_code == 303
    assert post_form(organiser, "/programme/plan", {"planned_on": "2027-01-15", "title": "January talk",
                                                    "group_name": "Ensemble"}).status_code == 303
    assert rows_of(organiser, "en") == [
        (ORGANISER, "Planned the conversation January talk"),
        (ORGANISER, "Added the measure Buddy system on tour"),
    ]
    assert rows_of(organiser, "nb") == [
        (ORGANISER, "Planla samtalen January talk"),
        (ORGANISER, "La til tiltaket Buddy system on tour"),
    ]


def test_a_refused_programme_change_leaves_the_log_empty(organiser):
    refused = post_form(organiser, "/programme/measures", {"title": ""}, headers={"Accept": "application/json"})
    assert refused.status_code == 422
    assert rows_of(organiser, "en") == []
