"""Counting a million incidents in milliseconds: the facts every filter and figure uses, held in
memory as columns (numpy arrays) of the published incidents, in list order (newest first).

SQLite needs hundreds of milliseconds to count a million rows through a join; these columns answer
the same question in a few. They are built from the database on first use (a few seconds for a
million incidents) and rebuilt when the record changes: the version is the newest incident and the
newest incident event (every publication and edit writes one), checked at most every
`CHECK_SECONDS`, and the columns are dropped after `MONITORING_CUBE_SECONDS` whatever happens.
The SQL in `queries` stays the reference: tests check that both give the same figures, and
`MONITORING_CUBE_ROWS` (the size below which SQL is used) lets a small record skip the columns.

Words (full text) are looked up in the database's text index once per search prefix and kept as
bitmaps (`WORD_CACHE` of them, least recently used dropped; 125 KB each for a million incidents):
a common word ("журналист" is in most incidents) takes the index a hundred milliseconds or more to
list, the bitmap a fraction of one to read. The commonest words of the record are read ahead when
the columns are built (`warm_words`, in the background), so a visitor rarely pays for the first
reading. Provisions beyond 64 codes and collections are still looked up in the database; the ids
found are then matched against the columns.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection

from qorgau.monitoring import fulltext
from qorgau.monitoring.filters import UNKNOWN, IncidentFilter
from qorgau.monitoring.models import Incident

CHECK_SECONDS = 2.0
BACKGROUND_ROWS = 100_000  # from this size on, columns are rebuilt in the background
WORD_CACHE = 256  # search prefixes kept as bitmaps
WARM_SHARE = 0.005  # words in at least this share of incidents are read ahead …
WARM_WORDS = 200  # … up to this many prefixes
_lock = threading.Lock()
_state: dict[str, Any] = {"cube": None, "checked": 0.0}


class TooManyCodesError(ValueError):
    """A vocabulary outgrew the 64 bits of a row's mask: SQL answers instead."""


@dataclass
class Links:
    """One link table (types, perpetrators, victims …), per incident. Most incidents share their
    combination of codes with many others, so each incident holds the number of its combination
    (`pattern`) and a small table says which codes each combination has (`has`: combination ×
    code, 0/1) and, for victims, how many people of each code (`persons`). Counting a filtered
    set is then one bincount of the combinations kept and a product with that table."""

    codes: list[str]
    combinations: np.ndarray  # per combination: its codes as bits
    pattern: np.ndarray  # per incident: its combination
    has: np.ndarray
    persons_pattern: np.ndarray | None = None
    persons: np.ndarray | None = None


class Cube:
    def __init__(self, version: tuple[int, int]) -> None:
        self.version = version
        self.built = time.monotonic()
        day = (
            "CAST(julianday(date) - 1721424.5 AS INTEGER)"
            if connection.vendor == "sqlite"
            else "(date - DATE '0001-01-01') + 1"
        )
        rows = _fetch(
            f"SELECT id, {day}, "  # noqa: S608 - fixed SQL
            "CASE date_precision WHEN 'month' THEN 1 WHEN 'year' THEN 2 ELSE 0 END, "
            "year * 13 + COALESCE(month, 0), COALESCE(region_id, ''), context, verification, "
            "victim_count FROM monitoring_incident "
            "WHERE status = 'published' ORDER BY date DESC, id DESC"
        )
        self.size = len(rows)
        columns = list(zip(*rows, strict=True)) if rows else [()] * 8
        del rows
        self.ids = np.array(columns[0], dtype=np.int64)
        self.day = np.array(columns[1], dtype=np.int32)
        self.precision = np.array(columns[2], dtype=np.int8)
        self.period = np.array(columns[3], dtype=np.int32)  # year * 13 + month; month 0: vague
        self.region_codes, self.region = _codes(columns[4])
        self.context_codes, self.context = _codes(columns[5])
        self.verification_codes, self.verification = _codes(columns[6])
        self.victims = np.array(columns[7], dtype=np.int64)
        del columns
        self.everything = np.ones(self.size, dtype=bool)  # the mask of "no filter"
        self.everything.setflags(write=False)
        self.unfiltered_counts: dict[str, list[tuple[str, int, int | None]]] = {}
        # The position of each id (-1: not published), for the ids the text index returns.
        self.position_of = np.full(int(self.ids.max()) + 1 if self.size else 1, -1, dtype=np.int32)
        self.position_of[self.ids] = np.arange(self.size, dtype=np.int32)
        self.words: OrderedDict[str, np.ndarray] = OrderedDict()
        self.words_lock = threading.Lock()
        self.last_positions: tuple[np.ndarray, np.ndarray] | None = None
        self.links: dict[str, Links] = {}
        position, values = self._place(
            "SELECT l.incident_id, l.type_id, l.group_id, t.rollup "
            "FROM monitoring_incidenttype l JOIN monitoring_violationtype t ON t.code = l.type_id",
            4,
        )
        for name, column in zip(("type", "group", "rollup"), values, strict=True):
            self.links[name] = self._links(position, column)
        position, values = self._place(
            "SELECT incident_id, kind_id, "
            "CASE WHEN is_state THEN 'state' ELSE 'non_state' END "
            "FROM monitoring_incidentperpetrator",
            3,
        )
        for name, column in zip(("perpetrator", "state"), values, strict=True):
            self.links[name] = self._links(position, column)
        position, values = self._place(
            "SELECT incident_id, gender, role FROM monitoring_incidentvictim", 3
        )
        for name, column in zip(("gender", "role"), values, strict=True):
            self.links[name] = self._links(position, column, persons=True)
        # Provisions charged, while they are few enough for a row's 64 bits (else SQL is asked).
        position, values = self._place(
            "SELECT incident_id, provision FROM monitoring_proceeding WHERE provision != ''", 2
        )
        try:
            self.provisions: Links | None = self._links(position, values[0])
        except TooManyCodesError:
            self.provisions = None

    def _place(self, sql: str, width: int) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """The link rows of published incidents: their incidents' positions, and the other
        columns."""
        rows = _fetch(sql)
        columns = list(zip(*rows, strict=True)) if rows else [()] * width
        del rows
        ids = np.array(columns[0], dtype=np.int64)
        found = np.full(len(ids), -1, dtype=np.int32)
        known = ids < len(self.position_of)
        found[known] = self.position_of[ids[known]]
        keep = np.flatnonzero(found >= 0)
        position = found[keep]
        values = [tuple(np.array(c, dtype=object)[keep]) for c in columns[1:]]
        return position, values

    def _links(
        self, position: np.ndarray, values: tuple[str, ...], *, persons: bool = False
    ) -> Links:
        codes, code = _codes(tuple(v or "" for v in values))
        if len(codes) > 64:
            raise TooManyCodesError(str(codes[:3]))
        bits = np.zeros(self.size, dtype=np.uint64)
        np.bitwise_or.at(bits, position, np.left_shift(np.uint64(1), code.astype(np.uint64)))
        combinations, pattern = np.unique(bits, return_inverse=True)
        has = (
            np.right_shift(combinations[:, None], np.arange(len(codes), dtype=np.uint64)) & 1
        ).astype(np.int64)
        links = Links(codes, combinations, _small(pattern), has)
        if persons:
            per_code = np.zeros((self.size, len(codes)), dtype=np.int16)
            np.add.at(per_code, (position, code), 1)
            counts, persons_pattern = np.unique(per_code, axis=0, return_inverse=True)
            links.persons_pattern = _small(persons_pattern.reshape(-1))
            links.persons = counts.astype(np.int64)
        return links

    def nbytes(self) -> int:
        """The memory the columns hold (arrays only)."""
        arrays = [v for v in vars(self).values() if isinstance(v, np.ndarray)]
        for links in [*self.links.values(), self.provisions]:
            if links is not None:
                arrays += [v for v in vars(links).values() if isinstance(v, np.ndarray)]
        with self.words_lock:
            arrays += list(self.words.values())
        return sum(a.nbytes for a in arrays)

    # --- the filter ----------------------------------------------------------------------

    def mask(self, flt: IncidentFilter) -> np.ndarray:
        """The incidents the filter keeps, computed once per filter (the figures page asks for
        it ten times)."""
        cached = getattr(flt, "_cube_mask", None)
        if cached is not None and cached[0] is self:
            kept: np.ndarray = cached[1]
            return kept
        kept = self._mask(flt.cleaned_data)
        flt._cube_mask = (self, kept)  # type: ignore[attr-defined]
        return kept

    def _mask(self, data: dict[str, Any]) -> np.ndarray:
        if not any(value for name, value in data.items() if name != "sort"):
            return self.everything
        keep = self._dates(data.get("date_from"), data.get("date_to"))
        for name, codes, column in (
            ("region", self.region_codes, self.region),
            ("context", self.context_codes, self.context),
            ("verification", self.verification_codes, self.verification),
        ):
            wanted = data.get(name)
            if wanted:
                values = {"" if (v == UNKNOWN and name == "region") else v for v in wanted}
                table = np.array([code in values for code in codes] or [False], dtype=bool)
                keep &= table[column]
        for name, facet in (
            ("group", "group"),
            ("type", "type"),
            ("rollup", "rollup"),
            ("perpetrator", "perpetrator"),
            ("victim_role", "role"),
            ("victim_gender", "gender"),
        ):
            wanted = data.get(name)
            if wanted:
                values_list = ["" if (v == UNKNOWN and facet == "gender") else v for v in wanted]
                keep &= self._has(facet, values_list)
        if data.get("perpetrator_state"):
            keep &= self._has("state", [data["perpetrator_state"]])
        if data.get("provision") and self.provisions is not None:
            # The rule of filters.provision_condition: the key itself or any part below it.
            key = data["provision"]
            keep &= self._has_links(
                self.provisions,
                [c for c in self.provisions.codes if c == key or c.startswith(key + ":")],
            )
        elif data.get("provision"):
            # The same rule as two index ranges that never overlap.
            key = data["provision"]
            keep &= self._ids_in(
                "SELECT incident_id FROM monitoring_proceeding WHERE provision = %s "
                "UNION ALL SELECT incident_id FROM monitoring_proceeding "
                "WHERE provision >= %s AND provision < %s",
                [key, key + ":", key + ";"],
            )
        if data.get("collection"):
            links = Incident.collections.through.objects.filter(
                collection__slug__in=list(data["collection"])
            )
            keep &= self._ids_in(*links.values_list("incident_id").query.sql_with_params())
        if data.get("q"):
            # The rule of fulltext.matching: every prefix typed must be found.
            for prefix in fulltext.prefixes(data["q"]):
                keep &= self.word(prefix)
        return keep

    def word(self, prefix: str) -> np.ndarray:
        """The incidents whose text holds a word starting with `prefix`."""
        with self.words_lock:
            packed = self.words.get(prefix)
            if packed is not None:
                self.words.move_to_end(prefix)
        if packed is None:
            ids = fulltext.ids_with_prefix(prefix)
            found = self.position_of[ids[ids < len(self.position_of)]]
            packed = np.packbits(self._positions_mask(found[found >= 0]))
            with self.words_lock:
                self.words[prefix] = packed
                while len(self.words) > WORD_CACHE:
                    self.words.popitem(last=False)
        kept: np.ndarray = np.unpackbits(packed, count=self.size).view(bool)
        return kept

    def warm_words(self) -> int:
        """Read the commonest words of the record ahead; returns how many prefixes."""
        prefixes = fulltext.common_prefixes(WARM_SHARE, WARM_WORDS)
        for prefix in prefixes:
            self.word(prefix)
        return len(prefixes)

    def _positions_mask(self, positions: np.ndarray) -> np.ndarray:
        keep = np.zeros(self.size, dtype=bool)
        keep[positions] = True
        return keep

    def _dates(self, start: date | None, end: date | None) -> np.ndarray:
        """The rule of `filters.date_condition`, on the columns."""
        keep = np.ones(self.size, dtype=bool)
        if start is not None:
            keep &= self.day >= start.toordinal()
        if end is not None:
            keep &= self.day <= end.toordinal()
            whole = end.year if (end.month, end.day) == (12, 31) else end.year - 1
            keep &= ~((self.precision == 2) & (self.day > date(whole, 12, 31).toordinal()))
        if start is not None and start.day != 1:
            keep |= (self.precision == 1) & (self.day == start.replace(day=1).toordinal())
        return keep

    def _has(self, facet: str, values: list[str]) -> np.ndarray:
        return self._has_links(self.links[facet], values)

    def _has_links(self, links: Links, values: list[str]) -> np.ndarray:
        wanted = np.uint64(0)
        for value in values:
            if value in links.codes:
                wanted |= np.left_shift(np.uint64(1), np.uint64(links.codes.index(value)))
        found: np.ndarray = ((links.combinations & wanted) != 0)[links.pattern]
        return found

    def _ids_in(self, sql: str, params: Any) -> np.ndarray:
        """Incidents among the ids a query returns (read raw: they may be hundreds of thousands)."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        found = self.position_of[ids[ids < len(self.position_of)]]
        return self._positions_mask(found[found >= 0])

    # --- answers -------------------------------------------------------------------------

    def positions(self, mask: np.ndarray) -> np.ndarray:
        """The positions a mask keeps, found once per mask: every count reads the columns at
        these positions (gathering by position is several times faster than by a mask, whose
        scattered bits defeat the processor's branch prediction)."""
        last = self.last_positions
        if last is not None and last[0] is mask:
            return last[1]
        found = np.flatnonzero(mask)
        self.last_positions = (mask, found)
        return found

    def totals(self, mask: np.ndarray) -> dict[str, int]:
        kept = self.positions(mask)
        return {"incidents": len(kept), "persons": int(self.victims[kept].sum())}

    def counts(self, mask: np.ndarray, dimension: str) -> list[tuple[str, int, int | None]]:
        """(key, incidents, persons or None) for every value present. The figures of the whole
        record (no filter: the page most people open) are counted once per build of the columns."""
        if not self.unfiltered_counts.get(dimension) and mask is self.everything:
            self.unfiltered_counts[dimension] = self._counts(mask, dimension)
        if mask is self.everything:
            return self.unfiltered_counts[dimension]
        return self._counts(mask, dimension)

    def _counts(self, mask: np.ndarray, dimension: str) -> list[tuple[str, int, int | None]]:
        kept = self.positions(mask)
        if dimension == "region":
            found = np.bincount(self.region[kept], minlength=len(self.region_codes))
            return [
                (self.region_codes[i] or UNKNOWN, int(n), None) for i, n in enumerate(found) if n
            ]
        if dimension == "month":
            first = int(self.period.min()) if self.size else 0
            found = np.bincount(self.period[kept] - first)
            return [(str(first + i), int(n), None) for i, n in enumerate(found) if n]
        links = self.links[dimension]
        found = np.bincount(links.pattern[kept], minlength=len(links.has)) @ links.has
        persons = None
        if links.persons_pattern is not None and links.persons is not None:
            combinations = np.bincount(links.persons_pattern[kept], minlength=len(links.persons))
            persons = combinations @ links.persons
        return [
            (links.codes[i] or UNKNOWN, int(n), int(persons[i]) if persons is not None else None)
            for i, n in enumerate(found)
            if n
        ]


def _small(numbers: np.ndarray) -> np.ndarray:
    """Combination numbers in 16 bits while they fit (most records have a few hundred)."""
    return numbers.astype(np.int16 if numbers.max(initial=0) < 2**15 else np.int32)


def _fetch(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _codes(values: tuple[Any, ...] | list[Any]) -> tuple[list[str], np.ndarray]:
    codes = sorted(set(values))
    index = {code: n for n, code in enumerate(codes)}
    return codes, np.array([index[v] for v in values], dtype=np.int16)


def _version() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM monitoring_incident), "
            "(SELECT COALESCE(MAX(id), 0) FROM monitoring_incidentevent)"
        )
        incidents, events = cursor.fetchone()
    return int(incidents), int(events)


def current() -> Cube | None:
    """The columns for the record as it is now, or None when SQL should answer (a small record,
    or the columns switched off). A large record's columns are rebuilt in a background thread
    while the previous ones keep answering (for the twenty-odd seconds a million incidents take),
    so the page and the figures stay consistent with each other and no visitor waits."""
    rows_needed = getattr(settings, "MONITORING_CUBE_ROWS", 20_000)
    if rows_needed < 0:
        return None
    now = time.monotonic()
    cube: Cube | None = _state["cube"]
    lifetime = getattr(settings, "MONITORING_CUBE_SECONDS", 900)
    if cube is not None and now - _state["checked"] < CHECK_SECONDS and now - cube.built < lifetime:
        return cube if cube.size >= rows_needed else None
    version = _version()
    _state["checked"] = now
    if cube is None or cube.version != version or now - cube.built >= lifetime:
        if version[0] < rows_needed:  # fewer incidents than that: SQL is fast enough
            _state["cube"] = None
            return None
        if cube is not None and cube.size >= BACKGROUND_ROWS:
            _rebuild_in_background(version)
            return cube
        cube = _build(version)
        if cube is None:
            return None
    return cube if cube.size >= rows_needed else None


def _build(version: tuple[int, int], *, warm_now: bool = False) -> Cube | None:
    with _lock:
        try:
            cube: Cube | None = Cube(version)
        except TooManyCodesError:
            cube = None
        _state["cube"] = cube
    if cube is not None and cube.size >= BACKGROUND_ROWS:
        if warm_now:
            cube.warm_words()
        else:
            _in_background(cube.warm_words)
    return cube


def _rebuild_in_background(version: tuple[int, int]) -> None:
    if _state.get("building") == version:
        return
    _state["building"] = version

    def work() -> None:
        try:
            _build(version, warm_now=True)
        finally:
            _state["building"] = None

    _in_background(work)


def _in_background(work: Callable[[], object]) -> None:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()  # this thread's own connection

    threading.Thread(target=run, name="monitoring-columns", daemon=True).start()


def build_now() -> Cube | None:
    """Build the columns and read the common words ahead, here and now (for the benchmark)."""
    return _build(_version(), warm_now=True)


def forget() -> None:
    _state["cube"] = None
