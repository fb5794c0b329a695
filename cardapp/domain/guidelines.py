"""The guidelines document: a draft from the organisation's agreements, its risks and the shipped template,
and the simple text form it is edited in (`# ` starts a heading, `- ` a list item, other lines paragraphs).

The draft holds only what the organisation already keeps: agreements typed in its workshops and the
top risks of its reports, whose suppression already happened there. Nothing about a person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cardapp.domain.guideline_template import TEMPLATE
from cardapp.domain.programme import ProgrammeRuleBroken

LANGUAGES: tuple[str, ...] = ("en", "nb")
MAX_DOCUMENT = 40_000
MAX_BODY = 120
TOP_RISKS = 5


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "item" or "text"
    text: str


@dataclass(frozen=True)
class RiskForGuidelines:
    """A top risk as a report keeps it: its name, its level word and the measures agreed for it."""

    name: str
    level: str | None
    measures: tuple[str, ...]


def parsed_document(text: str) -> list[Block]:
    """The blocks of a document: headings, list items and paragraphs (lines of one paragraph joined)."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            blocks.append(Block("text", " ".join(paragraph)))
            paragraph.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("# "):
            close()
            blocks.append(Block("heading", line[2:].strip()))
        elif line.startswith("- "):
            close()
            blocks.append(Block("item", line[2:].strip()))
        else:
            paragraph.append(line)
    close()
    return blocks


def cleaned_document(text: str) -> str:
    """An edited document as stored: line ends made plain, within the length limit, not empty."""
    cleaned = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
    if not cleaned:
        raise ProgrammeRuleBroken("programme.text_required")
    if len(cleaned) > MAX_DOCUMENT:
        raise ProgrammeRuleBroken("programme.text_too_long")
    return cleaned


def draft_text(language: str, agreements: Sequence[str], risks: Sequence[RiskForGuidelines],
               level_names: Mapping[str, str]) -> str:
    """The first draft in one language: the template with the organisation's agreements and top risks in it."""
    words = TEMPLATE[language]
    lines = [f"# {words['title']}", "", words["intro"], "", f"# {words['agreements_heading']}"]
    lines += [f"- {text}" for text in dict.fromkeys(agreements)] or [words["no_agreements"]]
    lines += ["", f"# {words['risks_heading']}", words["risks_intro"]]
    for risk in risks[:TOP_RISKS]:
        level = f" ({level_names[risk.level]})" if risk.level is not None and risk.level in level_names else ""
        measures = "; ".join(risk.measures) if risk.measures else words["no_measures"]
        lines.append(f"- {risk.name}{level}: {measures}")
    if not risks:
        lines.append(words["no_risks"])
    for section in ("not_tolerated", "contacts", "handling", "reactions", "outside_help", "made_known"):
        lines += ["", f"# {words[section + '_heading']}", *words[section].split("\n")]
    return "\n".join(lines).strip() + "\n"


def version_texts(texts: Mapping[str, str]) -> dict[str, str]:
    """Each interface language's text, cleaned; a version holds all of them."""
    if set(texts) != set(LANGUAGES):
        raise ProgrammeRuleBroken("programme.every_language")
    return {language: cleaned_document(texts[language]) for language in LANGUAGES}
