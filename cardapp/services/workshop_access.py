"""The one check before anything of a workshop is shown or done for a signed-in person.

The rule itself is `Actor.may_run_workshops_of`; here it becomes the error each caller turns into
a page, a refused connection or an acknowledgement.
"""

from __future__ import annotations

from cardapp.domain.accounts import ADMIN_NOT_MEMBER, Actor
from cardapp.services.errors import Forbidden, NotFound


def check_runs_workshops_of(actor: Actor, organisation_id: int | None) -> None:
    """Nothing when the actor may run the organisation's workshops; else NotFound, or for an admin
    Forbidden with a message that says how to help (be invited by the organisation)."""
    reason = actor.refused_workshops_of(organisation_id)
    if reason == ADMIN_NOT_MEMBER:
        raise Forbidden(reason)
    if reason is not None:
        raise NotFound(reason)
