"""The security baseline on every kind of page, and no request to another host."""

import re
from pathlib import Path

import pytest
from django.test import Client

from qorgau.accounts.models import User

pytestmark = pytest.mark.django_db

PAGES = {
    "public page": "/kk/",
    "form page": "/ru/accounts/login/",
    "error page": "/en/no-such-page/",
    "json": "/api/v1/regions",
    "api docs": "/api/v1/docs",
    "health": "/healthz",
}


def _assert_baseline(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_carries_the_security_headers(client: Client, kind: str) -> None:
    response = client.get(PAGES[kind])
    assert response.status_code in (200, 404)
    _assert_baseline(response)


def test_signed_in_pages_carry_the_security_headers(login_as, dana: User) -> None:
    response = login_as(dana).get("/en/staff/users/")
    assert response.status_code == 200
    _assert_baseline(response)


def test_form_pages_and_signed_in_pages_are_never_stored(
    client: Client, login_as, charlie: User
) -> None:
    assert client.get("/ru/accounts/login/")["Cache-Control"] == "no-store"
    assert login_as(charlie).get("/ru/")["Cache-Control"] == "no-store"


def test_a_public_page_without_a_form_may_be_cached(client: Client) -> None:
    assert "no-store" not in client.get("/kk/").get("Cache-Control", "")


def test_scripts_carry_the_nonce_of_the_policy(client: Client) -> None:
    response = client.get("/kk/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_no_inline_style_or_handler_attributes(client: Client, login_as, dana: User) -> None:
    pages = [client.get(url).content.decode() for url in ("/kk/", "/ru/accounts/login/")]
    pages.append(login_as(dana).get("/en/staff/audit/").content.decode())
    for html in pages:
        assert not re.search(r"\sstyle=", html)
        assert not re.search(r"\son[a-z]+=", html)


# Anything the browser would fetch or send to another host: sources, stylesheets and icons,
# form targets, refreshes. A plain link a person may choose to follow (the official text of a
# law on adilet.zan.kz) is not a load; it must only carry no referrer.
EXTERNAL = re.compile(
    r"""(?:src|srcset|action|content|<link[^>]*href)\s*=\s*["']\s*(?:\d+;\s*url=)?(?:https?:)?//""",
    re.I,
)
OUTBOUND_LINK = re.compile(r"""<a\b[^>]*href\s*=\s*["'](?:https?:)?//[^>]*>""", re.I)
CSS_EXTERNAL = re.compile(r"url\(\s*['\"]?(?:https?:)?//", re.I)


def _pages_as_everyone(client: Client, login_as, dana: User) -> list[str]:
    urls = [
        "/kk/",
        "/ru/",
        "/en/",
        "/kk/accounts/login/",
        "/ru/accounts/password/reset/",
        "/en/security/",
        "/en/nope/",
        "/api/v1/docs",
        "/ru/library/",
        "/kk/library/kz-mml/",
        "/ru/library/kz-mml/1/",
        "/ru/library/search/?q=журналист",
        "/kk/library/decisions/",
    ]
    from qorgau.library.models import Act, Provision

    act = Act.objects.create(
        code="kz-mml",
        kind="law",
        status="in_force",
        source_url="https://adilet.zan.kz/rus/docs/Z2400000093",
    )
    Provision.objects.create(act=act, key="kz-mml:1", kind="article", number="1")
    html = [client.get(url).content.decode() for url in urls]
    staff = login_as(dana)
    for url in [
        "/kk/accounts/",
        "/ru/staff/users/",
        "/ru/staff/users/invite/",
        "/en/staff/audit/",
        "/en/staff/calendar/",
        "/kk/accounts/tokens/",
        "/kk/accounts/2fa/setup/",
    ]:
        html.append(staff.get(url).content.decode())
    return html


def test_no_rendered_page_references_another_host(client: Client, login_as, dana: User) -> None:
    for load in (
        '<script src="https://cdn.example/x.js">',
        '<link rel="stylesheet" href="//f.example/a.css">',
        '<form action="https://evil.example/">',
        '<img srcset="https://i.example/a.png 2x">',
    ):
        assert EXTERNAL.search(load), load
    pages = _pages_as_everyone(client, login_as, dana)
    for html in pages:
        assert not EXTERNAL.search(html), EXTERNAL.search(html)
        for link in OUTBOUND_LINK.findall(html):
            assert "noreferrer" in link, link
    assert any(OUTBOUND_LINK.search(html) for html in pages), "the check must see an outbound link"


def test_no_stylesheet_or_script_we_ship_loads_from_another_host() -> None:
    from django.contrib.staticfiles import finders

    for path in ("qorgau/qorgau.css", "qorgau/webauthn.js", "ninja/swagger-ui.css"):
        text = Path(finders.find(path)).read_text(encoding="utf-8")
        assert not CSS_EXTERNAL.search(text)
        assert "@import" not in text


def test_https_pages_announce_the_onion_address(client: Client, settings) -> None:
    settings.ONION_ADDRESS = "qorgauexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
    response = client.get("/ru/?x=1", secure=True)
    assert response["Onion-Location"] == f"http://{settings.ONION_ADDRESS}/ru/?x=1"
    assert "Onion-Location" not in client.get("/ru/")


def test_the_page_tells_the_visitor_which_transport_they_are_on(client: Client, settings) -> None:
    from django.utils import translation

    onion = "qorgauexampleonionaddressxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
    settings.ALLOWED_HOSTS = [onion, "testserver"]
    with translation.override("en"):
        over_tor = client.get("/en/", HTTP_HOST=onion).content.decode()
        over_https = client.get("/en/", secure=True).content.decode()
    assert "onion address" in over_tor
    assert "encrypted HTTPS connection" in over_https


def test_our_own_form_posts_pass_the_csrf_check_despite_no_referrer(charlie: User) -> None:
    # Under Referrer-Policy: no-referrer, Chromium and Firefox send "Origin: null" on same-origin posts.
    from qorgau.conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    page = client.get("/en/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    form = {"csrfmiddlewaretoken": token, "email": charlie.email, "password": PASSWORD}
    cross_site = client.post(
        "/en/accounts/login/", form, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert cross_site.status_code == 403
    same_origin = client.post(
        "/en/accounts/login/", form, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert same_origin.status_code == 302
