"""Use cases of the consent round: add it to a draft workshop, the phones' answers, what each screen
sees, and at the end the totals the room saw written into the guidelines' next version."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cardapp.domain import consent as rules
from cardapp.domain.accounts import Actor
from cardapp.domain.audit import AuditAction, SubjectKind
from cardapp.domain.programme import ProgrammeRuleBroken
from cardapp.domain.workshops import AnswersClosed, InvalidChoice, localized
from cardapp.services import audit
from cardapp.services.programme_access import draft_workshop_to_run, invalid, owned, readable_organisation
from cardapp.services.shown_items import accepting_answers, shown_item
from cardapp.store.database import Database
from cardapp.store.models import AgendaItem, Workshop
from cardapp.store.programme import ConsentAnswer, GuidelineVersion, store_consent_answer


def add_consent_round(database: Database, actor: Actor, workshop_id: int, version_id: int,
                      titles: Mapping[str, str]) -> int:
    """A consent round on a version of the guidelines, at the end of a draft workshop; its position."""
    organisation_id = readable_organisation(actor)
    with database.transaction() as session:
        version = owned(session.get(GuidelineVersion, version_id), organisation_id, "programme.no_such_version")
        workshop = draft_workshop_to_run(session, actor, organisation_id, workshop_id)
        try:
            card = rules.consent_card(titles, version.number, json.loads(version.texts))
        except ProgrammeRuleBroken as error:
            raise invalid(error) from None
        last = session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.workshop_id == workshop.id))
        position = 0 if last is None else last + 1
        session.add(AgendaItem(workshop_id=workshop.id, position=position, card_id=rules.CARD_ID, kind=rules.KIND,
                               card=json.dumps(card, ensure_ascii=False),
                               shuffle_seed=random.SystemRandom().randrange(2**31)))
        return position


def submit_consent(database: Database, workshop_id: int, participant_id: int, item_id: int, guideline: str,
                   choice: str, answer_id: str) -> str:
    """A phone's answer to one guideline; answering again changes it, a resend changes nothing."""
    if choice not in rules.CHOICES:
        raise InvalidChoice("socket.invalid_choice")
    with database.transaction() as session:
        row = shown_item(session, workshop_id, item_id)
        card = json.loads(row.card)
        if card.get("kind") != rules.KIND or guideline not in rules.guideline_ids(card):
            raise InvalidChoice("socket.invalid_choice")
        if not accepting_answers(row):
            raise AnswersClosed("socket.answers_closed")
        store_consent_answer(session, item_id, participant_id, guideline, choice, answer_id)
        return choice


def _results(session: Session, item: AgendaItem, min_answers: int) -> list[rules.ConsentResult]:
    answers = session.execute(select(ConsentAnswer.guideline, ConsentAnswer.choice)
                              .where(ConsentAnswer.item_id == item.id))
    return rules.tally_consent(((g, c) for g, c in answers), rules.guideline_ids(json.loads(item.card)), min_answers)


def consent_view(session: Session, workshop: Workshop, item: AgendaItem, language: str,
                 participant_id: int | None) -> dict[str, Any]:
    """The guidelines in the screen's language, the totals once revealed, a phone's own answers for itself."""
    card = json.loads(item.card)
    fallback = workshop.projector_language
    view: dict[str, Any] = {
        "version": card.get("version"), "choices": list(rules.CHOICES), "results": None,
        "guidelines": [{"id": g["id"], "heading": localized(g.get("heading"), language, fallback) or "",
                        "lines": _lines(g.get("lines", {}), language, fallback)} for g in card.get("guidelines", [])]}
    if item.revealed:
        view["results"] = [{"guideline": result.guideline, **result.results.as_event(),
                            **({} if result.objected is None else {"objected": result.objected})}
                           for result in _results(session, item, workshop.min_answers)]
    if participant_id is not None:
        mine = session.execute(select(ConsentAnswer.guideline, ConsentAnswer.choice).where(
            ConsentAnswer.item_id == item.id, ConsentAnswer.participant_id == participant_id))
        view["mine"] = {guideline: choice for guideline, choice in mine}
    return view


def _lines(lines: Mapping[str, list[str]], language: str, fallback: str) -> list[str]:
    for wanted in (language, fallback, *lines):
        if wanted in lines:
            return list(lines[wanted])
    return []


def end_consent(session: Session, workshop: Workshop, item: AgendaItem, today: dt.date) -> None:
    """At the end: if the room saw the totals, they go into the guidelines' next version; answers are deleted."""
    if item.revealed_rounds:
        results = _results(session, item, workshop.min_answers)
        # Below the minimum only the total is kept, as everywhere (a distribution never is).
        counts = [{"id": r.guideline, "counts": r.results.counts} if r.results.counts is not None
                  else {"id": r.guideline, "total": r.results.total} for r in results]
        item.final_counts = json.dumps({"guidelines": counts})
        _write_next_version(session, workshop, json.loads(item.card), results, today)
    session.execute(delete(ConsentAnswer).where(ConsentAnswer.item_id == item.id))


def _write_next_version(session: Session, workshop: Workshop, card: Mapping[str, Any],
                        results: list[rules.ConsentResult], today: dt.date) -> None:
    base = session.scalar(select(GuidelineVersion).where(
        GuidelineVersion.organisation_id == workshop.organisation_id, GuidelineVersion.number == card.get("version")))
    if base is None:
        return  # the version was deleted meanwhile: the totals stay on the item only
    texts: dict[str, str] = json.loads(base.texts)
    first_headings = [localized(g.get("heading"), workshop.projector_language, workshop.projector_language) or ""
                      for g in card.get("guidelines", [])]
    updated = {}
    for language, text in texts.items():
        own = [g.heading for g in rules.guidelines_of(text)]
        headings = own if len(own) == len(results) else first_headings
        words = rules.CONSENT_WORDS.get(language, rules.CONSENT_WORDS["en"])
        updated[language] = text.rstrip("\n") + "\n" + rules.consent_section(headings, results, words, today)
    last = session.scalar(select(func.max(GuidelineVersion.number)).where(
        GuidelineVersion.organisation_id == workshop.organisation_id)) or 0
    row = GuidelineVersion(organisation_id=workshop.organisation_id, number=last + 1,
                           texts=json.dumps(updated, ensure_ascii=False), made_on=today)
    session.add(row)
    session.flush()
    # Written by the server as the workshop ends (whoever ended it has their own entry for that).
    audit.record(session, None, AuditAction.GUIDELINES_VERSION_ADDED, SubjectKind.GUIDELINES, row.id, str(row.number),
                 organisation_id=row.organisation_id)
