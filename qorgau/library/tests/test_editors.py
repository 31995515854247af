"""Editors write commentary and record court decisions; both reach the pages and the search."""

import pytest
from django.test import Client

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import AuditEvent
from qorgau.library import services
from qorgau.library.models import Act, Commentary, CourtDecision
from qorgau.library.queries import search
from qorgau.library.tests.sample import DAY_2025, EDITION_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def act() -> Act:
    act = Act.objects.create(code="kz-mml", kind="law", status="in_force", title_ru="О масс-медиа")
    services.edition_import(
        act=act, language="ru", valid_from=DAY_2025, text=EDITION_2025, source="s"
    )
    return act


@pytest.fixture
def gulnara(db) -> User:
    return make_user("gulnara@qorgau.test", Role.EDITOR, name="Гульнара")


def test_an_editor_writes_commentary_that_is_shown_and_found(
    login_as, gulnara: User, act: Act
) -> None:
    client = login_as(gulnara)
    response = client.post(
        "/ru/library/cite/kz-mml:3/commentary/",
        {
            "summary_ru": "Редакция вправе молчать об источнике даже в суде.",
            "related": "kz-mml:2\nkz-cc:274",
        },
    )
    assert response["Location"] == "/ru/library/cite/kz-mml:3/"
    commentary = Commentary.objects.get(provision__key="kz-mml:3")
    assert commentary.related == ["kz-mml:2", "kz-cc:274"]
    assert "молчать об источнике" in Client().get("/ru/library/kz-mml/3/").content.decode()
    assert search("молчать в суде", language="ru").hits[0].provision.key == "kz-mml:3"
    assert AuditEvent.objects.filter(actor=gulnara, object_type="library.commentary").exists()


def test_commentary_without_a_summary_or_with_a_bad_key_keeps_what_was_typed(
    login_as, gulnara: User, act: Act
) -> None:
    html = (
        login_as(gulnara)
        .post(
            "/ru/library/cite/kz-mml:3/commentary/",
            {"for_journalists_ru": "Черновик совета", "related": "ст. 274"},
        )
        .content.decode()
    )
    assert "Черновик совета" in html
    from django.utils import translation
    from django.utils.html import escape

    with translation.override("ru"):
        expected = translation.gettext("“%(key)s” is not a citation key like kz-cc:274:2.")
    assert escape(expected % {"key": "ст."}) in html
    assert not Commentary.objects.exists()


def test_a_court_decision_is_linked_to_the_provisions_it_applied(
    login_as, gulnara: User, act: Act
) -> None:
    client = login_as(gulnara)
    response = client.post(
        "/ru/library/decisions/new/",
        {
            "court": "Специализированный межрайонный административный суд г. Алматы",
            "instance": "first",
            "date": "2025-05-20",
            "case_number": "7599-25-00-4/123",
            "outcome": "Отказ признан незаконным",
            "summary_ru": "Суд обязал акимат ответить на запрос редакции.",
            "applied": "kz-mml:2",
        },
    )
    assert response.status_code == 302
    decision = CourtDecision.objects.get()
    assert [p.key for p in decision.provisions.all()] == ["kz-mml:2"]
    page = Client().get("/ru/library/kz-mml/2/").content.decode()
    assert "Суд обязал акимат ответить" in page
    assert (
        search("акимат обязал ответить", language="ru", kind="decision").hits[0].provision.key
        == "kz-mml:2"
    )


def test_a_decision_citing_an_unknown_provision_is_refused(
    login_as, gulnara: User, act: Act
) -> None:
    html = (
        login_as(gulnara)
        .post(
            "/ru/library/decisions/new/",
            {
                "court": "Суд",
                "instance": "first",
                "date": "2025-05-20",
                "outcome": "x",
                "applied": "kz-cc:999",
            },
        )
        .content.decode()
    )
    assert "kz-cc:999" in html
    assert not CourtDecision.objects.exists()


def test_lawyers_cannot_edit_the_library(login_as, bob: User, act: Act) -> None:
    client = login_as(bob)
    assert (
        client.post("/ru/library/cite/kz-mml:3/commentary/", {"summary_ru": "x"}).status_code == 403
    )
    assert not Commentary.objects.exists()
