"""docs/protocol.md's generated part is the models' own description: it cannot drift from them."""

from __future__ import annotations

from cardapp.realtime import protocol_doc


def test_the_generated_part_of_the_protocol_doc_matches_the_payload_models():
    assert protocol_doc.main(["--check"]) == 0, "run: python -m cardapp.realtime.protocol_doc --write"


def test_a_new_field_on_a_screen_model_makes_the_doc_out_of_date(monkeypatch):
    from cardapp.services import payloads

    document = protocol_doc.DOC.read_text("utf-8")
    assert "`pauses_recent`" in document
    monkeypatch.setitem(payloads.ConsoleState.model_fields, "leaked", payloads.ConsoleState.model_fields["language"])
    assert protocol_doc.with_generated(document) != document
