"""The report's rules: how it counts people, who may delete it, and how its CSV stays plain text."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from cardapp.domain.accounts import Actor, Role
from cardapp.domain.anonymity import ParticipantCount, Results, kept_participant_count, rounded_participants
from cardapp.domain.report import may_delete_workshops_of, oldest_kept_day, valid_retention_days
from cardapp.services.report_formats import report_csv, report_document
from cardapp.services.report_parts import AgreementEntry, RiskFactor, RiskMap, WorkshopReport


@pytest.mark.parametrize(("count", "minimum", "shown"), [
    (0, 5, ParticipantCount(None, 5)),
    (4, 5, ParticipantCount(None, 5)),
    (5, 5, ParticipantCount(5, None)),
    (7, 5, ParticipantCount(5, None)),
    (8, 5, ParticipantCount(10, None)),
    (12, 5, ParticipantCount(10, None)),
    (13, 5, ParticipantCount(15, None)),
    (3, 3, ParticipantCount(5, None)),
    (2, 3, ParticipantCount(None, 3)),
    (41, 5, ParticipantCount(40, None)),
    (None, 5, ParticipantCount(None, None)),
])
def test_participants_are_counted_in_fives_and_only_as_fewer_than_below_the_minimum(count, minimum, shown):
    assert rounded_participants(count, minimum) == shown


def test_a_count_above_the_minimum_never_reads_as_a_number_below_it():
    assert rounded_participants(7, 7) == ParticipantCount(10, None)
    assert rounded_participants(11, 7) == ParticipantCount(10, None)


@pytest.mark.parametrize("minimum", [3, 4, 5, 7, 10])
@pytest.mark.parametrize("count", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 17, 41])
def test_the_kept_count_is_only_what_the_report_shows_and_says_the_same(count, minimum):
    kept = kept_participant_count(count, minimum)
    assert rounded_participants(kept, minimum) == rounded_participants(count, minimum)
    assert kept % 5 == 0  # never the exact number of phones, unless that is a multiple of five


def test_only_organisers_of_the_organisation_may_delete_its_workshops_and_an_admin_only_as_a_member():
    assert may_delete_workshops_of(Actor(1, Role.ORGANISER, 7), 7)
    assert not may_delete_workshops_of(Actor(1, Role.ADMIN, None), 7)
    assert may_delete_workshops_of(Actor(1, Role.ADMIN, 7), 7)
    assert not may_delete_workshops_of(Actor(1, Role.ORGANISER, 8), 7)
    assert not may_delete_workshops_of(Actor(1, Role.FACILITATOR, 7), 7)
    assert not may_delete_workshops_of(Actor(1, Role.ORGANISER, None), None)


def test_retention_is_one_day_to_ten_years_counted_in_whole_days_after_the_end():
    assert [valid_retention_days(days) for days in (0, 1, 365, 3650, 3651)] == [False, True, True, True, False]
    assert oldest_kept_day(365, dt.date(2026, 11, 22)) == dt.date(2025, 11, 22)


def empty_report(**parts: object) -> WorkshopReport:
    base: dict[str, object] = dict(
        id=1, organisation_id=1, title="=HYPERLINK(\"http://x\")", language="en", ended_on=dt.date(2026, 11, 22),
        deck_title="Risk map", min_answers=5, participants=ParticipantCount(None, 5), agenda=(), statements=(),
        power_walks=(), risk_maps=(), reflections=(), agreements=())
    return WorkshopReport(**{**base, **parts})  # type: ignore[arg-type]


def test_typed_texts_that_look_like_formulas_stay_text_in_the_csv():
    report = empty_report(agreements=(AgreementEntry("guideline", None, None, "+47 is the helpline"),
                                      AgreementEntry("topic", None, None, "@everyone: alcohol")))
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert ["workshop", "", "", "title", "", "'=HYPERLINK(\"http://x\")"] in rows
    assert ["agreement", "", "", "guideline", "", "'+47 is the helpline"] in rows
    assert ["agreement", "", "", "topic", "", "'@everyone: alcohol"] in rows
    assert ["workshop", "", "", "participants_fewer_than", "", "5"] in rows
    assert report_document(report)["agreements"][0]["text"] == "+47 is the helpline"  # JSON keeps it as typed


def test_a_suppressed_risk_factor_says_nothing_but_that_it_was_suppressed():
    factor = RiskFactor(None, "alcohol", "Alcohol", Results(3, None, 5), None, None, ())
    report = empty_report(risk_maps=(RiskMap(2, (factor,)),))
    assert report_document(report)["risk_maps"][0]["factors"][0] == {
        "rank": None, "id": "alcohol", "name": "Alcohol", "suppressed": True, "score": None, "level": None,
        "measures": []}
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    # `position` is the map's place on the agenda (third card); the empty rank says "not ranked".
    assert [row for row in rows if row[0] == "risk_factor"] == [["risk_factor", "3", "Alcohol", "rank", "", ""],
                                                                ["risk_factor", "3", "Alcohol", "suppressed", "", ""]]
