"""Counters and a latency histogram for /metrics, in Prometheus' text format; no personal data.

Labels are event names and outcomes only: never a workshop, participant, address or answer.
Each process counts its own events; Prometheus scrapes every process and adds them up. Other
parts add their gauges with `add_gauges` (the Socket.IO side its connections), so /metrics needs to
know none of them.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Seconds, from a fast answer to a slow card change.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    total: float = 0.0


@dataclass
class Family:
    """One metric: name, type, help, and (labels, value) samples."""

    name: str
    kind: str
    help: str
    samples: list[tuple[dict[str, str], float]]


class Metrics:
    """This process's event counts and handling times."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[tuple[str, str], int] = {}
        self._latency: dict[str, _Histogram] = {}
        self._gauges: list[Callable[[], Iterable[Family]]] = []
        self._malformed: dict[str, int] = {}

    def add_gauges(self, source: Callable[[], Iterable[Family]]) -> None:
        """`source` is asked for its current values each time /metrics is read."""
        self._gauges.append(source)

    def observe_event(self, event: str, seconds: float, outcome: str) -> None:
        with self._lock:
            self._events[(event, outcome)] = self._events.get((event, outcome), 0) + 1
            histogram = self._latency.setdefault(event, _Histogram())
            histogram.counts[bisect.bisect_left(BUCKETS, seconds)] += 1
            histogram.total += seconds

    def count_malformed_packet(self, kind: str) -> None:
        """A packet dropped before any handler (see realtime.malformed_packets), by kind."""
        with self._lock:
            self._malformed[kind] = self._malformed.get(kind, 0) + 1

    def answers_accepted(self) -> int:
        with self._lock:
            return self._events.get(("submit_answer", "ok"), 0)

    def render(self, extra: Iterable[Family]) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        with self._lock:
            events = sorted(self._events.items())
            latency = {event: (list(h.counts), h.total) for event, h in sorted(self._latency.items())}
            malformed = sorted(self._malformed.items())
        families = [Family("cardapp_events_total", "counter",
                           "Socket.IO commands handled by this process, by event and outcome (ok, refused, error).",
                           [({"event": e, "outcome": o}, n) for (e, o), n in events]),
                    Family("cardapp_answers_total", "counter",
                           "Answers accepted by this process; rate() of it is answers per second.",
                           [({}, self.answers_accepted())]),
                    *(family for source in self._gauges for family in source()),
                    Family("cardapp_malformed_packets_total", "counter",
                           "Socket.IO packets dropped as malformed before any handler, by kind.",
                           [({"kind": kind}, n) for kind, n in malformed]),
                    *extra]
        lines: list[str] = []
        for family in families:
            lines += [f"# HELP {family.name} {family.help}", f"# TYPE {family.name} {family.kind}"]
            lines += [f"{family.name}{_labels(labels)} {_number(value)}" for labels, value in family.samples]
        name = "cardapp_event_handling_seconds"
        lines += [f"# HELP {name} Time from receiving a Socket.IO command to its acknowledgement, by event.",
                  f"# TYPE {name} histogram"]
        for event, (counts, total) in latency.items():
            running = 0
            for bound, count in zip((*BUCKETS, float("inf")), counts, strict=True):
                running += count
                edge = "+Inf" if bound == float("inf") else repr(bound)
                lines.append(f'{name}_bucket{_labels({"event": event, "le": edge})} {running}')
            lines.append(f'{name}_sum{_labels({"event": event})} {_number(total)}')
            lines.append(f'{name}_count{_labels({"event": event})} {running}')
        return "\n".join(lines) + "\n"


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    escaped = (f'{key}="{value.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
               for key, value in labels.items())
    return "{" + ",".join(escaped) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
