"""Conflict checks and matching at the scale of a large network's history.

    .venv/bin/python bench/helpdesk_conflicts.py [--parties 20000] [--lawyers 300]

Fills a temporary SQLite database with cases carrying PARTIES parties (fictional names written
in Cyrillic, Latin and Kazakh spellings, through the real `party_add` path for the hashes) and
LAWYERS lawyers' profiles, then prints the time of one conflict check against all of them
(median and p95 of 200 names, half of them present under another spelling) and of one matching
of a case (median and p95 of 50 runs).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Ерлан", "Айгерім", "Болат", "Динара", "Нұрлан", "Сәуле", "Асқар", "Гүлнар", "Марат",
         "Жанар", "Тимур", "Әсел", "Серік", "Мадина", "Қайрат", "Алия", "Руслан", "Ләззат"]  # fmt: skip
LAST = ["Сапаров", "Жұмабаев", "Ермеков", "Қасымов", "Ахметов", "Нұрланұлы", "Серікқызы",
        "Иванов", "Ким", "Оспанов", "Төлегенов", "Мұхаметжанов", "Исаев", "Бекова"]  # fmt: skip
LATIN = str.maketrans({"ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
                       "һ": "h", "і": "i", "а": "a", "б": "b", "в": "v", "г": "g", "д": "d",
                       "е": "e", "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "л": "l",
                       "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
                       "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y",
                       "э": "e", "ю": "yu", "я": "ya"})  # fmt: skip


def name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.randint(1, 400)}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=20000)
    parser.add_argument("--lawyers", type=int, default=300)
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="qorgau-bench-")
    os.environ.update(
        QORGAU_ENV="test",
        QORGAU_VAR_DIR=var,
        DJANGO_SETTINGS_MODULE="qorgau.settings",
        DATABASE_URL=f"sqlite:///{var}/bench.sqlite3",
        CACHE_URL="locmem://",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from qorgau.accounts.models import Role, User, UserRole
    from qorgau.core.crypto import server_seal
    from qorgau.helpdesk.conflicts import PARTY_PURPOSE, conflict_check, name_digests
    from qorgau.helpdesk.matching import candidates_for
    from qorgau.helpdesk.models import Case, Party, PartyName
    from qorgau.network.models import LawyerProfile

    call_command("migrate", verbosity=0)
    rng = random.Random(42)  # noqa: S311 - fictional names, not secrets
    coordinator = User.objects.create_user(email="c@bench.test", password="x" * 16)
    UserRole.objects.create(user=coordinator, role=Role.COORDINATOR)

    started = time.perf_counter()
    names: list[str] = []
    per_case = 5
    for start in range(0, args.parties, per_case * 200):
        cases = Case.objects.bulk_create(
            Case(number=f"QG-B-{start + i}", codename=f"B {start + i}", kind="criminal_defence")
            for i in range(200)
        )
        parties, hashes = [], []
        for case in cases:
            for _ in range(per_case):
                party_name = name(rng)
                names.append(party_name)
                parties.append(
                    Party(
                        case=case,
                        role=rng.choice(Party.Role.values),
                        name_sealed=server_seal(party_name, purpose=PARTY_PURPOSE),
                    )
                )
        Party.objects.bulk_create(parties)
        for party, party_name in zip(parties, names[-len(parties) :], strict=True):
            hashes += [PartyName(party=party, digest=d) for d in name_digests(party_name)]
        PartyName.objects.bulk_create(hashes)
    print(
        f"{len(names)} parties, {PartyName.objects.count()} hashes in "
        f"{time.perf_counter() - started:.1f} s"
    )

    timings, found, false_alarms = [], 0, 0
    for i in range(200):
        present = bool(i % 2)
        # a present name in a Latin spelling, or a name no party has
        probe = rng.choice(names).casefold().translate(LATIN) if present else name(rng) + "х"
        t = time.perf_counter()
        check = conflict_check(actor=coordinator, name=probe)
        timings.append(time.perf_counter() - t)
        found += present and check.needs_decision
        false_alarms += (not present) and check.needs_decision
    timings.sort()
    print(
        f"conflict check against {len(names)} parties: median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 {timings[189] * 1000:.1f} ms; "
        f"{found} of 100 Latin spellings of present names matched, "
        f"{false_alarms} of 100 absent names did"
    )

    regions = ["KZ-75", "KZ-71", "KZ-79"]
    from qorgau.core.models import Region

    for code in regions:
        Region.objects.get_or_create(
            code=code, defaults={"kind": "city", "name_kk": code, "name_ru": code, "name_en": code}
        )
    for i in range(args.lawyers):
        user = User.objects.create_user(email=f"l{i}@bench.test", password="x" * 16)
        UserRole.objects.create(user=user, role=Role.LAWYER)
        profile = LawyerProfile.objects.create(
            user=user, expertise=["criminal_defence"], languages=["ru"], max_active_cases=5
        )
        profile.regions.set([rng.choice(regions)])
    case = Case.objects.create(
        number="QG-M",
        codename="M",
        kind="criminal_defence",
        region_id="KZ-75",
        language="ru",
        opened_at=timezone.now(),
    )
    timings = []
    for _ in range(50):
        t = time.perf_counter()
        result = candidates_for(case)
        timings.append(time.perf_counter() - t)
    timings.sort()
    print(
        f"matching among {args.lawyers} lawyers ({len(result.candidates)} candidates): median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 {timings[47] * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
