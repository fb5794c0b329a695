"""Who belongs to an organisation, as its own people see it: every account that can open its workshops,
and everyone invited who has not signed up yet.

The access rule (`Actor.may_run_workshops_of`) lets only members open a console, a moderation
queue or a report. So that no one reaches an organisation's workshops unseen, not even a server
admin asked to help (an organiser invites them), every member is listed on the organisation's page
for its facilitators and organisers to see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from cardapp.domain.accounts import Actor, Role
from cardapp.store.database import Database
from cardapp.store.models import Invitation, User


@dataclass(frozen=True)
class Member:
    email: str
    role: Role
    status: str  # "active", "blocked" or "invited"


def members_of_own_organisation(database: Database, actor: Actor, now: dt.datetime) -> list[Member]:
    """Every account of the actor's organisation, then open invitations to it; empty without one."""
    if actor.organisation_id is None:
        return []
    with database.transaction() as session:
        users = session.execute(select(User.email, User.role, User.active)
                                .where(User.organisation_id == actor.organisation_id).order_by(User.email)).all()
        invited = session.execute(select(Invitation.email, Invitation.role, Invitation.expires_at)
                                  .where(Invitation.organisation_id == actor.organisation_id,
                                         Invitation.used.is_(False), Invitation.email.is_not(None))
                                  .order_by(Invitation.email)).all()
    members = [Member(email, Role(role), "active" if active else "blocked") for email, role, active in users]
    # SQLite hands back naive UTC times.
    open_invitations = [Member(str(email), Role(role), "invited") for email, role, expires_at in invited
                        if (expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=dt.UTC)) > now]
    return members + open_invitations
