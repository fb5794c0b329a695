"""What each screen may see of a workshop, as the `workshop_state` event (docs/protocol.md).

Built on the server for each audience, so a screen never receives what it must not show:
the projector gets no notes or moderation, a phone gets no other person's answer, and no
distribution leaves the server before it is revealed and above the minimum (promises 2 to 5).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cardapp.domain.workshops import (
    card_main_text,
    card_title,
    choices_for,
    localized,
    shown_reflections,
    text_language,
)
from cardapp.services import power_walk, risk_map
from cardapp.services.live import pauses_since, results_of
from cardapp.services.workshops import ENDED
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Answer, Reflection, Workshop

CONSOLE, PROJECTOR, PHONE = "console", "projector", "phone"


@dataclass(frozen=True)
class Audience:
    screen: str
    language: str | None = None  # a phone's own language; screens use the projector's
    participant_id: int | None = None


def workshop_state(
    database: Database, workshop_id: int, audience: Audience, connected: int, base_url: str, now: dt.datetime
) -> dict[str, Any] | None:
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            return None
        language = audience.language or workshop.projector_language
        base = base_url.rstrip("/")
        join_url = f"{base}/j/{workshop.room_code}" if base and workshop.room_code else None
        # Only the console lists the agenda; the others need the shown item and how many there are.
        if audience.screen == CONSOLE:
            items = list(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)
                                         .order_by(AgendaItem.position)))
            item_count = len(items)
            current = next((i for i in items if i.position == workshop.current_position), None)
        else:
            items = []
            item_count = session.scalar(select(func.count(AgendaItem.id))
                                        .where(AgendaItem.workshop_id == workshop.id)) or 0
            current = session.scalar(select(AgendaItem).where(
                AgendaItem.workshop_id == workshop.id, AgendaItem.position == workshop.current_position))
        state: dict[str, Any] = {
            "screen": audience.screen,
            "language": language,
            "workshop": {"id": workshop.id, "title": workshop.title, "status": workshop.status,
                         "room_code": workshop.room_code, "join_url": join_url,
                         "min_answers": workshop.min_answers, "item_count": item_count},
            "connected": connected,
            "current": None,
            "closing": None,
        }
        if current is not None and workshop.status != ENDED:
            state["current"] = _current(session, workshop, current, audience, language)
        if audience.screen == CONSOLE:
            state.update(_console_extras(session, workshop, items, current, now))
            state["projector_url"] = f"{base}/p/{workshop.id}/{workshop.projector_secret}" if base else None
        if audience.screen == PHONE and workshop.status == ENDED:
            state["closing"] = {"help_text": workshop.help_text}
        return state


def _current(
    session: Session, workshop: Workshop, item: AgendaItem, audience: Audience, language: str
) -> dict[str, Any]:
    card = json.loads(item.card)
    fallback = workshop.projector_language
    phase = workshop.phase
    answered = session.scalar(select(func.count(Answer.id)).where(Answer.item_id == item.id,
                                                                  Answer.round == item.round)) or 0
    statuses = session.execute(select(Reflection.status, Reflection.text).where(Reflection.item_id == item.id)
                               .order_by(Reflection.id)).all()
    approved = [text for status, text in statuses if status == "approved"]
    waiting = sum(1 for status, _text in statuses if status == "pending")
    current: dict[str, Any] = {
        "position": item.position,
        "item_id": item.id,
        "card_id": item.card_id,
        "kind": item.kind,
        "phase": phase,
        "content_note": localized(card.get("content_note"), language, fallback),
        "text": localized(card_main_text(card), language, fallback) if phase == "card" else None,
        # A card without the phone's language (a scenario typed on the spot) says which one it is in.
        "text_language": text_language(card_main_text(card), language, fallback),
        "follow_ups": [localized(t, language, fallback) for t in card.get("follow_ups", [])] if phase == "card" else [],
        "prompts": [localized(t, language, fallback) for t in card.get("prompts", [])] if phase == "card" else [],
        "choices": list(choices_for(card)),
        "round": item.round,
        "answers_open": item.status == "open" and phase == "card",
        "answered": answered,
        "results": results_of(session, item, workshop.min_answers) if item.revealed and choices_for(card) else None,
        "reflections": {
            "open": item.reflections_open and phase == "card",
            # Shown as one batch once nothing waits, so no single late text stands out on its own.
            "shown": [] if waiting else shown_reflections(approved, item.status == "open", workshop.min_answers,
                                                          item.shuffle_seed),
        },
    }
    if item.kind == power_walk.KIND:
        current.update(power_walk.walk_state(session, workshop, item, language, audience.screen == CONSOLE))
    if item.kind == risk_map.KIND:
        current.update(risk_map.map_state(session, workshop, item, language, audience.screen, audience.participant_id))
    if audience.screen == CONSOLE:
        current["notes"] = localized(card.get("notes"), language, fallback)
    if audience.screen == PHONE and audience.participant_id is not None:
        current["my_answer"] = session.scalar(select(Answer.choice).where(
            Answer.item_id == item.id, Answer.participant_id == audience.participant_id, Answer.round == item.round))
        sent = session.scalar(select(func.count(Reflection.id)).where(
            Reflection.item_id == item.id, Reflection.participant_id == audience.participant_id))
        current["my_reflection_sent"] = bool(sent)
    return current


def _console_extras(
    session: Session, workshop: Workshop, items: list[AgendaItem], current: AgendaItem | None, now: dt.datetime
) -> dict[str, Any]:
    agenda = []
    for item in items:
        card = json.loads(item.card)
        agenda.append({"position": item.position, "item_id": item.id, "kind": item.kind,
                       "title": card_title(card, workshop.projector_language),
                       "status": item.status, "revealed": item.revealed})
    moderation: dict[str, Any] = {"pending": [], "held": 0, "approved": 0}
    if current is not None:
        rows = session.execute(select(Reflection.id, Reflection.text, Reflection.status)
                               .where(Reflection.item_id == current.id).order_by(Reflection.id)).all()
        moderation = {
            "pending": [{"id": rid, "text": text} for rid, text, status in rows if status == "pending"],
            "held": sum(1 for row in rows if row.status == "held"),
            "approved": sum(1 for row in rows if row.status == "approved"),
        }
    pauses = pauses_since(session, workshop.id, now)
    return {"agenda": agenda, "moderation": moderation, "pauses_recent": pauses,
            "agreements": risk_map.agreements_of(session, workshop.id)}
