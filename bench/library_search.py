"""Library benchmark: import every official text in ../shared/data/kz-law into a fresh SQLite
database, then measure search quality (right provision in the top 3) and latency (p50/p95).

    .venv/bin/python bench/library_search.py [--repeat 20]

The queries are in bench/library_queries.json: what a journalist or a lawyer would type, each with
the provisions that should come first (any of them in the top 3 counts as right).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument(
        "--database-url",
        default="",
        help="e.g. postgres://postgres@127.0.0.1/qorgau: measure on PostgreSQL (a scratch "
        "test_ database is created and dropped) instead of a fresh SQLite file",
    )
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="qorgau-bench-")
    os.environ.update(
        QORGAU_ENV="test", QORGAU_VAR_DIR=var, DJANGO_SETTINGS_MODULE="qorgau.settings"
    )
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qorgau.library import services
    from qorgau.library.demo import OFFICIAL_TEXTS, shared_texts
    from qorgau.library.models import Act, ProvisionText, SearchDocument
    from qorgau.library.queries import search

    if not shared_texts().is_dir():
        print(f"No official texts at {shared_texts()}: nothing to measure.")
        return 1
    if connection.vendor == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    services.register_load()

    print("Import")
    total_start = time.perf_counter()
    for code, language, name, valid_from in OFFICIAL_TEXTS:
        text = (shared_texts() / name).read_text(encoding="utf-8")
        start = time.perf_counter()
        report = services.edition_import(
            act=Act.objects.get(code=code),
            language=language,
            valid_from=valid_from,
            text=text,
            source=name,
        )
        took = time.perf_counter() - start
        print(
            f"  {name:<40} {report.counts['article']:>5} articles {len(text) / 1e6:6.2f} MB {took:6.1f} s"
        )
    import_seconds = time.perf_counter() - total_start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size_mb = cursor.fetchone()[0] / 1e6
        where = "PostgreSQL"
    else:
        connection.close()
        size_mb = sum(p.stat().st_size for p in Path(var).glob("qorgau.sqlite3*")) / 1e6
        where = str(Path(var) / "qorgau.sqlite3")
    print(
        f"  total {import_seconds:.1f} s; {ProvisionText.objects.count()} provision texts, "
        f"{SearchDocument.objects.count()} search documents; database {size_mb:.1f} MB ({where})"
    )

    cases = json.loads((ROOT / "bench" / "library_queries.json").read_text(encoding="utf-8"))
    print(f"\nQuality: {len(cases)} queries")
    right = 0
    for case in cases:
        hits = search(case["q"], language=case["lang"], limit=10).hits
        top = [hit.provision.key for hit in hits[:3]]
        ok = any(key in top for key in case["expect"])
        right += ok
        mark = "ok  " if ok else "MISS"
        print(f"  {mark} [{case['lang']}] {case['q'][:60]:<60} -> {', '.join(top) or '—'}")
    print(f"  right provision in the top 3: {right}/{len(cases)} = {right / len(cases):.0%}")

    timings = []
    for _ in range(args.repeat):
        for case in cases:
            start = time.perf_counter()
            search(case["q"], language=case["lang"], limit=10)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"\nLatency over {len(timings)} searches ({connection.vendor}): "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )
    if connection.vendor == "postgresql":
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
