"""Which tables hold rows about one person, so that deleting them can leave no copy in the database's files.

`Database.scrub_deleted` is given these after a deletion commits: on PostgreSQL it vacuums exactly
them; on SQLite it empties the write-ahead log, whatever the tables.
"""

from __future__ import annotations

from cardapp.store import replays
from cardapp.store.models import (
    AgendaItem,
    Agreement,
    Answer,
    Participant,
    PauseSignal,
    PowerAnswer,
    PowerRole,
    PowerWalk,
    Reflection,
    RiskAnswer,
    Workshop,
)
from cardapp.store.questions import Question, QuestionVote
from cardapp.store.run_sheets import RunSheet, RunSheetItem

# What a power walk's reveal deletes: its answers and dealt personas, and the ids they came with.
WALK_ROWS = (PowerAnswer.__tablename__, PowerRole.__tablename__, *replays.TABLES)
# What a workshop's end deletes or unlinks: every row tied to a phone, and texts never shown.
PER_PERSON = (Answer.__tablename__, Participant.__tablename__, PauseSignal.__tablename__, Reflection.__tablename__,
              RiskAnswer.__tablename__, Question.__tablename__, QuestionVote.__tablename__, *WALK_ROWS)
# What deleting a whole workshop (retention, or an organiser at once) removes through its cascades.
WHOLE_WORKSHOP = (*PER_PERSON, Workshop.__tablename__, AgendaItem.__tablename__, Agreement.__tablename__,
                  PowerWalk.__tablename__, RunSheet.__tablename__, RunSheetItem.__tablename__)
