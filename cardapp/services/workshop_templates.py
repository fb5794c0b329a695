"""Workshop templates: the shipped ones beside the decks and each organisation's own; a new workshop
from one in one step; saving a workshop's agenda as a template; renaming and deleting one.

An organisation's templates are its own people's only, like its decks and workshops: another
organisation's template is simply not found. Its organisers (and admins who are members) save, rename
and delete them; its facilitators use them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.deck_format import Deck
from cardapp.domain.workshop_templates import (
    OWN_PREFIX,
    SHIPPED_PREFIX,
    InvalidTemplate,
    SavedItem,
    SavedTemplate,
    ShippedTemplate,
    TemplateLibrary,
    load_template_folder,
    typed_minutes,
    typed_script,
    typed_title,
    unresolved_references,
)
from cardapp.domain.workshops import AgendaCopy, card_title, localized
from cardapp.services import audit, run_sheets, workshops
from cardapp.services.agenda_building import gathered
from cardapp.services.decks import SHIPPED
from cardapp.services.errors import Forbidden, Invalid, NotFound
from cardapp.services.workshop_access import check_runs_workshops_of
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, StoredDeck, Workshop
from cardapp.store.run_sheets import RunSheet, RunSheetItem, WorkshopTemplate

TEMPLATES_FOLDER = "templates"  # inside the decks folder


@dataclass(frozen=True)
class TemplateChoice:
    """One template as the pages list it, in the reader's language."""

    key: str  # "shipped:<id>" or "own:<number>", what the forms send
    title: str
    description: str
    languages: tuple[str, ...]
    minutes: int
    item_count: int
    own_id: int | None = None


@dataclass(frozen=True)
class SaveForm:
    """What the "save as template" form starts from: the agenda with its planned minutes, and scripts."""

    title: str
    items: tuple[tuple[int, str, str, int | None], ...]  # position, kind, title, planned minutes
    opening: str
    closing: str


def shipped_library(decks_dir: Path) -> TemplateLibrary:
    """The shipped templates, read again only when a file in the folder changed."""
    folder = decks_dir / TEMPLATES_FOLDER
    stamps = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(folder.glob("*.json"))) \
        if folder.is_dir() else ()
    return _library(str(folder), stamps)


def shipped_problems(decks_dir: Path, decks: dict[str, Deck]) -> list[str]:
    """What is wrong with the shipped template files: broken files, and cards the decks do not have."""
    library = shipped_library(decks_dir)
    problems = [f"{name}: {problem}" for name, problem in library.broken.items()]
    for template in library.templates.values():
        missing = unresolved_references(template, decks)
        if missing:
            problems.append(f"{template.id}: no such deck or card: {', '.join(missing)}")
    return problems


@lru_cache(maxsize=4)
def _library(folder: str, _stamps: tuple[tuple[str, int], ...]) -> TemplateLibrary:
    return load_template_folder(Path(folder))


def template_choices(database: Database, actor: Actor, decks_dir: Path, language: str) -> list[TemplateChoice]:
    """The shipped templates, then the actor's own organisation's (none for anyone outside it)."""
    shipped = [_shipped_choice(template, language) for template in shipped_library(decks_dir).templates.values()]
    # The full two-hour session first, then shorter ones: the order a facilitator usually needs them.
    return sorted(shipped, key=lambda choice: (-choice.minutes, choice.title)) + own_templates(database, actor)


def _shipped_choice(template: ShippedTemplate, language: str) -> TemplateChoice:
    fallback = template.languages[0]
    return TemplateChoice(f"{SHIPPED_PREFIX}{template.id}", localized(template.title, language, fallback) or "",
                          localized(template.description, language, fallback) or "", tuple(template.languages),
                          template.total_minutes, len(template.items))


def own_templates(database: Database, actor: Actor) -> list[TemplateChoice]:
    """The actor's own organisation's templates; the query form of "members only"."""
    if actor.organisation_id is None:
        return []
    with database.transaction() as session:
        rows = session.scalars(select(WorkshopTemplate).where(
            WorkshopTemplate.organisation_id == actor.organisation_id).order_by(WorkshopTemplate.title))
        choices = []
        for row in rows:
            saved = SavedTemplate.model_validate_json(row.content)
            choices.append(TemplateChoice(f"{OWN_PREFIX}{row.id}", row.title, "", tuple(saved.languages),
                                          saved.total_minutes, len(saved.items), row.id))
        return choices


# --- A new workshop from a template ------------------------------------------------------------------

def create_from_template(database: Database, actor: Actor, decks_dir: Path, key: str, title: str, language: str,
                         min_answers: int, today: dt.date) -> workshops.WorkshopSummary:
    """A draft workshop with the template's agenda, planned minutes and scripts, in one step."""
    if actor.organisation_id is None or not actor.may_run_workshops_of(actor.organisation_id):
        raise Forbidden("workshop.forbidden")
    if key.startswith(SHIPPED_PREFIX):
        template = shipped_library(decks_dir).templates.get(key.removeprefix(SHIPPED_PREFIX))
        if template is None:
            raise NotFound("runsheet.template_not_found")
        new = _from_shipped(database, template, language)
    elif key.startswith(OWN_PREFIX) and key.removeprefix(OWN_PREFIX).isdecimal():
        new = _from_own(database, actor, int(key.removeprefix(OWN_PREFIX)[:10]), language)
    else:
        raise NotFound("runsheet.template_not_found")
    cleaned = workshops.workshop_title(title, new.title)
    return workshops.store_new_workshop(database, actor, workshops.NewWorkshop(
        deck_id=new.deck_id, deck_title=new.title[:200], title=cleaned, projector_language=language,
        languages=new.languages, items=new.items, min_answers=min_answers, today=today, planned=new.planned,
        opening_script=new.opening or None, closing_script=new.closing or None))


@dataclass(frozen=True)
class _Made:
    title: str
    deck_id: int | None
    languages: tuple[str, ...]
    items: list[AgendaCopy]
    planned: tuple[int | None, ...]
    opening: str
    closing: str


def shipped_decks(database: Database) -> dict[str, tuple[int, Deck]]:
    """The shipped decks by their ids (slugs), with their rows' numbers."""
    with database.transaction() as session:
        rows = session.scalars(select(StoredDeck).where(StoredDeck.source == SHIPPED))
        return {row.slug: (row.id, Deck.model_validate_json(row.content)) for row in rows}


def agenda_of(template: ShippedTemplate, decks: dict[str, Deck]) -> list[AgendaCopy]:
    """The template's agenda copies, one per template item; Invalid naming what does not resolve."""
    missing = unresolved_references(template, decks)
    if missing:
        raise Invalid("runsheet.template_broken", missing=", ".join(missing[:5]))
    items: list[AgendaCopy] = []
    for item in template.items:
        deck = decks[item.deck]
        built = gathered(deck, workshops.agenda_copies(deck, item.cards), item.walk_mode)
        if len(built) != 1:  # several cards are one item only when they gather into a walk or a map
            raise Invalid("runsheet.template_broken", missing=f"{item.deck}/{item.cards[0]}")
        items.extend(built)
    return items


def _from_shipped(database: Database, template: ShippedTemplate, language: str) -> _Made:
    if language not in template.languages:
        raise Invalid("runsheet.template_language")
    stored = shipped_decks(database)
    decks = {slug: deck for slug, (_number, deck) in stored.items()}
    items = agenda_of(template, decks)
    used = [decks[item.deck] for item in template.items]
    languages = tuple(code for code in template.languages if all(code in deck.languages for deck in used))
    if language not in languages:
        raise Invalid("runsheet.template_language")
    return _Made(template.title[language], stored[template.items[0].deck][0], languages, items,
                 tuple(item.minutes for item in template.items), template.opening[language],
                 template.closing[language])


def _own_row(session: Session, actor: Actor, template_id: int) -> WorkshopTemplate:
    row = session.get(WorkshopTemplate, template_id)
    if row is None or not actor.may_run_workshops_of(row.organisation_id):
        raise NotFound("runsheet.template_not_found")  # another organisation's: not even that it exists
    return row


def _from_own(database: Database, actor: Actor, template_id: int, language: str) -> _Made:
    with database.transaction() as session:
        row = _own_row(session, actor, template_id)
        saved, title = SavedTemplate.model_validate_json(row.content), row.title
    if language not in saved.languages:
        raise Invalid("runsheet.template_language")
    items = [(item.card_id, item.kind, json.dumps(item.card, ensure_ascii=False)) for item in saved.items]
    return _Made(title, None, tuple(saved.languages), items, tuple(item.minutes for item in saved.items),
                 saved.opening, saved.closing)


# --- An organisation's own templates ----------------------------------------------------------------

def _check_organiser(actor: Actor, organisation_id: int) -> None:
    check_runs_workshops_of(actor, organisation_id)  # outside the organisation: not found
    if not actor.may_edit_decks_of(organisation_id):
        raise Forbidden("runsheet.organisers_only")


def save_form(database: Database, actor: Actor, workshop_id: int) -> SaveForm:
    """The agenda of a workshop, its planned minutes and scripts, to start the save form from."""
    with database.transaction() as session:
        workshop = _workshop(session, actor, workshop_id)
        rows = _agenda(session, workshop.id)
        sheet = session.get(RunSheet, workshop.id)
        planned = {row.item_id: row for row in session.scalars(
            select(RunSheetItem).where(RunSheetItem.item_id.in_([item.id for item in rows])))}
        items = tuple((item.position, item.kind, card_title(json.loads(item.card), workshop.projector_language),
                       run_sheets.planned_minutes_of(item, planned.get(item.id))) for item in rows)
        return SaveForm(workshop.title, items, (sheet.opening_script or "") if sheet else "",
                        (sheet.closing_script or "") if sheet else "")


def _workshop(session: Session, actor: Actor, workshop_id: int) -> Workshop:
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound("workshop.not_found")
    _check_organiser(actor, workshop.organisation_id)
    return workshop


def _agenda(session: Session, workshop_id: int) -> list[AgendaItem]:
    return list(session.scalars(select(AgendaItem).where(AgendaItem.workshop_id == workshop_id)
                                .order_by(AgendaItem.position)))


def save_as_template(database: Database, actor: Actor, workshop_id: int, title: str, opening: str, closing: str,
                     minutes: dict[int, str], today: dt.date) -> int:
    """The workshop's agenda, with the minutes typed per position, as a new template of its organisation."""
    try:
        name, opening_text, closing_text = typed_title(title), typed_script(opening), typed_script(closing)
        typed = {position: typed_minutes(text) for position, text in minutes.items()}
    except InvalidTemplate as invalid:
        raise Invalid(invalid.key, **invalid.params) from None
    with database.transaction() as session:
        workshop = _workshop(session, actor, workshop_id)
        rows = _agenda(session, workshop.id)
        if not rows:
            raise Invalid("runsheet.empty_agenda")
        planned = {row.item_id: row for row in session.scalars(
            select(RunSheetItem).where(RunSheetItem.item_id.in_([item.id for item in rows])))}
        items = [SavedItem(card_id=item.card_id, kind=item.kind, card=json.loads(item.card),
                           minutes=typed[item.position] if item.position in typed
                           else run_sheets.planned_minutes_of(item, planned.get(item.id)))
                 for item in rows]
        saved = SavedTemplate(language=workshop.projector_language, languages=workshop.languages.split(","),
                              opening=opening_text, closing=closing_text, items=items)
        row = WorkshopTemplate(organisation_id=workshop.organisation_id, title=name,
                               content=saved.model_dump_json(), updated_on=today)
        session.add(row)
        session.flush()
        audit.record(session, actor, AuditAction.TEMPLATE_CHANGED, SubjectKind.TEMPLATE, row.id, name,
                     organisation_id=workshop.organisation_id)
        return row.id


def rename_template(database: Database, actor: Actor, template_id: int, title: str, today: dt.date) -> None:
    try:
        name = typed_title(title)
    except InvalidTemplate as invalid:
        raise Invalid(invalid.key, **invalid.params) from None
    with database.transaction() as session:
        row = _own_row(session, actor, template_id)
        _check_organiser(actor, row.organisation_id)
        if row.title != name:
            row.title, row.updated_on = name, today
            audit.record(session, actor, AuditAction.TEMPLATE_CHANGED, SubjectKind.TEMPLATE, row.id, name,
                         organisation_id=row.organisation_id)


def delete_template(database: Database, actor: Actor, template_id: int) -> None:
    with database.transaction() as session:
        row = _own_row(session, actor, template_id)
        _check_organiser(actor, row.organisation_id)
        audit.record(session, actor, AuditAction.TEMPLATE_CHANGED, SubjectKind.TEMPLATE, row.id, row.title,
                     organisation_id=row.organisation_id)
        session.delete(row)

