"""Figures are counts of the list: for any filter, each row of a breakdown equals the size of the
list with that row's value added to the filter."""

import datetime

import pytest

from qorgau.monitoring import queries
from qorgau.monitoring.filters import filter_from
from qorgau.monitoring.generator import generate_incidents, insert_generated
from qorgau.monitoring.tests.public_sample import make_incident
from qorgau.monitoring.views import DIMENSION_PARAMETER

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def record() -> None:
    insert_generated(generate_incidents(300, seed=7, start=D(2025, 1, 1), end=D(2026, 10, 31)))


@pytest.mark.parametrize(
    "base",
    [
        {},
        {"region": ["KZ-75", "KZ-71"]},
        {"date_from": "2026-01-15", "date_to": "2026-06-10"},
        {"perpetrator_state": "state", "group": ["legal", "liberty"]},
    ],
)
@pytest.mark.parametrize("dimension", sorted(DIMENSION_PARAMETER))
def test_each_row_is_the_count_of_its_list(record: None, base: dict, dimension: str) -> None:
    if DIMENSION_PARAMETER[dimension] in base:
        pytest.skip("a value of a facet already chosen replaces the choice instead of narrowing it")
    result = queries.breakdown(filter_from(base), dimension)
    assert result.rows, "the generated record should fill every dimension"
    for row in result.rows:
        narrowed = filter_from({**base, DIMENSION_PARAMETER[dimension]: row.key})
        assert narrowed.is_valid(), narrowed.errors
        assert narrowed.apply().count() == row.count, (dimension, row.key)


@pytest.mark.parametrize("base", [{}, {"region": ["KZ-75"]}, {"date_from": "2025-07-10"}])
def test_each_month_is_the_count_of_that_months_list(record: None, base: dict) -> None:
    months = queries.breakdown(filter_from(base), "month").rows
    for row in months:
        if len(row.key) == 7:
            narrowed = filter_from({**base, "date_from": row.key, "date_to": row.key})
            if base.get("date_from") and row.key == base["date_from"][:7]:
                continue  # the filter starts inside this month: the list is narrower
            assert narrowed.apply().count() == row.count, row.key
    total = filter_from(base).apply().count()
    assert sum(row.count for row in months) == total


def test_regions_and_months_add_up_to_the_list(record: None) -> None:
    flt = filter_from({"verification": ["verified"]})
    total = flt.apply().count()
    assert queries.breakdown(flt, "region").total == total
    assert queries.breakdown(flt, "month").total == total
    assert queries.totals(flt)["incidents"] == total


def test_incidents_and_persons_are_counted_apart() -> None:
    make_incident(victims=({"gender": "female"}, {"gender": "female"}, {"gender": "male"}))
    make_incident(victims=({"gender": "female"},))
    flt = filter_from({})
    assert queries.totals(flt) == {"incidents": 2, "persons": 4}
    rows = {row.key: row for row in queries.breakdown(flt, "gender").rows}
    assert (rows["female"].count, rows["female"].persons) == (2, 3)
    assert (rows["male"].count, rows["male"].persons) == (1, 1)


def test_months_without_incidents_are_shown_as_zero_and_vague_years_apart() -> None:
    make_incident(day=D(2026, 7, 9))
    make_incident(day=D(2026, 10, 1), precision="month")
    make_incident(day=D(2026, 1, 1), precision="year")
    rows = queries.breakdown(filter_from({}), "month").rows
    assert [(r.key, r.count) for r in rows] == [
        ("2026-07", 1),
        ("2026-08", 0),
        ("2026-09", 0),
        ("2026-10", 1),
        ("2026", 1),
    ]


def test_an_invalid_filter_counts_nothing() -> None:
    make_incident()
    flt = filter_from({"date_from": "soon"})
    assert queries.totals(flt) == {"incidents": 0, "persons": 0}
    assert queries.breakdown(flt, "region").rows == []
