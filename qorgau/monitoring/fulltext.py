"""Full-text filter over incidents' public text, on SQLite (FTS5) or PostgreSQL (tsvector).

The index holds `Incident.search_text` (the public titles and summaries in every language, lower
case). On SQLite it is an external-content FTS5 table kept in step by triggers, which also indexes
every 3- to 8-letter prefix (a stem that stands for many word forms is then one lookup); on
PostgreSQL a GIN index over `to_tsvector('simple', search_text)`. Both are created by migration
`0003_incident_fulltext`. Words typed by the visitor are cut to their stem with the library's
analysers (Kazakh, Russian, English) and matched as prefixes, so «журналистерге» finds
«журналист» and «задержали» finds «задержание»: every word must match (AND).
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from qorgau.library.analysis import STOPWORDS, stem, tokens

FTS_TABLE = "monitoring_incident_fts"
MAX_WORDS = 8
_SAFE = re.compile(r"^[^\W_]+$")


def prefixes(text: str) -> list[str]:
    """The search prefixes of what was typed: for each word, the part it shares with its stems.
    A Cyrillic word is stemmed both as Kazakh and as Russian (a short query rarely shows which it
    is: сайттар has no Kazakh letter), and the shorter prefix wins. Kazakh voices a final к, қ, п
    before a vowel (бостандық, бостандығы), so that letter is left off too."""
    found: list[str] = []
    for token in tokens(text):
        if not _SAFE.match(token) or any(token in words for words in STOPWORDS.values()):
            continue
        languages = ("en",) if token.isascii() else ("kk", "ru")
        common = len(token)
        for language in languages:
            stemmed = stem(token, language)
            shared = 0
            while shared < min(common, len(stemmed)) and token[shared] == stemmed[shared]:
                shared += 1
            common = shared
        prefix = token[:common] if common >= 3 else token
        if len(prefix) >= 5 and prefix[-1] in "кқпгғб":
            prefix = prefix[:-1]
        if prefix not in found:
            found.append(prefix)
    return found[:MAX_WORDS]


def matching(text: str) -> Q | None:
    """A condition on incidents for the typed words, or None when nothing searchable was typed
    (then the text filter is ignored)."""
    words = prefixes(text)
    if not words:
        return None
    if connection.vendor == "sqlite":
        expression = " AND ".join(f'"{w}"*' for w in words)
        return Q(
            pk__in=RawSQL(
                "SELECT rowid FROM monitoring_incident_fts WHERE monitoring_incident_fts MATCH %s",
                [expression],
            )
        )
    if connection.vendor == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        return Q(
            pk__in=RawSQL(
                "SELECT id FROM monitoring_incident WHERE to_tsvector('simple', search_text) "
                "@@ to_tsquery('simple', %s)",
                [query],
            )
        )
    condition = Q()
    for word in words:  # any other database: slow but right
        condition &= Q(search_text__contains=word)
    return condition


# The index itself. Migration 0003_incident_fulltext runs the same statements (migrations do not
# import app code); `install` lets the benchmark build it once after a bulk load.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS monitoring_incident_fts USING fts5(search_text, "
    "content='monitoring_incident', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='3 4 5 6 7 8')",
    "CREATE TRIGGER IF NOT EXISTS monitoring_incident_fts_ai AFTER INSERT ON monitoring_incident "
    "BEGIN INSERT INTO monitoring_incident_fts(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS monitoring_incident_fts_ad AFTER DELETE ON monitoring_incident "
    "BEGIN INSERT INTO monitoring_incident_fts(monitoring_incident_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS monitoring_incident_fts_au "
    "AFTER UPDATE OF search_text ON monitoring_incident "
    "BEGIN INSERT INTO monitoring_incident_fts(monitoring_incident_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO monitoring_incident_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
POSTGRESQL_DDL = (
    "CREATE INDEX IF NOT EXISTS monitoring_incident_fts ON monitoring_incident "
    "USING gin (to_tsvector('simple', search_text))",
)


def install(*, rebuild: bool = False) -> None:
    """Create the index if it is missing; `rebuild` re-reads every incident's text."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_DDL:
                cursor.execute(statement)
            if rebuild:
                cursor.execute(
                    "INSERT INTO monitoring_incident_fts(monitoring_incident_fts) VALUES ('rebuild')"
                )
        elif connection.vendor == "postgresql":
            for statement in POSTGRESQL_DDL:
                cursor.execute(statement)
