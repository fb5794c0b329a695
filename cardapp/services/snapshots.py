"""What each screen may see of a workshop, as the `workshop_state` event (docs/protocol.md).

Built on the server for each screen from the closed types in `cardapp.services.payloads` and the
exercises' own typed parts, so a screen never receives what it must not show: the projector gets no
notes or moderation, a phone gets no other person's answer, and no distribution leaves the server
before it is revealed and above the minimum (promises 2 to 5).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cardapp.domain.anonymity import shuffled_batches
from cardapp.domain.lifecycle import ItemStatus, Phase, ReflectionStatus, WorkshopStatus, accepting_answers
from cardapp.domain.workshops import card_main_text, card_title, choices_for, localized, phones_in_room, text_language
from cardapp.services import questions, reflection_batches, risk_map, run_sheets
from cardapp.services.exercises import exercise_of, scene
from cardapp.services.exercises.base import Scene
from cardapp.services.live import pauses_since
from cardapp.services.payloads import (
    CURRENT_BY_SCREEN,
    STATE_BY_SCREEN,
    AgendaEntry,
    AgreementEntry,
    Closing,
    Moderation,
    PendingReflection,
    QuestionQueue,
    Screen,
    ShownReflections,
    WorkshopHeader,
)
from cardapp.store.answer_counts import answered_counts
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Answer, Reflection, Workshop
from cardapp.store.room_counts import joined_not_left

# Kept for callers that name screens by their wire names.
CONSOLE, PROJECTOR, PHONE = "console", "projector", "phone"


@dataclass(frozen=True)
class Audience:
    """Who a snapshot is for. A phone with a participant gets its own snapshot (its answer included);
    a phone without one is the broadcast to every phone of that language."""

    screen: str
    language: str | None = None  # a phone's own language; screens use the projector's
    participant_id: int | None = None

    @property
    def kind(self) -> Screen:
        if self.screen == PHONE:
            return Screen.PHONE if self.participant_id is not None else Screen.PHONES
        return Screen(self.screen)


def workshop_state(
    database: Database, workshop_id: int, audience: Audience, base_url: str, now: dt.datetime,
    closing_texts: tuple[str, str] | None = None,
) -> dict[str, Any] | None:
    """The snapshot for one screen, or None when the workshop is gone. `closing_texts` are the
    default help text and the "what was stored" text in the phone's language, for an ended workshop."""
    screen = audience.kind
    with database.transaction() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            return None
        language = audience.language or workshop.projector_language
        base = base_url.rstrip("/")
        join_url = f"{base}/j/{workshop.room_code}" if base and workshop.room_code else None
        # Only the console lists the agenda; the others need the shown item and how many there are.
        if screen == Screen.CONSOLE:
            items = list(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id)
                                         .order_by(AgendaItem.position)))
            item_count = len(items)
            shown = next((i for i in items if i.position == workshop.current_position), None)
        else:
            items = []
            item_count = session.scalar(select(func.count(AgendaItem.id))
                                        .where(AgendaItem.workshop_id == workshop.id)) or 0
            shown = session.scalar(select(AgendaItem).where(
                AgendaItem.workshop_id == workshop.id, AgendaItem.position == workshop.current_position))
        ended = workshop.status == WorkshopStatus.ENDED
        state: dict[str, Any] = {
            "screen": screen.wire_name,
            "language": language,
            "workshop": WorkshopHeader(id=workshop.id, title=workshop.title, status=workshop.status,
                                       room_code=workshop.room_code, join_url=join_url,
                                       min_answers=workshop.min_answers, item_count=item_count),
            "current": None if shown is None or ended else current_payload(
                scene(session, workshop, shown, screen, language, audience.participant_id)),
            "closing": None,
        }
        if screen in (Screen.PHONE, Screen.PHONES) and ended and closing_texts is not None:
            default_help, stored = closing_texts
            state["closing"] = Closing(help_text=workshop.help_text or default_help, stored_text=stored)
        if screen in (Screen.CONSOLE, Screen.MODERATOR, Screen.PROJECTOR):
            # The M of "N of M answered": phones that joined and have not left (domain/workshops.py).
            answered = state["current"].get("answered", 0) if state["current"] else 0
            state["connected"] = phones_in_room(joined_not_left(session, [workshop.id])[workshop.id], answered)
        if screen == Screen.PROJECTOR:
            state["timer"] = run_sheets.projector_part(session, workshop, now)
        if screen == Screen.MODERATOR:
            state.update(moderation=_moderation(session, workshop, shown),
                         pauses_recent=pauses_since(session, workshop.id, now))
        if screen == Screen.CONSOLE:
            state.update(_console_extras(session, workshop, items, shown, now))
            state["projector_url"] = f"{base}/p/{workshop.id}/{workshop.projector_secret}" if base else None
        return STATE_BY_SCREEN[screen].model_validate(state).to_wire()


def current_payload(seen: Scene) -> dict[str, Any]:
    """The shown item for one screen: the fields every item has, and the exercise's own part."""
    session, workshop, item, card, language = seen.session, seen.workshop, seen.item, seen.card, seen.language
    exercise = exercise_of(item.kind)
    fallback = seen.fallback
    on_card = workshop.phase == Phase.CARD
    fields: dict[str, Any] = {
        "position": item.position,
        "item_id": item.id,
        "card_id": item.card_id,
        "kind": item.kind,
        "phase": workshop.phase,
        "content_note": localized(card.get("content_note"), language, fallback),
        "text": localized(card_main_text(card), language, fallback) if on_card else None,
        # A card without the phone's language (a scenario typed on the spot) says which one it is in.
        "text_language": text_language(card_main_text(card), language, fallback),
        "follow_ups": [localized(t, language, fallback) for t in card.get("follow_ups", [])] if on_card else [],
        "prompts": [localized(t, language, fallback) for t in card.get("prompts", [])] if on_card else [],
        "choices": list(choices_for(card)),
        "round": item.round,
        "answers_open": accepting_answers(item.status, workshop.phase),
        "results": exercise.results(seen),
        "reflections": ShownReflections(
            open=item.reflections_open and on_card,
            # Only after answers close, batch by batch, in an order that changes with each batch.
            shown=[] if item.status == ItemStatus.OPEN else
            shuffled_batches(reflection_batches.shown_batches(session, item), item.shuffle_seed)),
    }
    if seen.screen in (Screen.CONSOLE, Screen.MODERATOR, Screen.PROJECTOR):
        fields["answered"] = answered_counts(session, [workshop.id]).get(workshop.id, (0, 0, 0))[2]
    if seen.screen == Screen.CONSOLE:
        fields["notes"] = localized(card.get("notes"), language, fallback)
    if seen.screen == Screen.PHONE:
        fields["my_answer"] = session.scalar(select(Answer.choice).where(
            Answer.item_id == item.id, Answer.participant_id == seen.participant_id, Answer.round == item.round))
        fields["my_reflection_sent"] = bool(session.scalar(select(func.count(Reflection.id)).where(
            Reflection.item_id == item.id, Reflection.participant_id == seen.participant_id)))
    payload = CURRENT_BY_SCREEN[seen.screen].model_validate(fields).to_wire()
    if exercise.part_name is not None and seen.screen in exercise.parts:
        part = exercise.part(seen)
        if type(part) is not exercise.parts[seen.screen]:  # the console's part must never reach a phone
            raise TypeError(f"{item.kind} built a {type(part).__name__} for the {seen.screen} screen")
        payload[exercise.part_name] = part.to_wire()
    return payload


def _console_extras(
    session: Session, workshop: Workshop, items: list[AgendaItem], shown: AgendaItem | None, now: dt.datetime
) -> dict[str, Any]:
    agenda = [AgendaEntry(position=item.position, item_id=item.id, kind=item.kind,
                          title=card_title(json.loads(item.card), workshop.projector_language),
                          status=item.status, revealed=item.revealed) for item in items]
    return {"agenda": agenda, "moderation": _moderation(session, workshop, shown),
            "pauses_recent": pauses_since(session, workshop.id, now),
            "agreements": [AgreementEntry.model_validate(row) for row in risk_map.agreements_of(session, workshop.id)],
            "run_sheet": run_sheets.console_part(session, workshop, items, now)}


def _moderation(session: Session, workshop: Workshop, shown: AgendaItem | None) -> Moderation:
    """The moderation queues, the same on the console and the moderator view."""
    asked = questions.queue(session, workshop.id)
    question_queue = QuestionQueue(pending=[PendingReflection(id=qid, text=text) for qid, text in asked.pending],
                                   held=asked.held, approved=asked.approved,
                                   removable=[PendingReflection(id=qid, text=text) for qid, text in asked.removable])
    if shown is None:
        return Moderation(pending=[], held=0, approved=0, questions=question_queue)
    # Only texts released to the queue, ordered by their random ids: never in the order they came.
    rows = session.execute(select(Reflection.public_id, Reflection.text, Reflection.status)
                           .where(Reflection.item_id == shown.id, Reflection.released.is_(True))
                           .order_by(Reflection.public_id)).all()
    return Moderation(
        pending=[PendingReflection(id=rid, text=text) for rid, text, status in rows
                 if status == ReflectionStatus.PENDING],
        held=sum(1 for row in rows if row.status == ReflectionStatus.HELD),
        approved=sum(1 for row in rows if row.status == ReflectionStatus.APPROVED),
        questions=question_queue,
    )
