"""Finding the organisation a command names, by its name (any case) or its id, never by guessing."""

from __future__ import annotations

import difflib

from cardapp.cli.environment import fail, server_authority
from cardapp.services import accounts
from cardapp.store.database import Database


def find_organisation_id(database: Database, name_or_id: str, advice: str = "") -> int:
    """The id of the organisation with this name (first) or id, or exit 1 with a line naming the closest one."""
    known = accounts.list_organisations(database, server_authority())
    wanted = " ".join(name_or_id.split())
    by_name = {organisation.name.lower(): organisation for organisation in known}
    by_id = {str(organisation.id): organisation for organisation in known}
    found = by_name.get(wanted.lower()) or by_id.get(wanted)
    if found is not None:
        return found.id
    close = difflib.get_close_matches(wanted.lower(), list(by_name), n=1)
    hint = f" Did you mean {by_name[close[0]].name!r} (id {by_name[close[0]].id})?" if close else ""
    fail(f"there is no organisation called {name_or_id!r} and none with that id.{hint}{advice}")
