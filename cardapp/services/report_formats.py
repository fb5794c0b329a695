"""The workshop report as JSON and as CSV, from the same data the page shows.

Both formats use stable English codes for what a value is (a program or a spreadsheet formula can
rely on them) and the workshop's own texts as they were. Suppressed parts say only `suppressed`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from cardapp.domain.anonymity import Results
from cardapp.services.report_parts import WorkshopReport

CSV_COLUMNS = ("section", "position", "item", "key", "round", "value")
# A spreadsheet runs a cell starting with one of these as a formula; a typed text must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _results(results: Results) -> dict[str, Any]:
    if results.counts is None:
        return {"suppressed": True}
    return {"suppressed": False, "total": results.total, "counts": dict(results.counts)}


def report_document(report: WorkshopReport) -> dict[str, Any]:
    """The report as one JSON document."""
    participants = report.participants
    return {
        "workshop": {
            "title": report.title,
            "language": report.language,
            "ended_on": report.ended_on.isoformat() if report.ended_on else None,
            "deck": report.deck_title,
            "min_answers": report.min_answers,
            "participants": {"about": participants.about, "fewer_than": participants.fewer_than},
        },
        "agenda": [{"position": entry.position + 1, "kind": entry.kind, "text": entry.text}
                   for entry in report.agenda],
        "statements": [{
            "position": statement.position + 1,
            "text": statement.text,
            "rounds": [_results(results) for results in statement.rounds],
            "shift": None if statement.shift is None else [
                {"choice": shift.choice, "change": shift.change} for shift in statement.shift],
            "not_compared": statement.not_compared,
            "withheld_round": statement.withheld_round,
        } for statement in report.statements],
        "power_walks": [{"position": walk.position + 1, "title": walk.title, "suppressed": True,
                         "statements": walk.statements} if walk.suppressed else {
            "position": walk.position + 1, "title": walk.title, "suppressed": False,
            "statements": walk.statements, "completed": walk.completed, "partial": walk.partial,
            "people_by_steps": [{"from": low, "to": high, "people": people} for low, high, people in walk.bars],
            "passes": walk.passes,
            "dimensions": [{"id": d.id, "title": d.title, "yes": d.yes, "no": d.no, "pass": d.passes}
                           for d in walk.dimensions],
        } for walk in report.power_walks],
        "risk_maps": [{"position": risk.position + 1, "factors": [{
            "rank": factor.rank, "id": factor.id, "name": factor.name, **_results(factor.results),
            "score": None if factor.score is None else round(factor.score, 2), "level": factor.level,
            "measures": list(factor.measures),
        } for factor in risk.factors]} for risk in report.risk_maps],
        "reflections": [{"position": group.position + 1, "text": group.text, "reflections": list(group.reflections)}
                        for group in report.reflections],
        "agreements": [{"kind": a.kind, "factor": a.factor, "factor_name": a.factor_name, "text": a.text}
                       for a in report.agreements],
        "question_boxes": [{"position": box.position + 1, "questions": [
            {"text": question.text, "votes": question.votes} for question in box.questions]}
            for box in report.question_boxes],
    }


def _cell(value: object) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def report_rows(report: WorkshopReport) -> list[tuple[object, ...]]:
    """One row per fact, long format: section, position (1-based), item text, key, round, value."""
    rows: list[tuple[object, ...]] = []
    participants = report.participants
    rows += [
        ("workshop", None, None, "title", None, report.title),
        ("workshop", None, None, "ended_on", None, report.ended_on.isoformat() if report.ended_on else None),
        ("workshop", None, None, "deck", None, report.deck_title),
        ("workshop", None, None, "min_answers", None, report.min_answers),
    ]
    if participants.fewer_than is not None:
        rows.append(("workshop", None, None, "participants_fewer_than", None, participants.fewer_than))
    elif participants.about is not None:
        rows.append(("workshop", None, None, "participants_about", None, participants.about))
    rows += [("agenda", entry.position + 1, entry.text, "kind", None, entry.kind) for entry in report.agenda]
    for statement in report.statements:
        for number, results in enumerate(statement.rounds, start=1):
            if results.counts is None:
                rows.append(("statement", statement.position + 1, statement.text, "suppressed", number, None))
                continue
            rows += [("statement", statement.position + 1, statement.text, choice, number, count)
                     for choice, count in results.counts.items()]
        if len(statement.rounds) > 1:
            if statement.shift is None:
                rows.append(("shift", statement.position + 1, statement.text, "not_compared", None,
                             statement.not_compared))
            else:
                rows += [("shift", statement.position + 1, statement.text, shift.choice, None, shift.change)
                         for shift in statement.shift]
    for walk in report.power_walks:
        if walk.suppressed:
            rows.append(("power_walk", walk.position + 1, walk.title, "suppressed", None, None))
            continue
        rows.append(("power_walk", walk.position + 1, walk.title, "completed", None, walk.completed))
        rows.append(("power_walk", walk.position + 1, walk.title, "partial", None, walk.partial))
        rows += [("power_walk", walk.position + 1, walk.title, f"people_with_{low}_to_{high}_steps", None, people)
                 for low, high, people in walk.bars]
        for dimension in walk.dimensions:
            rows += [("power_dimension", walk.position + 1, dimension.title, key, None, value)
                     for key, value in (("yes", dimension.yes), ("no", dimension.no), ("pass", dimension.passes))]
    for risk in report.risk_maps:
        position = risk.position + 1  # like every section: the card's place on the agenda
        for factor in risk.factors:
            # The rank is a fact of its own; an empty value means the factor was not ranked.
            rows.append(("risk_factor", position, factor.name, "rank", None, factor.rank))
            if factor.results.counts is None:
                rows.append(("risk_factor", position, factor.name, "suppressed", None, None))
            else:
                rows += [("risk_factor", position, factor.name, choice, None, count)
                         for choice, count in factor.results.counts.items()]
                if factor.score is not None:
                    rows.append(("risk_factor", position, factor.name, "score", None, f"{factor.score:.2f}"))
            rows += [("measure", position, factor.name, "measure", None, text) for text in factor.measures]
    for group in report.reflections:
        rows += [("reflection", group.position + 1, group.text, "reflection", None, text)
                 for text in group.reflections]
    rows += [("agreement", None, a.factor_name, a.kind, None, a.text) for a in report.agreements]
    for box in report.question_boxes:
        rows += [("question", box.position + 1, question.text, "votes", None, question.votes)
                 for question in box.questions]
    return rows


def report_csv(report: WorkshopReport) -> str:
    """The report as CSV text (UTF-8, with a header row), safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(report):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
