"""In a real browser with JavaScript off: a coordinator triages a request, opens its case and
offers it; the lawyer accepts and reads the case."""

from typing import Any
from urllib.parse import urlparse

from django.test import Client

from qorgau.accounts.models import User
from qorgau.conftest import sign_in
from qorgau.helpdesk.tests.cases_support import lawyer
from qorgau.helpdesk.tests.intake_support import give_keys, submit, unlock


def _tab(browser_page: Any, live_server: Any, user: User) -> Any:
    """A new tab without JavaScript, signed in as `user` with their keys unlocked."""
    client = unlock(sign_in(Client(), user), user)
    context = browser_page.context.browser.new_context(
        java_script_enabled=False, locale="ru", base_url=live_server.url
    )
    host = urlparse(live_server.url).hostname
    context.add_cookies(
        [
            {"name": k, "value": v.value, "domain": host, "path": "/"}
            for k, v in client.cookies.items()
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_triage_offer_and_acceptance_work_without_javascript(
    transactional_db: Any,
    alice: User,
    live_server: Any,
    settings: Any,
    tmp_path: Any,
    browser_page: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    give_keys(alice)
    bob = lawyer("bob@qorgau.test", name="Болат Ермеков")
    help_request = submit(
        "Задержан корреспондент", detained=True, forum="criminal", region_id="KZ-75", language="ru"
    ).request

    page = _tab(browser_page, live_server, alice)
    page.goto("/ru/help/queue/")
    page.click(f"text={help_request.reference}")
    page.check("input[name=journalistic_function][value=yes]")
    page.check("input[name=journalism_link][value=yes]")
    page.fill("textarea[name=reasoning]", "Преследование за публикацию")
    page.check("input[name=decision][value=accept]")
    page.click("button:has-text('Сохранить оценку')")
    page.select_option("#open-case select[name=kind]", "criminal_defence")
    page.fill("#open-case textarea[name=summary]", "Корреспондент задержан по ст. 274 УК")
    page.click("#open-case button[type=submit]")
    assert "QG-" in page.inner_text("h1")
    page.click("text=Найти адвоката")
    page.fill("textarea[name=summary]", "Уголовное дело, задержание, Алматы")
    page.click("button:has-text('Предложить дело')")
    assert "Предложение отправлено" in page.content()

    lawyer_page = _tab(browser_page, live_server, bob)
    lawyer_page.goto("/ru/help/offers/")
    lawyer_page.click("table a")
    assert "Уголовное дело, задержание, Алматы" in lawyer_page.content()
    assert "ст. 274 УК" not in lawyer_page.content()
    lawyer_page.click("button:has-text('Взять дело')")
    assert "Корреспондент задержан по ст. 274 УК" in lawyer_page.content()
