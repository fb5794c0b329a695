"""cardapp's unmasking of WebSocket frames gives what eventlet's own gives, for every offset and length."""

from __future__ import annotations

import random

import pytest
from eventlet.websocket import RFC6455WebSocket

from cardapp.server import unmask

EVENTLETS_OWN = RFC6455WebSocket.__dict__["_apply_mask"].__func__


def test_unmasking_matches_eventlet_for_every_offset_length_and_kind_of_mask():
    chance = random.Random(15)
    for size in (0, 1, 2, 3, 4, 5, 7, 8, 63, 64, 125, 126, 1000, 16_384):
        data = bytes(chance.getrandbits(8) for _ in range(size))
        mask_bytes = bytes(chance.getrandbits(8) for _ in range(4))
        for mask in (mask_bytes, list(mask_bytes)):
            for offset in (0, 1, 2, 3, 5, 1_000_001):
                for length in {None, size, size // 2}:
                    assert unmask(data, mask, length, offset) == EVENTLETS_OWN(data, mask, length, offset)


def test_a_masked_frame_reads_back_as_the_text_sent():
    mask = b"\x9a\x01\xff\x37"
    sent = '42["submit_answer",{"choice":"agree","answer_id":"æøå"}]'.encode()
    assert unmask(unmask(sent, mask), mask).decode() == '42["submit_answer",{"choice":"agree","answer_id":"æøå"}]'


def test_a_frame_shorter_than_its_length_fails_as_in_eventlet_not_padded():
    with pytest.raises(IndexError):
        EVENTLETS_OWN(b"abc", b"\x01\x02\x03\x04", 5)
    with pytest.raises(IndexError):
        unmask(b"abc", b"\x01\x02\x03\x04", 5)
