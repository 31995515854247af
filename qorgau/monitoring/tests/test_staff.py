"""Monitors' pages: the queue, recording a whole incident without JavaScript, the workflow
buttons, errors that keep what was typed, and the merge page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.monitoring.models import Incident, Outlet, Victim
from qorgau.monitoring.tests.factories import IncidentFactory, VictimFactory, add_victim


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Messages are asserted in English; the catalogues are checked by `translations check`."""
    with translation.override("en"):
        yield


@pytest.fixture
def erlan(db: Any) -> User:
    return make_user("erlan@qorgau.test", Role.MONITOR, name="Ерлан Монитор")


@pytest.fixture
def monitor(login_as: Any, erlan: User) -> Client:
    client: Client = login_as(erlan)
    return client


def management(prefix: str, total: int = 1, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def record(**extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title_ru": "Журналиста задержали на акции в Алматы",
        "summary_ru": "Полиция продержала корреспондента три часа.",
        "date": "2026-10-05",
        "date_precision": "day",
        "region": "KZ-75",
        "context": "protest",
        "types": ["detention", "obstruction"],
        "internal_notes": "Editor called from a private number.",
    }
    for prefix in ("victims", "perpetrators", "proceedings", "sources", "updates", "appeals"):
        data |= management(prefix)
    data |= {
        "victims-0-kind": "person",
        "victims-0-name": "Айгерім Сейітова",
        "victims-0-role": "journalist",
        "victims-0-gender": "female",
        "victims-0-outlet": "Samal Press",
        "perpetrators-0-kind": "police",
        "perpetrators-0-confidence": "confirmed",
        "proceedings-0-kind": "administrative",
        "proceedings-0-provision": "kz-cao:488",
        "proceedings-0-new_stage": "opened",
        "proceedings-0-new_stage_date": "2026-10-06",
        "sources-0-title": "Samal Press report",
        "sources-0-url": "https://samal.example/1",
        "appeals-0-kind": "appeal",  # what the browser sends for an untouched row
    }
    return data | extra


def test_the_queue_shows_received_reports_and_hides_closed_ones(monitor: Client) -> None:
    IncidentFactory(title_en="Camera seized in Taraz", title_ru="", origin="report")
    IncidentFactory(title_en="Spam report", title_ru="", status=Incident.Status.REJECTED)
    page = monitor.get(reverse("monitoring:staff-queue")).content.decode()
    assert "Camera seized in Taraz" in page
    assert "Spam report" not in page
    rejected = monitor.get(reverse("monitoring:staff-queue") + "?state=rejected")
    assert "Spam report" in rejected.content.decode()


def test_a_monitor_records_a_whole_incident_without_javascript(monitor: Client) -> None:
    response = monitor.post(reverse("monitoring:staff-incident-new"), record())
    assert response.status_code == 302, response.context["form"].errors
    incident = Incident.objects.get()
    assert incident.status == Incident.Status.RECEIVED
    assert set(incident.type_links.values_list("type_id", flat=True)) == {
        "detention",
        "obstruction",
    }
    assert incident.victim_links.get().victim.outlet == Outlet.objects.get(name="Samal Press")
    assert incident.victim_count == 1
    assert incident.perpetrator_links.get().is_state
    proceeding = incident.proceedings.get()
    assert proceeding.provision_article == "kz-cao:488"
    assert proceeding.history.get().stage == "opened"
    assert incident.sources.count() == 1
    assert list(incident.events.values_list("kind", flat=True)) == ["created"]
    page = monitor.get(response["Location"]).content.decode()
    assert "Айгерім Сейітова" in page  # monitors see the name; the public page would not
    assert "Editor called from a private number." in page


def test_a_bad_provision_keeps_what_was_typed_and_saves_nothing(monitor: Client) -> None:
    response = monitor.post(
        reverse("monitoring:staff-incident-new"), record(**{"proceedings-0-provision": "ст. 274"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "kz-cc:274:2" in page  # the error explains the expected shape
    assert "Журналиста задержали на акции в Алматы" in page
    assert Incident.objects.count() == 0
    assert Victim.objects.count() == 0


def test_a_record_without_any_title_is_refused(monitor: Client) -> None:
    response = monitor.post(reverse("monitoring:staff-incident-new"), record(title_ru=""))
    assert response.status_code == 200
    assert "at least one language" in response.content.decode()
    assert Incident.objects.count() == 0


def test_editing_records_which_parts_changed(monitor: Client) -> None:
    monitor.post(reverse("monitoring:staff-incident-new"), record())
    incident = Incident.objects.get()
    link = incident.victim_links.get()
    blank_rows = ("perpetrators-0", "proceedings-0", "sources-0")
    data = {
        key: value
        for key, value in record(title_en="Journalist detained at a rally in Almaty").items()
        if not key.startswith(blank_rows)
    }
    data |= management("victims", total=2, initial=1) | {"victims-0-id": str(link.pk)}
    data |= {"victims-0-incident": str(incident.pk), "victims-0-consent_to_name": "on"}
    data |= {"victims-1-kind": "person", "victims-1-role": "journalist"}  # the blank new row
    data |= management("perpetrators", total=1, initial=0)
    data |= {"perpetrators-0-confidence": "likely"}
    response = monitor.post(reverse("monitoring:staff-incident-edit", args=[incident.pk]), data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.title_en == "Journalist detained at a rally in Almaty"
    assert link.victim.__class__.objects.get(pk=link.victim_id).consent_to_name
    event = incident.events.last()
    assert event is not None and event.kind == "edited"
    assert "title_en" in event.context["fields"]
    assert "victims" in event.context["fields"]


def test_publishing_from_the_page_is_refused_until_verified(monitor: Client) -> None:
    incident = IncidentFactory()
    action = "monitoring:staff-incident-action"
    response = monitor.post(reverse(action, args=[incident.pk, "publish"]), follow=True)
    assert "Only a verified or partly verified incident can be published." in (
        response.content.decode()
    )
    monitor.post(reverse(action, args=[incident.pk, "verify"]), {"level": "partly"})
    monitor.post(reverse(action, args=[incident.pk, "publish"]))
    incident.refresh_from_db()
    assert incident.is_public
    page = monitor.get(reverse("monitoring:staff-incident", args=[incident.pk])).content.decode()
    assert "Ерлан Монитор" in page  # the timeline names who did each step


def test_marking_a_duplicate_from_the_page(monitor: Client) -> None:
    original, copy = IncidentFactory(), IncidentFactory()
    url = reverse("monitoring:staff-incident-action", args=[copy.pk, "duplicate"])
    monitor.post(url, {"of": original.pk})
    copy.refresh_from_db()
    assert copy.duplicate_of == original


def test_an_unknown_action_is_not_found(monitor: Client) -> None:
    incident = IncidentFactory()
    url = reverse("monitoring:staff-incident-action", args=[incident.pk, "delete"])
    assert monitor.post(url).status_code == 404


def test_merging_two_people_from_the_page(monitor: Client) -> None:
    keep, other = VictimFactory(name="Данияр Омаров"), VictimFactory(name="Даниар Омаров")
    add_victim(IncidentFactory(), other)
    response = monitor.post(
        reverse("monitoring:staff-merge"),
        {"what": "victim", "victim-keep": keep.pk, "victim-merge": other.pk},
    )
    assert response.status_code == 302
    assert not Victim.objects.filter(pk=other.pk).exists()
    assert keep.incident_links.count() == 1


def test_merging_a_record_with_itself_is_refused(monitor: Client) -> None:
    keep = VictimFactory()
    response = monitor.post(
        reverse("monitoring:staff-merge"),
        {"what": "victim", "victim-keep": keep.pk, "victim-merge": keep.pk},
    )
    assert response.status_code == 200
    assert "two different records" in response.content.decode()


def test_a_lawyer_cannot_open_the_queue(login_as: Any, bob: User) -> None:
    assert login_as(bob).get(reverse("monitoring:staff-queue")).status_code == 403


def test_monitors_see_the_queue_in_the_staff_menu(monitor: Client) -> None:
    page = monitor.get(reverse("monitoring:staff-queue")).content.decode()
    assert reverse("monitoring:staff-queue") in page


def test_linking_a_person_already_in_the_incident_is_refused(monitor: Client) -> None:
    monitor.post(reverse("monitoring:staff-incident-new"), record())
    incident = Incident.objects.get()
    link = incident.victim_links.get()
    data = record() | management("victims", total=2, initial=1)
    data |= {"victims-0-id": str(link.pk), "victims-0-incident": str(incident.pk)}
    data |= {"victims-1-kind": "person", "victims-1-role": "journalist"}
    data |= {"victims-1-existing": str(link.victim_id)}
    response = monitor.post(reverse("monitoring:staff-incident-edit", args=[incident.pk]), data)
    assert response.status_code == 200
    assert "already linked" in response.content.decode()
    assert incident.victim_links.count() == 1


def test_every_kind_of_demo_record_opens_in_the_staff_pages(monitor: Client) -> None:
    from qorgau.monitoring import demo
    from qorgau.monitoring.models import OnlineViolence

    demo.load()
    samples = {
        Incident.objects.filter(proceedings__isnull=False).first(),
        Incident.objects.filter(pk__in=OnlineViolence.objects.values("incident")).first(),
        Incident.objects.filter(status=Incident.Status.RECEIVED, origin="report").first(),
        Incident.objects.filter(updates__isnull=False).first(),
    }
    for incident in samples:
        assert incident is not None
        for name in ("monitoring:staff-incident", "monitoring:staff-incident-edit"):
            response = monitor.get(reverse(name, args=[incident.pk]))
            assert response.status_code == 200
            assert incident.title_en in response.content.decode()
    for state in ("open", "published", "received"):
        page = monitor.get(reverse("monitoring:staff-queue"), {"state": state})
        assert page.status_code == 200


def test_the_queue_costs_the_same_queries_for_few_or_many_incidents(
    monitor: Client, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    IncidentFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        monitor.get(reverse("monitoring:staff-queue"))
    IncidentFactory.create_batch(40, region_id="KZ-71")
    with django_assert_max_num_queries(len(few.captured_queries)):
        monitor.get(reverse("monitoring:staff-queue"))


def test_an_administrator_adds_a_violation_type_and_edits_a_warning_sign(
    login_as: Any, dana: User
) -> None:
    client = login_as(dana)
    response = client.post(
        reverse("monitoring:staff-vocabulary-new", args=["types"]),
        {
            "code": "drone-ban",
            "group": "obstruction",
            "name_kk": "Дронмен түсіруге тыйым",
            "name_ru": "Запрет съёмки с дрона",
            "name_en": "Drone filming banned",
            "rollup": "non_physical_online",
            "order": "9",
            "active": "on",
        },
    )
    assert response.status_code == 302
    from qorgau.monitoring.models import ViolationType, WarningSign

    assert ViolationType.objects.get(code="drone-ban").group_id == "obstruction"
    url = reverse("monitoring:staff-vocabulary-edit", args=["signs", "coordinated"])
    client.post(
        url,
        {
            "code": "renamed",
            "text_kk": "Көп аккаунт бірдей жазады",
            "text_ru": "Много аккаунтов пишут одно и то же",
            "text_en": "Many accounts post the same thing",
            "order": "4",
        },
    )
    sign = WarningSign.objects.get(code="coordinated")  # the code cannot be changed
    assert sign.text_en == "Many accounts post the same thing"
    assert not sign.active
    assert client.get(reverse("monitoring:staff-vocabulary")).status_code == 200


def test_a_monitor_cannot_edit_the_vocabularies(monitor: Client) -> None:
    assert monitor.get(reverse("monitoring:staff-vocabulary")).status_code == 403


def test_related_incidents_are_linked_both_ways_by_number(monitor: Client) -> None:
    other = IncidentFactory()
    response = monitor.post(
        reverse("monitoring:staff-incident-new"), record(related_numbers=f"{other.pk}, 99999")
    )
    assert response.status_code == 200
    assert "There is no incident number 99999." in response.content.decode()
    monitor.post(reverse("monitoring:staff-incident-new"), record(related_numbers=str(other.pk)))
    created = Incident.objects.exclude(pk=other.pk).get()
    assert list(other.related.all()) == [created]
    page = monitor.get(reverse("monitoring:staff-incident", args=[other.pk])).content.decode()
    assert reverse("monitoring:staff-incident", args=[created.pk]) in page


def test_htmx_filtering_of_the_queue_gets_only_the_results(monitor: Client) -> None:
    IncidentFactory(title_en="Camera seized in Taraz", title_ru="")
    IncidentFactory(title_en="Briefing closed in Aktau", title_ru="")
    IncidentFactory.create_batch(2)
    response = monitor.get(
        reverse("monitoring:staff-queue"), {"q": "taraz"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Camera seized in Taraz" in page
    assert "Briefing closed in Aktau" not in page


def queue_titles(monitor: Client, **params: str) -> set[str]:
    response = monitor.get(reverse("monitoring:staff-queue"), params)
    return {incident.title for incident in response.context["page"]}


def test_the_queue_search_finds_a_part_of_a_title_or_summary_in_any_language(
    monitor: Client,
) -> None:
    IncidentFactory(title_kk="Тілшіні Таразда ұстады", title_ru="", title_en="", summary_ru="")
    IncidentFactory(title_en="Briefing closed", title_ru="", summary_ru="Аким не пустил прессу")
    IncidentFactory(title_en="Laptop seized in Aktau", title_ru="", summary_ru="")
    assert queue_titles(monitor, q="тараз") == {"Тілшіні Таразда ұстады"}
    assert queue_titles(monitor, q="АКИМ НЕ") == {"Briefing closed"}  # any case, in a summary
    assert queue_titles(monitor, q="seized in akt") == {"Laptop seized in Aktau"}
    assert queue_titles(monitor, q="nowhere") == set()


def test_the_queue_search_finds_an_incident_by_its_number(monitor: Client) -> None:
    wanted = IncidentFactory(title_en="Wanted", title_ru="")
    IncidentFactory(title_en="Other", title_ru="")
    for typed in (str(wanted.pk), f"#{wanted.pk}", f"№ {wanted.pk}"):
        assert queue_titles(monitor, q=typed) == {"Wanted"}, typed


def test_the_queue_search_keeps_the_state_and_the_states_keep_the_search(
    monitor: Client,
) -> None:
    IncidentFactory(title_en="Taraz, received", title_ru="")
    IncidentFactory(title_en="Taraz, rejected", title_ru="", status=Incident.Status.REJECTED)
    IncidentFactory(title_en="Aktau, rejected", title_ru="", status=Incident.Status.REJECTED)
    assert queue_titles(monitor, q="taraz", state="rejected") == {"Taraz, rejected"}
    page = monitor.get(reverse("monitoring:staff-queue"), {"q": "taraz"}).content.decode()
    assert 'href="?state=rejected&amp;q=taraz"' in page  # a state tab keeps the search
    assert "rejected (1)" in page  # counted within the search
    assert 'name="state" value="open"' in page  # the search form keeps the state
    IncidentFactory.create_batch(50, title_en="Taraz again", title_ru="")
    page = monitor.get(reverse("monitoring:staff-queue"), {"q": "taraz"}).content.decode()
    assert "q=taraz&amp;page=2" in page  # and so do the pages


def test_save_and_add_more_rows_comes_back_to_the_form(monitor: Client) -> None:
    response = monitor.post(reverse("monitoring:staff-incident-new"), record(more="1"))
    incident = Incident.objects.get()
    assert response["Location"] == reverse("monitoring:staff-incident-edit", args=[incident.pk])
    form = monitor.get(response["Location"]).content.decode()
    assert 'name="victims-1-name"' in form  # a second, empty victim row
