"""One error shape everywhere: an HTML page for people, `{"error": {...}}` for programs."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from cardapp.store.database import DatabaseUnavailable
from cardapp.web.language import _

log = logging.getLogger("cardapp.web")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.path.startswith("/api/") or best == "application/json"


def error_response(status: int, code: str, message: str) -> ResponseReturnValue:
    """The error shape for `status`: JSON for programs, a page in the visitor's language for people."""
    if wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    title = _(f"error.{code}.title") if f"error.{code}" in _known() else _(f"error.{_generic(status)}.title")
    return render_template("error.html", status=status, title=title, message=message), status


def _known() -> set[str]:
    return {f"error.{code}" for code in (*CODES.values(), "csrf_failed")}


def _generic(status: int) -> str:
    return CODES.get(status, "bad_request" if status < 500 else "server_error")


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    code = CODES.get(status, "bad_request" if status < 500 else "server_error")
    return error_response(status, code, _(f"error.{code}.message"))


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    # A form older than the visitor's session, or a request forged by another site.
    return error_response(400, "csrf_failed", _("error.csrf_failed.message"))


def _unexpected_error(error: Exception) -> ResponseReturnValue:
    if isinstance(error, HTTPException):
        return _http_error(error)
    if isinstance(error, DatabaseUnavailable):
        # Nothing was stored; the person can send it again in a moment (the editor keeps its draft).
        log.error("the database is unreachable; %s %s was refused", request.method, request.path)
        return error_response(503, "database_unavailable", _("cluster.database_unavailable"))
    if isinstance(error, RecursionError):
        # Input nested thousands of levels deep: no real deck or form looks like that.
        return error_response(400, "bad_request", _("error.bad_request.message"))
    # The traceback goes to the server log for the operator, never to the visitor.
    log.exception("unexpected error on %s %s", request.method, request.path)
    return _http_error(InternalServerError())
