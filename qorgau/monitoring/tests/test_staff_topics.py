"""Editors and administrators keep the topic collections and the tags: add, name in three
languages, retire; every change is in the audit trail; monitors and others may not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import AuditEvent
from qorgau.monitoring.forms import IncidentForm
from qorgau.monitoring.models import Collection, Tag
from qorgau.monitoring.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def gulnar(db: Any) -> User:
    return make_user("gulnar@qorgau.test", Role.EDITOR, name="Гүлнар Редактор")


@pytest.fixture
def editor(login_as: Any, gulnar: User) -> Client:
    client: Client = login_as(gulnar)
    return client


NEW_COLLECTION = {
    "slug": "elections-2026",
    "title_kk": "2026 жылғы сайлау",
    "title_ru": "Выборы 2026",
    "title_en": "Elections 2026",
    "description_ru": "Нарушения во время кампании",
    "active": "on",
}


def test_an_editor_adds_a_collection_and_the_public_can_filter_by_it(
    editor: Client, client: Client
) -> None:
    response = editor.post(
        reverse("monitoring:staff-topic-new", args=["collections"]), NEW_COLLECTION
    )
    assert response.status_code == 302
    collection = Collection.objects.get(slug="elections-2026")
    assert collection.title_kk == "2026 жылғы сайлау"
    event = AuditEvent.objects.get(object_type="monitoring.collection")
    assert event.action == "create" and event.object_id == str(collection.pk)
    page = client.get(reverse("monitoring:incidents")).content.decode()
    assert 'value="elections-2026"' in page  # offered in the public filter at once
    listing = editor.get(reverse("monitoring:staff-topics")).content.decode()
    assert "Elections 2026" in listing


def test_renaming_and_retiring_keep_the_code_and_are_audited(editor: Client) -> None:
    collection = Collection.objects.create(slug="protests", title_en="Protests")
    incident = IncidentFactory()
    incident.collections.add(collection)
    url = reverse("monitoring:staff-topic-edit", args=["collections", "protests"])
    editor.post(url, {"slug": "renamed", "title_en": "January protests", "title_ru": "Январь"})
    collection.refresh_from_db()
    assert collection.slug == "protests"  # the code cannot be changed
    assert collection.title_en == "January protests"
    assert not collection.active  # the box was left unticked: retired
    assert list(incident.collections.all()) == [collection]  # the incident keeps it
    event = AuditEvent.objects.get(object_type="monitoring.collection", action="update")
    assert set(event.context["fields"]) == {"title_en", "title_ru", "active"}


def test_a_retired_tag_is_no_longer_offered_but_stays_on_its_incidents() -> None:
    kept = Tag.objects.create(slug="slapp", name_en="SLAPP")
    retired = Tag.objects.create(slug="old-label", name_en="Old label", active=False)
    tagged = IncidentFactory()
    tagged.tags.add(retired)
    offered = set(IncidentForm().fields["tags"].queryset)  # type: ignore[attr-defined]
    assert offered == {kept}
    on_tagged = set(IncidentForm(instance=tagged).fields["tags"].queryset)  # type: ignore[attr-defined]
    assert on_tagged == {kept, retired}


def test_an_editor_names_a_tag_in_three_languages(editor: Client) -> None:
    Tag.objects.create(slug="slapp")
    url = reverse("monitoring:staff-topic-edit", args=["tags", "slapp"])
    response = editor.post(
        url,
        {
            "name_kk": "Қудалау талабы",
            "name_ru": "Запугивающий иск",
            "name_en": "SLAPP",
            "active": "on",
        },
    )
    assert response.status_code == 302
    tag = Tag.objects.get(slug="slapp")
    assert (tag.name_kk, tag.name_ru, tag.name_en) == (
        "Қудалау талабы",
        "Запугивающий иск",
        "SLAPP",
    )
    assert AuditEvent.objects.filter(object_type="monitoring.tag", action="update").exists()


def test_a_name_is_needed_in_at_least_one_language(editor: Client) -> None:
    response = editor.post(
        reverse("monitoring:staff-topic-new", args=["tags"]), {"slug": "x", "active": "on"}
    )
    assert response.status_code == 200
    assert "Give the name in at least one language." in response.content.decode()
    assert not Tag.objects.exists()


def test_monitors_and_lawyers_cannot_change_collections(login_as: Any, bob: User) -> None:
    monitor = make_user("erlan@qorgau.test", Role.MONITOR)
    for person in (monitor, bob):
        client = login_as(person)
        assert client.get(reverse("monitoring:staff-topics")).status_code == 403
        response = client.post(
            reverse("monitoring:staff-topic-new", args=["collections"]), NEW_COLLECTION
        )
        assert response.status_code == 403
    assert not Collection.objects.exists()


def test_an_administrator_may_too_and_sees_the_page_in_the_menu(login_as: Any, dana: User) -> None:
    client = login_as(dana)
    page = client.get(reverse("monitoring:staff-topics")).content.decode()
    assert "Collections and tags" in page
    assert reverse("monitoring:staff-topics") in page


def test_an_unknown_kind_or_code_is_not_found(editor: Client) -> None:
    assert editor.get(reverse("monitoring:staff-topic-new", args=["groups"])).status_code == 404
    url = reverse("monitoring:staff-topic-edit", args=["tags", "missing"])
    assert editor.get(url).status_code == 404
