"""The report of an ended workshop (page, CSV, JSON), and deleting a workshop with its report at once."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.report import may_delete_workshops_of
from cardapp.i18n import texts_with_prefix
from cardapp.services import retention
from cardapp.services.errors import ServiceError
from cardapp.services.report import workshop_report
from cardapp.services.report_formats import report_csv, report_document
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _, current_language

blueprint = Blueprint("reports", __name__)


def _download(body: str, mimetype: str, workshop_id: int, extension: str) -> Response:
    return Response(body.encode("utf-8"), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="workshop-{workshop_id}-report.{extension}"',
        "Cache-Control": "no-store"})


@blueprint.get("/workshops/<int:workshop_id>/report")
@blueprint.get("/workshops/<int:workshop_id>/results")
@login_required  # type: ignore[untyped-decorator]
def report(workshop_id: int) -> ResponseReturnValue:
    """The printable report: what the room saw, kept as totals, suppressed where too few answered."""
    actor = require_actor()
    try:
        found = workshop_report(database(), actor, workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    response = Response(render_template("workshops/report.html", report=found,
                                        kind_names=texts_with_prefix("report.kind.", current_language()),
                                        may_delete=may_delete_workshops_of(actor, found.organisation_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/workshops/<int:workshop_id>/report.csv")
@login_required  # type: ignore[untyped-decorator]
def report_as_csv(workshop_id: int) -> ResponseReturnValue:
    try:
        found = workshop_report(database(), require_actor(), workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    # The byte order mark lets spreadsheet programs read the file as UTF-8 (æ, ø, å).
    return _download("\ufeff" + report_csv(found), "text/csv", workshop_id, "csv")


@blueprint.get("/workshops/<int:workshop_id>/report.json")
@login_required  # type: ignore[untyped-decorator]
def report_as_json(workshop_id: int) -> ResponseReturnValue:
    try:
        found = workshop_report(database(), require_actor(), workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    text = json.dumps(report_document(found), ensure_ascii=False, indent=2)
    return _download(text, "application/json", workshop_id, "json")


@blueprint.route("/workshops/<int:workshop_id>/delete", methods=["GET", "POST"])
@login_required  # type: ignore[untyped-decorator]
def delete(workshop_id: int) -> ResponseReturnValue:
    """Ask first; then delete the workshop and its report, with nothing kept."""
    actor = require_actor()
    try:
        title, status = retention.deletable_workshop(database(), actor, workshop_id)
        if request.method == "GET":
            return render_template("workshops/delete.html", workshop_id=workshop_id, title=title, status=status)
        retention.delete_workshop(database(), actor, workshop_id)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("report.deleted", title=title))
    return redirect(url_for("workshops.workshop_list"), code=303)
