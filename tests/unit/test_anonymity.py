"""The disclosure rules (cardapp/domain/anonymity.py): the one home of the minimum."""

from __future__ import annotations

import ast
from pathlib import Path

from cardapp.domain import anonymity

PACKAGE = Path(__file__).resolve().parents[2] / "cardapp"


def test_two_aggregates_may_stand_side_by_side_only_when_no_one_or_two_people_lie_between_them():
    assert anonymity.may_show_beside(6, 6, 5)
    assert not anonymity.may_show_beside(6, 5, 5)
    assert not anonymity.may_show_beside(10, 6, 5)
    assert anonymity.may_show_beside(11, 6, 5)


def test_kept_totals_never_keep_a_distribution_below_the_minimum():
    assert anonymity.kept_totals({"ok": 2, "not_ok": 2}, 5) == {"total": 4}
    assert anonymity.kept_totals({"ok": 3, "not_ok": 2}, 5) == {"ok": 3, "not_ok": 2}
    assert anonymity.results_from_kept({"ok": 1, "not_ok": 1}, ("ok", "not_ok"), 5).suppressed


def test_no_module_but_the_anonymity_rules_compares_anything_with_the_minimum():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "anonymity.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Compare):
                names = {getattr(part, "attr", getattr(part, "id", "")) for part in [node.left, *node.comparators]}
                if {"min_answers", "MIN_ANSWERS_FLOOR"} & names:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
