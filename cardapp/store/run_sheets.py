"""Tables of the run-sheet and of organisations' workshop templates.

A run-sheet row holds the facilitator's clock for one workshop: when it began and when the shown
item became current (both to the minute), the discussion timer, and the opening and closing scripts
it was made with. Its item rows hold planned and spent minutes. Nothing here is about participants.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cardapp.store.models import Base


class RunSheet(Base):
    """The facilitator's clock and scripts for one workshop."""

    __tablename__ = "run_sheets"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    opening_script: Mapped[str | None] = mapped_column(Text, default=None)
    closing_script: Mapped[str | None] = mapped_column(Text, default=None)
    # To the minute: when the first item was shown, and when the shown item became current.
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    current_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    current_item_id: Mapped[int | None] = mapped_column(Integer, default=None)
    timer_length: Mapped[int] = mapped_column(Integer, default=0, doc="seconds the timer was set to")
    timer_left: Mapped[int] = mapped_column(Integer, default=0, doc="seconds left when it last stopped")
    timer_running_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    timer_on_projector: Mapped[bool] = mapped_column(Boolean, default=False)


class RunSheetItem(Base):
    """Planned and spent minutes of one agenda item."""

    __tablename__ = "run_sheet_items"

    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True)
    planned_minutes: Mapped[int | None] = mapped_column(Integer, default=None)
    spent_minutes: Mapped[int] = mapped_column(Integer, default=0)


class WorkshopTemplate(Base):
    """An organisation's own template: copies of an agenda's items with minutes, and its scripts (JSON)."""

    __tablename__ = "workshop_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, doc="a SavedTemplate as JSON")
    updated_on: Mapped[dt.date] = mapped_column(Date)
