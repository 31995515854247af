"""Speed of the encryption primitives (qorgau.core.crypto) on this machine.

    .venv/bin/python bench/crypto_speed.py

Prints the time of one Argon2id derivation at each cost (what a sign-in, a key-pair creation and
a receipt lookup pay), sealing of small fields, file streaming in MB/s both ways, key wraps, and
blind indexes of names. Median of several runs; one core.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qorgau.settings")

import django

django.setup()

from qorgau.core import crypto  # noqa: E402


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    data_key = crypto.new_data_key()
    # One derivation: what a password wrap (wrap_with_secret) and a receipt (receipt_keys, at
    # QORGAU_RECEIPT_KDF_COST) each cost.
    print("Argon2id, one derivation (a password wrap; a receipt costs one at its own cost):")
    for name, cost in crypto.KDF_COSTS.items():
        seconds = median_seconds(
            lambda cost=cost: crypto.wrap_with_secret("pw", data_key, context=b"b", cost=cost),
            runs=5,
        )
        print(
            f"  {name:<12} ops={cost.opslimit} mem={cost.memlimit // 1024:>6} KiB"
            f"  {seconds * 1000:8.1f} ms"
        )

    field = "Меня вызвали на допрос по статье 274 УК. " * 20  # about 1 KB
    token = crypto.seal_text(data_key, field, aad=b"request:1:narrative")
    per_seal = median_seconds(lambda: crypto.seal_text(data_key, field, aad=b"x"), runs=2000)
    per_open = median_seconds(
        lambda: crypto.unseal_text(data_key, token, aad=b"request:1:narrative"), runs=2000
    )
    print(f"Seal a 1 KB field: {per_seal * 1e6:.1f} µs; open it: {per_open * 1e6:.1f} µs")

    size = 32 * 1024 * 1024
    plaintext = os.urandom(size)
    encrypted = io.BytesIO()
    start = time.perf_counter()
    crypto.encrypt_stream(data_key, io.BytesIO(plaintext), encrypted)
    enc_seconds = time.perf_counter() - start
    start = time.perf_counter()
    crypto.decrypt_stream(data_key, io.BytesIO(encrypted.getvalue()), io.BytesIO())
    dec_seconds = time.perf_counter() - start
    overhead = len(encrypted.getvalue()) - size
    print(
        f"Stream 32 MiB in 64 KiB chunks: encrypt {size / enc_seconds / 1e6:.0f} MB/s "
        f"(with SHA-256), decrypt {size / dec_seconds / 1e6:.0f} MB/s, {overhead} bytes overhead"
    )

    public, private = crypto.new_key_pair()
    wrapped = crypto.wrap_for(public, data_key)
    print(
        f"Wrap a data key for a person: {median_seconds(lambda: crypto.wrap_for(public, data_key), 500) * 1e6:.0f} µs; "
        f"unwrap: {median_seconds(lambda: crypto.unwrap_with(private, wrapped), 500) * 1e6:.0f} µs"
    )

    names = [
        "Нұрланұлы Ерлан",
        "Нурланов Ерлан Серикович",
        "ТОО «Медиа-Альянс»",
        "Aigerim Serikkyzy",
    ]
    per_name = median_seconds(
        lambda: [crypto.blind_index(n, purpose="bench") for n in names], runs=500
    ) / len(names)
    variants = statistics.mean(len(crypto.name_variants(n)) for n in names)
    print(f"Blind index of a name: {per_name * 1e6:.0f} µs ({variants:.1f} variants on average)")


if __name__ == "__main__":
    main()
