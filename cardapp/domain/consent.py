"""The consent round: each section of a guidelines draft put to the phones, "I can live with it",
"It needs changing", "I object", and the result written into the document's next version.

Each guideline's tally meets the minimum on its own (through `anonymity.tally`); below it nothing but
the total leaves the server. An objection is flagged only where the tally is shown, and never says
who: below the minimum even "someone objected" could point at one of two people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardapp.domain.anonymity import Results, tally
from cardapp.domain.guidelines import parsed_document
from cardapp.domain.programme import ProgrammeRuleBroken

KIND = "consent"
CARD_ID = "consent"
CHOICES: tuple[str, ...] = ("live_with", "change", "object")


@dataclass(frozen=True)
class Guideline:
    """One section of the document: its heading and its lines, in one language."""

    heading: str
    lines: tuple[str, ...]


def guidelines_of(text: str) -> list[Guideline]:
    """The document's sections after its title, each with its paragraphs and list items."""
    sections: list[tuple[str, list[str]]] = []
    titled = False
    for block in parsed_document(text):
        if block.kind == "heading":
            if titled:
                sections.append((block.text, []))
            titled = True  # the first heading is the document's title; its intro is no guideline
        elif sections:
            sections[-1][1].append(block.text)
    return [Guideline(heading, tuple(lines)) for heading, lines in sections]


def consent_card(titles: Mapping[str, str], version: int, texts: Mapping[str, str]) -> dict[str, Any]:
    """The agenda copy: each guideline in every language of the version that has the same sections."""
    by_language = {language: guidelines_of(text) for language, text in texts.items()}
    counts = {len(found) for found in by_language.values()}
    if not counts or max(counts) == 0:
        raise ProgrammeRuleBroken("programme.no_guidelines_to_consent")
    first = next(iter(by_language))
    # Languages edited apart (a section added in one only) cannot be paired: the first language alone then.
    languages = list(by_language) if len(counts) == 1 else [first]
    guidelines = [{"id": f"g{index + 1}",
                   "heading": {language: by_language[language][index].heading for language in languages},
                   "lines": {language: list(by_language[language][index].lines) for language in languages}}
                  for index in range(len(by_language[first]))]
    return {"id": CARD_ID, "kind": KIND, "text": dict(titles), "version": version, "guidelines": guidelines}


def guideline_ids(card: Mapping[str, Any]) -> list[str]:
    return [str(guideline["id"]) for guideline in card.get("guidelines", [])]


@dataclass(frozen=True)
class ConsentResult:
    guideline: str
    results: Results

    @property
    def objected(self) -> bool | None:
        """Whether anyone objected; None when the tally is suppressed (then nothing is said either way)."""
        if self.results.counts is None:
            return None
        return self.results.counts.get("object", 0) > 0


def tally_consent(answers: Iterable[tuple[str, str]], guidelines: Sequence[str],
                  min_answers: int) -> list[ConsentResult]:
    """Each guideline's tally from (guideline, choice) pairs; each meets the minimum on its own."""
    by_guideline: dict[str, list[str]] = {guideline: [] for guideline in guidelines}
    for guideline, choice in answers:
        if guideline in by_guideline and choice in CHOICES:
            by_guideline[guideline].append(choice)
    return [ConsentResult(guideline, tally(choices, CHOICES, min_answers))
            for guideline, choices in by_guideline.items()]


def consent_section(headings: Sequence[str], results: Sequence[ConsentResult], words: Mapping[str, str],
                    day: dt.date) -> str:
    """The lines the next version gets: per guideline its totals, an objection flagged, or "too few"."""
    lines = ["", f"# {words['heading'].format(date=day.isoformat())}"]
    for heading, result in zip(headings, results, strict=True):
        counts = result.results.counts
        if counts is None:
            lines.append(f"- {heading}: {words['too_few'].format(min=result.results.min_answers)}")
            continue
        line = words["totals"].format(live_with=counts["live_with"], change=counts["change"],
                                      object=counts["object"])
        flag = f" {words['objection']}" if result.objected else ""
        lines.append(f"- {heading}: {line}{flag}")
    return "\n".join(lines) + "\n"


# The words the next version of the guidelines gets, in each language of the document.
CONSENT_WORDS: dict[str, dict[str, str]] = {
    "en": {"heading": "Consent round of {date}",
           "too_few": "too few answers to show (at least {min} needed)",
           "totals": "{live_with} can live with it, {change} say it needs changing, {object} object.",
           "objection": "An objection was raised: talk it through before the guidelines are adopted."},
    "nb": {"heading": "Samtykkerunde {date}",
           "too_few": "for få svar til å vises (minst {min} trengs)",
           "totals": "{live_with} kan leve med den, {change} mener den må endres, {object} protesterer.",
           "objection": "Det kom en innvending: snakk den gjennom før retningslinjene vedtas."},
}
