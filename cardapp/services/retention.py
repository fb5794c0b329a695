"""How long a workshop's report is kept, deleting it when that time is up, and deleting it at once.

A workshop left open is ended by the server after a while (`end_abandoned_workshops`): otherwise its
per-person answers would never be deleted, since only ending a workshop deletes them.

Deleting a workshop deletes everything of it (agenda, kept totals, reflections, agreements): the
foreign keys cascade, so nothing of a deleted workshop outlives it (promise 6), except what the
differencing rule must still weigh: the populations its group was shown per card
(`group_ledger.keep_before_deleting_workshops`), with no workshop, date or person.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from cardapp.domain.accounts import Actor
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.report import (
    abandoned_if_made_before,
    may_delete_workshops_of,
    oldest_kept_day,
    valid_retention_days,
)
from cardapp.services import audit, live
from cardapp.services.errors import Conflict, Forbidden, Invalid, NotFound
from cardapp.services.group_ledger import keep_before_deleting_workshops
from cardapp.services.programme_actions import collect_before_deletion
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.store import traces
from cardapp.store.database import Database
from cardapp.store.models import Organisation, Workshop


def end_abandoned_workshops(database: Database, today: dt.date) -> int:
    """End every workshop still open more than `ABANDONED_AFTER_DAYS` days after it was made; how many.

    Each is ended as its facilitator would end it (only totals the room saw are kept), by the server.
    """
    with database.transaction() as session:
        abandoned = list(session.scalars(select(Workshop.id).where(
            Workshop.status == WorkshopStatus.OPEN, Workshop.created_on < abandoned_if_made_before(today))))
    for workshop_id in abandoned:
        live.end_workshop(database, None, workshop_id, today)
    return len(abandoned)


def delete_expired_reports(database: Database, today: dt.date) -> int:
    """Delete every ended workshop whose organisation's retention period is over; how many were deleted."""
    with database.transaction() as session:
        organisations = session.execute(select(Organisation.id, Organisation.retention_days)).all()
        deleted = 0
        for organisation_id, retention_days in organisations:
            doomed = list(session.scalars(select(Workshop.id).where(
                Workshop.organisation_id == organisation_id, Workshop.status == WorkshopStatus.ENDED,
                Workshop.ended_on < oldest_kept_day(retention_days, today))))
            if doomed:
                for workshop in session.scalars(select(Workshop).where(Workshop.id.in_(doomed))):
                    audit.record_workshop(session, None, audit.AuditAction.WORKSHOP_DELETED, workshop)
                # Agreements are the organisation's to follow up: kept as programme actions first.
                collect_before_deletion(session, doomed)
                keep_before_deleting_workshops(session, doomed)
                session.execute(delete(Workshop).where(Workshop.id.in_(doomed)))
                deleted += len(doomed)
        # The audit log is kept as long as the reports: the same retention period, per organisation.
        audit.delete_expired_entries(session, today)
    if deleted:
        database.scrub_deleted(traces.WHOLE_WORKSHOP)  # no copy of a deleted report stays in the files
    return deleted


def retention_days(database: Database, actor: Actor) -> int | None:
    """The actor's organisation's retention period in days; None without an organisation."""
    with database.transaction() as session:
        organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        return organisation.retention_days if organisation else None


def set_retention_days(database: Database, actor: Actor, typed: str) -> int:
    """Set how many days the organisation keeps a report after its workshop ended (1 to 3650)."""
    if actor.organisation_id is None or not may_delete_workshops_of(actor, actor.organisation_id):
        raise Forbidden("report.retention_only_organisers")
    try:
        days = int(typed.strip())
    except ValueError:
        raise Invalid("report.retention_invalid") from None
    if not valid_retention_days(days):
        raise Invalid("report.retention_invalid")
    with database.transaction() as session:
        organisation = session.get(Organisation, actor.organisation_id)
        if organisation is None:
            raise NotFound("account.no_such_organisation")
        organisation.retention_days = days
    return days


def deletable_workshop(database: Database, actor: Actor, workshop_id: int) -> tuple[str, str]:
    """The title and status of a workshop the actor may delete now; refused while it runs."""
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop.not_found")
        check_runs_workshops_of(actor, workshop.organisation_id)
        if not may_delete_workshops_of(actor, workshop.organisation_id):
            raise Forbidden("report.delete_only_organisers")
        if workshop.status == WorkshopStatus.OPEN:
            raise Conflict("report.delete_running")
        return workshop.title, workshop.status


def delete_workshop(database: Database, actor: Actor, workshop_id: int) -> str:
    """Delete a workshop and its report at once; the deleted workshop's title."""
    title, _status = deletable_workshop(database, actor, workshop_id)
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is not None and workshop.status != WorkshopStatus.OPEN:
            audit.record_workshop(session, actor, audit.AuditAction.WORKSHOP_DELETED, workshop)
            keep_before_deleting_workshops(session, [workshop_id])
        session.execute(delete(Workshop).where(Workshop.id == workshop_id, Workshop.status != WorkshopStatus.OPEN))
    database.scrub_deleted(traces.WHOLE_WORKSHOP)
    return title
