"""Full-text filter over incidents' public text, on SQLite (FTS5) or PostgreSQL (tsvector).

The index holds `Incident.search_text` (the public titles and summaries in every language, lower
case). On SQLite it is an external-content FTS5 table kept in step by triggers, which also indexes
every 3- to 8-letter prefix (a stem that stands for many word forms is then one lookup) and only
which incidents hold a word, not where (`detail=none`: the filter never matches phrases); on
PostgreSQL a GIN index over `to_tsvector('simple', search_text)`. They are created by migrations
`0003_incident_fulltext` and `0005_fulltext_rowids_only`. Words typed by the visitor are cut to their stem with the library's
analysers (Kazakh, Russian, English) and matched as prefixes, so «журналистерге» finds
«журналист» and «задержали» finds «задержание»: every word must match (AND). A prefix is at most
eight letters, the longest the SQLite index keeps (longer ones would be read term by term).

A large record answers from the in-memory columns (`cube`), which ask this module for the incidents
holding each prefix (`ids_with_prefix`) and keep the answers for the commonest words.
"""

from __future__ import annotations

import re

import numpy as np
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from qorgau.library.analysis import STOPWORDS, stem, tokens

FTS_TABLE = "monitoring_incident_fts"
MAX_WORDS = 8
MAX_PREFIX = 8  # the longest prefix the SQLite index keeps (prefix='3 … 8')
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
        prefix = prefix[:MAX_PREFIX]
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


def ids_with_prefix(prefix: str) -> np.ndarray:
    """Ids of every incident (published or not) whose text holds a word starting with `prefix`
    (one of `prefixes`). Read as one string from the database: hundreds of thousands of rows
    fetched one by one would cost far more than finding them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT group_concat(rowid) FROM monitoring_incident_fts "
                "WHERE monitoring_incident_fts MATCH %s",
                [f'"{prefix}"*'],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT string_agg(id::text, ',') FROM monitoring_incident "
                "WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', %s)",
                [f"{prefix}:*"],
            )
        else:
            cursor.execute(
                "SELECT id FROM monitoring_incident WHERE search_text LIKE %s", [f"%{prefix}%"]
            )
            return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        found = cursor.fetchone()[0]
    if not found:
        return np.zeros(0, dtype=np.int64)
    return np.array(found.split(","), dtype=np.int64)


def common_prefixes(share: float, limit: int) -> list[str]:
    """The search prefixes of the words found in at least `share` of the incidents, commonest
    first (SQLite only: its index counts them; elsewhere none)."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.monitoring_fts_words "
            "USING fts5vocab(main, monitoring_incident_fts, 'row')"
        )
        cursor.execute("SELECT count(*) FROM monitoring_incident")
        least = max(1, int(cursor.fetchone()[0] * share))
        cursor.execute(
            "SELECT term FROM temp.monitoring_fts_words WHERE doc >= %s ORDER BY doc DESC",
            [least],
        )
        terms = [row[0] for row in cursor.fetchall()]
    found: list[str] = []
    for term in terms:
        for prefix in prefixes(term):
            if prefix not in found:
                found.append(prefix)
        if len(found) >= limit:
            break
    return found[:limit]


# The index itself. Migrations 0003 and 0005 run the same statements (migrations do not
# import app code); `install` lets the benchmark build it once after a bulk load.
SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS monitoring_incident_fts USING fts5(search_text, "
    "content='monitoring_incident', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='3 4 5 6 7 8', detail=none)",
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
