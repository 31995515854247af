"""Topic collections: the public list, figures, API and exports narrow to a collection; staff keep
the vocabulary of collections and tags (see test_staff_collections.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from qorgau.monitoring import cube, queries
from qorgau.monitoring.filters import filter_from
from qorgau.monitoring.models import Collection, Incident
from qorgau.monitoring.tests.public_sample import make_incident

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def elections() -> Collection:
    cache.clear()  # the filter's vocabulary is cached
    collection = Collection.objects.create(
        slug="elections-2026",
        title_kk="2026 жылғы сайлау",
        title_ru="Выборы 2026",
        title_en="Elections 2026",
    )
    yield collection
    cache.clear()


def in_collection(incident: Incident, collection: Collection) -> Incident:
    incident.collections.add(collection)
    return incident


def test_the_list_narrows_to_a_collection_and_says_so(
    client: Client, elections: Collection
) -> None:
    in_collection(make_incident(title="На участке"), elections)
    make_incident(title="В редакции")
    with translation.override("en"):
        address = reverse("monitoring:incidents")
    page = client.get(address, {"collection": "elections-2026"}).content.decode()
    assert "На участке" in page and "В редакции" not in page
    assert "Collection: Elections 2026" in page
    assert 'value="elections-2026" checked' in page


def test_the_api_stats_and_export_follow_the_collection(
    client: Client, elections: Collection
) -> None:
    in_collection(make_incident(title="На участке", region="KZ-71"), elections)
    make_incident(title="В редакции")
    listed = client.get("/api/v1/incidents", {"collection": "elections-2026"}).json()
    assert [item["title"] for item in listed["items"]] == ["На участке"]
    stats = client.get(
        "/api/v1/incidents/stats", {"group_by": "region", "collection": "elections-2026"}
    ).json()
    assert [(row["key"], row["count"]) for row in stats] == [("KZ-71", 1)]
    export = client.get(
        "/api/v1/incidents/export.csv", {"collection": "elections-2026", "columns": "title_ru"}
    )
    body = b"".join(export.streaming_content).decode()
    assert "На участке" in body and "В редакции" not in body


def test_an_unknown_collection_is_an_error_not_the_whole_record(elections: Collection) -> None:
    make_incident()
    flt = filter_from({"collection": "no-such"})
    assert not flt.is_valid()
    assert list(flt.apply()) == []


def test_a_retired_collection_is_not_offered_but_old_links_still_work(
    client: Client, elections: Collection
) -> None:
    in_collection(make_incident(title="На участке"), elections)
    elections.active = False
    elections.save()
    cache.clear()
    with translation.override("ru"):
        address = reverse("monitoring:incidents")
    assert "elections-2026" not in client.get(address).content.decode()
    page = client.get(address, {"collection": "elections-2026"}).content.decode()
    assert "На участке" in page


def test_the_columns_and_sql_agree_on_a_collection(elections: Collection) -> None:
    for day in range(1, 8):
        incident = make_incident(day=D(2026, 10, day), region="KZ-71" if day % 2 else "KZ-75")
        if day % 3:
            in_collection(incident, elections)
    params = {"collection": ["elections-2026"], "region": ["KZ-71"]}

    def answers() -> tuple[object, ...]:
        flt = filter_from(params)
        assert flt.is_valid(), flt.errors
        listed = queries.incident_list(flt)
        return (
            queries.totals(flt),
            [(r.key, r.count) for r in queries.breakdown(flt, "region").rows],
            [incident.pk for incident in listed[:25]],
        )

    cube.forget()
    try:
        with override_settings(MONITORING_CUBE_ROWS=-1):
            by_sql = answers()
        with override_settings(MONITORING_CUBE_ROWS=1):
            by_columns = answers()
    finally:
        cube.forget()
    assert by_sql[0] == {"incidents": 3, "persons": 3}
    assert by_columns == by_sql


def test_an_incident_names_its_collections_with_a_link_to_the_others(
    client: Client, elections: Collection
) -> None:
    retired = Collection.objects.create(slug="old", title_en="Old topic", active=False)
    incident = in_collection(make_incident(title="На участке"), elections)
    incident.collections.add(retired)
    with translation.override("en"):
        address = reverse("monitoring:incident", args=[incident.pk])
        listing = reverse("monitoring:incidents")
    page = client.get(address).content.decode()
    assert f'href="{listing}?collection=elections-2026">Elections 2026</a>' in page
    assert "Old topic" not in page  # a retired collection is not shown
    answer = client.get(f"/api/v1/incidents/{incident.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert answer["collections"] == [{"code": "elections-2026", "title": "Выборы 2026"}]
