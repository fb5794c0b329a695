from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite file, as the services see it in production."""
    url = f"sqlite:///{tmp_path / 'services.sqlite3'}"
    upgrade_database(url)
    db = Database(url)
    yield db
    db.dispose()
