"""The consent round's rules: sections as guidelines, the tally with its minimum, the flag, the next version's lines."""

from __future__ import annotations

import datetime as dt

import pytest

from cardapp.domain.consent import (
    CONSENT_WORDS,
    consent_card,
    consent_section,
    guidelines_of,
    tally_consent,
)
from cardapp.domain.programme import ProgrammeRuleBroken

TEXT = "# Title\nIntro.\n# Stop\n- We say stop.\nAnd we stop.\n# Alcohol\n- No bar before the show.\n"


def test_each_section_after_the_title_is_one_guideline():
    found = guidelines_of(TEXT)
    assert [(g.heading, g.lines) for g in found] == [("Stop", ("We say stop.", "And we stop.")),
                                                      ("Alcohol", ("No bar before the show.",))]


def test_the_card_pairs_languages_with_the_same_sections_and_falls_back_to_one_otherwise():
    paired = consent_card({"en": "C"}, 2, {"en": TEXT, "nb": TEXT.replace("Stop", "Stopp")})
    assert paired["guidelines"][0]["heading"] == {"en": "Stop", "nb": "Stopp"} and paired["version"] == 2
    lopsided = consent_card({"en": "C"}, 2, {"en": TEXT, "nb": "# Tittel\n# Bare en\n"})
    assert lopsided["guidelines"][0]["heading"] == {"en": "Stop"}
    with pytest.raises(ProgrammeRuleBroken):
        consent_card({"en": "C"}, 1, {"en": "# Only a title\n"})


def test_each_guideline_meets_the_minimum_on_its_own_and_an_objection_is_flagged_only_when_shown():
    answers = [("g1", "live_with")] * 4 + [("g1", "object"), ("g2", "object"), ("g2", "object"), ("g9", "object"),
                                           ("g1", "maybe")]
    first, second = tally_consent(answers, ["g1", "g2"], 5)
    assert first.results.counts == {"live_with": 4, "change": 0, "object": 1} and first.objected is True
    assert second.results.counts is None and second.results.total == 2 and second.objected is None


def test_the_next_version_gets_totals_flags_and_too_few_in_its_own_language():
    results = tally_consent([("g1", "live_with")] * 5 + [("g2", "change")] * 2, ["g1", "g2"], 5)
    lines = consent_section(["Stop", "Alcohol"], results, CONSENT_WORDS["nb"], dt.date(2027, 3, 1))
    assert "# Samtykkerunde 2027-03-01" in lines
    assert "- Stop: 5 kan leve med den, 0 mener den må endres, 0 protesterer." in lines
    assert "- Alcohol: for få svar til å vises (minst 5 trengs)" in lines
    assert "innvending" not in lines
