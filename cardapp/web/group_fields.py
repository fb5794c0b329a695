"""The group field of the workshop and pulse forms (templates/_group_field.html): the organisation's
labels to pick from, so one group is spelled one way, and the length the domain allows."""

from __future__ import annotations

from typing import Any

from cardapp.domain.accounts import Actor
from cardapp.domain.groups import MAX_GROUP_LENGTH
from cardapp.services import groups
from cardapp.web.context import database


def group_field(actor: Actor, value: str | None) -> dict[str, Any]:
    """What the field's template needs: the value shown, the labels offered, the longest label."""
    return {"group_value": value or "", "group_labels": groups.labels_of(database(), actor),
            "group_max": MAX_GROUP_LENGTH}
