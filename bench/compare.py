"""cardapp beside the bare stack, in one run: the same load on bench/reference_server.py and on cardapp.

For each load shape, in turn: the reference server and cardapp, each in eventlet and gevent mode,
a fresh server every time, pinned to core 0 with taskset while the load generator
(bench/workshop_load.py) runs on core 1. Prints one Markdown table with every figure side by side
and the ratio cardapp / reference for each async mode, then the load average of the machine before
and after every run (the machine may be shared: read the ratios, which both sides share, before
the absolute figures).

    .venv/bin/python bench/compare.py            # the shapes of issue 15, 20 s each (about 15 minutes)
    .venv/bin/python bench/compare.py --quick    # smaller shapes, 8 s each (about 4 minutes)
    .venv/bin/python bench/compare.py --shapes closed-1x1000 --modes gevent --json figures.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SERVERS = ("reference", "cardapp")
MODES = ("eventlet", "gevent")


@dataclass(frozen=True)
class Shape:
    name: str
    rooms: int
    participants: int
    closed: int = 0  # answers in flight (closed loop), or
    rate: float = 0  # answers a second (open loop)

    def arguments(self) -> list[str]:
        load = ["--closed", str(self.closed)] if self.closed else ["--rate", f"{self.rate:g}"]
        return ["--rooms", str(self.rooms), "--participants", str(self.participants), *load]


FULL = (
    Shape("closed-1x1000", 1, 1000, closed=100),
    Shape("closed-100x20", 100, 2000, closed=100),
    Shape("500/s-1x1000", 1, 1000, rate=500),
    Shape("500/s-100x20", 100, 2000, rate=500),
    Shape("100/s-100x20", 100, 2000, rate=100),
)
QUICK = (
    Shape("closed-1x600", 1, 600, closed=60),
    Shape("closed-30x20", 30, 600, closed=60),
    Shape("300/s-1x600", 1, 600, rate=300),
    Shape("300/s-30x20", 30, 600, rate=300),
    Shape("60/s-30x20", 30, 600, rate=60),
)

# (label, how to read it from workshop_load's figures, better when lower)
FIGURES: tuple[tuple[str, Any, bool], ...] = (
    ("answers/s", lambda f: f["answers_per_s"], False),
    ("ack p50 ms", lambda f: f["ack_ms"]["p50"], True),
    ("ack p99 ms", lambda f: f["ack_ms"]["p99"], True),
    ("console p99 ms", lambda f: f["console_ms"]["p99"], True),
    ("next card max ms", lambda f: f["next_card_ms"]["max"], True),
    ("CPU µs/answer", lambda f: f["server_cpu_us_per_answer"], True),
    # Below 100 % in a closed loop the server was not what limited it (a shared core, or the load generator).
    ("server CPU %", lambda f: f["cpu_pct"]["server"], False),
    ("lost", lambda f: f["answers_lost"], True),
    ("rate-limited", lambda f: f["rate_limited"], True),
    ("KB/phone", lambda f: f["kb_per_phone"], True),
    ("errors", lambda f: f["errors"], True),
)


def measure(server: str, mode: str, shape: Shape, seconds: float) -> dict[str, Any]:
    """One workshop_load run on a fresh server; its figures plus the machine's load average around it."""
    command = [sys.executable, str(HERE / "workshop_load.py"), *shape.arguments(), "--seconds", f"{seconds:g}",
               "--async-mode", mode, "--server-cpu", "0", "--load-cpu", "1", "--json"]
    if server == "reference":
        command.append("--reference")
    before = os.getloadavg()[0]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 200, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    figures: dict[str, Any] = json.loads(lines[-1]) if lines else {"failed": (done.stdout + done.stderr)[-400:]}
    figures["load_average"] = [round(before, 2), round(os.getloadavg()[0], 2)]
    figures["wall_s"] = round(time.monotonic() - started, 1)
    return figures


def cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,}"


def ratio(mine: Any, theirs: Any) -> str:
    if not isinstance(mine, int | float) or not isinstance(theirs, int | float) or not theirs:
        return "–"
    return f"{mine / theirs:.2f}"


def table(results: dict[tuple[str, str, str], dict[str, Any]], shapes: tuple[Shape, ...],
          modes: tuple[str, ...]) -> str:
    columns = [f"{server} {mode}" for server in SERVERS for mode in modes]
    lines = ["| load | figure | " + " | ".join(columns) + " | " + " | ".join(f"ratio {m}" for m in modes) + " |",
             "|---" * (2 + len(columns) + len(modes)) + "|"]
    for shape in shapes:
        for label, read, _lower in FIGURES:
            values = {}
            for server in SERVERS:
                for mode in modes:
                    figures = results.get((shape.name, server, mode), {})
                    try:
                        values[server, mode] = read(figures)
                    except (KeyError, TypeError):
                        values[server, mode] = None
            row = [cell(values[s, m]) for s in SERVERS for m in modes]
            row += [ratio(values["cardapp", m], values["reference", m]) for m in modes]
            lines.append(f"| {shape.name} | {label} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller shapes, 8 s each")
    parser.add_argument("--seconds", type=float, help="answering time per run (default 20, or 8 with --quick)")
    parser.add_argument("--shapes", nargs="*", help="only these shapes (by name)")
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=MODES)
    parser.add_argument("--json", type=Path, help="also write every run's figures to this file")
    args = parser.parse_args()
    if len(os.sched_getaffinity(0)) < 2:
        parser.error("needs two cores: the server on core 0, the load generator on core 1")
    shapes = QUICK if args.quick else FULL
    if args.shapes:
        unknown = set(args.shapes) - {shape.name for shape in (*FULL, *QUICK)}
        if unknown:
            parser.error(f"unknown shapes: {', '.join(sorted(unknown))}")
        shapes = tuple(shape for shape in (*FULL, *QUICK) if shape.name in args.shapes)
    seconds = args.seconds or (8 if args.quick else 20)
    modes = tuple(args.modes)
    results: dict[tuple[str, str, str], dict[str, Any]] = {}
    for shape in shapes:
        for server in SERVERS:
            for mode in modes:
                figures = results[shape.name, server, mode] = measure(server, mode, shape, seconds)
                problems = figures.get("first_errors") or figures.get("failed")
                print(f"{shape.name:14} {server:9} {mode:8} load average {figures['load_average']}: "
                      f"{figures.get('answers_per_s')} answers/s, ack {figures.get('ack_ms')}, "
                      f"lost {figures.get('answers_lost')}, errors {problems}", file=sys.stderr, flush=True)
    print(table(results, shapes, modes))
    print()
    print("Load average (1 min) before → after each run:")
    for (shape_name, server, mode), figures in results.items():
        print(f"- {shape_name} {server} {mode}: {figures['load_average'][0]} → {figures['load_average'][1]}")
    if args.json:
        args.json.write_text(json.dumps({f"{k[0]} {k[1]} {k[2]}": v for k, v in results.items()}, indent=1))


if __name__ == "__main__":
    main()
