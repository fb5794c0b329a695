"""`cardapp i18n check`, `update`, `init` and the JSON converter on small catalogues written to tmp_path:
each rule that `make test` enforces is shown failing on a broken catalogue."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cardapp.i18n.catalogues import by_key, po_path, read_catalogue
from cardapp.i18n.checks import catalogue_problems
from cardapp.i18n.extraction import unknown_keys
from cardapp.i18n.maintenance import init, update

PROJECT = Path(__file__).resolve().parents[2]
HEADER = ('msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Plural-Forms: {plural}\\n"\n'
          '"Content-Type: text/plain; charset=utf-8\\n"\n\n')
TWO_FORMS = "nplurals=2; plural=(n != 1);"
ENGLISH = """msgctxt "demo.greeting"
msgid "Hello {name}"
msgstr ""

msgctxt "demo.people"
msgid "{count} person"
msgid_plural "{count} people"
msgstr[0] ""
msgstr[1] ""
"""
BOKMAL = """msgctxt "demo.greeting"
msgid "Hello {name}"
msgstr "Hei {name}"

msgctxt "demo.people"
msgid "{count} person"
msgid_plural "{count} people"
msgstr[0] "{count} person"
msgstr[1] "{count} personer"
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    """A translations folder with English and bokmål in order, and its template generated."""
    root = tmp_path / "translations"
    write(po_path("en", root), HEADER.format(language="en", plural=TWO_FORMS) + ENGLISH)
    write(po_path("nb", root), HEADER.format(language="nb", plural=TWO_FORMS) + BOKMAL)
    update(root)
    return root


def break_bokmal(root: Path, old: str, new: str, plural: str = TWO_FORMS) -> list[str]:
    assert old in BOKMAL
    write(po_path("nb", root), HEADER.format(language="nb", plural=plural) + BOKMAL.replace(old, new))
    return catalogue_problems(root)


def test_catalogues_in_order_have_no_problems(root):
    assert catalogue_problems(root) == []


def test_a_missing_entry_is_a_problem(root):
    problems = break_bokmal(root, 'msgctxt "demo.greeting"\nmsgid "Hello {name}"\nmsgstr "Hei {name}"\n', "")
    assert problems == ["translations/nb/LC_MESSAGES/messages.po: demo.greeting: missing (run `cardapp i18n update`, "
                        "then translate)"]


def test_a_fuzzy_entry_is_a_problem(root):
    problems = break_bokmal(root, 'msgctxt "demo.greeting"', '#, fuzzy\nmsgctxt "demo.greeting"')
    assert len(problems) == 1 and "demo.greeting: fuzzy" in problems[0]


def test_an_empty_entry_or_form_is_a_problem(root):
    problems = break_bokmal(root, 'msgstr "Hei {name}"', 'msgstr ""')
    assert len(problems) == 1 and "demo.greeting: untranslated (empty)" in problems[0]
    problems = break_bokmal(root, 'msgstr[0] "{count} person"', 'msgstr[0] ""')
    assert len(problems) == 1 and "demo.people: untranslated" in problems[0]


def test_a_placeholder_that_differs_from_the_english_is_a_problem(root):
    problems = break_bokmal(root, 'msgstr "Hei {name}"', 'msgstr "Hei {navn}"')
    assert len(problems) == 1 and "demo.greeting: placeholders {navn} differ from the English {name}" in problems[0]


def test_a_plural_form_without_count_is_a_problem_but_the_one_form_may_spell_it_out(root):
    assert break_bokmal(root, 'msgstr[0] "{count} person"', 'msgstr[0] "én person"') == []
    problems = break_bokmal(root, 'msgstr[1] "{count} personer"', 'msgstr[1] "mange personer"')
    assert len(problems) == 1 and "demo.people: form 1: placeholders" in problems[0]


def test_the_wrong_number_of_plural_forms_is_a_problem(root):
    problems = break_bokmal(root, 'msgstr[1] "{count} personer"', 'msgstr[1] "{count} personer"\nmsgstr[2] "{count} x"')
    assert len(problems) == 1 and "more translations than num_plurals" in problems[0]
    problems = break_bokmal(root, 'msgstr[1] "{count} personer"\n', "")
    assert problems == ["translations/nb/LC_MESSAGES/messages.po: demo.people: untranslated "
                        "(each of the 2 plural forms needs a text)"]


def test_a_plural_forms_header_other_than_the_languages_is_a_problem(root):
    problems = break_bokmal(root, "", "", plural="nplurals=1; plural=0;")
    assert any("Plural-Forms says 1 forms; nb has 2" in problem for problem in problems)


def test_a_template_behind_the_english_is_a_problem(root):
    write(po_path("en", root), HEADER.format(language="en", plural=TWO_FORMS) + ENGLISH.replace("Hello", "Hi"))
    problems = catalogue_problems(root)
    assert "translations/messages.pot: out of date with the English catalogue (run `cardapp i18n update`)" in problems
    assert any("demo.greeting: the English changed" in problem for problem in problems)


def test_a_key_used_in_code_templates_or_scripts_but_missing_from_english_is_found(tmp_path):
    (tmp_path / "babel.cfg").write_text((PROJECT / "babel.cfg").read_text("utf-8"), "utf-8")
    write(tmp_path / "cardapp" / "page.py", 'translate("demo.greeting", "en")\ntranslate("demo.gone", "en")\n')
    write(tmp_path / "templates" / "page.html", '{{ _("demo.greeting") }} {{ _n("demo.nowhere", 2) }}\n')
    write(tmp_path / "static" / "js" / "page.js", 'tn("demo.people", 3); t("demo.lost"); t(`demo.${x}`);\n')
    found = unknown_keys({"demo.greeting", "demo.people"}, tmp_path, tmp_path / "babel.cfg")
    assert sorted(use.key for use in found) == ["demo.gone", "demo.lost", "demo.nowhere"]


def test_update_marks_changed_english_fuzzy_adds_new_entries_and_drops_gone_ones(root):
    english = ENGLISH.replace("Hello {name}", "Hi there, {name}").replace(
        'msgctxt "demo.people"', 'msgctxt "demo.new"\nmsgid "New"\nmsgstr ""\n\nmsgctxt "demo.people2"')
    write(po_path("en", root), HEADER.format(language="en", plural=TWO_FORMS) + english)
    update(root)
    bokmal = by_key(read_catalogue(po_path("nb", root), "nb"))
    assert set(bokmal) == {"demo.greeting", "demo.new", "demo.people2"}
    assert bokmal["demo.greeting"].fuzzy and bokmal["demo.greeting"].string == "Hei {name}"
    assert bokmal["demo.greeting"].previous_id == ["Hello {name}"]
    assert "#| msgid \"Hello {name}\"" in po_path("nb", root).read_text("utf-8")
    assert bokmal["demo.new"].string == "" and not bokmal["demo.new"].fuzzy
    assert any("demo.greeting: fuzzy" in problem for problem in catalogue_problems(root))
    update(root)  # a second update keeps the English the translation was made for
    assert by_key(read_catalogue(po_path("nb", root), "nb"))["demo.greeting"].previous_id == ["Hello {name}"]


def test_init_starts_a_catalogue_with_the_languages_own_plural_forms(root):
    path = init("se", root)
    sami = read_catalogue(path, "se")
    assert sami.num_plurals == 3 and dict(sami.mime_headers)["Language"] == "se"
    assert by_key(sami)["demo.people"].string == ("", "", "")
    assert ("translations/se/LC_MESSAGES/messages.po: demo.people: untranslated "
            "(each of the 3 plural forms needs a text)") in catalogue_problems(root)
    with pytest.raises(FileExistsError):
        init("se", root)


def load_converter():
    script = PROJECT / "scripts" / "json_catalogues_to_po.py"
    spec = importlib.util.spec_from_file_location("json_catalogues_to_po", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_converter_turns_json_with_one_pairs_into_plural_entries_and_reports_gaps(tmp_path):
    root = tmp_path / "translations"
    root.mkdir()
    (root / "en.json").write_text(json.dumps({"demo.greeting": "Hello {name}"}), "utf-8")
    (root / "live.en.json").write_text(json.dumps({"demo.people": "{count} people", "demo.people.one": "1 person",
                                                   "demo.bye": "Bye"}), "utf-8")
    (root / "live.nn.json").write_text(json.dumps({"demo.people": "{count} personar", "demo.people.one": "1 person",
                                                   "demo.greeting": "Hei {name}", "demo.stale": "Gammal"}), "utf-8")
    report = load_converter().convert(["nn", "en"], root)
    assert "nn: missing demo.bye" in report
    assert "nn: extra demo.stale (not in the template, left out)" in report
    assert sorted(path.name for path in root.glob("*.json")) == []
    english = by_key(read_catalogue(po_path("en", root), "en"))
    assert english["demo.people"].id == ("1 person", "{count} people")
    nynorsk = by_key(read_catalogue(po_path("nn", root), "nn"))
    assert nynorsk["demo.people"].string == ("1 person", "{count} personar")
    assert nynorsk["demo.greeting"].string == "Hei {name}"
    assert [problem.split(": ", 1)[1] for problem in catalogue_problems(root)] == ["demo.bye: untranslated (empty)"]
