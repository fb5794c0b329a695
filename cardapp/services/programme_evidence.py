"""The evidence pack for the label's renewal: one .zip of totals and the adopted guidelines.

Only what the organisation keeps as totals goes in: workshops held per measure (counts), the risk
maps' rankings as their reports keep them (suppressed factors unranked, without counts), actions
and how many are in each status, and the adopted guidelines. No participant, no answer, no time of day.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select

from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.programme import ActionStatus
from cardapp.domain.risk_map import KIND as RISK_MAP
from cardapp.services import audit, programme, programme_guidelines, pulse_evidence
from cardapp.services.programme_access import readable_organisation
from cardapp.services.programme_documents import guidelines_docx
from cardapp.services.report import workshop_report
from cardapp.services.report_formats import FORMULA_STARTS
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop


def _cell(value: Any) -> Any:
    """Typed text stays text: a spreadsheet would run a cell starting with "=" as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the mark lets spreadsheets read æ, ø, å


def evidence_pack(database: Database, actor: Actor, today: dt.date, default_names: Mapping[str, str],
                  words: Callable[[str], str], language: str = "en") -> bytes:
    """The .zip: summary.json, measures.csv, risk_maps.csv, actions.csv, the adopted guidelines (.docx) and,
    once a pulse has closed, pulses.csv and then_and_now.csv."""
    organisation_id = readable_organisation(actor)
    page = programme.programme_page(database, actor, today, default_names)
    measures = [m for m in page.measures if not m.hidden]
    measure_rows = [[programme.measure_title(m, default_names), words(f"programme.status.{m.status.value}"),
                     m.responsible, m.due_on.isoformat() if m.due_on else "",
                     sum(1 for e in m.evidence if e.has_report), m.link or ""] for m in measures]
    risk_rows = _risk_rows(database, actor, organisation_id)
    statuses = Counter(action.status for action in page.actions)
    action_rows = [[a.text, words(f"programme.kind.{a.kind}"), a.factor_name or "",
                    words(f"programme.action_status.{a.status.value}"), a.responsible,
                    a.due_on.isoformat() if a.due_on else "", a.workshop_title, a.noted_on.isoformat()]
                   for a in page.actions]
    adopted = programme_guidelines.latest_adopted(database, actor)
    pulse_rows = pulse_evidence.pulse_rows(database, actor, words, language, today)
    trend_rows = pulse_evidence.trend_rows(database, actor, measures, default_names, language, today)
    summary = {
        "made_on": today.isoformat(),
        "in_label_programme": page.in_label_programme,
        "awarded_on": page.awarded_on.isoformat() if page.awarded_on else None,
        "renewal_on": page.renewal_on.isoformat() if page.renewal_on else None,
        "workshops_held_per_measure": {row[0]: row[4] for row in measure_rows},
        "measures_done": sum(1 for m in measures if m.status.value == "done"),
        "measures": len(measures),
        "actions_by_status": {status.value: statuses.get(status, 0) for status in ActionStatus},
        "risk_maps": len({row[0] for row in risk_rows}),
        "pulses_closed": len({row[0] for row in pulse_rows}),
        "guidelines_adopted": None if adopted is None else {
            "version": adopted.number, "adopted_on": adopted.adopted_on.isoformat() if adopted.adopted_on else None,
            "adopted_by": adopted.adopted_by},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr("summary.json", json.dumps(summary, ensure_ascii=False, indent=2))
        pack.writestr("measures.csv", _csv([words("programme.csv.measure"), words("programme.status"),
                                            words("programme.responsible"), words("programme.due_on"),
                                            words("programme.csv.workshops_held"), words("programme.link")],
                                           measure_rows))
        pack.writestr("risk_maps.csv", _csv([words("programme.csv.workshop"), words("programme.csv.ended_on"),
                                             words("programme.csv.rank"), words("programme.csv.factor"),
                                             words("programme.csv.level"), words("programme.csv.score"),
                                             words("programme.csv.answers"), words("programme.csv.measures")],
                                            risk_rows))
        pack.writestr("actions.csv", _csv([words("programme.csv.action"), words("programme.csv.kind"),
                                           words("programme.csv.factor"), words("programme.status"),
                                           words("programme.responsible"), words("programme.due_on"),
                                           words("programme.csv.workshop"), words("programme.csv.noted_on")],
                                          action_rows))
        if pulse_rows:
            pack.writestr("pulses.csv", _csv([words("programme.csv.pulse"), words("programme.csv.ended_on"),
                                              words("programme.csv.question"), words("programme.csv.answer"),
                                              words("programme.csv.people")], pulse_rows))
            pack.writestr("then_and_now.csv", _csv([
                words("programme.csv.measure"), words("programme.csv.pulse"), words("programme.csv.workshop"),
                words("compare.trend.less"), words("compare.trend.more"), words("compare.trend.same"),
                words("programme.csv.scenarios_moved"), words("programme.csv.not_compared")], trend_rows))
        if adopted is not None:
            line = words("programme.adopted_line").format(
                date=adopted.adopted_on.isoformat() if adopted.adopted_on else "", body=adopted.adopted_by or "")
            for language, text in adopted.texts.items():
                pack.writestr(f"guidelines-v{adopted.number}-{language}.docx", guidelines_docx(text, line, language))
    with database.transaction() as session:  # the pack is made: who took the organisation's figures away
        audit.record(session, actor, AuditAction.EVIDENCE_PACK_DOWNLOADED, SubjectKind.PROGRAMME, organisation_id,
                     programme.organisation_name(session, organisation_id), organisation_id=organisation_id)
    return buffer.getvalue()


def _risk_rows(database: Database, actor: Actor, organisation_id: int) -> list[list[Any]]:
    """Each kept risk map's ranking; a factor below the minimum is listed unranked, with no numbers."""
    with database.transaction() as session:
        workshop_ids = list(session.scalars(
            select(Workshop.id).join(AgendaItem, AgendaItem.workshop_id == Workshop.id)
            .where(Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED,
                   AgendaItem.kind == RISK_MAP, AgendaItem.final_counts.is_not(None))
            .group_by(Workshop.id).order_by(Workshop.id)))
    rows: list[list[Any]] = []
    for workshop_id in workshop_ids:
        report = workshop_report(database, actor, workshop_id)
        for risk_map in report.risk_maps:
            for factor in risk_map.factors:
                shown = factor.results.counts is not None
                rows.append([report.title, report.ended_on.isoformat() if report.ended_on else "",
                             factor.rank or "", factor.name, factor.level or "",
                             "" if factor.score is None else round(factor.score, 2),
                             factor.results.total if shown else "", "; ".join(factor.measures)])
    return rows
