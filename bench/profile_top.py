"""The top entries of a py-spy profile in its raw (collapsed stacks) format, as a Markdown table.

    .venv/bin/python bench/workshop_load.py ... --profile /tmp/server.txt
    .venv/bin/python bench/profile_top.py /tmp/server.txt [--top 25] [--match cardapp]

`total`: share of the samples in which the function is on the stack (once per stack);
`self`: share in which it is the innermost frame. Frames are shown as `function (file:line)`
with the file shortened to the package path.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path


def short(frame: str) -> str:
    """`name (/long/path/site-packages/pkg/mod.py:12)` -> `name (pkg/mod.py)`; the line kept for cardapp."""
    match = re.match(r"(.*) \((.*?):?(\d+)?\)$", frame)
    if match is None:
        return frame
    name, path, line = match.groups()
    for marker in ("site-packages/", "/wt-perf/", "/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    path = path.removeprefix("/")
    return f"{name} ({path}:{line})" if path.startswith("cardapp") and line else f"{name} ({path})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", help="only frames whose text contains this (e.g. cardapp)")
    parser.add_argument("--self", action="store_true", help="order by self time instead of total")
    args = parser.parse_args()
    total, inclusive, own = 0, Counter[str](), Counter[str]()
    for line in args.profile.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        frames = [short(frame) for frame in stack.split(";")]
        total += samples
        for frame in set(frames):
            inclusive[frame] += samples
        own[frames[-1]] += samples
    ranked = own if args.self else inclusive
    print(f"{total} samples")
    print("| total | self | function |")
    print("|---|---|---|")
    shown = 0
    for frame, _ in ranked.most_common():
        if args.match and args.match not in frame:
            continue
        print(f"| {100 * inclusive[frame] / total:.1f} % | {100 * own[frame] / total:.1f} % | `{frame}` |")
        shown += 1
        if shown >= args.top:
            break


if __name__ == "__main__":
    main()
