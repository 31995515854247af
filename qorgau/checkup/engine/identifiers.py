"""Personal identifiers in a draft (IIN/BIN, IBAN, cards, phones, e-mails, identity documents,
addresses, vehicle plates, dates of birth) with exact character spans into the original text.

Numbers count only when their official structure holds (mod 11 check digit, calendar date, Luhn,
mod 97), so sums, years and article numbers stay quiet. Every pattern has bounded repetition or
runs over token classes that cannot overlap, so matching stays linear on adversarial input.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from qorgau.checkup.engine.ids.base import Match
from qorgau.checkup.engine.ids.contacts import _documents, _emails, _phones
from qorgau.checkup.engine.ids.dates import _birth_dates
from qorgau.checkup.engine.ids.numbers import (
    _ibans,
    _numbers,
    bin_details,
    card_scheme,
    check_digit,
    iban_valid,
    iin_details,
    luhn_valid,
)
from qorgau.checkup.engine.ids.places import _addresses, _plates

__all__ = [
    "TYPES",
    "Match",
    "bin_details",
    "card_scheme",
    "check_digit",
    "find_identifiers",
    "iban_valid",
    "iin_details",
    "luhn_valid",
    "redaction_label",
]

TYPES = (
    "iin",
    "bin",
    "iban",
    "card",
    "phone",
    "email",
    "id_document",
    "address",
    "vehicle_plate",
    "birth_date",
)

# When two candidates overlap, the more specific type wins (lower number), then the longer span.
_PRIORITY = {
    "email": 0,
    "iban": 1,
    "card": 2,
    "iin": 3,
    "bin": 3,
    "id_document": 4,
    "phone": 5,
    "birth_date": 6,
    "vehicle_plate": 7,
    "address": 8,
}


def find_identifiers(text: str) -> list[Match]:
    """Every personal identifier in `text`, sorted by start, with no two spans overlapping."""
    detectors = (
        _numbers,
        _ibans,
        _phones,
        _emails,
        _documents,
        _addresses,
        _plates,
        _birth_dates,
    )
    return _resolve(match for detector in detectors for match in detector(text))


_LABELS = {
    "iin": {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"},
    "bin": {"kk": "БСН", "ru": "БИН", "en": "BIN"},
    "iban": {"kk": "IBAN", "ru": "IBAN", "en": "IBAN"},
    "card": {"kk": "карта", "ru": "карта", "en": "card"},
    "phone": {"kk": "телефон", "ru": "телефон", "en": "phone"},
    "email": {"kk": "e-mail", "ru": "e-mail", "en": "e-mail"},
    "id_document": {"kk": "құжат", "ru": "документ", "en": "document"},
    "address": {"kk": "мекенжай", "ru": "адрес", "en": "address"},
    "vehicle_plate": {"kk": "көлік нөмірі", "ru": "госномер", "en": "plate"},
    "birth_date": {"kk": "туған күні", "ru": "дата рождения", "en": "date of birth"},
}


def redaction_label(match: Match, lang: str) -> str:
    """The placeholder that replaces `match` in a redacted copy, in kk, ru or en (else en)."""
    labels = _LABELS.get(match.type)
    if labels is None:
        return f"[{match.type}]"
    code = lang[:2].lower()
    return f"[{labels.get(code, labels['en'])}]"


def _resolve(candidates: Iterable[Match]) -> list[Match]:
    ordered = sorted(
        set(candidates), key=lambda m: (_PRIORITY[m.type], m.start - m.end, m.start, m.type)
    )
    starts: list[int] = []
    kept: list[Match] = []  # kept sorted by start, never overlapping
    for match in ordered:
        index = bisect.bisect_left(starts, match.start)
        if index > 0 and kept[index - 1].end > match.start:
            continue
        if index < len(kept) and kept[index].start < match.end:
            continue
        starts.insert(index, match.start)
        kept.insert(index, match)
    return kept
