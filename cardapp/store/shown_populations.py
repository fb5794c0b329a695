"""The differencing ledger's memory of deleted workshops and pulses: per organisation, group and card,
the populations the group was shown.

A workshop's ledger lives on its agenda items and a pulse's on its tallies, and both go when the
workshop or pulse is deleted (by an organiser, or by the retention job). Without this table an
organiser who saw a result of 6, deleted the workshop and ran the same card with the same group of 7
would read one person's answer from the difference. A row holds only what the rule compares: the
organisation, the group label (None: the whole organisation), the card (or risk factor) and how many
people were in the aggregate. No workshop, pulse, date, answer or anything about a participant.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cardapp.store.models import Base


class ShownPopulation(Base):
    """A population a group of an organisation was shown of a card, kept after its source was deleted."""

    __tablename__ = "shown_populations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    group_label: Mapped[str | None] = mapped_column(String(60), default=None)
    card: Mapped[str] = mapped_column(String(64))
    population: Mapped[int] = mapped_column(Integer)
