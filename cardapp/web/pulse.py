"""The organiser's pulse pages under the programme: make, open, print codes, close, read results, compare.

Organisers change pulses; the organisation's facilitators read them; nobody else finds them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets

import segno
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from cardapp.domain.anonymity import DEFAULT_MIN_ANSWERS, meets_minimum
from cardapp.domain.numbers import LARGEST_STORED, whole_number
from cardapp.domain.programme import ProgrammeRuleBroken, parsed_date
from cardapp.services import comparison, groups, pulse, pulse_choices, pulse_codes
from cardapp.services.errors import Invalid, ServiceError
from cardapp.web.auth import require_actor
from cardapp.web.context import database, service_error_page
from cardapp.web.group_fields import group_field
from cardapp.web.language import _, current_language
from cardapp.web.programme import default_measure_names, may_edit, refused
from cardapp.web.workshops import base_url

blueprint = Blueprint("pulse", __name__)


def _list_page(problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    actor = require_actor()
    try:
        pulses = pulse.pulses_of(database(), actor, dt.date.today())
        choices = pulse_choices.form_choices(database(), actor, current_language()) if may_edit() else None
    except ServiceError as error:
        return service_error_page(error)
    return render_template("programme/pulses.html", pulses=pulses, choices=choices, may_edit=may_edit(),
                           names=default_measure_names(), problem=problem, form=request.form,
                           **group_field(actor, request.form.get("group")),
                           default_minimum=DEFAULT_MIN_ANSWERS,
                           default_close=(dt.date.today() + dt.timedelta(days=90)).isoformat()), status


@blueprint.get("/programme/pulses")
@login_required  # type: ignore[untyped-decorator]
def pulses() -> ResponseReturnValue:
    return _list_page()


# Ids in these URLs stay within the database's integer: a larger one is simply not found (404).
PULSE = f"/programme/pulses/<int(max={LARGEST_STORED}):pulse_id>"


def _number(value: str | None, label: str) -> int | None:
    """A form's number field: None when left empty; refused (422, naming the field) when it is anything
    but digits 0-9 within the stored range, such as "²" or a number too large to store."""
    if not value:
        return None
    number = whole_number(value)
    if number is None:
        raise Invalid("pulse.not_a_number", field=_(label))
    return number


@blueprint.post("/programme/pulses")
@login_required  # type: ignore[untyped-decorator]
def create() -> ResponseReturnValue:
    form = request.form
    try:
        closes_on = parsed_date(form.get("closes_on", ""))
    except ProgrammeRuleBroken:
        closes_on = None
    try:
        cards = []
        for value in form.getlist("card"):
            deck, _sep, card = value.partition(":")
            if card:
                cards.append((_number(deck, "pulse.questions_legend") or 0, card))
        draft = pulse.PulseDraft(form.get("title", ""), cards, closes_on,
                                 _number(form.get("min_answers"), "pulse.min_answers") or 0,
                                 _number(form.get("workshop"), "pulse.baseline"),
                                 _number(form.get("measure"), "pulse.measure"), form.get("group"))
        pulse_id = pulse.create_pulse(database(), require_actor(), draft, dt.date.today())
    except ServiceError as error:
        return refused(error, _list_page)
    flash(_("pulse.created"))
    return redirect(url_for("pulse.view", pulse_id=pulse_id), code=303)


# The codes form carries a one-time token, remembered in the signed session until codes are issued
# with it. Reloading the sheet or going back and sending the form again repeats the POST with a spent
# token and issues nothing: codes cannot be shown again (they are not stored in clear), so a silent
# second batch would only add codes nobody holds. A few tokens are kept for pages open in other tabs.
ISSUE_TOKENS = "pulse_issue_tokens"
KEPT_ISSUE_TOKENS = 10


def _new_issue_token() -> str:
    token = secrets.token_urlsafe(16)
    session[ISSUE_TOKENS] = [*session.get(ISSUE_TOKENS, [])[-(KEPT_ISSUE_TOKENS - 1):], token]
    return token


def _spent_issue_token(token: str) -> bool:
    """Spend `token`; False when it was never given or already spent."""
    tokens = session.get(ISSUE_TOKENS, [])
    if not token or token not in tokens:
        return False
    session[ISSUE_TOKENS] = [kept for kept in tokens if kept != token]
    return True


def answered_shown(found: pulse.PulseView) -> bool:
    """Whether the page prints how many answered, open or closed: only at or above the minimum, otherwise
    "fewer than N" (a count that creeps up from 1 while open would say who answered, day by day)."""
    return meets_minimum(found.answered, found.min_answers)


def _view_page(pulse_id: int, problem: str | None = None, status: int = 200) -> ResponseReturnValue:
    try:
        found = pulse.pulse_view(database(), require_actor(), pulse_id, dt.date.today())
    except ServiceError as error:
        return service_error_page(error)
    editable = may_edit()
    response = Response(render_template(
        "programme/pulse.html", pulse=found, may_edit=editable, problem=problem, lang=current_language(),
        **group_field(require_actor(), found.group_label),
        issue_token=_new_issue_token() if editable else "", answered_shown=answered_shown(found)), status)
    response.headers["Cache-Control"] = "no-store"  # going back shows a fresh token, not a spent one
    return response


@blueprint.get(PULSE)
@login_required  # type: ignore[untyped-decorator]
def view(pulse_id: int) -> ResponseReturnValue:
    return _view_page(pulse_id)


@blueprint.post(PULSE + "/open")
@login_required  # type: ignore[untyped-decorator]
def open_pulse(pulse_id: int) -> ResponseReturnValue:
    try:
        pulse.open_pulse(database(), require_actor(), pulse_id, dt.date.today())
    except ServiceError as error:
        return refused(error, lambda message, status: _view_page(pulse_id, message, status))
    flash(_("pulse.opened"))
    return redirect(url_for("pulse.view", pulse_id=pulse_id), code=303)


@blueprint.post(PULSE + "/group")
@login_required  # type: ignore[untyped-decorator]
def set_group(pulse_id: int) -> ResponseReturnValue:
    """Before it opens: the group the pulse is for (its results are weighed against the group's)."""
    try:
        groups.set_pulse_group(database(), require_actor(), pulse_id, request.form.get("group"))
    except ServiceError as error:
        return refused(error, lambda message, status: _view_page(pulse_id, message, status))
    flash(_("group.saved"))
    return redirect(url_for("pulse.view", pulse_id=pulse_id), code=303)


@blueprint.post(PULSE + "/close")
@login_required  # type: ignore[untyped-decorator]
def close_pulse(pulse_id: int) -> ResponseReturnValue:
    try:
        pulse.close_pulse(database(), require_actor(), pulse_id, dt.date.today())
    except ServiceError as error:
        return refused(error, lambda message, status: _view_page(pulse_id, message, status))
    flash(_("pulse.closed"))
    return redirect(url_for("pulse.view", pulse_id=pulse_id), code=303)


def code_link(code: str) -> str:
    """The slip's link: the code after '#', so it never reaches the server's access log."""
    return f"{base_url()}/pulse#{code}"


@blueprint.post(PULSE + "/codes")
@login_required  # type: ignore[untyped-decorator]
def issue_codes(pulse_id: int) -> ResponseReturnValue:
    """New codes, shown once: a printable sheet of slips with QR codes, or a CSV list for a mail-merge.

    Only with a fresh token from the pulse's page: a reload or a resent form issues nothing and says so.
    """
    secret = str(current_app.config["SECRET_KEY"]).encode()
    # Whoever may not issue codes at all hears that from the service below, not about tokens.
    if not _spent_issue_token(request.form.get("issue_token", "")) and may_edit():
        return _view_page(pulse_id, _("pulse.codes_already_issued"), 409)
    try:
        found = pulse.pulse_view(database(), require_actor(), pulse_id, dt.date.today())
        codes = pulse_codes.issue_codes(database(), require_actor(), secret, pulse_id,
                                        _number(request.form.get("count"), "pulse.code_count") or 0)
    except ServiceError as error:
        return refused(error, lambda message, status: _view_page(pulse_id, message, status))
    if request.form.get("format") == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("pulse.csv.code"), _("pulse.csv.link")])
        writer.writerows([code, code_link(code)] for code in codes)
        return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="pulse-{pulse_id}-codes.csv"', "Cache-Control": "no-store"})
    slips = [(code, code_link(code), segno.make_qr(code_link(code)).svg_inline(
        scale=4, border=2, title=_("pulse.qr_title"))) for code in codes]
    response = Response(render_template("programme/pulse_codes.html", pulse=found, slips=slips,
                                        answer_url=f"{base_url()}/pulse"))
    response.headers["Cache-Control"] = "no-store"  # the codes are shown once; no cache keeps them
    return response


@blueprint.get("/programme/compare")
@login_required  # type: ignore[untyped-decorator]
def compare() -> ResponseReturnValue:
    """Then versus now: two ended workshops or closed pulses, question by question."""
    actor = require_actor()
    then_key, now_key = request.args.get("then", ""), request.args.get("now", "")
    try:
        choices = comparison.side_choices(database(), actor, dt.date.today())
        found = None
        if then_key and now_key:
            found = comparison.compare(database(), actor, then_key, now_key, current_language(), dt.date.today())
    except Invalid as error:
        return render_template("programme/compare.html", choices=choices, found=None, then_key=then_key,
                               now_key=now_key, problem=_(error.key)), error.status
    except ServiceError as error:
        return service_error_page(error)
    return render_template("programme/compare.html", choices=choices, found=found, then_key=then_key,
                           now_key=now_key, problem=None)
