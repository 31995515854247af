"""The full-text index behind the library search, on SQLite (FTS5) or PostgreSQL (tsvector).

Texts are analysed in Python (our stemmers) before they reach the database, so both engines index
the same terms and rank with the same idea (BM25 on SQLite, ts_rank_cd on PostgreSQL).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection

FTS_TABLE = "library_search_fts"
_SAFE_TERM = re.compile(r"^[\w-]+$")
# The SQL below is assembled from constants and fixed clauses only; every value is a parameter.


TITLE_WEIGHT = 4.0
PRESELECT = 250  # a word of an article's heading counts as much as four of its text


def add(rows: Iterable[tuple[int, str, str]]) -> None:
    """Index (document id, analysed title terms, analysed body terms), space-separated."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                rows,
            )
        else:
            cursor.executemany(
                "UPDATE library_searchdocument SET terms = "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'C') "
                "WHERE id = %s",
                [(title, body, doc_id) for doc_id, title, body in rows],
            )


def remove(rows: Sequence[tuple[int, str, str]]) -> None:
    """Contentless FTS5 rows are deleted by giving back the terms they were indexed with."""
    if connection.vendor != "sqlite" or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "  # noqa: S608
            "VALUES ('delete', %s, %s, %s)",
            list(rows),
        )


@dataclass(frozen=True)
class Filters:
    act: str = ""
    kind: str = ""
    language: str = ""
    on: date | None = None


def match(terms: Sequence[str], filters: Filters, limit: int) -> list[tuple[int, float]]:
    """Document ids and scores (higher is better) for any of the terms, prefixes included."""
    terms = [t for t in dict.fromkeys(terms) if _SAFE_TERM.match(t)][:32]
    if not terms:
        return []
    # A stem one letter shorter also finds the other forms Snowball cuts differently
    # (отказали → "отказа", отказ → "отказ").
    terms = [t[:-1] if len(t) >= 6 else t for t in terms]
    where, params = _filter_sql(filters)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            expression = " OR ".join(f'"{t}"*' if len(t) >= 4 else f'"{t}"' for t in terms)
            cursor.execute(
                f"SELECT d.id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0) AS score FROM {FTS_TABLE} "  # noqa: S608
                f"JOIN library_searchdocument d ON d.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s {where} ORDER BY score DESC LIMIT %s",
                [expression, *params, limit],
            )
        else:
            _postgres_match(cursor, terms, where, params, limit)
        return [(int(doc_id), float(score)) for doc_id, score in cursor.fetchall()]


def _postgres_match(
    cursor: Any, terms: list[str], where: str, params: list[Any], limit: int
) -> None:
    """BM25 computed in SQL from the tsvector (ts_rank knows no rarity of words), with the same
    constants as SQLite's FTS5, so both engines order results alike."""
    queries = [f"{t}:*" if len(t) >= 4 else t for t in terms]
    cursor.execute("SELECT coalesce(max(id), 0) FROM library_searchdocument")
    version = cursor.fetchone()[0]  # changes with every import: cached figures follow it
    stats = cache.get(f"library-stats:{version}")
    if stats is None:
        cursor.execute(
            "SELECT count(*), coalesce(avg(length(terms)), 1) FROM library_searchdocument"
        )
        stats = cursor.fetchone()
        cache.set(f"library-stats:{version}", stats, 3600)
    total, average_length = stats
    idf = []
    for query in queries:
        key = f"library-df:{version}:{query}"
        frequency = cache.get(key)
        if frequency is None:
            cursor.execute(
                "SELECT count(*) FROM library_searchdocument WHERE terms @@ to_tsquery('simple', %s)",
                [query],
            )
            frequency = cursor.fetchone()[0]
            cache.set(key, frequency, 3600)
        idf.append(max(math.log((total - frequency + 0.5) / (frequency + 0.5)), 1e-6))
    wanted = ", ".join("(%s, %s, %s)" for _ in terms)
    wanted_params = [
        v for term, weight in zip(terms, idf, strict=True) for v in (term, len(term) >= 4, weight)
    ]
    # BM25 over the few hundred documents ts_rank puts first: the same order at a fraction
    # of the cost of scoring every document that contains a common word.
    cursor.execute(
        "WITH c AS (SELECT d.id, d.terms FROM library_searchdocument d, "  # noqa: S608
        f"  to_tsquery('simple', %s) tq WHERE d.terms @@ tq {where} "
        "  ORDER BY ts_rank(d.terms, tq, 1) DESC LIMIT %s) "
        "SELECT c.id, sum(q.idf * (u.tf * 2.2) / (u.tf + 1.2 * (0.25 + 0.75 * length(c.terms) / %s))) "
        "AS score FROM c "
        "CROSS JOIN LATERAL (SELECT lexeme, "
        f"  {TITLE_WEIGHT} * (SELECT count(*) FROM unnest(weights) w WHERE w = 'A') "
        "  + (SELECT count(*) FROM unnest(weights) w WHERE w <> 'A') AS tf FROM unnest(c.terms)) u "
        f"JOIN (VALUES {wanted}) AS q(term, prefix, idf) "
        "ON (q.prefix AND u.lexeme LIKE q.term || '%%') OR u.lexeme = q.term "
        "GROUP BY c.id ORDER BY score DESC LIMIT %s",
        [" | ".join(queries), *params, PRESELECT, float(average_length), *wanted_params, limit],
    )


def _filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.act:
        clauses.append("d.act = %s")
        params.append(filters.act)
    if filters.kind:
        clauses.append("d.kind = %s")
        params.append(filters.kind)
    if filters.language:
        clauses.append("d.language = %s")
        params.append(filters.language)
    if filters.on:
        clauses.append("(d.valid_from IS NULL OR d.valid_from <= %s)")
        clauses.append("(d.valid_to IS NULL OR d.valid_to > %s)")
        params += [filters.on, filters.on]
    return "".join(f" AND {clause}" for clause in clauses), params
