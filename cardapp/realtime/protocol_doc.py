"""The part of docs/protocol.md generated from the payload models, so the doc cannot drift from them.

`python -m cardapp.realtime.protocol_doc --write` rewrites the part between the markers;
`--check` (run by the tests) fails when it is out of date. Outgoing: every screen's
`workshop_state`, each exercise's part per screen, the counts. Incoming: every command's payload.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cardapp.realtime import protocol
from cardapp.services import payloads
from cardapp.services.exercises import EXERCISES
from cardapp.services.payloads import CURRENT_BY_SCREEN, STATE_BY_SCREEN, Screen

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
START = "<!-- generated from the payload models: python -m cardapp.realtime.protocol_doc --write -->"
END = "<!-- end of the generated part -->"
SCREEN_NAMES = {
    Screen.CONSOLE: "console",
    Screen.MODERATOR: "moderator view (a co-facilitator's second device)",
    Screen.PROJECTOR: "projector",
    Screen.PHONES: "phones (a broadcast to every phone of one language)",
    Screen.PHONE: "one phone (its own snapshot: on connect and after its own commands)",
}


def _type_name(annotation: Any) -> str:
    text = repr(annotation) if not isinstance(annotation, type) else annotation.__name__
    text = re.sub(r"\b[\w]+\.(?=[A-Za-z_])", "", text)  # cardapp.services.payloads.Shift -> Shift
    text = text.replace("typing.", "").replace("NoneType", "None").replace("Literal", "one of ")
    return text.replace("|", "\\|")  # a bar inside a table cell would end the cell


def _constraints(field: Any) -> str:
    found = []
    for item in field.metadata:
        for name, label in (("ge", "≥"), ("le", "≤"), ("min_length", "length ≥"), ("max_length", "length ≤"),
                            ("pattern", "matches")):
            value = getattr(item, name, None)
            if value is not None:
                found.append(f"{label} `{value}`".replace("|", "\\|"))
    if not field.is_required():
        found.append(f"optional (default `{field.default!r}`)")
    return ", ".join(found)


def _model_table(model: type[BaseModel], incoming: bool = False) -> list[str]:
    fields = model.model_fields
    if not fields:
        return ["(no fields: send `{}` or nothing)" if incoming else "(no fields)", ""]
    lines = ["| field | type | " + ("rules |" if incoming else "declared in |"), "|---|---|---|"]
    for name, field in fields.items():
        wire = field.alias or name
        owner = next((base.__name__ for base in model.__mro__ if name in getattr(base, "__annotations__", {})),
                     model.__name__)
        extra = _constraints(field) if incoming else f"`{owner}`"
        lines.append(f"| `{wire}` | `{_type_name(field.annotation)}` | {extra} |")
    return [*lines, ""]


def _nested_models(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for field in model.model_fields.values():
        for candidate in re.findall(r"[A-Za-z_][\w.]*", repr(field.annotation)):
            name = candidate.rsplit(".", 1)[-1]
            for module in (payloads, *(_part_modules())):
                nested = getattr(module, name, None)
                if isinstance(nested, type) and issubclass(nested, BaseModel) and nested not in seen:
                    seen.add(nested)
                    found += [nested, *_nested_models(nested, seen)]
    return found


def _part_modules() -> list[Any]:
    return [sys.modules[type(exercise).__module__] for exercise in EXERCISES.values()]


def generated() -> str:
    """The generated part of docs/protocol.md, markers included."""
    lines = [START, "", "### What each screen receives: `workshop_state`", "",
             "Every key is declared below for the screen that receives it; a screen receives no other key. "
             "An optional field (a default is shown) is left out when it does not apply, never sent as null "
             "unless its type allows null.", ""]
    seen: set[type[BaseModel]] = set()
    nested: list[type[BaseModel]] = []
    lines += ["| screen | the snapshot | `current` |", "|---|---|---|"]
    for screen in Screen:
        state, current = STATE_BY_SCREEN[screen], CURRENT_BY_SCREEN[screen]
        lines.append(f"| {SCREEN_NAMES[screen]} | `{state.__name__}` | `{current.__name__}` |")
        for model in (state, current):
            if model not in seen:
                seen.add(model)
                nested += [model, *_nested_models(model, seen)]
    lines += ["", "### Each exercise's own part of `current`", "",
              "| agenda item kind | key in `current` | screen | model |", "|---|---|---|---|"]
    for kind, exercise in EXERCISES.items():
        for screen, model in exercise.parts.items():
            lines.append(f"| `{kind}` | `{exercise.part_name}` | {SCREEN_NAMES[screen]} | `{model.__name__}` |")
            if model not in seen:
                seen.add(model)
                nested += [model, *_nested_models(model, seen)]
    lines.append("")
    for model in (payloads.AnswerCount, payloads.PauseCount, payloads.TeamCount):
        seen.add(model)
        nested.append(model)
    lines += ["### The models", ""]
    for model in nested:
        # The docstring's first paragraph, joined: a summary cut at a line break ends mid-sentence.
        summary = " ".join((model.__doc__ or "").strip().split("\n\n")[0].split())
        lines += [f"#### `{model.__name__}`", "", *([summary, ""] if summary else [])]
        lines += _model_table(model)
    lines += ["### Every command's payload", "", "Unknown fields are refused (`invalid_payload`).", ""]
    for name in sorted(vars(protocol)):
        model = getattr(protocol, name)
        if (isinstance(model, type) and issubclass(model, protocol.Payload) and model is not protocol.Payload
                and model.__module__ == protocol.__name__):
            lines += [f"#### `{model.__name__}`", ""] + _model_table(model, incoming=True)
    return "\n".join([*lines, END])


def with_generated(document: str) -> str:
    """The document with its generated part replaced (or added at the end)."""
    if START in document and END in document:
        before, rest = document.split(START, 1)
        return before + generated() + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n## Payloads, generated\n\n" + generated() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cardapp.realtime.protocol_doc")
    parser.add_argument("--write", action="store_true", help="rewrite docs/protocol.md's generated part")
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/protocol.md is out of date")
    args = parser.parse_args(argv)
    current = DOC.read_text("utf-8")
    wanted = with_generated(current)
    if args.write:
        DOC.write_text(wanted, "utf-8")
        return 0
    if wanted != current:
        print("docs/protocol.md is out of date: run python -m cardapp.realtime.protocol_doc --write")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
