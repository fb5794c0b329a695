"""The audit log page for organisers and admins: who changed what in the organisation, and when."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.services import audit
from cardapp.services.errors import ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page

blueprint = Blueprint("audit", __name__)


@blueprint.get("/organisation/audit")
@login_required  # type: ignore[untyped-decorator]
def audit_log() -> ResponseReturnValue:
    """Newest first, a page at a time; an organiser sees their organisation's log, an admin every one."""
    actor = require_actor()
    try:
        page = audit.entries_for(database(), actor, request.args.get("page", 1, type=int) or 1)
    except ServiceError as error:
        return service_error_page(error)
    return render_template("audit.html", log=page, all_organisations=actor.is_admin)
