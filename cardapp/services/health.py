"""What the readiness probe and the metrics ask of the database: reachable, and how many workshops are open."""

from __future__ import annotations

from sqlalchemy import func, select, text

from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.store.database import Database, DatabaseUnavailable
from cardapp.store.models import Workshop


def database_reachable(database: Database) -> bool:
    """One trivial query; False when the database cannot be reached."""
    try:
        with database.transaction() as session:
            session.execute(text("SELECT 1"))
    except DatabaseUnavailable:
        return False
    return True


def open_workshop_count(database: Database) -> int | None:
    """Workshops started and not yet ended, across all organisations; None when the database is away."""
    try:
        with database.transaction() as session:
            open_workshops = select(func.count()).select_from(Workshop).where(Workshop.status == WorkshopStatus.OPEN)
            return int(session.scalar(open_workshops) or 0)
    except DatabaseUnavailable:
        return None
