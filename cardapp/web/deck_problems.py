"""The validator's messages in the reader's language, for the pages; programs and the CLI keep English.

The validator speaks English, word for word as `cardapp decks validate` prints it. A page shows the
same message in the visitor's language when it is one of the known shapes, and as printed otherwise.
"""

from __future__ import annotations

import re

from cardapp.domain.deck_validation import DeckProblem
from cardapp.i18n import translate

_KNOWN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key) for pattern, key in (
        (r"^missing text for language (?P<code>\w+)$", "deck_problem.missing_translation"),
        (r"^text in language (?P<code>\w+), which the deck does not list in \$\.languages$",
         "deck_problem.undeclared_language"),
        (r"^required field is missing$", "deck_problem.missing"),
        (r"^unknown field; check its spelling against decks/deck\.schema\.json$", "deck_problem.unknown_field"),
        (r"^unknown card kind (?P<kind>.+); expected one of .*$", "deck_problem.unknown_kind"),
        (r"^card has no kind; expected one of .*$", "deck_problem.no_kind"),
        (r"^text is too long: at most (?P<limit>\d+) characters$", "deck_problem.too_long"),
        (r"^text is empty$", "deck_problem.empty"),
        (r"^must be a lowercase id of letters, digits and single hyphens .*$", "deck_problem.slug"),
        (r"^text only: HTML or other markup is not allowed$", "deck_problem.markup"),
        (r"^text only: links and web addresses are not allowed$", "deck_problem.link"),
        (r"^text contains an invisible control character$", "deck_problem.control_character"),
        (r"^id (?P<id>.+) is used more than once in (?P<what>\w+)$", "deck_problem.duplicate_id"),
        (r"^unknown dimension (?P<dimension>.+); declare it in \$\.dimensions$", "deck_problem.unknown_dimension"),
        (r"^same text as card (?P<card>.+)$", "deck_problem.same_text"),
        (r"^the list needs at least one item$", "deck_problem.empty_list"),
        (r"^must be a whole number, such as 10$", "deck_problem.whole_number"),
        (r"^must be at least (?P<limit>\d+)$", "deck_problem.at_least"),
        (r"^must be true or false$", "deck_problem.true_or_false"),
        (r"^must be at most (?P<limit>\d+)$", "deck_problem.at_most"),
        (r"^must be one of: (?P<choices>.+)$", "deck_problem.one_of"),
        (r"^must be a list, such as .*$", "deck_problem.a_list"),
        (r"^(?P<items>.+) listed more than once$", "deck_problem.repeated_item"),
    )
)


def problem_message(problem: DeckProblem, language: str) -> str:
    """The problem's message in `language`; English is the validator's own text."""
    if language == "en":
        return problem.message
    for pattern, key in _KNOWN:
        match = pattern.match(problem.message)
        if match:
            return translate(key, language, **match.groupdict())
    return problem.message
