"""The differencing decision at a pulse's close, beside what its group has already been shown.

A pulse's question is shown at its close only if `anonymity.may_disclose` allows its population beside
every population the same group (`domain/groups.py`) has already seen of the same card, in workshops
and closed pulses (`services/group_ledger.py`, shared with the workshops' reveals). The decision is
made once, at the close, and kept on the pulse.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from cardapp.domain.anonymity import may_disclose
from cardapp.services.group_ledger import shown_in_group
from cardapp.store.pulse import Pulse


def withheld_at_close(session: Session, pulse: Pulse, cards: Iterable[str], responses: int) -> dict[str, str]:
    """The questions of `pulse` that may not be shown, and why, beside all its group has been shown."""
    shown = shown_in_group(session, pulse.organisation_id, pulse.group_label, cards, except_pulse=pulse.id)
    withheld = {}
    for card in sorted(shown):
        reason = may_disclose(responses, shown[card], pulse.min_answers)
        if reason is not None:
            withheld[card] = reason
    return withheld
