"""Saved checks: only a signed-in person who chooses to saves one; only its owner opens it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from qorgau.accounts.models import User
from qorgau.checkup.models import SavedCheck
from qorgau.checkup.tests.samples import DRAFT_RU, SAMPLE_IIN, SECRET_PHRASE

pytestmark = pytest.mark.django_db


def save(client: Client, title: str = "Статья про акима", text: str = DRAFT_RU) -> str:
    response = client.post("/ru/checkup/save", {"text": text, "title": title})
    assert response.status_code == 302
    return str(response["Location"])


def test_anonymous_visitors_never_see_a_save_button(client: Client) -> None:
    page = client.post("/ru/checkup/", {"text": DRAFT_RU}).content.decode()
    assert "/ru/checkup/save" not in page
    assert client.post("/ru/checkup/save", {"text": DRAFT_RU}).status_code == 302
    assert SavedCheck.objects.count() == 0


def test_a_signed_in_person_sees_the_save_button_and_nothing_is_saved_unasked(
    login_as, charlie: User
) -> None:
    client = login_as(charlie)
    page = client.post("/ru/checkup/", {"text": DRAFT_RU}).content.decode()
    assert 'action="/ru/checkup/save"' in page
    assert SavedCheck.objects.count() == 0


def test_a_saved_check_opens_with_its_report_and_is_listed(login_as, charlie: User) -> None:
    client = login_as(charlie)
    location = save(client)
    page = client.get(location).content.decode()
    assert "Статья про акима" in page
    assert 'class="risk-high"' in page
    assert SAMPLE_IIN in page
    listing = client.get("/ru/checkup/saved/").content.decode()
    assert "Статья про акима" in listing
    assert location in listing


def test_the_draft_is_sealed_in_the_database(login_as, charlie: User) -> None:
    save(login_as(charlie), title="Секретный заголовок", text=DRAFT_RU + " " + SECRET_PHRASE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM checkup_savedcheck")
        rows = repr(cursor.fetchall())
    assert SECRET_PHRASE not in rows
    assert SECRET_PHRASE.encode() not in b"".join(
        bytes(value) for value in SavedCheck.objects.values_list("sealed", flat=True)
    )
    assert "Секретный" not in rows


def test_nobody_but_the_owner_opens_or_deletes_a_saved_check(
    login_as, charlie: User, dana: User
) -> None:
    location = save(login_as(charlie))
    saved = SavedCheck.objects.get()
    other = login_as(dana)  # even an administrator
    assert other.get(location).status_code == 404
    assert other.post(f"/ru/checkup/saved/{saved.pk}/delete").status_code == 404
    assert "Статья про акима" not in other.get("/ru/checkup/saved/").content.decode()
    assert SavedCheck.objects.count() == 1


def test_the_owner_deletes_a_saved_check(login_as, charlie: User) -> None:
    client = login_as(charlie)
    save(client)
    saved = SavedCheck.objects.get()
    response = client.post(f"/ru/checkup/saved/{saved.pk}/delete")
    assert response.status_code == 302
    assert SavedCheck.objects.count() == 0


def test_a_sealed_check_moved_to_another_owner_does_not_open(
    login_as, charlie: User, bob: User
) -> None:
    save(login_as(charlie))
    SavedCheck.objects.update(owner=bob)
    saved = SavedCheck.objects.get()
    with pytest.raises(ValueError, match="another owner"):
        saved.content()


def test_the_list_of_saved_checks_costs_the_same_queries_for_one_or_many(
    login_as, charlie: User, django_assert_max_num_queries
) -> None:
    client = login_as(charlie)
    save(client, title="Первая")
    client.get("/ru/checkup/saved/")  # warm the session and the translations
    with django_assert_max_num_queries(50) as one:
        client.get("/ru/checkup/saved/")
    queries_for_one = len(one.captured_queries)  # read now: each request resets the log
    assert queries_for_one > 0
    for number in range(5):
        save(client, title=f"Черновик {number}")
    with django_assert_max_num_queries(queries_for_one):
        page = client.get("/ru/checkup/saved/").content.decode()
    assert page.count("/ru/checkup/saved/") >= 6


def test_a_check_sealed_under_an_old_key_is_listed_but_does_not_open(
    login_as, charlie: User, settings
) -> None:
    client = login_as(charlie)
    location = save(client)
    settings.SECRET_KEY = "another-key-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = []
    client = login_as(charlie)
    listing = client.get("/ru/checkup/saved/")
    assert listing.status_code == 200
    assert "Статья про акима" not in listing.content.decode()
    assert client.get(location).status_code == 404


def test_an_old_key_kept_as_a_fallback_still_opens_saved_checks(
    login_as, charlie: User, settings
) -> None:
    client = login_as(charlie)
    location = save(client)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-key-" + "x" * 50
    client = login_as(charlie)
    assert "Статья про акима" in client.get(location).content.decode()
