"""The M of "N of M answered": never fewer than N, also when a count held up after a withdrawal
meets a phone that leaves (realtime/cadence.py keeps shown counts from moving down)."""

from __future__ import annotations

from cardapp.domain.workshops import phones_in_room
from cardapp.realtime.cadence import ShownCounts


def test_in_room_is_the_phones_that_joined_and_have_not_left_but_never_fewer_than_answered():
    assert phones_in_room(joined_not_left=6, answered=4) == 6
    assert phones_in_room(joined_not_left=2, answered=3) == 3


def test_a_count_held_up_after_a_withdrawal_never_passes_the_phones_in_the_room():
    shown = ShownCounts()
    assert shown.to_send(1, item_id=7, answer_round=1, answered=3, connected=3) == (3, 3)
    # One withdraws (the screens keep 3) and another phone leaves: the screens keep "3 of 3", never "3 of 2".
    assert shown.to_send(1, item_id=7, answer_round=1, answered=2, connected=2) is None
    assert shown.to_send(1, item_id=7, answer_round=1, answered=4, connected=2) == (4, 4)
