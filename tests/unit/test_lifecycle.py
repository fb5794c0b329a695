"""The live flow's states and moves (cardapp/domain/lifecycle.py)."""

from __future__ import annotations

import pytest

from cardapp.domain import lifecycle
from cardapp.domain.lifecycle import ItemStatus, Phase, RoundNotPossible, WorkshopStatus
from cardapp.domain.workshops import WorkshopNotOpen


def test_a_card_with_a_content_note_shows_the_note_first_and_only_the_first_time():
    first = lifecycle.entered(ItemStatus.WAITING, has_content_note=True)
    assert (first.status, first.phase) == (ItemStatus.WAITING, Phase.CONTENT_NOTE)
    shown = lifecycle.card_shown(first.status)
    assert (shown.status, shown.phase) == (ItemStatus.OPEN, Phase.CARD)
    back = lifecycle.entered(ItemStatus.CLOSED, has_content_note=True)
    assert (back.status, back.phase) == (ItemStatus.CLOSED, Phase.CARD)


def test_phones_may_answer_only_an_open_card_not_its_content_note():
    assert lifecycle.accepting_answers(ItemStatus.OPEN, Phase.CARD)
    assert not lifecycle.accepting_answers(ItemStatus.OPEN, Phase.CONTENT_NOTE)
    assert not lifecycle.accepting_answers(ItemStatus.CLOSED, Phase.CARD)


def test_a_second_round_comes_once_for_statements_after_the_first_closed():
    asked = lifecycle.second_round(ItemStatus.CLOSED, 1, offers_stances=True)
    assert (asked.status, asked.round) == (ItemStatus.OPEN, 2)
    for status, current_round, stances, key in [(ItemStatus.OPEN, 1, True, "socket.round_first_open"),
                                                 (ItemStatus.CLOSED, 2, True, "socket.round_already_again"),
                                                 (ItemStatus.CLOSED, 1, False, "socket.round_no_stances")]:
        with pytest.raises(RoundNotPossible) as refused:
            lifecycle.second_round(status, current_round, stances)
        assert refused.value.key == key


def test_an_ended_workshop_cannot_start_again_and_says_it_ended():
    assert lifecycle.started(WorkshopStatus.DRAFT) == WorkshopStatus.OPEN
    assert lifecycle.started(WorkshopStatus.OPEN) == WorkshopStatus.OPEN
    with pytest.raises(WorkshopNotOpen) as refused:
        lifecycle.started(WorkshopStatus.ENDED)
    assert refused.value.key == "socket.workshop_ended"
    with pytest.raises(WorkshopNotOpen) as refused:
        lifecycle.require_open(WorkshopStatus.DRAFT)
    assert refused.value.key == "socket.workshop_not_open"
