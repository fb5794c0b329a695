"""Files made from the programme: the year plan as iCalendar, the guidelines as a Word document."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

import docx
from icalendar import Calendar, Event

from cardapp.domain.guidelines import parsed_document

if TYPE_CHECKING:
    from cardapp.services.programme_plan import Conversation


def year_plan_ics(planned: Sequence[Conversation], calendar_name: str, group_label: str, today: dt.date) -> bytes:
    """All-day events, one per planned conversation; stable ids, so a re-import updates rather than doubles."""
    calendar = Calendar()
    calendar.add("prodid", "-//cardapp//year plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    stamp = dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC)  # a day is fine enough
    for conversation in planned:
        event = Event()
        event.add("uid", f"conversation-{conversation.id}@cardapp")
        event.add("dtstamp", stamp)
        event.add("dtstart", conversation.planned_on)
        event.add("dtend", conversation.planned_on + dt.timedelta(days=1))
        event.add("summary", conversation.title)
        details = [f"{group_label}: {conversation.group_name}"] if conversation.group_name else []
        if conversation.deck_title:
            details.append(conversation.deck_title)
        if details:
            event.add("description", "\n".join(details))
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def guidelines_docx(text: str, adopted_line: str | None, language: str) -> bytes:
    """The document's headings, list items and paragraphs as a .docx; the adoption line at the end."""
    document = docx.Document()
    document.core_properties.language = language
    first_heading = True
    for block in parsed_document(text):
        if block.kind == "heading":
            document.add_heading(block.text, level=0 if first_heading else 1)
            first_heading = False
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    if adopted_line:
        document.add_paragraph(adopted_line).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
