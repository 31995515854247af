"""Monitoring benchmark: a million generated incidents in a SQLite file, then server time of the
public list (typical filters, full text), the figures by every dimension, and a full export with
its peak memory.

    .venv/bin/python bench/monitoring_bench.py [--rows 1000000] [--db var/bench/monitoring.sqlite3]
                                               [--repeat 15] [--fresh]

The database is kept: a second run with the same --db and --rows measures again without
generating. Requests go through Django's test client (URL routing, the filter form, the query,
the template or JSON), so the figures are server time without the network.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

LIST_CASES = [
    ("list: no filter", "/ru/monitoring/", {}),
    ("list: one region", "/ru/monitoring/", {"region": "KZ-75"}),
    ("list: one month", "/ru/monitoring/", {"date_from": "2026-10", "date_to": "2026-10"}),
    ("list: type + year", "/ru/monitoring/", {"type": "detention", "date_from": "2025"}),
    ("list: group + region", "/ru/monitoring/", {"group": "legal", "region": "KZ-71"}),
    (
        "list: women, state perpetrators",
        "/ru/monitoring/",
        {"victim_gender": "female", "perpetrator_state": "state"},
    ),
    ("list: provision kz-cc:274", "/ru/monitoring/", {"provision": "kz-cc:274"}),
    ("list: page 200", "/ru/monitoring/", {"page": "200"}),
    ("api list: region + month", "/api/v1/incidents", {"region": "KZ-75", "date_from": "2026-09"}),
]
TEXT_CASES = [
    # The generator writes from a few dozen templates, so each word below is in 6 to 80 % of the
    # record; real summaries are more varied and a word matches far fewer incidents.
    ("text: a word in none (цензура)", "/ru/monitoring/", {"q": "цензура"}),
    ("text: травля (~10 %)", "/ru/monitoring/", {"q": "травля"}),
    ("text: задержали журналиста (~7 %)", "/ru/monitoring/", {"q": "задержали журналиста"}),
    ("text: kk ақпарат (~35 %)", "/kk/monitoring/", {"q": "ақпарат"}),
    ("text: журналист (~85 %) + region", "/ru/monitoring/", {"q": "журналист", "region": "KZ-55"}),
    ("text: журналистов (~85 %)", "/ru/monitoring/", {"q": "журналистов"}),
    ("text: en journalist detained", "/en/monitoring/", {"q": "journalist detained"}),
    ("api text: ақпарат + month", "/api/v1/incidents", {"q": "ақпарат", "date_from": "2026-09"}),
    (
        "api stats type: text журналист",
        "/api/v1/incidents/stats",
        {"q": "журналист", "group_by": "type"},
    ),
]
DIMENSIONS = [
    "month",
    "type",
    "group",
    "rollup",
    "region",
    "perpetrator",
    "state",
    "gender",
    "role",
]
STAT_FILTERS = [
    ("no filter", {}),
    ("one region", {"region": "KZ-75"}),
    ("one month", {"date_from": "2026-10", "date_to": "2026-10"}),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench" / "monitoring.sqlite3"))
    parser.add_argument("--repeat", type=int, default=15, help="timed runs of each request")
    parser.add_argument("--fresh", action="store_true", help="delete the database first")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--export-only", action="store_true")
    args = parser.parse_args()

    db = Path(args.db).resolve()
    db.parent.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
    os.environ.update(
        QORGAU_ENV="test",
        QORGAU_VAR_DIR=tempfile.mkdtemp(prefix="qorgau-bench-"),
        DJANGO_SETTINGS_MODULE="qorgau.settings",
        DATABASE_URL=f"sqlite:///{db}",
        CACHE_URL="locmem://",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from qorgau.monitoring import fulltext
    from qorgau.monitoring.models import Incident

    call_command("migrate", verbosity=0)
    have = Incident.objects.count()
    if have < args.rows:
        _generate(args.rows - have, seed=have + 1)
    fulltext.install()
    if args.generate_only:
        return 0
    published = Incident.objects.filter(status="published").count()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6
    from qorgau.monitoring import cube

    if not args.export_only:
        start = time.perf_counter()
        before = _rss_mb()
        built = cube.build_now()
        words = len(built.words) if built else 0
        print(
            f"In-memory columns built and {words} common search prefixes read ahead in "
            f"{time.perf_counter() - start:.1f} s; they hold "
            f"{built.nbytes() / 1e6 if built else 0:.0f} MB (the process grew by "
            f"{_rss_mb() - before:.0f} MB while building)"
        )
    print(
        f"\n{Incident.objects.count():,} incidents ({published:,} published) in {db} "
        f"({size:,.0f} MB, SQLite {sqlite3.sqlite_version})\n"
    )

    client = Client()
    if args.export_only:
        _export(client)
        return 0
    rows: list[tuple[str, list[tuple[float, float]], str]] = []
    for name, address, params in LIST_CASES + TEXT_CASES:
        rows.append((name, *_measure(client, address, params, args.repeat)))
    for label, params in STAT_FILTERS:
        for dimension in DIMENSIONS:
            rows.append(
                (
                    f"stats {dimension}: {label}",
                    *_measure(
                        client,
                        "/api/v1/incidents/stats",
                        {**params, "group_by": dimension},
                        args.repeat,
                    ),
                )
            )
    rows.append(("stats page (all figures)", *_measure(client, "/ru/monitoring/stats/", {}, 5)))
    for label, params in (
        ("stats page: one region", {"region": "KZ-75"}),
        (
            "stats page: women, state perpetrators",
            {"victim_gender": "female", "perpetrator_state": "state"},
        ),
        ("stats page: text журналист", {"q": "журналист"}),
    ):
        rows.append((label, *_measure(client, "/ru/monitoring/stats/", params, 5)))
    print(
        "Server time per request: wall clock, and CPU time of this process (SQLite runs in it, so"
    )
    print("CPU time is the work done; wall time also counts waiting for a core on a busy machine).")
    print(f"{'request':<40} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>8} {'cpu p95':>8}  result")
    over = over_cpu = 0
    for name, timings, note in rows:
        wall = sorted(t[0] for t in timings)
        cpu = sorted(t[1] for t in timings)
        at = max(0, round(len(wall) * 0.95) - 1)
        over += wall[at] >= 50
        over_cpu += cpu[at] >= 50
        print(
            f"{name:<40} {statistics.median(wall):>9.1f} {wall[at]:>9.1f} "
            f"{statistics.median(cpu):>8.1f} {cpu[at]:>8.1f}  {note}"
        )
    print(
        f"\np95 under 50 ms: {len(rows) - over} of {len(rows)} requests by wall clock, "
        f"{len(rows) - over_cpu} of {len(rows)} by CPU time (load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)."
    )
    _cold_words(client, cube.current())
    if not args.skip_export:
        _export(client)
    return 0


def _cold_words(client: Any, columns: Any) -> None:
    """What a visitor pays when a word's incidents are not kept yet (the first search for it
    since the columns were built, for a word not read ahead): each text case once, with nothing
    kept."""
    print("\nText filter with no word kept (each word read from the index once):")
    for name, address, params in TEXT_CASES:
        if columns is not None:
            columns.words.clear()
        start = time.perf_counter()
        client.get(address, params)
        print(f"{name:<40} {(time.perf_counter() - start) * 1000:>9.1f} ms")


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


def _generate(n: int, *, seed: int) -> None:
    from django.db import connection

    from qorgau.monitoring.generator import generate_incidents, insert_generated

    print(f"Generating {n:,} incidents …", flush=True)
    start = time.perf_counter()
    step = 100_000
    done = 0
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
        # One rebuild of the text index at the end is much faster than a trigger per row.
        for suffix in ("ai", "ad", "au"):
            cursor.execute(f"DROP TRIGGER IF EXISTS monitoring_incident_fts_{suffix}")
    while done < n:
        count = min(step, n - done)
        items = generate_incidents(
            count,
            seed=seed + done,
            start=datetime.date(2017, 1, 1),
            end=datetime.date(2026, 10, 31),
        )
        insert_generated(items, batch_size=5000)
        done += count
        rate = done / (time.perf_counter() - start)
        print(f"  {done:>9,} ({rate:,.0f}/s)", flush=True)
    from qorgau.monitoring import fulltext

    fulltext.install(rebuild=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)


def _measure(
    client: Any, path: str, params: dict[str, str], repeat: int
) -> tuple[list[tuple[float, float]], str]:
    start = time.perf_counter()
    response = client.get(path, params)  # warm: vocabularies, templates, page cache
    first = (time.perf_counter() - start) * 1000
    note = f"{_note(response)}; first {first:.0f} ms"
    timings = []
    for _n in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, params)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        timings.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return timings, note


def _note(response: Any) -> str:
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    context = getattr(response, "context", None)
    if context is not None and "page" in context:
        return f"{context['page'].paginator.count:,} incidents"
    if response.get("Content-Type", "").startswith("application/json"):
        import json

        body = json.loads(response.content)
        if isinstance(body, dict):
            return f"{body.get('count', 0):,} incidents"
        return f"{len(body)} rows, {sum(r['count'] for r in body):,} counted"
    return ""


def _export(client: Any) -> None:
    print("\nExport of every published incident (CSV, default columns)")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get("/api/v1/incidents/export.csv")
    lines = 0
    size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")  # the default columns hold no line breaks
        size += len(chunk)
    took = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"  {lines - 1:,} rows, {size / 1e6:,.0f} MB in {took:.1f} s ({(lines - 1) / took:,.0f} rows/s)\n"
        f"  peak Python memory while streaming {peak / 1e6:.1f} MB (tracemalloc); "
        f"process peak RSS {after / 1024:.0f} MB (grew by {(after - before) / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
