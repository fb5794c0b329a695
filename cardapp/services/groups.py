"""Group labels of an organisation's workshops and pulses: chosen on the forms, one spelling each.

The differencing ledger holds across one group (`services/group_ledger.py`); a workshop or pulse
without a label belongs to the whole organisation. A label can change only before the workshop
starts or the pulse opens: afterwards its results may already have been weighed against the group.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.groups import GroupLabelHidden, GroupLabelTooLong, normalised_group
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.pulse import PulseStatus
from cardapp.services.errors import Conflict, Invalid, NotFound
from cardapp.services.group_ledger import group_labels
from cardapp.services.programme_access import editable_organisation, owned, readable_organisation
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.store.database import Database
from cardapp.store.models import Workshop
from cardapp.store.pulse import Pulse


def chosen_group(session: Session, organisation_id: int, typed: str | None) -> str | None:
    """The label to store for what was typed (None: the whole organisation), in an existing spelling."""
    try:
        return normalised_group(typed, group_labels(session, organisation_id))
    except (GroupLabelTooLong, GroupLabelHidden) as refused:
        raise Invalid(refused.key) from None


def labels_of(database: Database, actor: Actor) -> list[str]:
    """The organisation's group labels in use, offered on the forms."""
    if actor.organisation_id is None:
        return []
    with database.transaction() as session:
        return group_labels(session, actor.organisation_id)


def set_workshop_group(database: Database, actor: Actor, workshop_id: int, typed: str | None) -> str | None:
    """Relabel a workshop that has not started; returns the label stored."""
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop.not_found")
        check_runs_workshops_of(actor, workshop.organisation_id)
        if workshop.status != WorkshopStatus.DRAFT:
            raise Invalid("workshop.already_started")
        workshop.group_label = chosen_group(session, workshop.organisation_id, typed)
        return workshop.group_label


def set_pulse_group(database: Database, actor: Actor, pulse_id: int, typed: str | None) -> str | None:
    """Relabel a pulse that has not opened; returns the label stored."""
    organisation_id = editable_organisation(actor)
    with database.transaction() as session:
        pulse = owned(session.get(Pulse, pulse_id), organisation_id, "pulse.not_found")
        if pulse.status != PulseStatus.DRAFT:
            raise Conflict("pulse.already_opened")
        pulse.group_label = chosen_group(session, organisation_id, typed)
        return pulse.group_label


def readable_labels(database: Database, actor: Actor) -> list[str]:
    """The labels, for a reader of the programme (organisers and the organisation's facilitators)."""
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        return group_labels(session, organisation_id)
