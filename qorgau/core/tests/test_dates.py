"""The deadline engine against the real Kazakh calendars of 2025 and 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType

import pytest
from django.utils.formats import date_format
from django.utils.translation import override as language
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from qorgau.core.dates import (
    DayKind,
    SkipCause,
    SkippedDay,
    add_days,
    holiday_name,
    is_working_day,
    working_day_calendar,
)
from qorgau.core.models import CalendarOverride

D = dt.date
CALENDAR = DayKind.CALENDAR
WORKING = DayKind.WORKING


@dataclass(frozen=True)
class Override:
    """A calendar override without the database, as the engine reads one."""

    kind: str
    reason: str


NO_OVERRIDES: MappingProxyType[dt.date, Override] = MappingProxyType({})


def skipped(deadline_skipped: tuple[SkippedDay, ...]) -> list[tuple[dt.date, str]]:
    return [(day.date, day.reason) for day in deadline_skipped]


def decree(day: dt.date, kind: str, reason: str) -> CalendarOverride:
    return CalendarOverride.objects.create(
        date=day,
        kind=kind,
        reason_kk=f"{reason} (kk)",
        reason_ru=f"{reason} (ru)",
        reason_en=reason,
    )


@pytest.fixture(autouse=True, scope="module")
def english() -> Iterator[None]:
    # Module-scoped so that hypothesis tests, which refuse function-scoped fixtures, run in it too.
    with language("en"):
        yield


# --- Working days on the 2025 calendar


def test_the_sunday_given_up_for_3_january_2025_is_a_working_day() -> None:
    # 3 January 2025 was made a day off in exchange for Sunday 5 January, which was worked.
    assert is_working_day(D(2025, 1, 5), overrides=NO_OVERRIDES)
    assert not is_working_day(D(2025, 1, 3), overrides=NO_OVERRIDES)
    assert not is_working_day(D(2025, 1, 4), overrides=NO_OVERRIDES)


def test_a_working_day_deadline_counts_the_transferred_working_sunday() -> None:
    deadline = add_days(D(2024, 12, 31), 1, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 1, 5)
    assert skipped(deadline.skipped) == [
        (D(2025, 1, 1), "New Year's Day"),
        (D(2025, 1, 2), "New Year's Day"),
        (D(2025, 1, 3), "Day off (substituted from 01/05/2025)"),
        (D(2025, 1, 4), "Saturday"),
    ]


def test_a_working_day_deadline_skips_orthodox_christmas() -> None:
    deadline = add_days(D(2024, 12, 31), 3, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 1, 8)
    assert skipped(deadline.skipped)[-1] == (D(2025, 1, 7), "Orthodox Christmas")


def test_a_working_day_deadline_skips_nauryz() -> None:
    deadline = add_days(D(2025, 3, 19), 5, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 3, 31)
    assert skipped(deadline.skipped) == [
        (D(2025, 3, 21), "Nowruz Holiday"),
        (D(2025, 3, 22), "Nowruz Holiday"),
        (D(2025, 3, 23), "Nowruz Holiday"),
        (D(2025, 3, 24), "Nowruz Holiday (observed)"),
        (D(2025, 3, 25), "Nowruz Holiday (observed)"),
        (D(2025, 3, 29), "Saturday"),
        (D(2025, 3, 30), "Sunday"),
    ]
    assert [day.cause for day in deadline.skipped][-2:] == [SkipCause.WEEKEND, SkipCause.WEEKEND]
    assert deadline.skipped[0].cause == SkipCause.HOLIDAY


def test_a_working_day_deadline_skips_the_may_holidays() -> None:
    deadline = add_days(D(2025, 5, 6), 3, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 5, 13)
    assert skipped(deadline.skipped) == [
        (D(2025, 5, 7), "Defender of the Fatherland Day"),
        (D(2025, 5, 9), "Victory Day"),
        (D(2025, 5, 10), "Saturday"),
        (D(2025, 5, 11), "Sunday"),
    ]


def test_a_working_day_deadline_skips_republic_day_moved_to_monday() -> None:
    deadline = add_days(D(2025, 10, 23), 2, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 10, 28)
    assert skipped(deadline.skipped) == [
        (D(2025, 10, 25), "Republic Day"),
        (D(2025, 10, 26), "Sunday"),
        (D(2025, 10, 27), "Republic Day (observed)"),
    ]


def test_a_working_day_deadline_skips_independence_day() -> None:
    deadline = add_days(D(2025, 12, 15), 1, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 12, 17)
    assert skipped(deadline.skipped) == [(D(2025, 12, 16), "Independence Day")]


def test_counting_starts_the_day_after_the_start_date() -> None:
    # A request received on a Saturday: five working days are Monday to Friday.
    deadline = add_days(D(2025, 2, 1), 5, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 2, 7)
    assert skipped(deadline.skipped) == [(D(2025, 2, 2), "Sunday")]


# --- Calendar days and Article 175 of the Civil Code


def test_a_calendar_day_deadline_counts_holidays_inside_the_term() -> None:
    deadline = add_days(D(2025, 3, 15), 15, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 3, 31)
    assert deadline.last_day == D(2025, 3, 30)
    assert skipped(deadline.skipped) == [(D(2025, 3, 30), "Sunday")]


def test_a_calendar_day_deadline_ending_on_nauryz_moves_to_the_next_working_day() -> None:
    deadline = add_days(D(2025, 3, 12), 10, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.last_day == D(2025, 3, 22)
    assert deadline.moved
    assert deadline.due == D(2025, 3, 26)
    assert skipped(deadline.skipped) == [
        (D(2025, 3, 22), "Nowruz Holiday"),
        (D(2025, 3, 23), "Nowruz Holiday"),
        (D(2025, 3, 24), "Nowruz Holiday (observed)"),
        (D(2025, 3, 25), "Nowruz Holiday (observed)"),
    ]


def test_womens_day_on_a_saturday_gives_monday_off() -> None:
    deadline = add_days(D(2025, 3, 1), 7, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 3, 11)
    assert skipped(deadline.skipped) == [
        (D(2025, 3, 8), "International Women's Day"),
        (D(2025, 3, 9), "Sunday"),
        (D(2025, 3, 10), "International Women's Day (observed)"),
    ]


@pytest.mark.parametrize(
    ("start", "days", "due", "reasons"),
    [
        (D(2025, 4, 30), 1, D(2025, 5, 2), ["Kazakhstan's People Solidarity Holiday"]),
        (D(2025, 5, 7), 30, D(2025, 6, 9), ["Eid al-Adha", "Saturday", "Sunday"]),
        (D(2025, 7, 1), 5, D(2025, 7, 8), ["Capital Day", "Capital Day (observed)"]),
        (
            D(2025, 8, 20),
            10,
            D(2025, 9, 2),
            ["Constitution Day", "Sunday", "Constitution Day (observed)"],
        ),
    ],
)
def test_a_calendar_day_deadline_ending_on_a_2025_holiday_moves_past_it(
    start: dt.date, days: int, due: dt.date, reasons: list[str]
) -> None:
    deadline = add_days(start, days, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.due == due
    assert [day.reason for day in deadline.skipped] == reasons


def test_a_calendar_day_deadline_ending_on_a_working_day_is_not_moved() -> None:
    deadline = add_days(D(2025, 3, 3), 2, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 3, 5)
    assert not deadline.moved
    assert deadline.skipped == ()


def test_a_calendar_term_may_end_on_the_transferred_working_sunday() -> None:
    deadline = add_days(D(2024, 12, 26), 10, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.due == D(2025, 1, 5)
    assert deadline.skipped == ()


def test_a_term_of_no_days_ends_on_the_start_day_or_the_next_working_day() -> None:
    assert add_days(D(2025, 3, 5), 0, kind=CALENDAR, overrides=NO_OVERRIDES).due == D(2025, 3, 5)
    assert add_days(D(2025, 1, 5), 0, kind=WORKING, overrides=NO_OVERRIDES).due == D(2025, 1, 5)
    on_womens_day = add_days(D(2025, 3, 8), 0, kind=CALENDAR, overrides=NO_OVERRIDES)
    assert on_womens_day.due == D(2025, 3, 11)
    assert [day.date for day in on_womens_day.skipped] == [
        D(2025, 3, 8),
        D(2025, 3, 9),
        D(2025, 3, 10),
    ]
    assert add_days(D(2025, 3, 8), 0, kind=WORKING, overrides=NO_OVERRIDES).due == D(2025, 3, 11)


def test_a_negative_term_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_days(D(2025, 3, 5), -1, kind=CALENDAR, overrides=NO_OVERRIDES)


def test_the_explanation_names_the_rule_and_every_skipped_day() -> None:
    deadline = add_days(D(2025, 8, 20), 10, kind=CALENDAR, overrides=NO_OVERRIDES)

    aug_30, aug_31, sep_1 = (
        date_format(day) for day in (D(2025, 8, 30), D(2025, 8, 31), D(2025, 9, 1))
    )
    assert deadline.explanation == (
        f"10 calendar days from {date_format(D(2025, 8, 20))} run out on {aug_30}",
        f"{aug_30} is not a working day, so under Article 175 of the Civil Code the term ends on "
        f"the next working day, {date_format(D(2025, 9, 2))}",
        f"{aug_30} is skipped: Constitution Day",
        f"{aug_31} is skipped: Sunday",
        f"{sep_1} is skipped: Constitution Day (observed)",
    )


def test_the_explanation_of_a_working_day_term_uses_the_singular_for_one_day() -> None:
    deadline = add_days(D(2025, 12, 15), 1, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.explanation == (
        f"1 working day from {date_format(D(2025, 12, 15))} runs out on "
        f"{date_format(D(2025, 12, 17))}",
        f"{date_format(D(2025, 12, 16))} is skipped: Independence Day",
    )


# --- The 2026 calendar


def test_the_2026_days_off_on_weekdays_are_the_official_ones() -> None:
    calendar = working_day_calendar(2026, overrides=NO_OVERRIDES)
    weekdays_off = {day.date for day in calendar if not day.working and day.date.weekday() < 5}

    assert weekdays_off == {
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 1, 7),
        D(2026, 3, 9),  # Women's Day fell on Sunday 8 March
        D(2026, 3, 23),
        D(2026, 3, 24),  # Nauryz: 21 and 22 March fell on the weekend
        D(2026, 3, 25),
        D(2026, 5, 1),
        D(2026, 5, 7),
        D(2026, 5, 11),  # Victory Day fell on Saturday 9 May
        D(2026, 5, 27),  # Kurban Ait
        D(2026, 7, 6),
        D(2026, 10, 26),  # Republic Day fell on Sunday 25 October
        D(2026, 12, 16),
    }
    assert sum(day.working for day in calendar) == 247


def test_the_2025_calendar_has_one_working_weekend_day() -> None:
    calendar = working_day_calendar(2025, overrides=NO_OVERRIDES)
    weekdays_off = {day.date for day in calendar if not day.working and day.date.weekday() < 5}
    working_weekends = [day for day in calendar if day.working and day.date.weekday() >= 5]

    assert [day.date for day in working_weekends] == [D(2025, 1, 5)]
    assert working_weekends[0].reason
    assert weekdays_off == {
        D(2025, 1, 1),
        D(2025, 1, 2),
        D(2025, 1, 3),
        D(2025, 1, 7),
        D(2025, 3, 10),
        D(2025, 3, 21),
        D(2025, 3, 24),
        D(2025, 3, 25),
        D(2025, 5, 1),
        D(2025, 5, 7),
        D(2025, 5, 9),
        D(2025, 6, 6),
        D(2025, 7, 7),
        D(2025, 9, 1),
        D(2025, 10, 27),
        D(2025, 12, 16),
    }
    assert sum(day.working for day in calendar) == 246


def test_a_working_day_deadline_skips_nauryz_2026_across_the_weekend() -> None:
    deadline = add_days(D(2026, 3, 20), 1, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2026, 3, 26)
    assert skipped(deadline.skipped) == [
        (D(2026, 3, 21), "Nowruz Holiday"),
        (D(2026, 3, 22), "Nowruz Holiday"),
        (D(2026, 3, 23), "Nowruz Holiday"),
        (D(2026, 3, 24), "Nowruz Holiday (observed)"),
        (D(2026, 3, 25), "Nowruz Holiday (observed)"),
    ]


def test_a_calendar_day_deadline_ending_on_victory_day_2026_moves_to_tuesday() -> None:
    deadline = add_days(D(2026, 4, 29), 10, kind=CALENDAR, overrides=NO_OVERRIDES)

    assert deadline.due == D(2026, 5, 12)
    assert skipped(deadline.skipped) == [
        (D(2026, 5, 9), "Victory Day"),
        (D(2026, 5, 10), "Sunday"),
        (D(2026, 5, 11), "Victory Day (observed)"),
    ]


def test_kurban_ait_2026_is_skipped_and_marked_as_estimated_by_the_package() -> None:
    deadline = add_days(D(2026, 5, 26), 1, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2026, 5, 28)
    assert skipped(deadline.skipped) == [(D(2026, 5, 27), "Eid al-Adha (estimated)")]


def test_a_deadline_crossing_new_year_2026_skips_the_holidays_and_christmas() -> None:
    deadline = add_days(D(2025, 12, 31), 3, kind=WORKING, overrides=NO_OVERRIDES)

    assert deadline.due == D(2026, 1, 8)
    assert [day.date for day in deadline.skipped] == [
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 1, 3),
        D(2026, 1, 4),
        D(2026, 1, 7),
    ]


def test_a_weekend_day_given_up_for_a_day_off_next_year_is_a_working_day() -> None:
    # 3 January 2014 was a day off in exchange for Saturday 28 December 2013.
    assert is_working_day(D(2013, 12, 28), overrides=NO_OVERRIDES)
    assert not is_working_day(D(2014, 1, 3), overrides=NO_OVERRIDES)


# --- Overrides


def test_an_override_makes_a_package_holiday_a_working_day() -> None:
    overrides = {D(2025, 1, 3): Override("working_day", "Decree revoked")}

    deadline = add_days(D(2025, 1, 2), 1, kind=WORKING, overrides=overrides)

    assert deadline.due == D(2025, 1, 3)
    assert deadline.skipped == ()


def test_an_override_makes_an_ordinary_weekday_a_day_off_and_gives_its_reason() -> None:
    overrides = {D(2026, 6, 12): Override("day_off", "Day off moved from Saturday 20 June")}

    deadline = add_days(D(2026, 6, 11), 1, kind=WORKING, overrides=overrides)

    assert deadline.due == D(2026, 6, 15)
    assert deadline.skipped[0] == SkippedDay(
        D(2026, 6, 12), "Day off moved from Saturday 20 June", SkipCause.OVERRIDE
    )
    assert skipped(deadline.skipped)[1:] == [
        (D(2026, 6, 13), "Saturday"),
        (D(2026, 6, 14), "Sunday"),
    ]


def test_an_override_makes_a_weekend_day_a_working_day() -> None:
    overrides = {D(2026, 6, 20): Override("working_day", "Working Saturday")}

    assert is_working_day(D(2026, 6, 20), overrides=overrides)
    assert add_days(D(2026, 6, 19), 1, kind=WORKING, overrides=overrides).due == D(2026, 6, 20)


@pytest.mark.django_db
def test_overrides_are_read_from_the_database_in_one_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # A hypothetical decree the package cannot know: Friday 8 May 2026 off for Saturday 16 May.
    decree(D(2026, 5, 8), "day_off", "Day off moved from Saturday 16 May")
    decree(D(2026, 5, 16), "working_day", "Working day in exchange for Friday 8 May")

    with django_assert_num_queries(1):
        deadline = add_days(D(2026, 5, 6), 5, kind=WORKING)

    assert deadline.due == D(2026, 5, 16)  # 12, 13, 14, 15 May and the working Saturday
    assert skipped(deadline.skipped) == [
        (D(2026, 5, 7), "Defender of the Fatherland Day"),
        (D(2026, 5, 8), "Day off moved from Saturday 16 May"),
        (D(2026, 5, 9), "Victory Day"),
        (D(2026, 5, 10), "Sunday"),
        (D(2026, 5, 11), "Victory Day (observed)"),
    ]


@pytest.mark.django_db
def test_a_database_override_wins_over_the_package() -> None:
    decree(D(2025, 3, 25), "working_day", "Working day by decree")

    assert is_working_day(D(2025, 3, 25))
    assert not is_working_day(D(2025, 3, 24))
    assert add_days(D(2025, 3, 20), 1, kind=WORKING).due == D(2025, 3, 25)


@pytest.mark.django_db
def test_a_database_override_before_the_term_is_ignored() -> None:
    decree(D(2025, 2, 3), "day_off", "Earlier decree")

    assert add_days(D(2025, 2, 4), 1, kind=WORKING).due == D(2025, 2, 5)


@pytest.mark.django_db
def test_the_year_calendar_shows_database_overrides() -> None:
    decree(D(2026, 11, 13), "day_off", "Day off by decree")

    calendar = {day.date: day for day in working_day_calendar(2026)}

    assert not calendar[D(2026, 11, 13)].working
    assert calendar[D(2026, 11, 13)].reason == "Day off by decree"
    assert calendar[D(2026, 11, 12)].working
    assert calendar[D(2026, 11, 12)].reason == ""


# --- Languages


@pytest.mark.parametrize(
    ("code", "nauryz", "observed", "transferred", "saturday"),
    [
        (
            "kk",
            "Наурыз мейрамы",
            "Наурыз мейрамы (қайта белгіленген демалыс)",
            "Демалыс күні (05.01.2025 бастап ауыстырылды)",
            "Сенбі",
        ),
        (
            "ru",
            "Праздник Наурыз",
            "Праздник Наурыз (перенесённый выходной)",
            "Выходной день, перенесённый с 05.01.2025",
            "Суббота",
        ),
        (
            "en",
            "Nowruz Holiday",
            "Nowruz Holiday (observed)",
            "Day off (substituted from 01/05/2025)",
            "Saturday",
        ),
    ],
)
def test_reasons_are_given_in_the_active_language(
    code: str, nauryz: str, observed: str, transferred: str, saturday: str
) -> None:
    with language(code):
        nauryz_term = add_days(D(2025, 3, 21), 0, kind=CALENDAR, overrides=NO_OVERRIDES)
        new_year_term = add_days(D(2024, 12, 31), 1, kind=WORKING, overrides=NO_OVERRIDES)

    assert [day.reason for day in nauryz_term.skipped] == [
        nauryz,
        nauryz,
        nauryz,
        observed,
        observed,
    ]
    assert [day.reason for day in new_year_term.skipped][2:] == [transferred, saturday]


def test_every_kazakh_holiday_name_of_2025_and_2026_has_a_russian_name() -> None:
    for year in (2025, 2026):
        for day in working_day_calendar(year, overrides=NO_OVERRIDES):
            with language("ru"):
                name = holiday_name(day.date)
            with language("kk"):
                name_kk = holiday_name(day.date)
            if name is not None:
                assert name != name_kk
                assert not set(name) & set("әғқңөұүһі"), name


@pytest.mark.django_db
def test_an_override_reason_is_given_in_the_active_language() -> None:
    decree(D(2026, 6, 12), "day_off", "Day off by decree")

    for code, reason in [("kk", "Day off by decree (kk)"), ("ru", "Day off by decree (ru)")]:
        with language(code):
            deadline = add_days(D(2026, 6, 11), 1, kind=WORKING)
        assert deadline.skipped[0].reason == reason
    with language("en"):
        assert add_days(D(2026, 6, 11), 1, kind=WORKING).skipped[0].reason == "Day off by decree"


# --- Properties that hold for every term

dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
override_maps = st.dictionaries(
    dates,
    st.builds(Override, kind=st.sampled_from(["day_off", "working_day"]), reason=st.just("decree")),
    max_size=20,
)


@given(start=dates, days=st.integers(min_value=1, max_value=400), overrides=override_maps)
def test_a_working_day_term_counts_exactly_its_working_days(
    start: dt.date, days: int, overrides: dict[dt.date, Override]
) -> None:
    deadline = add_days(start, days, kind=WORKING, overrides=overrides)

    between = [start + dt.timedelta(days=n) for n in range(1, (deadline.due - start).days + 1)]
    working = [day for day in between if is_working_day(day, overrides=overrides)]
    assert deadline.due > start
    assert is_working_day(deadline.due, overrides=overrides)
    assert len(working) == days
    assert [day.date for day in deadline.skipped] == [day for day in between if day not in working]


@given(
    start=dates,
    days=st.integers(min_value=0, max_value=400),
    kind=st.sampled_from(DayKind),
    overrides=override_maps,
)
def test_every_term_ends_on_a_working_day_no_earlier_than_its_last_day(
    start: dt.date, days: int, kind: DayKind, overrides: dict[dt.date, Override]
) -> None:
    deadline = add_days(start, days, kind=kind, overrides=overrides)

    assert deadline.due >= deadline.last_day >= start
    assert is_working_day(deadline.due, overrides=overrides)
    assert all(not is_working_day(day.date, overrides=overrides) for day in deadline.skipped)
    assert len({day.date for day in deadline.skipped}) == len(deadline.skipped)
    assert [day.date for day in deadline.skipped] == sorted(day.date for day in deadline.skipped)
    if kind is DayKind.CALENDAR:
        assert deadline.last_day == start + dt.timedelta(days=days)
        moved_over = (deadline.due - deadline.last_day).days
        assert [day.date for day in deadline.skipped] == [
            deadline.last_day + dt.timedelta(days=n) for n in range(moved_over)
        ]


@given(start=dates, days=st.integers(min_value=0, max_value=200), kind=st.sampled_from(DayKind))
def test_a_longer_term_never_ends_earlier(start: dt.date, days: int, kind: DayKind) -> None:
    shorter = add_days(start, days, kind=kind, overrides=NO_OVERRIDES)
    longer = add_days(start, days + 1, kind=kind, overrides=NO_OVERRIDES)

    assert longer.due >= shorter.due
