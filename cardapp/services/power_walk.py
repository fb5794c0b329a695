"""Running a power walk: the facilitator's pace, the phones' answers, each phone's private result,
and the anonymous picture that is all that remains afterwards.

Per-person rows (answers, dealt roles) exist only while the walk runs. Revealing the walk turns them
into the picture (kept in the item's `final_counts`) and deletes them; a walk the room never saw
revealed keeps nothing once the workshop ends. Building the walk into an agenda is in
`power_walk_agenda`.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cardapp.domain import lifecycle
from cardapp.domain import power_walk as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.workshops import localized
from cardapp.services.shown_items import shown_item, workshop_of
from cardapp.store import traces
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, PowerAnswer, PowerRole, PowerWalk, Workshop
from cardapp.store.power import dealt_role, ensure_walk_row, keep_first_role, store_power_answer, walk_position
from cardapp.store.replays import WALK_ROUND, first_use_of, forget_answer_ids

KIND = rules.KIND


# --- Loading ---------------------------------------------------------------------------------------

def _statements(card: dict[str, Any]) -> list[rules.Statement]:
    return [rules.Statement(s["id"], s["dimension"]) for s in card["statements"]]


def _facilitated(session: Session, actor: Actor, workshop_id: int) -> tuple[Workshop, AgendaItem, PowerWalk]:
    """The open workshop's shown item, which must be a walk, for a facilitator who may run it."""
    workshop = workshop_of(session, workshop_id, actor)  # locked on PostgreSQL: console commands queue
    lifecycle.require_open(workshop.status)
    item = session.scalar(select(AgendaItem).where(AgendaItem.workshop_id == workshop.id,
                                                   AgendaItem.position == workshop.current_position))
    if item is None or item.kind != rules.KIND:
        raise rules.NotAWalk("power.not_a_walk")
    # Created on the first command in one "insert unless there" statement: two console windows, or
    # two server processes, pressing at once both get the one row instead of a duplicate key error.
    return workshop, item, ensure_walk_row(session, item.id, rules.INTRO_STEP, rules.INTRO)


def _shown_walk(session: Session, workshop_id: int, item_id: int) -> tuple[dict[str, Any], str, int]:
    """The card of the walk a phone acts on, if it is the item shown in its own open workshop, with
    the walk's status and step. Two queries: the shared check of the shown item, then the walk."""
    row = shown_item(session, workshop_id, item_id)
    card: dict[str, Any] = json.loads(row.card)
    if card.get("kind") != rules.KIND:
        raise rules.NotAWalk("power.not_a_walk")
    status, step = walk_position(session, item_id) or (rules.INTRO, rules.INTRO_STEP)
    return card, status, step


# --- The facilitator's commands --------------------------------------------------------------------

def show_statement(database: Database, actor: Actor, workshop_id: int, step: int) -> None:
    """Show the explanation (-1) or a statement; phones may answer it and any before it."""
    with database.transaction() as session:
        _workshop, item, row = _facilitated(session, actor, workshop_id)
        row.step = rules.next_step(row.status, row.step, step, len(json.loads(item.card)["statements"]))
        if row.step >= 0:
            row.status = rules.WALKING


def finish_walk(database: Database, actor: Actor, workshop_id: int) -> None:
    """No more answers; each phone may now ask for its own result."""
    with database.transaction() as session:
        _workshop, _item, row = _facilitated(session, actor, workshop_id)
        if row.status == rules.REVEALED:
            raise rules.WalkClosed("power.walk_finished")
        if row.status == rules.INTRO:
            raise rules.WalkClosed("power.walk_not_started")
        row.status = rules.FINISHED
        forget_answer_ids(session, [row.item_id])  # finished: no answer can come, so no repeat to catch


def reveal_walk(database: Database, actor: Actor, workshop_id: int) -> None:
    """Show the room its picture: from here on only the picture exists, the answers are deleted."""
    with database.transaction() as session:
        workshop, item, row = _facilitated(session, actor, workshop_id)
        if row.status != rules.FINISHED:
            raise rules.WalkClosed("power.finish_first")
        _keep_only_picture(session, item, workshop.min_answers)
        row.status = rules.REVEALED
    database.scrub_deleted(traces.WALK_ROWS)  # no copy of the deleted answers stays in the files


def _keep_only_picture(session: Session, item: AgendaItem, min_answers: int) -> None:
    rows = session.execute(select(PowerAnswer.participant_id, PowerAnswer.statement, PowerAnswer.choice)
                           .where(PowerAnswer.item_id == item.id)).all()
    by_person: dict[int, dict[int, str]] = {}
    for participant_id, statement, choice in rows:
        by_person.setdefault(participant_id, {})[statement] = choice
    picture = rules.group_picture(_statements(json.loads(item.card)), list(by_person.values()), min_answers)
    item.final_counts = json.dumps({"walk": picture})
    _delete_per_person(session, [item.id])


def _delete_per_person(session: Session, item_ids: list[int]) -> None:
    session.execute(delete(PowerAnswer).where(PowerAnswer.item_id.in_(item_ids)))
    session.execute(delete(PowerRole).where(PowerRole.item_id.in_(item_ids)))


def end_walk(session: Session, item: AgendaItem) -> None:
    """At the end of a workshop every answer and dealt role goes. Only what the room saw outlives
    the workshop: a revealed walk keeps its picture (stored at the reveal); a walk never revealed
    keeps nothing, so no report can say anything, not even "too few", about a picture nobody saw."""
    _delete_per_person(session, [item.id])


# --- The phones' commands --------------------------------------------------------------------------

def submit_power_answer(database: Database, workshop_id: int, participant_id: int, item_id: int,
                        statement: int, choice: str, answer_id: str | None = None) -> str | None:
    """Yes, No or Pass to the shown statement or an earlier one; answering again changes the answer.

    A repeat of an `answer_id` already applied changes nothing: the answer stored now is returned.
    """
    rules.check_choice(choice)
    with database.transaction() as session:
        card, status, step = _shown_walk(session, workshop_id, item_id)
        rules.check_answerable(status, step, statement, len(card["statements"]))
        if answer_id is not None and not first_use_of(session, item_id, WALK_ROUND, answer_id):
            return session.scalar(select(PowerAnswer.choice).where(
                PowerAnswer.item_id == item_id, PowerAnswer.participant_id == participant_id,
                PowerAnswer.statement == statement))
        store_power_answer(session, item_id, participant_id, statement, choice)
        return choice


def my_walk(database: Database, workshop_id: int, participant_id: int, item_id: int,
            language: str) -> dict[str, Any]:
    """What one phone may know of its own walk: its answers, the earlier statements it has not
    answered (their texts, to catch up on), its dealt persona, and, once the walk is finished, its
    private result. Never sent to any other connection."""
    with database.transaction() as session:
        card, status, step = _shown_walk(session, workshop_id, item_id)
        if status == rules.REVEALED:
            return {"answers": {}, "missed": [], "role": None, "result": None, "deleted": True}
        workshop = session.get(Workshop, workshop_id)
        fallback = workshop.projector_language if workshop else language
        answers = {statement: choice for statement, choice in session.execute(
            select(PowerAnswer.statement, PowerAnswer.choice).where(
                PowerAnswer.item_id == item_id, PowerAnswer.participant_id == participant_id))}
        titles = {d["id"]: localized(d["title"], language, fallback) for d in card["dimensions"]}
        statements = card["statements"]
        missed = [{"index": index, "text": localized(statements[index]["text"], language, fallback),
                   "dimension": titles.get(statements[index]["dimension"], statements[index]["dimension"])}
                  for index in rules.missed_statements(status, step, answers)]
        role = None
        if card["mode"] == "roles":
            role = _dealt_role(session, item_id, card, participant_id, language, fallback)
        result = None
        if status == rules.FINISHED:
            result = rules.private_result(_statements(card), answers)
            result["dimensions"] = [{"id": key, "title": titles.get(key, key), **value}
                                    for key, value in result["dimensions"].items()]
        return {"answers": {str(k): v for k, v in answers.items()}, "missed": missed, "role": role,
                "result": result, "deleted": False}


def _dealt_role(session: Session, item_id: int, card: dict[str, Any], participant_id: int, language: str,
                fallback: str) -> dict[str, Any] | None:
    roles = {role["id"]: role for role in card["roles"]}
    role_id = dealt_role(session, item_id, participant_id)
    if role_id is None:
        dealt = list(session.scalars(select(PowerRole.role_id).where(PowerRole.item_id == item_id)))
        # Two tabs of one phone may both get here; the database keeps the first persona dealt and
        # both tabs show that one (see `keep_first_role`).
        role_id = keep_first_role(session, item_id, participant_id, rules.deal_role(list(roles), dealt))
    role = roles.get(role_id)
    if role is None:
        return None
    return {"id": role_id, "name": localized(role["name"], language, fallback),
            "description": localized(role["description"], language, fallback)}


# --- What the screens see ----------------------------------------------------------------------------

def walk_view(session: Session, workshop: Workshop, item: AgendaItem, language: str,
              console: bool) -> dict[str, Any]:
    """The walk as every screen may see it: the stage, the shown statement, and the picture once
    revealed. Nothing here belongs to one person."""
    card = json.loads(item.card)
    fallback = workshop.projector_language
    row = session.get(PowerWalk, item.id)
    status, step = (row.status, row.step) if row else (rules.INTRO, rules.INTRO_STEP)
    titles = {d["id"]: localized(d["title"], language, fallback) for d in card["dimensions"]}
    statements = card["statements"]
    shown = statements[step] if status == rules.WALKING and 0 <= step < len(statements) else None
    walk: dict[str, Any] = {
        "mode": card["mode"], "status": status, "step": step, "count": len(statements),
        "statement": None if shown is None else {
            "index": step, "text": localized(shown["text"], language, fallback),
            "dimension": titles.get(shown["dimension"], shown["dimension"])},
        "dimensions": [{"id": key, "title": title} for key, title in titles.items()],
        "note": localized(card.get("walk_note"), language, fallback),
        "picture": None,
        "debrief": [],
    }
    if status == rules.REVEALED and item.final_counts:
        picture = json.loads(item.final_counts).get("walk")
        if picture and not picture.get("suppressed"):
            picture = {**picture, "dimensions": [{"id": key, "title": titles.get(key, key), **value}
                                                  for key, value in picture["dimensions"].items()]}
        walk["picture"] = picture
        if picture and not picture.get("suppressed"):  # no questions about a picture the room cannot see
            walk["debrief"] = [localized(question, language, fallback) for question in card.get("debrief", [])]
    if console:
        walk["notes"] = localized(shown.get("notes"), language, fallback) if shown else None
    return walk
