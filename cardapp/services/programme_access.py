"""Whose programme a request may read or change: organisers edit, the organisation's facilitators read.

Programme rows of another organisation are simply not found, as workshops are.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.programme import DEFAULT_MEASURES, ProgrammeRuleBroken
from cardapp.services.errors import Forbidden, Invalid, NotFound
from cardapp.store.database import Database
from cardapp.store.models import Workshop
from cardapp.store.programme import Programme, ProgrammeMeasure

Row = TypeVar("Row")


def readable_organisation(actor: Actor) -> int:
    """The organisation whose programme the actor reads: their own. An admin without one has none."""
    if actor.organisation_id is None:
        raise NotFound("programme.no_organisation")
    return actor.organisation_id


def editable_organisation(actor: Actor) -> int:
    organisation_id = readable_organisation(actor)
    if not actor.may_edit_decks_of(organisation_id):
        raise Forbidden("programme.organisers_only")
    return organisation_id


def owned(row: Row | None, organisation_id: int, key: str) -> Row:
    """The row when it belongs to the organisation; another organisation's row is not found."""
    if row is None or getattr(row, "organisation_id", None) != organisation_id:
        raise NotFound(key)
    return row


def draft_workshop_to_run(session: Session, actor: Actor, organisation_id: int, workshop_id: int) -> Workshop:
    """A draft workshop of the organisation that the actor may run: where programme items are added."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None or workshop.organisation_id != organisation_id \
            or not actor.may_run_workshops_of(workshop.organisation_id):
        raise NotFound("workshop.not_found")
    if workshop.status != WorkshopStatus.DRAFT:
        raise Invalid("workshop.already_started")
    return workshop


def invalid(error: ProgrammeRuleBroken) -> Invalid:
    return Invalid(error.key)


def ensure_programme(database: Database, organisation_id: int) -> None:
    """The programme row and the six default measures, made on first use (two first visits at once are fine)."""
    try:
        with database.transaction() as session:
            if session.get(Programme, organisation_id) is not None:
                return
            session.add(Programme(organisation_id=organisation_id, in_label_programme=True))
            for position, key in enumerate(DEFAULT_MEASURES):
                session.add(ProgrammeMeasure(organisation_id=organisation_id, default_key=key, position=position,
                                             status="not_started", hidden=False))
    except IntegrityError:
        pass  # another request made them a moment ago


def programme_of(session: Session, organisation_id: int) -> Programme:
    programme = session.get(Programme, organisation_id)
    if programme is None:  # ensure_programme runs first; a programme deleted in between is not found
        raise NotFound("programme.no_organisation")
    return programme
