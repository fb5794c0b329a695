"""Probes for a load balancer and a monitoring system: /healthz, /readyz and /metrics.

/healthz says the process answers (liveness); /readyz says it can do its work: the database and,
with several processes, the message queue are reachable; /metrics is Prometheus text, only with
CARDAPP_METRICS_TOKEN as a bearer token, and holds no personal data (docs/configuration.md).
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from cardapp import extensions
from cardapp.metrics import Family
from cardapp.services import health
from cardapp.web.context import database
from cardapp.web.language import _

blueprint = Blueprint("health", __name__)


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness: the process answers. Nothing else is checked, so a load balancer never restarts it for Redis."""
    return jsonify({"status": "ok"})


@blueprint.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Readiness: 200 when the database and the message queue (if any) answer, else 503 naming what does not."""
    checks: dict[str, str] = {"database": "ok" if health.database_reachable(database()) else "unreachable"}
    queue = extensions.cluster.get().reachable()
    if queue is not None:
        checks["message_queue"] = "ok" if queue else "unreachable"
    failing = [name for name, result in checks.items() if result != "ok"]
    if not failing:
        return jsonify({"status": "ready", "checks": checks})
    message = " ".join(_(f"health.unreachable.{name}") for name in failing)
    return jsonify({"status": "unavailable", "checks": checks,
                    "error": {"code": "not_ready", "message": message}}), 503


@blueprint.get("/metrics")
def metrics() -> ResponseReturnValue:
    """Prometheus text for a scraper holding CARDAPP_METRICS_TOKEN; 404 when no token is configured."""
    token = current_app.config["CARDAPP"].metrics_token
    if not token:
        return jsonify({"error": {"code": "not_found", "message": _("health.metrics_off")}}), 404
    offered = request.headers.get("Authorization", "")
    if not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return jsonify({"error": {"code": "unauthorized", "message": _("health.metrics_token")}}), 401
    body = extensions.metrics.get().render(_gauges())
    return Response(body, mimetype="text/plain", content_type="text/plain; version=0.0.4; charset=utf-8")


def _gauges() -> list[Family]:
    # Connections by screen are added by the Socket.IO side itself (Metrics.add_gauges).
    cluster = extensions.cluster.get()
    families = [
        Family("cardapp_queue_errors_total", "counter",
               "Failed calls to the message queue (Redis) made by this process.", [({}, cluster.queue_errors)]),
    ]
    open_workshops = health.open_workshop_count(database())
    if open_workshops is not None:
        families.append(Family("cardapp_open_workshops", "gauge", "Workshops started and not yet ended.",
                               [({}, open_workshops)]))
    reachable = cluster.reachable() if cluster.shared else None
    if reachable is not None:
        families.append(Family("cardapp_queue_up", "gauge", "1 when the message queue (Redis) answers, else 0.",
                               [({}, 1 if reachable else 0)]))
    return families
