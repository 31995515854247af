"""The sensitive fields of the record (a victim's name without consent, contacts, internal
notes, the reporter's contact) never reach anything the public can read: pages, feed, API,
exports, whatever the filter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from qorgau.monitoring.models import Incident, OnlineViolence
from qorgau.monitoring.tests.factories import (
    IncidentFactory,
    VictimFactory,
    add_perpetrator,
    add_proceeding,
    add_victim,
)

pytestmark = pytest.mark.django_db

MARKERS = (
    "SECRETNOTE7731",
    "SECRETCONTACT5520",
    "Секретқызы",
    "REPORTERPHONE4410",
    "OFFLINEHARM9034",
)


@pytest.fixture
def incident() -> Incident:
    incident: Incident = IncidentFactory(
        published=True,
        types=["detention"],
        internal_notes=f"{MARKERS[0]} the editor's brother is the source",
        reporter_contact=MARKERS[3],
    )
    add_victim(
        incident, VictimFactory(name=f"{MARKERS[2]} Жасырын", contact=MARKERS[1], role="camera")
    )
    add_victim(incident, VictimFactory(name="Айгерім Сейітова", consent_to_name=True))
    add_perpetrator(incident)
    add_proceeding(incident)
    OnlineViolence.objects.create(
        incident=incident,
        forms=["threats"],
        offline_harm=True,
        offline_harm_description=f"{MARKERS[4]}: a man waited at her parents' house",
        reported_to_police=True,
        police_response="Refused to register the complaint",
    )
    return incident


def public_urls(incident: Incident) -> list[str]:
    with translation.override("en"):
        pages = [
            reverse("monitoring:incidents"),
            reverse("monitoring:incident", args=[incident.pk]),
            reverse("monitoring:feed"),
        ]
    api = [
        "/api/v1/incidents",
        f"/api/v1/incidents/{incident.pk}",
        "/api/v1/incidents/export.csv",
        "/api/v1/incidents/export.json",
        "/api/v1/incidents/stats?group_by=gender",
    ]
    return pages + api


def test_no_sensitive_field_reaches_a_public_page_the_api_or_an_export(
    client: Client, incident: Incident
) -> None:
    bodies: dict[str, str] = {}
    for url in public_urls(incident):
        response: Any = client.get(url)
        assert response.status_code == 200, url
        content = (
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
        bodies[url] = content.decode()
    for url, body in bodies.items():
        for marker in MARKERS:
            assert marker not in body, (marker, url)
    # The pages did show the incident, with the consenting victim named:
    detail = bodies[public_urls(incident)[1]]
    assert "Айгерім Сейітова" in detail
    assert "name withheld" in detail
    assert "Refused to register the complaint" in detail  # a public field of the online record


def test_every_field_of_the_online_violence_record_is_declared_public_or_sensitive() -> None:
    declared = set(OnlineViolence.PUBLIC_FIELDS) | set(OnlineViolence.SENSITIVE_FIELDS)
    assert not set(OnlineViolence.PUBLIC_FIELDS) & set(OnlineViolence.SENSITIVE_FIELDS)
    meta = OnlineViolence._meta
    fields = {f.name for f in [*meta.fields, *meta.many_to_many]}
    assert fields - {"id", "incident"} == declared
