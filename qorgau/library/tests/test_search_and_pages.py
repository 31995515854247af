"""Reading and searching the library as a visitor would."""

import pytest
from django.test import Client
from django.utils import translation

from qorgau.library import services
from qorgau.library.models import Act
from qorgau.library.queries import QueryError, search
from qorgau.library.tests.sample import DAY_2025, DAY_2026, EDITION_2025, EDITION_2026, KAZAKH_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def act() -> Act:
    act = Act.objects.create(
        code="kz-mml",
        kind="law",
        status="in_force",
        title_ru="О масс-медиа",
        title_kk="Масс-медиа туралы",
    )
    for language, text, day in (
        ("ru", EDITION_2025, DAY_2025),
        ("kk", KAZAKH_2025, DAY_2025),
        ("ru", EDITION_2026, DAY_2026),
    ):
        services.edition_import(
            act=act, language=language, valid_from=day, text=text, source="sample"
        )
    return act


def test_a_russian_query_finds_the_article_about_refusals_first(act: Act) -> None:
    hits = search("отказали в информации", language="ru").hits
    assert hits[0].provision.key == "kz-mml:2"
    assert "<mark>" in hits[0].snippet


def test_a_kazakh_query_finds_the_same_article(act: Act) -> None:
    hits = search("ақпарат беруден бас тартты", language="kk").hits
    assert hits[0].provision.key == "kz-mml:2"
    assert hits[0].document.language == "kk"


def test_one_article_is_one_hit_whatever_languages_matched(act: Act) -> None:
    hits = search("журналист", language="ru").hits
    keys = [hit.provision.key for hit in hits]
    assert len(keys) == len(set(keys))


def test_the_hit_is_shown_in_the_visitors_language(act: Act) -> None:
    hit = search("журналист запрос", language="kk").hits[0]
    assert hit.document.language == "kk"


def test_a_citation_query_goes_straight_to_the_article(act: Act) -> None:
    result = search("ст. 3", language="ru")
    assert result.citation is not None
    assert result.hits[0].provision.key == "kz-mml:3"


def test_in_force_on_a_date_filters_editions(act: Act) -> None:
    from datetime import date

    old = search("семи рабочих дней", language="ru", doc_language="ru", on=date(2025, 6, 1)).hits[0]
    assert "семи" in old.document.body
    new = search("пяти рабочих дней", language="ru", doc_language="ru", on=date(2026, 6, 1)).hits[0]
    assert "пяти" in new.document.body


@pytest.mark.parametrize("q", ["", "   ", "слово " * 2000])
def test_empty_or_huge_queries_get_a_clear_error(act: Act, q: str) -> None:
    with pytest.raises(QueryError):
        search(q, language="ru")


def test_the_article_page_shows_the_text_as_of_a_date(client: Client, act: Act) -> None:
    new = client.get("/ru/library/kz-mml/2/").content.decode()
    assert "пяти рабочих дней" in new
    old = client.get("/ru/library/kz-mml/2/?on=2025-06-01").content.decode()
    assert "семи рабочих дней" in old


def test_the_kazakh_page_falls_back_to_russian_with_a_note(client: Client, act: Act) -> None:
    html = client.get("/en/library/kz-mml/2/").content.decode()
    assert "пяти рабочих дней" in html
    with translation.override("en"):
        assert "This text is not available in your language" in html


def test_the_comparison_marks_what_changed(client: Client, act: Act) -> None:
    html = client.get("/ru/library/kz-mml/2/compare/").content.decode()
    assert "<del>семи</del>" in html
    assert "<ins>пяти</ins>" in html


def test_a_citation_key_is_a_permanent_link(client: Client, act: Act) -> None:
    response = client.get("/kk/library/cite/kz-mml:2:3/")
    assert response["Location"] == "/kk/library/kz-mml/2/#kz-mml-2-3"
    malformed = client.get("/ru/library/cite/not-a-key/")
    assert malformed.status_code == 400
    unknown = client.get("/ru/library/cite/kz-cc:999/")
    assert unknown.status_code == 404
    with translation.override("ru"):
        assert translation.gettext("This is not a citation key") in malformed.content.decode()
        assert (
            translation.gettext("The library does not have this provision yet")
            in unknown.content.decode()
        )


def test_the_cite_tag_links_known_keys_and_prints_unknown_ones(act: Act) -> None:
    from django.template import Context, Template

    template = Template(
        '{% load library %}{% cite "kz-mml:2" %} | {% cite "kz-cc:999" %} | {% cite "###" %}'
    )
    with translation.override("ru"):
        html = template.render(Context())
    known, unknown, broken = html.split(" | ")
    assert known.startswith('<a href="/ru/library/cite/kz-mml:2/"')
    assert "<a" not in unknown and "999" in unknown
    assert broken == "###"


def test_the_search_page_works_without_javascript_and_keeps_the_query(
    client: Client, act: Act
) -> None:
    html = client.get("/ru/library/search/", {"q": "отказ в информации"}).content.decode()
    assert 'value="отказ в информации"' in html
    assert "kz-mml:2" in html


def test_the_search_api_returns_hits_with_citations(client: Client, act: Act) -> None:
    data = client.get("/api/v1/library/search", {"q": "источник сведений", "lang": "ru"}).json()
    assert data[0]["citation"] == "kz-mml:3"
    assert {"citation", "act", "title", "snippet", "score"} <= set(data[0])


def test_the_provision_api_gives_text_and_edition(client: Client, act: Act) -> None:
    data = client.get("/api/v1/library/provisions/kz-mml:2:2", {"lang": "ru"}).json()
    assert "пяти рабочих дней" in data["text"]
    assert data["edition"] == "2026-01-09"
    assert client.get("/api/v1/library/provisions/kz-mml:99").status_code == 404
    bad = client.get("/api/v1/library/provisions/nonsense", HTTP_ACCEPT_LANGUAGE="ru")
    assert bad.status_code == 422
    assert bad.json()["error"]["message"]


def test_the_acts_api_lists_editions(client: Client, act: Act) -> None:
    data = client.get("/api/v1/library/acts").json()
    assert data[0]["code"] == "kz-mml"
    assert {"language": "kk", "valid_from": "2025-03-01"} in data[0]["editions"]


def test_the_article_page_shows_the_commentary_on_the_article_and_its_parts(
    client: Client, act: Act
) -> None:
    from qorgau.library.models import Commentary, Provision

    part = Provision.objects.get(key="kz-mml:2:3")
    Commentary.objects.create(
        provision=part,
        summary_ru="Отказ без причин можно обжаловать.",
        summary_kk="Себепсіз бас тартуға шағымдануға болады.",
    )
    html = client.get("/kk/library/kz-mml/2/").content.decode()
    assert "Себепсіз бас тартуға шағымдануға болады." in html
    assert "Отказ без причин" not in html
    english = client.get("/en/library/kz-mml/2/").content.decode()
    assert (
        "Отказ без причин можно обжаловать." in english
    )  # no English yet: another language, marked
    with translation.override("en"):
        assert "Not yet written in your language" in english
