"""Alembic environment: runs migrations on the connection or URL that cardapp hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

# Tables kept in modules of their own register on Base when imported: Alembic must see them all.
import cardapp.store.audit  # noqa: F401
import cardapp.store.identity  # noqa: F401
import cardapp.store.programme  # noqa: F401
import cardapp.store.pulse  # noqa: F401
import cardapp.store.questions  # noqa: F401
import cardapp.store.replays  # noqa: F401
import cardapp.store.run_sheets  # noqa: F401
import cardapp.store.shown_populations  # noqa: F401
from cardapp.store.database import make_engine
from cardapp.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as fresh_connection:
        _run(fresh_connection)
    engine.dispose()
