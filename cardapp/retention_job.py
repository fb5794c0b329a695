"""The scheduled deletion of reports past their organisation's retention period, inside the server.

Each run first ends workshops left open for days (their per-person answers go, their totals stay),
then deletes the reports whose time is up; it also releases pulse answers held sealed, closes pulses
on their closing day and deletes pulses past the retention period.

It runs once when the server starts and then every hour, as a Socket.IO background task, so the
same code works under eventlet, gevent and threading. Only `cardapp serve` starts it: apps built
in tests run it only when a test asks. The log line says how many, never which or whose.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import NamedTuple

from flask import Flask

from cardapp import extensions
from cardapp.domain.report import ABANDONED_AFTER_DAYS
from cardapp.extensions import Bound, socketio
from cardapp.services.pulse import close_due_pulses, delete_expired_pulses
from cardapp.services.pulse_release import release_pending_answers
from cardapp.services.retention import delete_expired_reports, end_abandoned_workshops
from cardapp.store.database import Database

log = logging.getLogger("cardapp.retention")

INTERVAL_SECONDS = 3600


class Purged(NamedTuple):
    ended: int
    deleted: int


def purge_expired(database: Database, today: dt.date) -> Purged:
    """One run of the job: end abandoned workshops, delete what is due, and log how many of each."""
    ended = end_abandoned_workshops(database, today)
    if ended:
        log.info("retention: ended %d workshop(s) left open for more than %d days", ended, ABANDONED_AFTER_DAYS)
    deleted = delete_expired_reports(database, today)
    # Pulse answers wait sealed until this hourly release adds them into the counters and destroys the
    # key that sealed them (docs/privacy.md, "Pulse"). Pulses close on their closing day even if nobody
    # looks (their codes go then), and their totals follow the same retention period as reports.
    released = release_pending_answers(database)
    if released.counted or released.waiting:
        log.info("retention: released %d pulse answer(s) into the counters, %d wait for more",
                 released.counted, released.waiting)
    closed = close_due_pulses(database, today)
    pulses_deleted = delete_expired_pulses(database, today)
    if closed or pulses_deleted:
        log.info("retention: closed %d pulse(s) on their closing day, deleted %d past retention",
                 closed, pulses_deleted)
    if deleted:
        log.info("retention: deleted %d workshop(s) whose report was past its organisation's retention period",
                 deleted)
    else:
        log.info("retention: no report was past its retention period")
    return Purged(ended, deleted)


class RetentionJob:
    """Runs `purge_expired` now and then every `interval` seconds until stopped."""

    def __init__(self, database: Database, interval: float = INTERVAL_SECONDS,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.database = database
        self.interval = interval
        self.today = today
        self.runs = 0
        self._stopped = False

    def start(self) -> RetentionJob:
        socketio.start_background_task(self._run_forever)
        return self

    def stop(self) -> None:
        self._stopped = True

    def _run_forever(self) -> None:
        while not self._stopped:
            try:
                purge_expired(self.database, self.today())
            except Exception:  # a failed run (say, the database is away) must never stop the next one
                log.exception("retention: deleting expired reports failed; trying again in %d s", self.interval)
            self.runs += 1
            # Sleep in short steps so that stop() takes effect soon in tests and at shutdown.
            waited = 0.0
            while waited < self.interval and not self._stopped:
                step = min(1.0, self.interval - waited)
                socketio.sleep(step)
                waited += step


# The job of an app that `cardapp serve` runs; tests start and stop their own.
running_job: Bound[RetentionJob] = Bound("retention_job")


def start_retention_job(app: Flask, interval: float = INTERVAL_SECONDS) -> RetentionJob:
    """Start the hourly job for this app (once); `cardapp serve` calls this before it listens."""
    if running_job.is_bound(app):
        return running_job.of(app)
    return running_job.bind(app, RetentionJob(extensions.database.of(app), interval).start())
