"""What every view needs from the app: the database, and service errors as pages or JSON."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from cardapp import extensions
from cardapp.services.errors import ServiceError
from cardapp.store.database import Database
from cardapp.web.errors import error_response
from cardapp.web.language import _


def database() -> Database:
    """The app's database."""
    return extensions.database.get()


def service_error_page(error: ServiceError) -> ResponseReturnValue:
    """A use case's error in the one error shape, with its message in the visitor's language."""
    return error_response(error.status, error.code, _(error.key, **error.params))
