"""The pulses' part of the evidence pack: each closed pulse's results as its page shows them, and each
measure's then-and-now trend. A result below the minimum is listed without numbers, as in the risk maps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from cardapp.domain.accounts import Actor
from cardapp.domain.workshops import localized
from cardapp.services import comparison, pulse
from cardapp.services.programme import MeasureRow, measure_title


def pulse_rows(database: Any, actor: Actor, words: Callable[[str], str], language: str,
               today: dt.date) -> list[list[Any]]:
    """One row per closed pulse, question and answer: (pulse, closed on, question, answer, people)."""
    rows: list[list[Any]] = []
    for view in pulse.pulses_of(database, actor, today):
        if view.results is None:
            continue
        closed = view.closed_on.isoformat() if view.closed_on else ""
        for row in view.results:
            question = row.question
            text = localized(dict(question.text), language, "en") or question.card
            if row.results.counts is None:
                rows.append([view.title, closed, text, "", ""])
                continue
            prefix = "live.risk.choice." if question.scale == "risk" else "live.choice."
            rows.extend([view.title, closed, text, words(prefix + choice), row.results.counts[choice]]
                        for choice in question.choices)
    return rows


def trend_rows(database: Any, actor: Actor, measures: list[MeasureRow], default_names: Mapping[str, str],
               language: str, today: dt.date) -> list[list[Any]]:
    """One row per measure and pulse that evidences it: how the pulse compares with its workshop."""
    trends = comparison.trends_by_measure(database, actor, language, today)
    rows: list[list[Any]] = []
    for measure in measures:
        for row in trends.get(measure.id, []):
            trend = row.trend
            counts = ([trend.less_present, trend.more_present, trend.same, trend.scenarios_moved, trend.not_compared]
                      if trend else ["", "", "", "", ""])
            rows.append([measure_title(measure, default_names), row.pulse_title, row.then_title, *counts])
    return rows
