"""The public request form: what a requester sees, sends and gets back."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from qorgau.accounts.models import User
from qorgau.helpdesk.models import HelpRequest, RequestKeyGrant

from .intake_support import give_keys, jpeg_with_exif, media  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

URL = "/en/help/"


def form_data(client: Client, **overrides: object) -> dict[str, object]:
    page = client.get(URL)
    token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
    data: dict[str, object] = {
        "form_token": token,
        "description": "I was summoned by the police about my article.",
        "forum": "criminal",
        "help_wanted": ["advice", "representation"],
        "region": "KZ-75",
        "language": "ru",
        "has_lawyer": "no",
    }
    data.update(overrides)
    return data


def test_the_form_works_without_javascript_and_is_light(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 50_000
    assert 'enctype="multipart/form-data"' in html
    assert "http://" not in html.replace('xmlns="http://', "") and "https://" not in html
    assert response["Cache-Control"] == "no-store"


def test_sensitive_fields_never_autocomplete(client: Client) -> None:
    html = client.get(URL).content.decode()
    for name in ("description", "name", "contact", "links", "contact_time", "organisation"):
        tag = re.search(rf'<(?:textarea|input)[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'autocomplete="off"' in tag, name


def test_a_quick_exit_leads_to_a_blank_local_page(client: Client) -> None:
    html = client.get(URL).content.decode()
    href = re.search(r'<a class="quick-exit" href="([^"]+)"', html).group(1)
    assert href == "/en/help/exit/"
    blank = client.get(href)
    assert blank.status_code == 200
    assert b"<body></body>" in blank.content


def test_the_page_says_which_transport_the_requester_is_on(client: Client, settings) -> None:
    settings.ONION_ADDRESS = "qorgauexample.onion"
    settings.ALLOWED_HOSTS = ["testserver", "qorgauexample.onion"]
    assert "is not encrypted" in client.get(URL).content.decode()
    secure = client.get(URL, secure=True).content.decode()
    assert "encrypted HTTPS connection" in secure and "qorgauexample.onion" in secure
    onion = client.get(URL, HTTP_HOST="qorgauexample.onion").content.decode()
    assert "onion address" in onion and "does not depend on certificates" in onion


def test_nothing_ties_an_exact_time_to_the_request(client: Client) -> None:
    """The request keeps the day only; no audit event or queued task names it."""
    from qorgau.core.models import AuditEvent

    client.post(URL, form_data(client))
    request = HelpRequest.objects.get()
    assert not AuditEvent.objects.filter(object_type="helpdesk.helprequest").exists()
    assert type(request.received_on).__name__ == "date"


def test_a_submission_is_stored_and_gives_a_receipt_code_once(client: Client, alice: User) -> None:
    give_keys(alice)
    response = client.post(URL, form_data(client))
    assert response.status_code == 302
    assert response["Location"] == "/en/help/received/"
    request = HelpRequest.objects.get()
    assert request.forum == "criminal" and request.region_id == "KZ-75"
    assert request.help_wanted == ["advice", "representation"]
    assert request.has_lawyer is False
    assert request.grants.filter(kind=RequestKeyGrant.Kind.USER, user=alice).exists()
    assert request.grants.filter(kind=RequestKeyGrant.Kind.RECEIPT).exists()
    page = client.get("/en/help/received/").content.decode()
    code = re.search(r'id="receipt-code">([0-9A-Z-]+)<', page).group(1)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}", code)
    assert code.replace("-", "") not in request.receipt_lookup
    client.post("/en/help/received/", {"done": "1"})
    assert code not in client.get("/en/help/received/").content.decode()


def test_coordinators_are_told_without_content(
    client: Client, alice: User, django_capture_on_commit_callbacks
) -> None:
    data = form_data(client, description="Арестован главный редактор")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "Арестован" not in message.body and "Арестован" not in message.subject
    assert "/help/queue/" in message.body
    assert f"/requests/{HelpRequest.objects.get().pk}/" not in message.body


def test_the_description_is_the_only_required_answer(client: Client) -> None:
    data = form_data(client)
    minimal = {"form_token": data["form_token"], "description": "Help"}
    assert client.post(URL, minimal).status_code == 302
    empty = form_data(client, description="   ")
    response = client.post(URL, empty)
    assert response.status_code == 200
    assert "it is the only required field" in response.content.decode()
    assert HelpRequest.objects.count() == 1


def test_errors_keep_what_was_typed_except_files(client: Client) -> None:
    data = form_data(client, next_hearing="2025-02-30", name="Айгерим Б.")
    data["files"] = [_upload("photo.jpg", jpeg_with_exif())]
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a date as day, month and year" in html
    assert "I was summoned by the police about my article." in html
    assert 'value="Айгерим Б."' in html
    assert "files are not kept" in html
    assert HelpRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "problem"),
    [("1999-01-01", "more than a year ago"), ("2090-01-01", "more than five years ahead")],
)
def test_dates_far_off_are_refused(client: Client, day: str, problem: str) -> None:
    response = client.post(URL, form_data(client, next_deadline=day))
    assert problem in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_the_same_form_sent_twice_makes_one_request(client: Client) -> None:
    data = form_data(client)
    assert client.post(URL, data).status_code == 302
    second = client.post(URL, data)
    assert second.status_code == 302 and second["Location"] == "/en/help/received/"
    assert HelpRequest.objects.count() == 1


def test_an_expired_form_is_refused_but_keeps_the_text(client: Client) -> None:
    data = form_data(client, form_token="tampered:token")
    response = client.post(URL, data)
    assert "The form had expired" in response.content.decode()
    assert "I was summoned by the police" in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_one_browser_session_cannot_flood_the_desk(client: Client, settings) -> None:
    settings.HELPDESK_SUBMISSIONS_PER_SESSION = 2
    for _ in range(2):
        assert client.post(URL, form_data(client)).status_code == 302
    response = client.post(URL, form_data(client))
    assert "Too many attempts from this browser" in response.content.decode()
    assert HelpRequest.objects.count() == 2
    assert Client().post(URL, form_data(Client())).status_code in (200, 302)


def test_the_form_speaks_kazakh_and_russian(client: Client) -> None:
    assert "Не болды?" in client.get("/kk/help/").content.decode()
    assert "Что случилось?" in client.get("/ru/help/").content.decode()
    response = client.post("/ru/help/status/", {"code": "bad"})
    assert "Этому коду не соответствует ни одно обращение" in response.content.decode()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
