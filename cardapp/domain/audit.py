"""What the audit log may hold: the changes organisers account for, to the minute, never a participant.

An entry says who (a user's id and email at the time, or the server itself), what (one of the
actions below, on a deck, a member, a workshop, a template, or the programme: its award, a measure, a
planned conversation, an action, the guidelines or a pulse), which one and when.
Nothing a participant did or wrote ever becomes an entry: participants have no accounts, and the
actions are only those of signed-in people and of the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

SUMMARY_LIMIT = 300
PAGE_SIZE = 50
# The roles a live command is given with (the audit entry's detail): the full console, or the moderator view.
COMMAND_ROLES = ("facilitator", "moderator")


class AuditAction(StrEnum):
    DECK_CREATED = "deck.created"
    DECK_CHANGED = "deck.changed"
    DECK_DELETED = "deck.deleted"
    MEMBER_ROLE_CHANGED = "member.role_changed"  # detail: the new role
    MEMBER_MOVED = "member.moved"  # to another organisation, or to none
    MEMBER_BLOCKED = "member.blocked"
    MEMBER_UNBLOCKED = "member.unblocked"
    WORKSHOP_CREATED = "workshop.created"
    WORKSHOP_STARTED = "workshop.started"
    WORKSHOP_ENDED = "workshop.ended"
    WORKSHOP_DELETED = "workshop.deleted"
    # A live command from a console or a moderator view. detail: the role ("facilitator" or "moderator");
    # the summary names the command, never its payload (no reflection, question or answer is ever logged).
    WORKSHOP_COMMAND = "workshop.command"
    PROGRAMME_CHANGED = "programme.changed"
    TEMPLATE_CHANGED = "template.changed"
    AWARD_CHANGED = "programme.award_changed"  # taking part in the label programme, or the award date
    EVIDENCE_PACK_DOWNLOADED = "programme.evidence_pack_downloaded"
    MEASURE_ADDED = "measure.added"
    MEASURE_STATUS_CHANGED = "measure.status_changed"
    MEASURE_CHANGED = "measure.changed"  # the responsible role, the due date, the notes or the link
    MEASURE_EVIDENCE_CHANGED = "measure.evidence_changed"
    MEASURE_RENAMED = "measure.renamed"
    MEASURE_HIDDEN = "measure.hidden"
    MEASURE_SHOWN = "measure.shown"
    CONVERSATION_ADDED = "conversation.added"
    CONVERSATION_REMOVED = "conversation.removed"
    CONVERSATION_DRAFTED = "conversation.drafted"  # turned into a draft workshop
    ACTION_STATUS_CHANGED = "action.status_changed"
    ACTION_CHANGED = "action.changed"  # the responsible role or the due date
    GUIDELINES_VERSION_ADDED = "guidelines.version_added"
    GUIDELINES_ADOPTED = "guidelines.adopted"
    PULSE_CREATED = "pulse.created"
    PULSE_OPENED = "pulse.opened"
    PULSE_CLOSED = "pulse.closed"  # by an organiser, or by the server on its closing day
    PULSE_CODES_ISSUED = "pulse.codes_issued"  # the summary says how many, never which
    PULSE_DELETED = "pulse.deleted"


class SubjectKind(StrEnum):
    DECK = "deck"
    MEMBER = "member"
    WORKSHOP = "workshop"
    PROGRAMME = "programme"
    TEMPLATE = "template"
    MEASURE = "measure"
    CONVERSATION = "conversation"
    ACTION = "action"
    GUIDELINES = "guidelines"
    PULSE = "pulse"


@dataclass(frozen=True)
class MeasureState:
    """What of a measure the log tells apart; `evidence` holds the ids of the workshops shown as evidence."""

    status: str
    responsible: str | None
    due_on: dt.date | None
    notes: str | None
    link: str | None
    evidence: frozenset[int]
    title: str | None
    hidden: bool


def member_changes(before: tuple[str, int | None, bool], after: tuple[str, int | None, bool]
                   ) -> list[tuple[AuditAction, str | None]]:
    """The entries a change of (role, organisation, active) makes, each with its detail (the new role)."""
    changes: list[tuple[AuditAction, str | None]] = []
    if before[0] != after[0]:
        changes.append((AuditAction.MEMBER_ROLE_CHANGED, after[0]))
    if before[1] != after[1]:
        changes.append((AuditAction.MEMBER_MOVED, None))
    if before[2] != after[2]:
        changes.append((AuditAction.MEMBER_UNBLOCKED if after[2] else AuditAction.MEMBER_BLOCKED, None))
    return changes


def measure_changes(before: MeasureState, after: MeasureState) -> list[AuditAction]:
    """The entries one save of a measure makes: one per kind of change, none when nothing changed."""
    changes: list[AuditAction] = []
    if before.status != after.status:
        changes.append(AuditAction.MEASURE_STATUS_CHANGED)
    if (before.responsible, before.due_on, before.notes, before.link) != (
            after.responsible, after.due_on, after.notes, after.link):
        changes.append(AuditAction.MEASURE_CHANGED)
    if before.evidence != after.evidence:
        changes.append(AuditAction.MEASURE_EVIDENCE_CHANGED)
    if before.title != after.title:
        changes.append(AuditAction.MEASURE_RENAMED)
    if before.hidden != after.hidden:
        changes.append(AuditAction.MEASURE_SHOWN if before.hidden else AuditAction.MEASURE_HIDDEN)
    return changes


def action_changes(before: tuple[str, str | None, dt.date | None], after: tuple[str, str | None, dt.date | None]
                   ) -> list[AuditAction]:
    """The entries a change of an action's (status, responsible role, due date) makes."""
    changes: list[AuditAction] = []
    if before[0] != after[0]:
        changes.append(AuditAction.ACTION_STATUS_CHANGED)
    if before[1:] != after[1:]:
        changes.append(AuditAction.ACTION_CHANGED)
    return changes


def command_summary(workshop_title: str, event: str) -> str:
    """A live command's summary: the workshop and the command's name, nothing it carried."""
    return f"{workshop_title} · {event}"


def to_the_minute(moment: dt.datetime) -> dt.datetime:
    """When, as the log keeps it: UTC, seconds dropped (the minute is enough to account for a change)."""
    return moment.astimezone(dt.UTC).replace(second=0, microsecond=0)


def cleaned_summary(text: str) -> str:
    """One line of at most SUMMARY_LIMIT characters, for example a deck's or a workshop's title."""
    line = " ".join(text.split())
    return line if len(line) <= SUMMARY_LIMIT else line[: SUMMARY_LIMIT - 1] + "…"


def page_count(entries: int, page_size: int = PAGE_SIZE) -> int:
    """How many pages `entries` fill; an empty log still has its one (empty) page."""
    return max(1, -(-entries // page_size))
