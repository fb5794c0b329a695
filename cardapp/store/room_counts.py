"""How many phones are in each workshop's room: joined and not left, whatever their connection does.

Open sockets are the wrong measure: a phone whose screen locks drops its connection but is still in
the room, and its answer still counts. So the count comes from the participants' rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from cardapp.store.models import Participant


def joined_not_left(session: Any, workshop_ids: Iterable[int]) -> dict[int, int]:
    """For each workshop: its participants that have not tapped "Leave the workshop" (0 when none)."""
    wanted = list(workshop_ids)
    rows = session.execute(select(Participant.workshop_id, func.count(Participant.id))
                           .where(Participant.workshop_id.in_(wanted), Participant.left.is_(False))
                           .group_by(Participant.workshop_id)).all()
    counts = dict.fromkeys(wanted, 0)
    counts.update({workshop_id: count for workshop_id, count in rows})
    return counts
