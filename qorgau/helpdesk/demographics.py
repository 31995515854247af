"""Demographic answers (P3): sealed to the offline reporting key when a request arrives, and
counted, never listed, by `qorgau helpdesk demographics` on a machine holding the private key.

The sealed document is padded to one fixed length, so the size of a row says nothing about which
answers it holds. The report is made in memory only, and cells under five are suppressed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import nacl.encoding
import nacl.hash

from qorgau.core.crypto import (
    public_key_from_private,
    reporting_public_key,
    unwrap_with,
    wrap_for,
)
from qorgau.helpdesk.models import DemographicAnswer

PADDED_BYTES = 256  # far above the longest document (about 100 bytes)
SMALL_CELL = 5
NOT_ANSWERED = "not_answered"


def key_fingerprint(public_key: bytes) -> str:
    return nacl.hash.blake2b(
        public_key, digest_size=8, person=b"qorgau:p3-key", encoder=nacl.encoding.HexEncoder
    ).decode()


def clean_answers(answers: dict[str, str]) -> dict[str, str]:
    """Only known questions with one of their choices; unanswered questions are left out."""
    kept = {}
    for question, choices in DemographicAnswer.QUESTIONS:
        value = answers.get(question) or ""
        if value in choices.values:
            kept[question] = value
    return kept


def answer_build(answers: dict[str, str], *, month: date) -> DemographicAnswer | None:
    """The sealed row for these answers, not yet saved; None when no reporting key is configured
    or nothing was answered (then nothing at all is stored)."""
    public_key = reporting_public_key()
    kept = clean_answers(answers)
    if public_key is None or not kept:
        return None
    document = json.dumps({"v": 1, **kept}, separators=(",", ":")).encode()
    if len(document) > PADDED_BYTES:  # pragma: no cover - the choices are short and fixed
        raise ValueError("demographic answers longer than the padding")
    padded = document.ljust(PADDED_BYTES)  # JSON ignores the trailing spaces
    return DemographicAnswer(
        month=month.replace(day=1),
        key_fingerprint=key_fingerprint(public_key),
        sealed=wrap_for(public_key, padded),
    )


class WrongReportingKeyError(Exception):
    """The private key opens none of the answers of the period."""


@dataclass
class DemographicsReport:
    first: date
    last: date
    total: int = 0
    other_key: int = 0  # rows sealed to another reporting key, left out
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, str]]:
        """(question, answer, shown count) with small cells suppressed: a count from 1 to 4 is
        "<5"; when a question has exactly one such cell, the next smallest one is suppressed
        too ("x"), so the small one cannot be worked out from the total."""
        shown: list[tuple[str, str, str]] = []
        for question, choices in DemographicAnswer.QUESTIONS:
            counted = self.counts.get(question, Counter())
            answers = [*choices.values, NOT_ANSWERED]
            small = [a for a in answers if 0 < counted[a] < SMALL_CELL]
            hidden = {a: "<5" for a in small}
            if len(small) == 1:
                others = sorted((counted[a], a) for a in answers if counted[a] >= SMALL_CELL)
                if others:
                    hidden[others[0][1]] = "x"
            shown.extend((question, a, hidden.get(a, str(counted[a]))) for a in answers)
        return shown

    @property
    def total_shown(self) -> str:
        return "<5" if 0 < self.total < SMALL_CELL else str(self.total)


def demographics_report(*, private_key: bytes, first: date, last: date) -> DemographicsReport:
    """Counts per question of the answers that arrived in the months from `first` to `last`.
    Raises WrongReportingKeyError when the key matches none of the period's rows, DecryptionFailed
    when a row that should open does not (an altered row)."""
    fingerprint = key_fingerprint(public_key_from_private(private_key))
    report = DemographicsReport(first=first.replace(day=1), last=last.replace(day=1))
    report.counts = {question: Counter() for question, _choices in DemographicAnswer.QUESTIONS}
    rows = DemographicAnswer.objects.filter(month__gte=report.first, month__lte=report.last)
    for key, sealed in rows.order_by("id").values_list("key_fingerprint", "sealed").iterator():
        if key != fingerprint:
            report.other_key += 1
            continue
        document = json.loads(unwrap_with(private_key, bytes(sealed)))
        report.total += 1
        for question, counter in report.counts.items():
            counter[str(document.get(question) or NOT_ANSWERED)] += 1
    if report.other_key and not report.total:
        raise WrongReportingKeyError(
            f"this private key opens none of the {report.other_key} answers of the period: "
            "they were sealed to another reporting key"
        )
    return report
