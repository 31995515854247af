"""What the record lets out: public helpers carry no sensitive field; dates keep their precision;
the SDG flag and the state share come from the vocabularies."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError
from django.utils import translation

from qorgau.monitoring.models import (
    Incident,
    IncidentType,
    PerpetratorKind,
    ViolationGroup,
    ViolationType,
    validate_provision,
)
from qorgau.monitoring.models_people import Victim
from qorgau.monitoring.tests.factories import IncidentFactory, VictimFactory, add_victim

pytestmark = pytest.mark.django_db

SECRET_NOTE = "SECRET-NOTE-7731"
SECRET_CONTACT = "SECRET-CONTACT-5520"
SECRET_NAME = "Секретқызы Жасырын"


def test_public_values_of_an_incident_never_carry_its_sensitive_fields() -> None:
    incident = IncidentFactory(
        published=True, internal_notes=SECRET_NOTE, reporter_contact=SECRET_CONTACT
    )
    shown = str(incident.public_values())
    assert SECRET_NOTE not in shown
    assert SECRET_CONTACT not in shown
    assert not set(Incident.PUBLIC_FIELDS) & set(Incident.SENSITIVE_FIELDS)
    assert "title_ru" in incident.public_values()


def test_a_victim_without_consent_is_shown_by_role_only() -> None:
    victim = VictimFactory(name=SECRET_NAME, contact=SECRET_CONTACT, consent_to_name=False)
    with translation.override("en"):
        assert victim.public_name == "journalist (name withheld)"
        shown = str(victim.public_values())
    assert SECRET_NAME not in shown
    assert SECRET_CONTACT not in shown
    assert not set(Victim.PUBLIC_FIELDS) & set(Victim.SENSITIVE_FIELDS)


def test_a_victim_who_agreed_is_named_but_their_contact_stays_inside() -> None:
    victim = VictimFactory(name="Айгерім Сейітова", contact=SECRET_CONTACT, consent_to_name=True)
    assert victim.public_name == "Айгерім Сейітова"
    assert SECRET_CONTACT not in str(victim.public_values())


def test_the_withheld_label_is_in_the_visitors_language() -> None:
    victim = VictimFactory(name=SECRET_NAME, role="camera")
    with translation.override("ru"):
        russian = victim.public_name
    with translation.override("en"):
        english = victim.public_name
    assert SECRET_NAME not in russian + english
    assert russian != english


def test_only_published_incidents_are_public() -> None:
    published = IncidentFactory(published=True)
    for status in ("received", "review", "verified", "rejected", "duplicate"):
        IncidentFactory(status=status, verification="verified")
    assert list(Incident.objects.public()) == [published]


def test_an_incident_needs_a_title_in_some_language() -> None:
    with pytest.raises(IntegrityError):
        Incident.objects.create(date=datetime.date(2026, 10, 1))


def test_the_end_date_cannot_precede_the_date() -> None:
    with pytest.raises(IntegrityError):
        IncidentFactory(end_date=datetime.date(2026, 1, 1))


def test_a_year_only_date_has_no_month() -> None:
    incident = IncidentFactory(date=datetime.date(2026, 7, 14), date_precision="year")
    assert (incident.date, incident.year, incident.month) == (datetime.date(2026, 1, 1), 2026, None)


def test_the_vocabulary_is_seeded_with_ten_groups_in_three_languages() -> None:
    assert ViolationGroup.objects.count() == 10
    for kind in ViolationType.objects.all():
        assert kind.name_kk and kind.name_ru and kind.name_en, kind.code
    sdg = set(ViolationType.objects.filter(sdg_16_10_1=True).values_list("code", flat=True))
    assert {"killing", "kidnapping", "enforced-disappearance", "torture", "detention"} <= sdg
    assert "civil-claim" not in sdg
    online = set(
        ViolationGroup.objects.filter(is_online_violence=True).values_list("code", flat=True)
    )
    assert online == {"digital", "harassment"}
    assert PerpetratorKind.objects.get(code="akimat").is_state
    assert not PerpetratorKind.objects.get(code="online-mob").is_state


def test_an_incident_can_carry_several_types_once_each() -> None:
    incident = IncidentFactory(types=["detention", "obstruction"])
    assert incident.type_links.count() == 2
    with pytest.raises(IntegrityError):
        IncidentType.objects.create(incident=incident, type_id="detention", group_id="liberty")


@pytest.mark.parametrize("key", ["kz-cc:274", "kz-cc:274:2", "kz-cao:456-2", "kz-civ:143:1:a"])
def test_citation_keys_are_accepted(key: str) -> None:
    validate_provision(key)


@pytest.mark.parametrize("key", ["ст. 274 УК", "kz-cc", "KZ-CC:274", "kz-cc:274:2:3:4", "274"])
def test_other_provision_shapes_are_refused(key: str) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_provision(key)


def test_the_victim_count_counts_people_not_links_twice() -> None:
    incident = IncidentFactory()
    person = VictimFactory()
    add_victim(incident, person)
    add_victim(incident, VictimFactory())
    incident.refresh_from_db()
    assert incident.victim_count == 2
