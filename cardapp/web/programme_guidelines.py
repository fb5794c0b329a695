"""Guidelines pages (draft, edit as a new version, adopt, .docx, printable page) and the evidence pack."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.guidelines import LANGUAGES, parsed_document
from cardapp.i18n import translate
from cardapp.services import programme_consent, programme_review
from cardapp.services import programme_guidelines as guidelines_service
from cardapp.services.errors import Invalid, ServiceError
from cardapp.services.programme_documents import guidelines_docx
from cardapp.services.programme_evidence import evidence_pack as make_evidence_pack
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.language import _, current_language, date_in
from cardapp.web.programme import default_measure_names, may_edit, refused

blueprint = Blueprint("programme_guidelines", __name__)
LEVELS = ("high", "medium", "low")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def _document_language() -> str:
    language = request.args.get("lang", current_language())
    return language if language in LANGUAGES else LANGUAGES[0]


def _adopted_line(found: guidelines_service.Version, language: str, *, for_print: bool = False) -> str | None:
    """The adoption line under the document: the date written out in the document's language on the
    printable page, ISO in the Word file (as every export keeps it)."""
    if found.adopted_on is None:
        return None
    day = date_in(found.adopted_on, language) if for_print else found.adopted_on.isoformat()
    return translate("programme.adopted_line", language, date=day, body=found.adopted_by)


@blueprint.get("/programme/guidelines")
@login_required  # type: ignore[untyped-decorator]
def guidelines() -> ResponseReturnValue:
    try:
        found = guidelines_service.versions(database(), require_actor())
    except ServiceError as error:
        return service_error_page(error)
    return render_template("programme/guidelines.html", versions=found, may_edit=may_edit())


@blueprint.post("/programme/guidelines/draft")
@login_required  # type: ignore[untyped-decorator]
def make_draft() -> ResponseReturnValue:
    """A new version from the agreements, the top risks and the template."""
    levels = {language: {level: translate(f"programme.level.{level}", language) for level in LEVELS}
              for language in LANGUAGES}
    try:
        made = guidelines_service.make_draft(database(), require_actor(), dt.date.today(), levels)
    except ServiceError as error:
        return service_error_page(error)
    flash(_("programme.draft_version_made", number=made.number))
    return redirect(url_for("programme_guidelines.show", version_id=made.id), code=303)


@blueprint.get("/programme/guidelines/<int:version_id>")
@login_required  # type: ignore[untyped-decorator]
def show(version_id: int) -> ResponseReturnValue:
    return _version_page(version_id)


def _version_page(version_id: int, problem: str | None = None, status: int = 200,
                  typed: dict[str, str] | None = None) -> ResponseReturnValue:
    try:
        found = guidelines_service.version(database(), require_actor(), version_id)
    except ServiceError as error:
        return service_error_page(error)
    drafts = programme_review.draft_workshops(database(), require_actor())
    return render_template("programme/version.html", version=found, may_edit=may_edit(), problem=problem, drafts=drafts,
                           texts=typed or found.texts, document_languages=LANGUAGES,
                           blocks=parsed_document(found.texts.get(current_language(), found.texts[LANGUAGES[0]])),
                           today=dt.date.today()), status


@blueprint.post("/programme/guidelines/<int:version_id>")
@login_required  # type: ignore[untyped-decorator]
def save(version_id: int) -> ResponseReturnValue:
    """The edited text, saved as the next version (the one edited stays as it was)."""
    typed = {language: request.form.get(f"text_{language}", "") for language in LANGUAGES}
    try:
        guidelines_service.version(database(), require_actor(), version_id)  # only one's own versions are edited
        saved = guidelines_service.save_version(database(), require_actor(), typed, dt.date.today())
    except ServiceError as error:
        return refused(error, lambda problem, status: _version_page(version_id, problem, status, typed))
    flash(_("programme.version_saved", number=saved.number))
    return redirect(url_for("programme_guidelines.show", version_id=saved.id), code=303)


@blueprint.post("/programme/guidelines/<int:version_id>/adopt")
@login_required  # type: ignore[untyped-decorator]
def adopt(version_id: int) -> ResponseReturnValue:
    try:
        adopted = guidelines_service.adopt(database(), require_actor(), version_id,
                                           request.form.get("adopted_on", ""), request.form.get("adopted_by", ""))
    except ServiceError as error:
        return refused(error, lambda problem, status: _version_page(version_id, problem, status))
    flash(_("programme.adopted", number=adopted.number))
    return redirect(url_for("programme_guidelines.show", version_id=version_id), code=303)


@blueprint.post("/programme/guidelines/<int:version_id>/consent")
@login_required  # type: ignore[untyped-decorator]
def add_consent_round(version_id: int) -> ResponseReturnValue:
    """A consent round on this version at the end of a draft workshop; its agenda page follows."""
    workshop_id = request.form.get("workshop", type=int)
    titles = {language: translate("live.consent.title", language) for language in LANGUAGES}
    try:
        if workshop_id is None:
            raise Invalid("programme.choose_workshop")
        programme_consent.add_consent_round(database(), require_actor(), workshop_id, version_id, titles)
    except ServiceError as error:
        return refused(error, lambda problem, status: _version_page(version_id, problem, status))
    flash(_("programme.consent_added"))
    return redirect(url_for("workshops.agenda", workshop_id=workshop_id), code=303)


@blueprint.get("/programme/guidelines/<int:version_id>/guidelines.docx")
@login_required  # type: ignore[untyped-decorator]
def as_docx(version_id: int) -> ResponseReturnValue:
    language = _document_language()
    try:
        found = guidelines_service.version(database(), require_actor(), version_id)
    except ServiceError as error:
        return service_error_page(error)
    body = guidelines_docx(found.texts[language], _adopted_line(found, language), language)
    return _download(body, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     f"guidelines-v{found.number}-{language}.docx")


@blueprint.get("/programme/guidelines/<int:version_id>/print")
@login_required  # type: ignore[untyped-decorator]
def printable(version_id: int) -> ResponseReturnValue:
    language = _document_language()
    try:
        found = guidelines_service.version(database(), require_actor(), version_id)
    except ServiceError as error:
        return service_error_page(error)
    return render_template("programme/print.html", version=found, document_language=language,
                           blocks=parsed_document(found.texts[language]),
                           adopted_line=_adopted_line(found, language, for_print=True))


@blueprint.get("/programme/evidence.zip")
@login_required  # type: ignore[untyped-decorator]
def evidence_pack() -> ResponseReturnValue:
    """Totals only, for the label's renewal."""
    try:
        body = make_evidence_pack(database(), require_actor(), dt.date.today(), default_measure_names(), _,
                                  current_language())
    except ServiceError as error:
        return service_error_page(error)
    return _download(body, "application/zip", "evidence-pack.zip")
