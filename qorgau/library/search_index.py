"""The full-text index behind the library search, on SQLite (FTS5) or PostgreSQL (tsvector).

Texts are analysed in Python (our stemmers) before they reach the database, so both engines index
the same terms and rank with the same idea (BM25 on SQLite, ts_rank_cd on PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

FTS_TABLE = "library_search_fts"
_SAFE_TERM = re.compile(r"^[\w-]+$")
# The SQL below is assembled from constants and fixed clauses only; every value is a parameter.


TITLE_WEIGHT = 4.0  # a word of an article's heading counts as much as four of its text


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
            expression = " | ".join(f"{t}:*" if len(t) >= 4 else t for t in terms)
            cursor.execute(
                "SELECT d.id, ts_rank_cd(d.terms, q, 1) AS score FROM library_searchdocument d, "  # noqa: S608
                f"to_tsquery('simple', %s) q WHERE d.terms @@ q {where} "
                "ORDER BY score DESC LIMIT %s",
                [expression, *params, limit],
            )
        return [(int(doc_id), float(score)) for doc_id, score in cursor.fetchall()]


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
