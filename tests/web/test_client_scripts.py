"""The browser scripts as the pages load them: native modules whose imports all resolve, short
files, one registry of exercises, and no way for text to be parsed as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "static" / "js"
TEMPLATES = ROOT / "templates"
LONGEST = 400  # lines; a script past this is two ideas (STYLE.md)

IMPORT = re.compile(r'^import\s+(?P<what>.*?)\s+from\s+"(?P<target>[^"]+)";', re.M | re.S)
EXPORT = re.compile(r"^export (?:async )?(?:function|const|let|class) (\w+)", re.M)


def scripts() -> list[Path]:
    return sorted(SCRIPTS.rglob("*.js"))


def exported_names(script: Path) -> set[str]:
    text = script.read_text(encoding="utf-8")
    names = set(EXPORT.findall(text))
    if re.search(r"^export default", text, re.M):
        names.add("default")
    return names


def imported_names(what: str) -> set[str]:
    """The names an import statement takes: `default` for `x from`, the listed ones for `{a, b as c}`."""
    if what.startswith("* as"):
        return set()
    names = set()
    default, _, listed = what.partition("{")
    if default.strip(" ,"):
        names.add("default")
    for part in listed.rstrip("}").split(","):
        if part.strip():
            names.add(part.split(" as ")[0].strip())
    return names


def test_there_are_scripts_to_check() -> None:
    assert len(scripts()) > 20
    assert (SCRIPTS / "exercises" / "index.js").is_file()


@pytest.mark.parametrize("script", scripts(), ids=lambda path: str(path.relative_to(SCRIPTS)))
def test_every_script_stays_short(script: Path) -> None:
    assert len(script.read_text(encoding="utf-8").splitlines()) <= LONGEST


@pytest.mark.parametrize("script", scripts(), ids=lambda path: str(path.relative_to(SCRIPTS)))
def test_every_import_names_a_module_and_names_that_it_exports(script: Path) -> None:
    for match in IMPORT.finditer(script.read_text(encoding="utf-8")):
        target = (script.parent / match["target"]).resolve()
        assert match["target"].startswith("."), f"{script.name} imports {match['target']} from outside cardapp"
        assert target.is_file(), f"{script.name} imports {match['target']}, which does not exist"
        missing = imported_names(match["what"]) - exported_names(target)
        assert not missing, f"{script.name} imports {sorted(missing)} that {match['target']} does not export"


@pytest.mark.parametrize("script", scripts(), ids=lambda path: str(path.relative_to(SCRIPTS)))
def test_no_script_can_turn_text_into_markup(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", text)


def test_pages_load_their_scripts_as_modules_from_cardapp_only() -> None:
    seen = set()
    for template in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", template.read_text(encoding="utf-8")):
            path = re.search(r"filename='([^']+)'", tag)
            assert path, f"{template.name} loads a script that cardapp does not serve: {tag}"
            assert (ROOT / "static" / path[1]).is_file(), f"{template.name} loads {path[1]}, which does not exist"
            if path[1].startswith("js/"):
                assert 'type="module"' in tag, f"{template.name} loads {path[1]} as a classic script"
                seen.add(path[1])
    assert {"js/screens/console.js", "js/screens/projector.js", "js/screens/phone.js",
            "js/deck_editor/main.js", "js/report.js"} <= seen


def test_every_exercise_is_in_the_registry() -> None:
    registry = (SCRIPTS / "exercises" / "index.js").read_text(encoding="utf-8")
    listed = re.search(r"const EXERCISES = \[([^\]]*)\]", registry)
    assert listed
    entries = {name.strip() for name in listed[1].split(",") if name.strip()}
    imported = {match["what"]: match["target"] for match in IMPORT.finditer(registry)}
    exercises = {path.name for path in (SCRIPTS / "exercises").iterdir()
                 if path.is_dir() or path.name != "index.js"}
    assert {Path(imported[name]).parent.name if imported[name].endswith("/index.js") else Path(imported[name]).name
            for name in entries} == exercises
