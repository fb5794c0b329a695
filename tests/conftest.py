"""Fixtures that build on each other: settings -> app -> clients; live server; throwaway services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from cardapp import create_app, extensions
from cardapp.extensions import socketio
from cardapp.realtime.hub import hub
from cardapp.store.database import Database
from cardapp.store.migrate import upgrade_database
from tests.support.browser import watch_console
from tests.support.live_server import LiveServer
from tests.support.services import PostgresServer, RedisServer


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    # Lets fixtures see whether their test failed, so live servers print their log only then.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def failed_in(request: pytest.FixtureRequest) -> bool:
    return any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call")
    )


@pytest.fixture
def settings(tmp_path: Path) -> dict[str, Any]:
    """Settings for an in-process app: a fresh SQLite file, threading mode for the test clients."""
    return {
        "instance_path": tmp_path / "instance",
        "database_url": f"sqlite:///{tmp_path / 'cardapp.sqlite3'}",
        "secret_key": "test-secret-key",
        "async_mode": "threading",
        "testing": True,
    }


@pytest.fixture
def app(settings: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(settings)
    yield application
    hub.of(application).stop()
    extensions.database.of(application).dispose()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite file, as the services see it in production."""
    url = f"sqlite:///{tmp_path / 'services.sqlite3'}"
    upgrade_database(url)
    db = Database(url)
    yield db
    db.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def socket_client(app: Flask, client: FlaskClient) -> Iterator[SocketIOTestClient]:
    connection = socketio.test_client(app, flask_test_client=client)
    yield connection
    if connection.is_connected():
        connection.disconnect()


@pytest.fixture
def live_server_factory(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """Starts real `cardapp serve` processes on free ports; stops them and shows logs on failure."""
    servers: list[LiveServer] = []

    def start(**env: str) -> LiveServer:
        server = LiveServer(tmp_path_factory.mktemp("live"), env)
        servers.append(server)
        server.start()
        return server

    yield start
    failed = failed_in(request)
    for server in servers:
        server.stop()
        if failed:
            print(f"\n----- log of cardapp serve on port {server.port} -----\n{server.log_text()}")


@pytest.fixture
def live_server(live_server_factory: Any) -> LiveServer:
    server: LiveServer = live_server_factory()
    return server


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    server = PostgresServer(tmp_path_factory.mktemp("postgres"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    return postgres_server.create_database()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium from Debian's package, driven by Playwright; fails loudly when it is missing."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page; console errors and page errors are collected in `page.problems`."""
    context = browser.new_context(locale="en-GB")
    new_page = context.new_page()
    new_page.problems = watch_console(new_page)
    yield new_page
    context.close()
