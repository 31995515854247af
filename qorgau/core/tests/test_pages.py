"""Public pages: languages, fallbacks, error pages, health, security.txt, oversized requests."""

import pytest
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_root_picks_the_browsers_language(client: Client) -> None:
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")["Location"] == "/en/"


def test_the_root_falls_back_to_kazakh(client: Client) -> None:
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.5")["Location"] == "/kk/"
    assert client.get("/")["Location"] == "/kk/"


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("kk", "Legal protection for journalists and bloggers"),
        ("ru", "Legal protection for journalists and bloggers"),
        ("en", "Legal protection for journalists and bloggers"),
    ],
)
def test_the_home_page_speaks_the_language_of_its_url(
    client: Client, lang: str, heading: str
) -> None:
    response = client.get(f"/{lang}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    with translation.override(lang):
        assert translation.gettext(heading) in html
    if lang != "en":
        assert heading not in html, "the page must be translated, not fall back to English"


def test_the_language_switch_links_to_the_same_page(client: Client) -> None:
    html = client.get("/ru/accounts/login/").content.decode()
    assert 'href="/kk/accounts/login/" hreflang="kk"' in html
    assert 'href="/en/accounts/login/" hreflang="en"' in html


@pytest.mark.parametrize("prefix", ["de", "kk-kz", "ru_RU", "fr"])
def test_an_unknown_language_prefix_redirects_to_the_same_page(client: Client, prefix: str) -> None:
    response = client.get(f"/{prefix}/accounts/login/?next=/kk/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    expected = {"kk-kz": "kk", "ru_RU": "ru"}.get(prefix, "ru")
    assert response["Location"] == f"/{expected}/accounts/login/?next=/kk/"


def test_a_missing_page_gets_a_translated_404(client: Client) -> None:
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    with translation.override("ru"):
        assert translation.gettext("Page not found") in response.content.decode()


def test_an_expired_form_gets_a_translated_403() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/kk/accounts/login/", {"email": "a@b.kz", "password": "x"})
    assert response.status_code == 403
    with translation.override("kk"):
        assert translation.gettext("The form could not be accepted") in response.content.decode()


def test_the_500_page_is_translated_and_standalone(client: Client) -> None:
    from django.template.loader import render_to_string

    with translation.override("kk"):
        html = render_to_string("500.html")
        assert translation.gettext("Something went wrong") in html
        assert '<html lang="kk">' in html


def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"] == "no-store"


def test_security_txt_names_a_contact_and_a_future_expiry(client: Client) -> None:
    from datetime import datetime

    from django.utils import timezone

    body = client.get("/.well-known/security.txt").content.decode()
    fields = dict(line.split(": ", 1) for line in body.strip().splitlines())
    assert fields["Contact"].startswith("mailto:")
    assert datetime.fromisoformat(fields["Expires"]) > timezone.now()
    assert "kk" in fields["Preferred-Languages"]


def test_an_oversized_request_is_refused_with_a_clear_message(client: Client, settings) -> None:
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post(
        "/ru/accounts/login/", data="x" * 4096, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    with translation.override("ru"):
        assert translation.gettext("What you sent is too large") in response.content.decode()


def test_an_oversized_api_request_gets_the_json_error_shape(client: Client, settings) -> None:
    settings.MAX_REQUEST_BYTES = 1024
    response = client.post(
        "/api/v1/calendar/overrides", data="x" * 4096, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_request_for_an_unknown_host_gets_a_translated_400() -> None:
    response = Client(raise_request_exception=False).get("/ru/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    with translation.override("ru"):
        assert (
            translation.gettext("The request could not be understood") in response.content.decode()
        )


def test_dates_are_written_the_kazakh_way_in_kazakh() -> None:
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("kk"):
        assert date_format(date(2026, 1, 9), "DATE_FORMAT") == "09.01.2026"
