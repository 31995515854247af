"""The public pages, for anyone, in Kazakh, Russian and English; and what they never show."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qorgau.monitoring.tests.public_sample import SECRET, make_incident, with_fulltext

pytestmark = pytest.mark.django_db
D = datetime.date


def url(name: str, language: str = "ru", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(f"monitoring:{name}", kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("kk", "Баспасөз бостандығын бұзу оқиғалары"),
        ("ru", "Нарушения свободы прессы"),
        ("en", "Press freedom incidents"),
    ],
)
def test_the_list_is_open_to_anyone_in_each_language(
    client: Client, language: str, heading: str
) -> None:
    make_incident(title="Задержание на митинге")
    response = client.get(url("incidents", language))
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    assert "Задержание на митинге" in page


def test_the_list_filters_and_says_what_filter_is_on(client: Client) -> None:
    make_incident(title="В Алматы", region="KZ-75")
    make_incident(title="В Астане", region="KZ-71")
    response = client.get(url("incidents"), {"region": "KZ-71"})
    page = response.content.decode()
    assert "В Астане" in page and "В Алматы" not in page
    assert "Регион: Астана" in page
    assert "region=KZ-71" in page  # the figures and downloads follow the filter


def test_a_bad_filter_keeps_what_was_typed_and_says_what_is_wrong(client: Client) -> None:
    make_incident()
    page = client.get(url("incidents"), {"date_from": "32.10.2026"}).content.decode()
    assert 'value="32.10.2026"' in page
    assert "ГГГГ-ММ-ДД" in page


def test_htmx_gets_only_the_results(client: Client) -> None:
    make_incident(title="Одна")
    response = client.get(url("incidents"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="results"' in page and "<html" not in page


def test_the_list_takes_the_same_number_of_queries_for_one_or_many(
    client: Client, django_assert_max_num_queries: object
) -> None:
    for day in range(1, 4):
        make_incident(day=D(2026, 10, day))
    client.get(url("incidents"))  # vocabularies into the cache
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        client.get(url("incidents"))
    for day in range(4, 28):
        make_incident(day=D(2026, 10, day), types=("detention", "search"))
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        response = client.get(url("incidents"))
    assert response.context["page"].paginator.count == 27


def test_an_incident_page_shows_timeline_sources_and_proceedings(client: Client) -> None:
    incident = make_incident(
        title="Дело против редактора", provisions=("kz-cc:274:2",), sensitive=True
    )
    page = client.get(url("incident", pk=incident.pk)).content.decode()
    assert "Дело против редактора" in page
    assert "Суд оштрафовал" in page  # a dated update on the timeline
    assert "Репортаж" in page and 'href="https://example.org/a"' in page
    assert "kz-cc:274:2" in page
    assert "Генеральная прокуратура" in page  # an appeal to the authorities
    assert "(имя не раскрывается)" in page


def test_an_incident_page_shows_what_is_public_of_the_online_violence(client: Client) -> None:
    incident = make_incident(title="Травля в Telegram", sensitive=True)
    page = client.get(url("incident", pk=incident.pk)).content.decode()
    assert "Онлайн-насилие" in page
    assert "угрозы, публикация личных данных" in page  # the forms
    assert "Telegram" in page and "сотни сообщений" in page and "недели" in page
    assert "очевидно" in page  # signs of coordination
    assert "гендерно окрашенное" in page  # the content
    assert "связана с вредом офлайн" in page
    assert "самоцензура" in page
    assert "Платформа удалила канал" in page
    assert "Полиция отказала в возбуждении дела" in page
    assert "Многие аккаунты публикуют одинаковые сообщения" in page  # a warning sign
    assert SECRET not in page  # the description of the harm offline stays inside


def test_an_incident_without_online_violence_has_no_such_section(client: Client) -> None:
    incident = make_incident(title="Задержание")
    page = client.get(url("incident", pk=incident.pk)).content.decode()
    assert "Онлайн-насилие" not in page


def test_an_incident_in_another_language_says_so(client: Client) -> None:
    incident = make_incident(title="Только по-русски")
    page = client.get(url("incident", "en", pk=incident.pk)).content.decode()
    assert "Только по-русски" in page
    assert "it is shown in Русский" in page


@pytest.mark.parametrize("status", ["received", "review", "verified", "rejected", "duplicate"])
def test_an_unpublished_incident_does_not_exist_for_the_public(client: Client, status: str) -> None:
    incident = make_incident(status=status)
    assert client.get(url("incident", pk=incident.pk)).status_code == 404


def test_the_figures_follow_the_filter_and_state_their_rules(client: Client) -> None:
    make_incident(region="KZ-75", victims=({"gender": "female"}, {"gender": "male"}))
    make_incident(region="KZ-71", types=("threats",))
    make_incident(region="KZ-71", status="review")
    response = client.get(url("stats"), {"region": ["KZ-71", "KZ-75"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") >= 9  # a chart per figure, the map among them
    assert 'data-region="KZ-71"' in page
    assert "Как считается:" in page
    totals = response.context["totals"]
    assert totals == {"incidents": 2, "persons": 3}


def test_the_figures_page_shows_the_filter_error_instead_of_figures(client: Client) -> None:
    response = client.get(url("stats"), {"date_to": "2026-99"})
    assert response.status_code == 200
    assert "sections" not in response.context


def test_the_feeds_list_newly_published_incidents_only(client: Client) -> None:
    make_incident(title="Новое", published_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC))
    make_incident(title="Черновик", status="review")
    rss = client.get(url("feed")).content.decode()
    atom = client.get(url("feed-atom")).content.decode()
    assert "<rss" in rss and "Новое" in rss and "Черновик" not in rss
    assert "<feed" in atom and "Новое" in atom


def test_nothing_sensitive_reaches_any_public_page_or_the_api(client: Client) -> None:
    with_fulltext()
    incident = make_incident(
        title="С секретами",
        sensitive=True,
        provisions=("kz-cc:274",),
        victims=(
            {"role": "journalist", "gender": "female"},
            {"kind": "outlet", "role": "outlet", "outlet": "unnamed", "name": ""},
        ),
    )
    addresses = [
        url("incidents"),
        url("incidents") + "?q=секрет",
        url("incident", pk=incident.pk),
        url("stats"),
        url("feed"),
        url("feed-atom"),
        "/api/v1/incidents",
        f"/api/v1/incidents/{incident.pk}",
        "/api/v1/incidents/export.csv?columns=" + ",".join(_all_columns()),
        "/api/v1/incidents/export.json?columns=" + ",".join(_all_columns()),
        *[f"/api/v1/incidents/stats?group_by={g}" for g in ("type", "region", "gender", "role")],
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        if response["Content-Type"].startswith("application/json"):
            body = json.dumps(json.loads(body), ensure_ascii=False)
        assert SECRET not in body, address
        assert "С секретами" in body or "stats" in address, address


def _all_columns() -> list[str]:
    from qorgau.monitoring.exports import COLUMNS

    return list(COLUMNS)
