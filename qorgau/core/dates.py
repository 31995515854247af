"""The one deadline engine: counts calendar or working days on the Kazakh calendar and says which
days it skipped and why.

Public holidays and transferred days off come from the `holidays` package; `CalendarOverride` rows
(decrees the package does not know yet) win over it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

import holidays
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qorgau.core.i18n import active_language

if TYPE_CHECKING:
    from qorgau.core.models import CalendarOverride

__all__ = [
    "CalendarDay",
    "DayKind",
    "Deadline",
    "OverrideLike",
    "SkipCause",
    "SkippedDay",
    "add_days",
    "holiday_name",
    "is_working_day",
    "load_overrides",
    "working_day_calendar",
]

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5
# CalendarOverride.Kind.WORKING_DAY, spelled out so that this module imports no models.
_WORKING_DAY = "working_day"


class DayKind(StrEnum):
    """How a term is counted."""

    CALENDAR = "calendar"
    WORKING = "working"

    @property
    def label(self) -> str:
        return _("calendar days") if self is DayKind.CALENDAR else _("working days")


class SkipCause(StrEnum):
    """Why a day is not a working day."""

    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    OVERRIDE = "override"


class OverrideLike(Protocol):
    """What the engine reads from a `CalendarOverride` row."""

    @property
    def kind(self) -> str: ...

    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class SkippedDay:
    """A day a term did not count or moved over, with its reason in the active language."""

    date: dt.date
    reason: str
    cause: SkipCause


@dataclass(frozen=True)
class CalendarDay:
    """One day of the Kazakh calendar; `reason` says why it is not an ordinary day, or is ""."""

    date: dt.date
    working: bool
    reason: str


@dataclass(frozen=True)
class Deadline:
    """A computed term: when it ends and every day it skipped, in date order."""

    start: dt.date
    days: int
    kind: DayKind
    due: dt.date
    skipped: tuple[SkippedDay, ...]

    @property
    def last_day(self) -> dt.date:
        """The day the term runs out before a non-working last day is moved forward."""
        if self.kind is DayKind.CALENDAR:
            return self.start + dt.timedelta(days=self.days)
        return self.due if self.days else self.start

    @property
    def moved(self) -> bool:
        """Whether the last day fell on a non-working day and the term was extended."""
        return self.due != self.last_day

    @property
    def explanation(self) -> tuple[str, ...]:
        """The computation as short sentences a lawyer can check, in the active language."""
        values = {
            "count": self.days,
            "start": date_format(self.start),
            "end": date_format(self.last_day),
            "due": date_format(self.due),
        }
        if self.kind is DayKind.CALENDAR:
            summary = ngettext(
                "%(count)d calendar day from %(start)s runs out on %(end)s",
                "%(count)d calendar days from %(start)s run out on %(end)s",
                self.days,
            )
        else:
            summary = ngettext(
                "%(count)d working day from %(start)s runs out on %(end)s",
                "%(count)d working days from %(start)s run out on %(end)s",
                self.days,
            )
        lines = [summary % values]
        if self.moved:
            lines.append(
                _(
                    "%(end)s is not a working day, so under Article 175 of the Civil Code the "
                    "term ends on the next working day, %(due)s"
                )
                % values
            )
        lines.extend(
            _("%(date)s is skipped: %(reason)s")
            % {"date": date_format(day.date), "reason": day.reason}
            for day in self.skipped
        )
        return tuple(lines)


def add_days(
    start: dt.date,
    days: int,
    *,
    kind: DayKind,
    overrides: Mapping[dt.date, OverrideLike] | None = None,
) -> Deadline:
    """Count `days` calendar or working days from `start` (the start day itself never counts).

    A term whose last day is not a working day ends on the next working day (Civil Code of the
    Republic of Kazakhstan, Article 175); the days moved over are listed as skipped. A term of
    0 days ends on `start`, moved forward the same way. Overrides are read from the database
    when not given.
    """
    if days < 0:
        raise ValueError(f"a term cannot be negative: {days} days")
    kind = DayKind(kind)
    if overrides is None:
        first_needed = start + dt.timedelta(days=days) if kind is DayKind.CALENDAR else start
        overrides = load_overrides(first_needed)

    skipped: list[SkippedDay] = []
    last = start
    if kind is DayKind.CALENDAR:
        last = start + dt.timedelta(days=days)
    else:
        counted = 0
        while counted < days:
            last += _ONE_DAY
            if _is_working(last, overrides):
                counted += 1
            else:
                skipped.append(_skipped_day(last, overrides))

    due = last
    while not _is_working(due, overrides):
        skipped.append(_skipped_day(due, overrides))
        due += _ONE_DAY
    return Deadline(start=start, days=days, kind=kind, due=due, skipped=tuple(skipped))


def is_working_day(
    day: dt.date, *, overrides: Mapping[dt.date, OverrideLike] | None = None
) -> bool:
    """Whether `day` is a working day in Kazakhstan (five-day week)."""
    if overrides is None:
        overrides = load_overrides(day, day)
    return _is_working(day, overrides)


def working_day_calendar(
    year: int, *, overrides: Mapping[dt.date, OverrideLike] | None = None
) -> tuple[CalendarDay, ...]:
    """Every day of `year`, whether it is a working day, and why it is not an ordinary one."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if overrides is None:
        overrides = load_overrides(first, last)
    days = []
    day = first
    while day <= last:
        working = _is_working(day, overrides)
        if not working:
            reason = _skipped_day(day, overrides).reason
        elif (override := overrides.get(day)) is not None:
            reason = override.reason
        elif day.weekday() >= _SATURDAY:
            reason = _("a weekend day made a working day in exchange for a transferred day off")
        else:
            reason = ""
        days.append(CalendarDay(date=day, working=working, reason=reason))
        day += _ONE_DAY
    return tuple(days)


def holiday_name(day: dt.date) -> str | None:
    """The public holiday or transferred day off on `day` in the active language, if any."""
    language = active_language()
    if language == "en":
        return _package_holidays(day.year, "en_US").get(day)
    name = _package_holidays(day.year, "kk").get(day)
    if name is None or language != "ru":
        return name
    return "; ".join(_russian_name(part) for part in name.split("; "))


def load_overrides(first: dt.date, last: dt.date | None = None) -> dict[dt.date, CalendarOverride]:
    """The `CalendarOverride` rows from `first` on (to `last` if given), in one query."""
    from qorgau.core.models import CalendarOverride  # models need the app registry

    rows = CalendarOverride.objects.filter(date__gte=first)
    if last is not None:
        rows = rows.filter(date__lte=last)
    return {row.date: row for row in rows}


def _is_working(day: dt.date, overrides: Mapping[dt.date, OverrideLike]) -> bool:
    override = overrides.get(day)
    if override is not None:
        return override.kind == _WORKING_DAY
    if day.weekday() >= _SATURDAY:
        return day in _package_working_weekends(day.year)
    return day not in _package_holidays(day.year, "kk")


def _skipped_day(day: dt.date, overrides: Mapping[dt.date, OverrideLike]) -> SkippedDay:
    override = overrides.get(day)
    if override is not None:
        return SkippedDay(date=day, reason=override.reason, cause=SkipCause.OVERRIDE)
    name = holiday_name(day)
    if name is not None:
        return SkippedDay(date=day, reason=name, cause=SkipCause.HOLIDAY)
    weekday = _("Saturday") if day.weekday() == _SATURDAY else _("Sunday")
    return SkippedDay(date=day, reason=weekday, cause=SkipCause.WEEKEND)


@lru_cache(maxsize=128)
def _package_holidays(year: int, language: str) -> Mapping[dt.date, str]:
    calendar = holidays.country_holidays("KZ", years=year, language=language)
    return MappingProxyType(dict(calendar))


@lru_cache(maxsize=128)
def _package_working_weekends(year: int) -> frozenset[dt.date]:
    # A decree can move a weekend's rest into the next year (3 January 2014 was Saturday
    # 28 December 2013), and the package files it under the year the day off lands in.
    calendar = holidays.country_holidays("KZ", years=(year, year + 1))
    return frozenset(day for day in calendar.weekend_workdays if day.year == year)


# The `holidays` package has no Russian for Kazakhstan; these are the names as Kazakh official
# calendars give them in Russian, keyed by the package's Kazakh names.
_RUSSIAN_NAMES = {
    "Жаңа жыл": "Новый год",
    "Православиелік Рождество": "Православное Рождество",
    "Халықаралық әйелдер күні": "Международный женский день",
    "Наурыз мейрамы": "Праздник Наурыз",
    "Қазақстан халқының бірлігі мерекесі": "Праздник единства народа Казахстана",
    "Отан Қорғаушы күні": "День защитника Отечества",
    "Жеңіс күні": "День Победы",
    "Астана күні": "День столицы",
    "Қазақстан Республикасының Конституциясы күні": "День Конституции Республики Казахстан",
    "Республика күні": "День Республики",
    "Қазақстан Республикасы күні": "День Республики Казахстан",
    "Қазақстан Республикасының Тұңғыш Президенті күні": (
        "День Первого Президента Республики Казахстан"
    ),
    "Тәуелсіздік күні": "День Независимости",
    "Құрбан айт": "Курбан айт",
}
_RUSSIAN_LABELS = (
    (
        re.compile(r"(.+) \(қайта белгіленген демалыс, бағаланған\)"),
        "{} (перенесённый выходной, дата предварительная)",
    ),
    (re.compile(r"(.+) \(қайта белгіленген демалыс\)"), "{} (перенесённый выходной)"),
    (re.compile(r"(.+) \(бағаланған\)"), "{} (дата предварительная)"),
)
_SUBSTITUTED_DAY_OFF = re.compile(r"Демалыс күні \((.+) бастап ауыстырылды\)")


def _russian_name(name_kk: str) -> str:
    """The Russian for one of the package's Kazakh names, or the Kazakh name if it is unknown."""
    if match := _SUBSTITUTED_DAY_OFF.fullmatch(name_kk):
        return f"Выходной день, перенесённый с {match[1]}"
    for pattern, template in _RUSSIAN_LABELS:
        if match := pattern.fullmatch(name_kk):
            return template.format(_RUSSIAN_NAMES.get(match[1], match[1]))
    return _RUSSIAN_NAMES.get(name_kk, name_kk)
