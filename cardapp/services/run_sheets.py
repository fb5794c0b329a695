"""The run-sheet on the console: planned and elapsed minutes per item and for the workshop, the
discussion timer, and the scripts; and the calm countdown the projector may show. The minutes are
planned on a draft's agenda page (or come from its template, or from the cards).

The clock is the facilitator's: it is kept in the database (so a restart loses nothing), to the
minute for items, and it never acts by itself. Phones receive none of it (services.payloads).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.lifecycle import WorkshopStatus
from cardapp.domain.run_sheet import Timer, TimerAction, TimerRefused, minute_of, whole_minutes
from cardapp.domain.workshop_templates import InvalidTemplate, typed_minutes
from cardapp.domain.workshops import InvalidChoice, WorkshopNotOpen
from cardapp.services.errors import Invalid
from cardapp.services.payloads import ProjectorTimer, RunSheetEntry, RunSheetState, TimerState
from cardapp.services.shown_items import workshop_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.run_sheets import RunSheet, RunSheetItem


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sheet_of(session: Session, workshop_id: int) -> RunSheet:
    """The workshop's run-sheet row, made when first needed."""
    sheet = session.get(RunSheet, workshop_id)
    if sheet is None:
        sheet = RunSheet(workshop_id=workshop_id, timer_length=0, timer_left=0, timer_on_projector=False)
        session.add(sheet)
        session.flush()
    return sheet


def plan(session: Session, item_id: int, minutes: int | None) -> None:
    """Planned minutes of one agenda item (None: not planned)."""
    row = session.get(RunSheetItem, item_id)
    if row is None:
        session.add(RunSheetItem(item_id=item_id, planned_minutes=minutes, spent_minutes=0))
    else:
        row.planned_minutes = minutes


def planned_by_position(database: Database, actor: Actor, workshop_id: int) -> dict[int, int | None]:
    """The minutes planned for each agenda item, by position, as the agenda page shows them."""
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        items = _agenda(session, workshop.id)
        rows = _rows(session, items)
        return {item.position: planned_minutes_of(item, rows.get(item.id)) for item in items}


def plan_agenda(database: Database, actor: Actor, workshop_id: int, typed: Mapping[int, str]) -> None:
    """The planned minutes typed on a draft's agenda page, per position, all or none: the first that is not
    a whole number from 1 to `MAX_ITEM_MINUTES` is refused by its item's number. Empty is "not planned",
    which shows the minutes the card suggests, if any."""
    minutes: dict[int, int | None] = {}
    for position, text in sorted(typed.items()):
        try:
            minutes[position] = typed_minutes(text)
        except InvalidTemplate as invalid:
            raise Invalid("agendaplan.bad_minutes", number=position + 1, **invalid.params) from None
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        if workshop.status != WorkshopStatus.DRAFT:
            raise Invalid("workshop.already_started")
        for item in _agenda(session, workshop.id):
            if item.position in minutes:
                plan(session, item.id, minutes[item.position])


def _agenda(session: Session, workshop_id: int) -> list[AgendaItem]:
    return list(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop_id)
                                .order_by(AgendaItem.position)))


def _rows(session: Session, items: list[AgendaItem]) -> dict[int, RunSheetItem]:
    return {row.item_id: row for row in session.scalars(
        select(RunSheetItem).where(RunSheetItem.item_id.in_([item.id for item in items])))}


def item_entered(session: Session, workshop_id: int, item: AgendaItem, now: dt.datetime) -> None:
    """The shown item changed: the one left keeps the minutes it was shown, the new one starts counting."""
    sheet = sheet_of(session, workshop_id)
    if sheet.current_item_id == item.id:
        return  # shown again while current: its minutes go on
    minute = minute_of(now)
    if sheet.started_at is None:
        sheet.started_at = minute
    if sheet.current_item_id is not None and sheet.current_since is not None:
        left = session.get(RunSheetItem, sheet.current_item_id)
        if left is None and session.get(AgendaItem, sheet.current_item_id) is not None:
            left = RunSheetItem(item_id=sheet.current_item_id, planned_minutes=None, spent_minutes=0)
            session.add(left)
        if left is not None:
            left.spent_minutes = (left.spent_minutes or 0) + whole_minutes(sheet.current_since, now)
    sheet.current_item_id, sheet.current_since = item.id, minute


def _timer(sheet: RunSheet) -> Timer:
    return Timer(sheet.timer_length, sheet.timer_left, sheet.timer_running_since, sheet.timer_on_projector)


def control_timer(database: Database, actor: Actor, workshop_id: int, action: str, minutes: int | None,
                  now: dt.datetime) -> None:
    """Start, pause, reset or set the discussion timer, or show it on the projector or take it off."""
    with database.transaction() as session:
        workshop = workshop_of(session, workshop_id, actor)
        if workshop.status == WorkshopStatus.ENDED:
            raise WorkshopNotOpen("socket.workshop_ended")
        sheet = sheet_of(session, workshop.id)
        try:
            timer = _timer(sheet).after(TimerAction(action), now, minutes)
        except TimerRefused as refused:
            raise InvalidChoice(refused.key) from None
        sheet.timer_length, sheet.timer_left = timer.length, timer.left
        sheet.timer_running_since, sheet.timer_on_projector = timer.running_since, timer.on_projector


def planned_minutes_of(item: AgendaItem, row: RunSheetItem | None) -> int | None:
    """What was planned for the item, else the minutes its card suggests (decks give most cards some)."""
    if row is not None and row.planned_minutes is not None:
        return row.planned_minutes
    minutes = json.loads(item.card).get("minutes")
    return minutes if isinstance(minutes, int) and minutes > 0 else None


def console_part(session: Session, workshop: Workshop, items: list[AgendaItem], now: dt.datetime) -> RunSheetState:
    """The run-sheet as the console shows it: every item's planned and elapsed minutes, the timer."""
    sheet = session.get(RunSheet, workshop.id)
    rows = _rows(session, items)
    running = workshop.status == WorkshopStatus.OPEN and sheet is not None
    entries = []
    for item in items:
        row = rows.get(item.id)
        elapsed = row.spent_minutes if row is not None else 0
        if running and sheet is not None and sheet.current_item_id == item.id:
            elapsed += whole_minutes(sheet.current_since, now)
        entries.append(RunSheetEntry(position=item.position, planned_minutes=planned_minutes_of(item, row),
                                     elapsed_minutes=elapsed))
    timer = _timer(sheet) if sheet is not None else Timer()
    return RunSheetState(
        planned_minutes=sum(entry.planned_minutes or 0 for entry in entries),
        elapsed_minutes=whole_minutes(sheet.started_at, now) if running and sheet is not None else None,
        items=entries,
        opening_script=sheet.opening_script if sheet is not None else None,
        closing_script=sheet.closing_script if sheet is not None else None,
        timer=TimerState(length_seconds=timer.length, remaining_seconds=timer.remaining(now),
                         running=timer.running(now), on_projector=timer.on_projector))


def projector_part(session: Session, workshop: Workshop, now: dt.datetime) -> ProjectorTimer | None:
    """The countdown the projector shows, only while the facilitator put it there."""
    sheet = session.get(RunSheet, workshop.id)
    if sheet is None or workshop.status != WorkshopStatus.OPEN:
        return None
    if not sheet.timer_on_projector or not sheet.timer_length:
        return None
    timer = _timer(sheet)
    return ProjectorTimer(remaining_seconds=timer.remaining(now), running=timer.running(now))
