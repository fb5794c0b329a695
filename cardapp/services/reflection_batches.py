"""Written reflections move in batches, never one by one as they were sent (docs/privacy.md, "Timing").

A text reaches the console's moderation queue together with others: as soon as enough wait, at a
fixed boundary of the clock, or when answers close. Approved texts reach the projector as a batch
of at least the minimum, after answers close, listed in an order that changes with every batch.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cardapp.domain.anonymity import least_waiting_to_release, new_batch_due, release_due
from cardapp.domain.lifecycle import ItemStatus, ReflectionStatus, WorkshopStatus
from cardapp.store.models import AgendaItem, Reflection, Workshop


def release_waiting(session: Session, item: AgendaItem, answers_closed: bool = False) -> bool:
    """Send the item's waiting texts to the moderation queue if the rule says now; True if it did."""
    waiting = session.scalar(select(func.count(Reflection.id)).where(
        Reflection.item_id == item.id, Reflection.released.is_(False))) or 0
    if not release_due(waiting, boundary_passed=False, answers_closed=answers_closed):
        return False
    session.execute(update(Reflection).where(Reflection.item_id == item.id, Reflection.released.is_(False))
                    .values(released=True))
    return True


def release_all_waiting(session: Session, boundary_passed: bool) -> set[int]:
    """A boundary of the clock passed: the waiting texts of every item of an open workshop where enough
    wait go to its queue together. Returns the workshops concerned."""
    rows = session.execute(select(AgendaItem.id, AgendaItem.workshop_id)
                           .join(Reflection, Reflection.item_id == AgendaItem.id)
                           .join(Workshop, Workshop.id == AgendaItem.workshop_id)
                           .where(Reflection.released.is_(False), Workshop.status == WorkshopStatus.OPEN)
                           .group_by(AgendaItem.id, AgendaItem.workshop_id)
                           .having(func.count(Reflection.id) >= least_waiting_to_release(boundary_passed))).all()
    if rows:
        session.execute(update(Reflection).where(Reflection.item_id.in_([item_id for item_id, _w in rows]),
                                                 Reflection.released.is_(False)).values(released=True))
    return {workshop_id for _item, workshop_id in rows}


def show_new_batch(session: Session, item: AgendaItem, min_answers: int) -> None:
    """Approved texts not yet shown join the projector's list as one batch, if the rule allows it now."""
    unshown = select(Reflection.id).where(Reflection.item_id == item.id, Reflection.shown_batch.is_(None),
                                          Reflection.status == ReflectionStatus.APPROVED)
    count = len(session.scalars(unshown).all())
    if not new_batch_due(count, min_answers, item.status == ItemStatus.CLOSED):
        return
    last = session.scalar(select(func.max(Reflection.shown_batch)).where(Reflection.item_id == item.id)) or 0
    session.execute(update(Reflection).where(Reflection.id.in_(unshown.scalar_subquery()))
                    .values(shown_batch=last + 1))


def shown_batches(session: Session, item: AgendaItem) -> list[list[str]]:
    """The texts of each batch shown so far, batch by batch."""
    rows = session.execute(select(Reflection.shown_batch, Reflection.text)
                           .where(Reflection.item_id == item.id, Reflection.shown_batch.is_not(None))
                           .order_by(Reflection.shown_batch, Reflection.public_id)).all()
    batches: dict[int, list[str]] = {}
    for batch, text in rows:
        if batch is not None:
            batches.setdefault(batch, []).append(text)
    return [batches[number] for number in sorted(batches)]
