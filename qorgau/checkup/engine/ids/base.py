"""What every identifier detector shares: the match, how one is made, today's date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

_DIGITS = re.compile(r"[0-9]+")
_SPACE = "[ \u00a0]"  # the spaces people put inside numbers and addresses


@dataclass(frozen=True)
class Match:
    type: str
    start: int  # character offsets into the text given to find_identifiers
    end: int
    text: str
    details: dict[str, str] = field(default_factory=dict, hash=False)


def _make(text: str, type_: str, start: int, end: int, details: dict[str, str]) -> Match:
    return Match(type_, start, end, text[start:end], details)


def _today() -> date:
    return datetime.now(tz=UTC).date()
