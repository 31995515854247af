"""The in-memory columns answer exactly as SQL does: counts, figures and the order of the list."""

import datetime

import pytest
from django.test import override_settings

from qorgau.monitoring import cube, queries
from qorgau.monitoring.filters import filter_from
from qorgau.monitoring.generator import generate_incidents, insert_generated
from qorgau.monitoring.tests.public_sample import make_incident, with_fulltext

pytestmark = pytest.mark.django_db
D = datetime.date

FILTERS = [
    {},
    {"region": ["KZ-75", "unknown"]},
    {"date_from": "2026-03-17", "date_to": "2026-08-02"},
    {"date_from": "2025-05", "date_to": "2026"},
    {"date_to": "2025-11-30"},
    {"group": ["legal"], "victim_gender": ["female", "unknown"]},
    {"type": ["detention", "threats"], "perpetrator_state": "non_state"},
    {"rollup": ["physical"], "verification": ["partly"], "context": ["protest", "online"]},
    {"perpetrator": ["police", "akimat"], "victim_role": ["blogger", "outlet"]},
    {"provision": "kz-cc:274"},
    {"q": "журналист", "region": ["KZ-71"]},
    {"q": "задержали журналистов"},
    {"q": "ақпарат", "date_from": "2026"},
    {"q": "journalist detained"},
    {"q": "цензура"},
]


@pytest.fixture
def record() -> None:
    with_fulltext()
    insert_generated(generate_incidents(400, seed=11, start=D(2025, 1, 1), end=D(2026, 10, 31)))
    make_incident(title="без региона", region=None, day=D(2026, 1, 1), precision="year")
    make_incident(title="месяц", day=D(2026, 3, 1), precision="month")
    cube.forget()
    yield
    cube.forget()


def answers(params: dict) -> tuple:
    flt = filter_from(params)
    assert flt.is_valid(), flt.errors
    figures = {
        d: [(r.key, r.count, r.persons) for r in queries.breakdown(flt, d).rows]
        for d in queries.DIMENSIONS
    }
    listed = queries.incident_list(flt)
    first_page = [incident.pk for incident in listed[:25]]
    return queries.totals(flt), figures, listed.count(), first_page


@pytest.mark.parametrize("params", FILTERS)
def test_columns_and_sql_agree(record: None, params: dict) -> None:
    with override_settings(MONITORING_CUBE_ROWS=-1):
        by_sql = answers(params)
    with override_settings(MONITORING_CUBE_ROWS=1):
        assert cube.current() is not None
        by_columns = answers(params)
    assert by_columns == by_sql


def test_a_change_to_the_record_is_seen_at_the_next_check(
    record: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cube, "CHECK_SECONDS", 0)
    with override_settings(MONITORING_CUBE_ROWS=1):
        before = queries.totals(filter_from({}))["incidents"]
        make_incident(title="новое")
        assert queries.totals(filter_from({}))["incidents"] == before + 1


def test_a_record_without_proceedings_or_victims_still_gets_columns() -> None:
    make_incident(victims=(), perpetrators=())
    make_incident(provisions=("kz-cc:274",), victims=())
    cube.forget()
    with override_settings(MONITORING_CUBE_ROWS=1):
        assert queries.totals(filter_from({"provision": "kz-cc:274"}))["incidents"] == 1
        assert queries.breakdown(filter_from({}), "gender").rows == []
    cube.forget()


def test_common_words_are_read_ahead_and_kept(record: None) -> None:
    from django.db import connection

    with override_settings(MONITORING_CUBE_ROWS=1):
        columns = cube.current()
        assert columns is not None
        warmed = columns.warm_words()
        if connection.vendor == "sqlite":  # only SQLite's index counts its words
            assert warmed > 0
            assert "журналис" in columns.words
        before = queries.totals(filter_from({"q": "журналистка"}))
        assert "журналис" in columns.words  # asked once, kept
        assert queries.totals(filter_from({"q": "журналистка"})) == before
        assert before["incidents"] > 0
