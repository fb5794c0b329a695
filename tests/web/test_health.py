"""The probes a load balancer and a monitoring system use: /healthz, /readyz and /metrics."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cardapp import create_app, extensions
from cardapp.cluster import RedisCluster
from cardapp.realtime.hub import hub
from cardapp.store.database import Database
from tests.support.ports import free_port
from tests.support.workshops import disconnect_all, open_room

TOKEN = "metrics-token-for-tests"


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {**settings, "metrics_token": TOKEN}


def test_liveness_and_readiness_answer_on_one_process_without_a_queue(client: FlaskClient):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ready", "checks": {"database": "ok"}}


@pytest.mark.postgres  # an unreachable PostgreSQL server, through its driver
def test_readiness_names_an_unreachable_database(app: Flask, client: FlaskClient):
    extensions.database.bind(app, Database(f"postgresql+psycopg2://nobody@127.0.0.1:{free_port()}/none"))
    ready = client.get("/readyz", headers={"Accept-Language": "nb"})
    assert ready.status_code == 503
    body = ready.get_json()
    assert body["checks"] == {"database": "unreachable"}
    assert body["error"] == {"code": "not_ready", "message": "Databasen svarer ikke."}


def test_readiness_names_an_unreachable_message_queue(app: Flask, client: FlaskClient):
    # The cluster alone (not Flask-SocketIO's queue, which the in-process test client refuses) on a dead port.
    extensions.cluster.bind(app, RedisCluster(f"redis://127.0.0.1:{free_port()}/0"))
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"] == {"database": "ok", "message_queue": "unreachable"}
    assert ready.get_json()["error"]["message"] == "The message queue (Redis) is unreachable."


def test_metrics_need_the_configured_token(client: FlaskClient):
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 401
    assert wrong.get_json()["error"]["code"] == "unauthorized"


def test_metrics_are_off_without_a_token(settings: dict[str, Any]):
    app = create_app({**settings, "metrics_token": ""})
    try:
        response = app.test_client().get("/metrics", headers={"Authorization": "Bearer "})
        assert response.status_code == 404
    finally:
        hub.of(app).stop()
        extensions.database.of(app).dispose()


def test_metrics_count_connections_answers_and_handling_time_without_personal_data(app: Flask):
    room = open_room(app)
    phones = [room.join_phone() for _ in range(3)]
    assert room.command(room.console, "start_workshop")["ok"]
    item_id = room.last_state(phones[0])["current"]["item_id"]
    for phone in phones:
        assert room.answer(phone, item_id, "agree")["ok"]
    assert room.answer(phones[0], item_id, "no such choice")["ok"] is False
    response = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    text = response.get_data(as_text=True)
    assert 'cardapp_connections{screen="phone"} 3' in text
    assert 'cardapp_connections{screen="console"} 1' in text
    assert "cardapp_open_workshops 1" in text
    assert "cardapp_answers_total 3" in text
    assert 'cardapp_events_total{event="submit_answer",outcome="ok"} 3' in text
    assert 'cardapp_events_total{event="submit_answer",outcome="refused"} 1' in text
    assert 'cardapp_event_handling_seconds_count{event="submit_answer"} 4' in text
    assert 'cardapp_event_handling_seconds_bucket{event="submit_answer",le="+Inf"} 4' in text
    assert "cardapp_queue_errors_total 0" in text
    # Nothing that could point at a person or a room: no ids, codes, tokens or answers.
    for secret in (room.room_code, room.secret, "agree", f'"{room.workshop_id}"'):
        assert secret not in text
    disconnect_all(room)
