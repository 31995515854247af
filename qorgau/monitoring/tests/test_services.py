"""The monitoring workflow: create, verify (with and without a second sign-off), publish, reject,
duplicates, merges; and that a refused step leaves nothing half-saved."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import AuditEvent
from qorgau.monitoring import services
from qorgau.monitoring.models import Incident, IncidentEvent, IncidentVictim, Outlet, Victim
from qorgau.monitoring.services import (
    PerpetratorInput,
    ProceedingInput,
    SourceInput,
    VictimInput,
    WorkflowError,
)
from qorgau.monitoring.tests.factories import IncidentFactory, VictimFactory, add_victim

VALUES = {
    "title_ru": "Журналиста задержали на акции в Алматы",
    "summary_ru": "Полиция продержала корреспондента три часа.",
    "date": datetime.date(2026, 10, 5),
    "date_precision": "day",
    "region_id": "KZ-75",
    "context": "protest",
}


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Messages are asserted in English; the catalogues are checked by `translations check`."""
    with translation.override("en"):
        yield


@pytest.fixture
def erlan(db: Any) -> User:
    return make_user("erlan@qorgau.test", Role.MONITOR, name="Ерлан Монитор")


@pytest.fixture
def gulnara(db: Any) -> User:
    return make_user("gulnara@qorgau.test", Role.MONITOR, name="Гүлнара Монитор")


def kinds(incident: Incident) -> list[str]:
    return list(incident.events.values_list("kind", flat=True))


def test_a_new_incident_lands_in_the_queue_with_its_whole_record(erlan: User) -> None:
    incident = services.incident_create(
        actor=erlan,
        values=VALUES,
        type_codes=["detention", "obstruction"],
        victims=[VictimInput(name="Айгерім Сейітова", gender="female", outlet="Samal Press")],
        perpetrators=[PerpetratorInput(kind="police", confidence="confirmed")],
        proceedings=[ProceedingInput(kind="administrative", provision="kz-cao:488")],
        sources=[SourceInput(title="Samal Press report", url="https://samal.example/1")],
    )
    assert incident.status == Incident.Status.RECEIVED
    assert not Incident.objects.public().filter(pk=incident.pk).exists()
    assert incident.sdg_16_10_1  # detention is arbitrary detention under SDG 16.10.1
    assert incident.victim_count == 1
    assert incident.year == 2026 and incident.month == 10
    assert "алматы" in incident.search_text
    assert incident.victim_links.get().gender == "female"
    assert incident.perpetrator_links.get().is_state
    assert incident.proceedings.get().provision_article == "kz-cao:488"
    assert kinds(incident) == ["created"]
    assert AuditEvent.objects.filter(object_id=str(incident.pk)).exists()


def test_a_month_only_date_is_stored_as_its_first_day_and_matches_the_month(erlan: User) -> None:
    values = VALUES | {"date": datetime.date(2026, 10, 17), "date_precision": "month"}
    incident = services.incident_create(actor=erlan, values=values)
    assert incident.date == datetime.date(2026, 10, 1)
    assert (incident.year, incident.month) == (2026, 10)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title_ru": ""}, "title"),
        ({"end_date": datetime.date(2026, 9, 1)}, "end date"),
        ({"region_id": "KZ-99"}, "region"),
        ({"date": None}, "date"),
        ({"date": datetime.date(2099, 1, 1)}, "future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(erlan: User, change: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.incident_create(actor=erlan, values=VALUES | change)
    assert Incident.objects.count() == 0


def test_an_unknown_type_code_saves_nothing(erlan: User) -> None:
    with pytest.raises(ValidationError, match="no-such-type"):
        services.incident_create(actor=erlan, values=VALUES, type_codes=["no-such-type"])
    assert Incident.objects.count() == 0


def test_a_malformed_provision_saves_nothing_not_even_the_victims(erlan: User) -> None:
    with pytest.raises(ValidationError, match="citation key"):
        services.incident_create(
            actor=erlan,
            values=VALUES,
            victims=[VictimInput(name="Данияр Омаров")],
            proceedings=[ProceedingInput(kind="criminal", provision="Article 274")],
        )
    assert Incident.objects.count() == 0
    assert Victim.objects.count() == 0


def test_publishing_an_unverified_incident_is_refused(erlan: User) -> None:
    incident = IncidentFactory()
    with pytest.raises(WorkflowError, match="verified"):
        services.incident_publish(actor=erlan, incident=incident)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.RECEIVED
    assert kinds(incident) == []


def test_review_verify_publish_records_each_step(erlan: User) -> None:
    incident = IncidentFactory()
    services.incident_start_review(actor=erlan, incident=incident)
    services.incident_verify(actor=erlan, incident=incident, level="partly")
    incident = services.incident_publish(actor=erlan, incident=incident)
    assert incident.status == Incident.Status.PUBLISHED
    assert incident.verification == Incident.Verification.PARTLY
    assert incident.published_at is not None
    assert Incident.objects.public().filter(pk=incident.pk).exists()
    assert kinds(incident) == ["review", "verified", "published"]
    assert set(incident.events.values_list("actor", flat=True)) == {erlan.pk}


def test_a_published_incident_cannot_drop_to_unverified(erlan: User) -> None:
    incident = IncidentFactory(published=True)
    with pytest.raises(WorkflowError):
        services.incident_verify(actor=erlan, incident=incident, level="unverified")
    services.incident_unpublish(actor=erlan, incident=incident, reason="new facts")
    incident.refresh_from_db()
    assert not incident.is_public


def test_with_second_signoff_the_same_monitor_cannot_confirm(
    erlan: User, gulnara: User, settings: Any
) -> None:
    settings.MONITORING_SECOND_SIGNOFF = True
    incident = IncidentFactory(status=Incident.Status.REVIEW)
    incident = services.incident_verify(actor=erlan, incident=incident, level="verified")
    assert incident.verification == Incident.Verification.UNVERIFIED
    assert incident.pending_verification == "verified"
    with pytest.raises(WorkflowError, match="Another monitor"):
        services.incident_verify(actor=erlan, incident=incident, level="verified")
    with pytest.raises(WorkflowError):
        services.incident_publish(actor=erlan, incident=incident)
    incident = services.incident_verify(actor=gulnara, incident=incident, level="verified")
    assert incident.verification == Incident.Verification.VERIFIED
    assert incident.pending_verification == ""
    last = incident.events.last()
    assert last is not None and last.context["first_signoff_by"] == erlan.pk
    assert kinds(incident) == ["signoff", "verified"]


def test_without_second_signoff_one_monitor_verifies(erlan: User) -> None:
    incident = services.incident_verify(actor=erlan, incident=IncidentFactory(), level="verified")
    assert incident.verification == Incident.Verification.VERIFIED
    assert incident.status == Incident.Status.VERIFIED


def test_a_duplicate_leaves_the_public_site_and_points_to_the_original(erlan: User) -> None:
    original = IncidentFactory(published=True)
    copy = IncidentFactory(published=True)
    services.incident_mark_duplicate(actor=erlan, incident=copy, of=original)
    copy.refresh_from_db()
    assert copy.status == Incident.Status.DUPLICATE
    assert copy.duplicate_of == original
    assert list(Incident.objects.public()) == [original]
    with pytest.raises(WorkflowError):
        services.incident_mark_duplicate(actor=erlan, incident=original, of=original)
    with pytest.raises(WorkflowError):
        services.incident_publish(actor=erlan, incident=copy)


def test_a_rejected_incident_stays_closed(erlan: User) -> None:
    incident = services.incident_reject(actor=erlan, incident=IncidentFactory(), reason="spam")
    assert incident.status == Incident.Status.REJECTED
    with pytest.raises(WorkflowError):
        services.incident_verify(actor=erlan, incident=incident, level="verified")


def test_merging_victims_keeps_one_record_with_all_their_incidents(erlan: User) -> None:
    first, second, shared = IncidentFactory(), IncidentFactory(), IncidentFactory()
    keep = VictimFactory(name="Айгерім Сейітова", contact="")
    merge = VictimFactory(name="Айгерим Сеитова", contact="+7 701 111 11 11")
    add_victim(first, keep)
    add_victim(second, merge)
    add_victim(shared, keep)
    add_victim(shared, merge)
    services.victim_merge(actor=erlan, keep=keep, merge=merge)
    assert not Victim.objects.filter(pk=merge.pk).exists()
    assert set(IncidentVictim.objects.values_list("incident", flat=True)) == {
        first.pk,
        second.pk,
        shared.pk,
    }
    assert IncidentVictim.objects.filter(victim=keep).count() == 3
    keep.refresh_from_db()
    assert keep.contact == "+7 701 111 11 11"
    shared.refresh_from_db()
    assert shared.victim_count == 1
    assert "victim_merged" in kinds(second)


def test_merging_outlets_moves_their_people(erlan: User) -> None:
    keep, merge = Outlet.objects.create(name="Samal Press"), Outlet.objects.create(name="Samal")
    person = VictimFactory(outlet=merge)
    services.outlet_merge(actor=erlan, keep=keep, merge=merge)
    person.refresh_from_db()
    assert person.outlet == keep
    assert not Outlet.objects.filter(pk=merge.pk).exists()


def test_an_edit_event_names_the_fields_but_not_their_values(erlan: User) -> None:
    incident = IncidentFactory()
    services.incident_update(
        actor=erlan,
        incident=incident,
        values={"internal_notes": "The source is the editor's brother."},
        type_codes=["threats"],
    )
    event = incident.events.get()
    assert event.context == {"fields": ["internal_notes", "types"]}
    assert "brother" not in str(AuditEvent.objects.values_list("context", flat=True))


def test_events_cannot_be_rewritten(erlan: User) -> None:
    incident = services.incident_create(actor=erlan, values=VALUES)
    event = incident.events.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        IncidentEvent.objects.all().delete()
