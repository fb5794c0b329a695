"""The audit log for organisers: recording a change in the same transaction as the change, and reading it.

Other use cases record their own changes with `record`; see "The audit log" in docs/development.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cardapp.domain.accounts import Actor, Role
from cardapp.domain.audit import (
    COMMAND_ROLES,
    PAGE_SIZE,
    AuditAction,
    SubjectKind,
    cleaned_summary,
    command_summary,
    page_count,
    to_the_minute,
)
from cardapp.domain.report import oldest_kept_day
from cardapp.services.errors import Forbidden
from cardapp.store.audit import AuditEntry
from cardapp.store.database import Database
from cardapp.store.models import Organisation, User, Workshop

__all__ = ["AuditAction", "AuditPage", "EntryView", "SubjectKind", "delete_expired_entries", "entries_for",
           "may_read", "record", "record_command", "record_workshop"]

# Entries outside any organisation (an admin's own account) follow the default retention period.
DEFAULT_RETENTION_DAYS = 365


@dataclass(frozen=True)
class EntryView:
    at: dt.datetime
    actor_email: str | None  # None: the server itself (the command line or a scheduled job)
    action: AuditAction
    subject_kind: SubjectKind
    subject_id: int | None
    summary: str
    detail: str | None
    organisation_name: str | None


@dataclass(frozen=True)
class AuditPage:
    entries: list[EntryView]
    page: int
    pages: int


def record(
    session: Session, actor: Actor | None, action: AuditAction, subject_kind: SubjectKind, subject_id: int | None,
    summary: str, *, organisation_id: int | None, detail: str | None = None, now: dt.datetime | None = None,
) -> None:
    """Add one entry to the audit log, inside the caller's transaction, so it is kept only if the change is.

    - `session`: the session of the `database.transaction()` that makes the change.
    - `actor`: who made it; None (or the command line's user id 0) is the server itself. Their email
      is looked up now and kept as it is today.
    - `action`, `subject_kind`, `subject_id`: what changed, for example
      `AuditAction.DECK_CHANGED, SubjectKind.DECK, deck.id`.
    - `summary`: one short line for people, such as a deck's title or "facilitator → organiser".
      Never anything a participant did, wrote or is: no answers, counts, reflections or room codes.
    - `organisation_id`: whose log it goes to (the subject's organisation, not necessarily the actor's).
    - `detail`: a code the page translates (a member's new role), never free text.

    The time is kept to the minute. The same person making the same change to the same subject twice
    within a minute (a deck saved again and again) is one entry; for live commands, the same command
    in the same role (each command and role of the minute keeps its own entry).
    """
    at = to_the_minute(now or dt.datetime.now(dt.UTC))
    user_id = actor.user_id if actor is not None and actor.user_id else None
    email = session.scalar(select(User.email).where(User.id == user_id)) if user_id is not None else None
    repeated = select(AuditEntry.id).where(
        AuditEntry.at == at, AuditEntry.action == action.value, AuditEntry.subject_kind == subject_kind.value,
        _is(AuditEntry.subject_id, subject_id), _is(AuditEntry.actor_user_id, user_id),
        _is(AuditEntry.organisation_id, organisation_id))
    if action is AuditAction.WORKSHOP_COMMAND:
        repeated = repeated.where(AuditEntry.summary == cleaned_summary(summary), _is(AuditEntry.detail, detail))
    if session.scalar(repeated.limit(1)) is not None:
        return
    session.add(AuditEntry(organisation_id=organisation_id, actor_user_id=user_id, actor_email=email,
                           action=action.value, subject_kind=subject_kind.value, subject_id=subject_id,
                           summary=cleaned_summary(summary), detail=detail, at=at))


def record_workshop(session: Session, actor: Actor | None, action: AuditAction, workshop: Workshop) -> None:
    """`record` for a workshop: its title as the summary, in its organisation's log."""
    record(session, actor, action, SubjectKind.WORKSHOP, workshop.id, workshop.title,
           organisation_id=workshop.organisation_id)


def record_command(database: Database, actor: Actor, workshop_id: int, event: str, role: str,
                   now: dt.datetime | None = None) -> None:
    """A live command as given: by whom (a member of the organisation), in which role, which command.

    Recorded after the command succeeded, in its own transaction. Nothing the command carried is kept:
    a reflection's or question's id, a text or a choice would be about a participant.
    """
    if role not in COMMAND_ROLES:
        raise ValueError(f"unknown command role {role!r}")
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:  # deleted meanwhile: nothing left to account for
            return
        record(session, actor, AuditAction.WORKSHOP_COMMAND, SubjectKind.WORKSHOP, workshop.id,
               command_summary(workshop.title, event), organisation_id=workshop.organisation_id,
               detail=role, now=now)


def _is(column: InstrumentedAttribute[int | None] | InstrumentedAttribute[str | None],
        value: int | str | None) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def may_read(actor: Actor) -> bool:
    """Organisers read their organisation's log; admins read every organisation's; facilitators none."""
    return actor.is_admin or (actor.role is Role.ORGANISER and actor.organisation_id is not None)


def entries_for(database: Database, actor: Actor, page: int = 1) -> AuditPage:
    """One page of the log the actor may read, newest first: their organisation's, or every one for admins."""
    if not may_read(actor):
        raise Forbidden("ops.audit.forbidden")
    query = select(AuditEntry, Organisation.name).outerjoin(Organisation, Organisation.id == AuditEntry.organisation_id)
    counted = select(func.count(AuditEntry.id))
    if not actor.is_admin:
        query = query.where(AuditEntry.organisation_id == actor.organisation_id)
        counted = counted.where(AuditEntry.organisation_id == actor.organisation_id)
    with database.transaction() as session:
        pages = page_count(session.scalar(counted) or 0)
        page = min(max(page, 1), pages)
        rows = session.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                               .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
        return AuditPage([_view(entry, name) for entry, name in rows], page, pages)


def _view(entry: AuditEntry, organisation_name: str | None) -> EntryView:
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC
    return EntryView(at, entry.actor_email, AuditAction(entry.action), SubjectKind(entry.subject_kind),
                     entry.subject_id, entry.summary, entry.detail, organisation_name)


def delete_expired_entries(session: Session, today: dt.date) -> int:
    """Delete entries older than their organisation's retention period (run by the retention job); how many."""
    deleted = 0
    for organisation_id, retention_days in session.execute(select(Organisation.id, Organisation.retention_days)):
        deleted += _delete_before(session, AuditEntry.organisation_id == organisation_id,
                                  oldest_kept_day(retention_days, today))
    deleted += _delete_before(session, AuditEntry.organisation_id.is_(None),
                              oldest_kept_day(DEFAULT_RETENTION_DAYS, today))
    return deleted


def _delete_before(session: Session, whose: ColumnElement[bool], day: dt.date) -> int:
    first_kept = dt.datetime.combine(day, dt.time(), dt.UTC)
    result = session.execute(delete(AuditEntry).where(whose, AuditEntry.at < first_kept))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
