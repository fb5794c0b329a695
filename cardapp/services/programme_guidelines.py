"""The guidelines: a draft from agreements, top risks and the template; versions kept; adoption by a body."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cardapp.domain import guidelines as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.guidelines import RiskForGuidelines
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.programme import MAX_ROLE, ProgrammeRuleBroken, cleaned_line, parsed_date
from cardapp.domain.risk_map import KIND as RISK_MAP
from cardapp.services import audit
from cardapp.services.errors import Conflict
from cardapp.services.programme_access import editable_organisation, invalid, owned, readable_organisation
from cardapp.services.programme_actions import action_rows, collect_agreements
from cardapp.services.report import workshop_report
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.programme import GuidelineVersion

# The risk maps of this many latest workshops that kept one feed the draft.
LATEST_RISK_MAPS = 3


@dataclass(frozen=True)
class Version:
    id: int
    number: int
    texts: dict[str, str]
    made_on: dt.date
    adopted_on: dt.date | None
    adopted_by: str | None

    @property
    def adopted(self) -> bool:
        return self.adopted_on is not None


def _version(row: GuidelineVersion) -> Version:
    return Version(row.id, row.number, json.loads(row.texts), row.made_on, row.adopted_on, row.adopted_by)


def versions(database: Database, actor: Actor) -> list[Version]:
    """Every version, newest first."""
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        return [_version(row) for row in session.scalars(select(GuidelineVersion).where(
            GuidelineVersion.organisation_id == organisation_id).order_by(GuidelineVersion.number.desc()))]


def version(database: Database, actor: Actor, version_id: int) -> Version:
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        return _version(owned(session.get(GuidelineVersion, version_id), organisation_id, "programme.no_such_version"))


def latest_adopted(database: Database, actor: Actor) -> Version | None:
    return next((found for found in versions(database, actor) if found.adopted), None)


def top_risks(database: Database, actor: Actor) -> list[RiskForGuidelines]:
    """The ranked factors of the latest risk maps, most present first, as their reports keep them.

    Built from the reports, so a factor too few answered is never placed (suppression already applied).
    """
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        workshop_ids = list(session.scalars(
            select(Workshop.id).join(AgendaItem, AgendaItem.workshop_id == Workshop.id)
            .where(Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED,
                   AgendaItem.kind == RISK_MAP, AgendaItem.final_counts.is_not(None))
            .group_by(Workshop.id).order_by(func.max(Workshop.ended_on).desc(), Workshop.id.desc())
            .limit(LATEST_RISK_MAPS)))
    ranked: dict[str, tuple[float, RiskForGuidelines]] = {}
    for workshop_id in workshop_ids:
        for risk_map in workshop_report(database, actor, workshop_id).risk_maps:
            for factor in risk_map.factors:
                if factor.rank is None or factor.score is None or factor.name in ranked:
                    continue  # unplaced, or already taken from a later map
                ranked[factor.name] = (factor.score, RiskForGuidelines(factor.name, factor.level, factor.measures))
    return [risk for _score, risk in sorted(ranked.values(), key=lambda pair: -pair[0])][:rules.TOP_RISKS]


def make_draft(database: Database, actor: Actor, today: dt.date,
               level_names: Mapping[str, Mapping[str, str]]) -> Version:
    """A new version drafted from the organisation's guideline agreements, top risks and the template."""
    organisation_id = editable_organisation(actor)
    risks = top_risks(database, actor)
    with database.transaction() as session:
        collect_agreements(session, organisation_id)
        agreements = [action.text for action in action_rows(session, organisation_id) if action.kind == "guideline"]
        texts = {language: rules.draft_text(language, agreements, risks, level_names[language])
                 for language in rules.LANGUAGES}
        return _add_version(session, actor, organisation_id, texts, today)


def save_version(database: Database, actor: Actor, texts: Mapping[str, str], today: dt.date) -> Version:
    """An edited text becomes a new version; earlier versions stay as they were."""
    organisation_id = editable_organisation(actor)
    try:
        cleaned = rules.version_texts(texts)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    with database.transaction() as session:
        return _add_version(session, actor, organisation_id, cleaned, today)


def _add_version(session: Session, actor: Actor, organisation_id: int, texts: dict[str, str],
                 today: dt.date) -> Version:
    last = session.scalar(select(func.max(GuidelineVersion.number)).where(
        GuidelineVersion.organisation_id == organisation_id))
    row = GuidelineVersion(organisation_id=organisation_id, number=(last or 0) + 1,
                           texts=json.dumps(texts, ensure_ascii=False), made_on=today)
    session.add(row)
    session.flush()
    record_version(session, actor, AuditAction.GUIDELINES_VERSION_ADDED, row)
    return _version(row)


def record_version(session: Session, actor: Actor | None, action: AuditAction, row: GuidelineVersion) -> None:
    """An entry about a version of the guidelines, named by its number."""
    audit.record(session, actor, action, SubjectKind.GUIDELINES, row.id, str(row.number),
                 organisation_id=row.organisation_id)


def adopt(database: Database, actor: Actor, version_id: int, adopted_on: str, adopted_by: str) -> Version:
    """A version adopted on a day by a body (board, management); an adopted version never changes."""
    organisation_id = editable_organisation(actor)
    try:
        day = parsed_date(adopted_on, required=True)
        body = cleaned_line(adopted_by, MAX_ROLE)
    except ProgrammeRuleBroken as error:
        raise invalid(error) from None
    with database.transaction() as session:
        row = owned(session.get(GuidelineVersion, version_id), organisation_id, "programme.no_such_version")
        if row.adopted_on is not None:
            raise Conflict("programme.already_adopted")
        row.adopted_on, row.adopted_by = day, body
        record_version(session, actor, AuditAction.GUIDELINES_ADOPTED, row)
        return _version(row)
