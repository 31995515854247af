"""A bot check for the public report form that needs no third party and stores nothing about
the visitor. The server signs a challenge; a browser with JavaScript solves a small proof of
work (a SHA-256 with N leading zero bits, see static/monitoring/report-pow.js); without
JavaScript the visitor answers a short sum in their language instead. Each challenge is good
for one report and two hours."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "qorgau.monitoring.report"
MAX_AGE = 2 * 60 * 60


def difficulty() -> int:
    return int(getattr(settings, "MONITORING_REPORT_POW_BITS", 16))


@dataclass(frozen=True)
class Challenge:
    token: str
    nonce: str
    bits: int
    a: int
    b: int


def _answer_key(nonce: str, answer: str) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer.strip()}", algorithm="sha256").hexdigest()


def issue() -> Challenge:
    nonce = secrets.token_hex(16)
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    bits = difficulty()
    token = signing.dumps({"n": nonce, "b": bits, "k": _answer_key(nonce, str(a + b))}, salt=SALT)
    return Challenge(token=token, nonce=nonce, bits=bits, a=a, b=b)


def leading_zero_bits(digest: bytes) -> int:
    count = 0
    for byte in digest:
        if byte == 0:
            count += 8
            continue
        count += 8 - byte.bit_length()
        break
    return count


def solve(nonce: str, bits: int) -> str:
    """What the browser script does, for tests and for scripted clients that can do the work."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{nonce}:{counter}".encode()).digest()) < bits:
        counter += 1
    return str(counter)


def passed(token: str, *, proof: str = "", answer: str = "") -> bool:
    """Whether the challenge was met, by the proof of work or by the answer; spends it."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    nonce, bits = str(data["n"]), int(data["b"])
    ok = False
    if proof and proof.isdigit() and len(proof) < 16:
        digest = hashlib.sha256(f"{nonce}:{proof}".encode()).digest()
        ok = leading_zero_bits(digest) >= bits
    if not ok and answer:
        ok = constant_time_compare(_answer_key(nonce, answer), str(data["k"]))
    # One report per challenge: a solved challenge cannot be replayed.
    return ok and cache.add(f"monitoring-report:{nonce}", 1, MAX_AGE)
