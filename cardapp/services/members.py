"""Who belongs to an organisation, as its own people see it: every account that can open its workshops.

The access rule (`Actor.may_run_workshops_of`) lets only members open a console, a moderation
queue or a report. So that no one reaches an organisation's workshops unseen, not even a server
admin asked to help, every member is listed on the organisation's page for its facilitators and
organisers to see.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cardapp.domain.accounts import Actor, Role
from cardapp.store.database import Database
from cardapp.store.models import User


@dataclass(frozen=True)
class Member:
    email: str
    role: Role
    active: bool


def members_of_own_organisation(database: Database, actor: Actor) -> list[Member]:
    """Every account of the actor's organisation, admins among them first; empty without one."""
    if actor.organisation_id is None:
        return []
    with database.transaction() as session:
        rows = session.execute(select(User.email, User.role, User.active)
                               .where(User.organisation_id == actor.organisation_id).order_by(User.email)).all()
    members = [Member(email, Role(role), active) for email, role, active in rows]
    return sorted(members, key=lambda member: member.role is not Role.ADMIN)
