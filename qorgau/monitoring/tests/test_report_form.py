"""The public "report an incident" form: anonymous, no JavaScript needed, a bot check without
third parties, nothing about the visitor kept, and the report lands in the queue, not online."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse as django_reverse
from django.utils import translation

from qorgau.core.models import AuditEvent
from qorgau.monitoring import antibot
from qorgau.monitoring.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def reverse(name: str) -> str:
    """Pages in English, so the test can read the sum asked."""
    with translation.override("en"):
        return django_reverse(name)


def shown_challenge(client: Client) -> tuple[str, str, int, int]:
    """The signed token, nonce, and the sum asked, as a browser without JavaScript sees them."""
    page = client.get(reverse("monitoring:report")).content.decode()
    token = re.search(r'name="challenge" value="([^"]+)"', page)
    nonce = re.search(r'data-pow-nonce="([0-9a-f]+)"', page)
    numbers = re.search(r"How much is (\d) plus (\d)", page)
    assert token and nonce and numbers
    return token.group(1), nonce.group(1), int(numbers.group(1)), int(numbers.group(2))


def report(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Camera seized at a court hearing in Taraz",
        "what_happened": "Bailiffs took a reporter's camera and deleted the footage.",
        "date": "2026-10-12",
        "date_precision": "day",
        "region": "KZ-31",
        "victim_role": "camera",
        "contact": "signal: +7 700 123 45 67",
    } | extra


def test_the_form_works_without_javascript_by_answering_the_sum(client: Client) -> None:
    token, _nonce, a, b = shown_challenge(client)
    url = reverse("monitoring:report")
    response = client.post(url, report(challenge=token, answer=str(a + b)), HTTP_USER_AGENT="Bot")
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report-thanks")
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.RECEIVED
    assert incident.origin == Incident.Origin.REPORT
    assert incident.reporter_contact == "signal: +7 700 123 45 67"
    assert incident.victim_links.get().role == "camera"
    assert not Incident.objects.public().exists()
    assert list(incident.events.values_list("kind", "actor")) == [("reported", None)]


def test_the_browser_proof_of_work_passes_the_check(client: Client) -> None:
    token, nonce, _a, _b = shown_challenge(client)
    proof = antibot.solve(nonce, antibot.difficulty())
    response = client.post(reverse("monitoring:report"), report(challenge=token, proof=proof))
    assert response.status_code == 302
    assert Incident.objects.count() == 1


def test_a_wrong_answer_is_refused_and_what_was_typed_stays(client: Client) -> None:
    token, _nonce, a, b = shown_challenge(client)
    response = client.post(reverse("monitoring:report"), report(challenge=token, answer=a + b + 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Camera seized at a court hearing in Taraz" in page
    assert Incident.objects.count() == 0


def test_a_forged_or_missing_challenge_is_refused(client: Client) -> None:
    response = client.post(reverse("monitoring:report"), report(challenge="forged", answer="5"))
    assert response.status_code == 200
    assert Incident.objects.count() == 0


def test_a_solved_challenge_cannot_be_replayed(client: Client) -> None:
    token, nonce, _a, _b = shown_challenge(client)
    proof = antibot.solve(nonce, antibot.difficulty())
    client.post(reverse("monitoring:report"), report(challenge=token, proof=proof))
    again = client.post(reverse("monitoring:report"), report(challenge=token, proof=proof))
    assert again.status_code == 200
    assert Incident.objects.count() == 1


def test_a_bad_proof_of_work_is_refused(client: Client) -> None:
    token, _nonce, _a, _b = shown_challenge(client)
    response = client.post(reverse("monitoring:report"), report(challenge=token, proof="1"))
    assert response.status_code == 200
    assert Incident.objects.count() == 0


def test_nothing_about_the_visitor_is_stored(client: Client) -> None:
    token, nonce, _a, _b = shown_challenge(client)
    proof = antibot.solve(nonce, antibot.difficulty())
    client.post(
        reverse("monitoring:report"),
        report(challenge=token, proof=proof),
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Mozilla/5.0 SecretBrowser",
    )
    incident = Incident.objects.get()
    stored = " ".join(
        str(value) for value in Incident.objects.filter(pk=incident.pk).values().get().values()
    )
    stored += str(list(AuditEvent.objects.values()))
    stored += str(list(incident.events.values()))
    assert "203.0.113.9" not in stored
    assert "SecretBrowser" not in stored
    assert AuditEvent.objects.get(object_id=str(incident.pk)).actor is None


def test_an_invalid_date_gets_a_clear_error(client: Client) -> None:
    token, _nonce, a, b = shown_challenge(client)
    response = client.post(
        reverse("monitoring:report"), report(challenge=token, answer=a + b, date="2026-13-45")
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert Incident.objects.count() == 0


def test_a_date_in_the_future_is_refused_and_nothing_is_saved(client: Client) -> None:
    token, _nonce, a, b = shown_challenge(client)
    response = client.post(
        reverse("monitoring:report"), report(challenge=token, answer=a + b, date="2099-01-01")
    )
    assert response.status_code == 200
    assert "The date is in the future." in response.content.decode()
    assert "Camera seized at a court hearing in Taraz" in response.content.decode()
    assert Incident.objects.count() == 0


def test_the_page_loads_its_script_from_this_site_only(client: Client) -> None:
    page = client.get(reverse("monitoring:report")).content.decode()
    assert "/static/monitoring/report-pow.js" in page
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", page).split("<footer")[0]


@pytest.mark.browser
def test_with_javascript_the_browser_solves_the_check_and_the_sum_disappears(
    browser_page: Any,
) -> None:
    page = browser_page
    page.goto("/en/monitoring/report/")
    page.wait_for_function("document.querySelector('input[name=proof]').value !== ''")
    assert not page.is_visible("#report-question")
    page.fill("#id_title", "Reporter's phone seized at a briefing in Aktau")
    page.fill("#id_what_happened", "Guards took the phone and returned it without the recordings.")
    page.fill("#id_date", "2026-10-20")
    page.click("button[type=submit]")
    page.wait_for_url("**/monitoring/report/thanks/")
    assert Incident.objects.get().status == Incident.Status.RECEIVED
