"""Urgency is computed when read, from the answers: someone detained, a hearing within 7 days or
a deadline within 14 (an overdue date stays urgent)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import translation

from qorgau.helpdesk.models import HelpRequest

from .intake_support import media, submit  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

TODAY = date(2026, 3, 10)


@time_machine.travel("2026-03-10 09:00 +05:00", tick=False)
def test_urgency_follows_the_answers() -> None:
    calm = submit("calm", next_hearing=TODAY + timedelta(days=8)).request
    detained = submit("detained", detained=True).request
    hearing = submit("hearing", next_hearing=TODAY + timedelta(days=7)).request
    deadline = submit("deadline", next_deadline=TODAY + timedelta(days=14)).request
    late = submit("late", next_deadline=TODAY + timedelta(days=15)).request
    overdue = submit("overdue", next_deadline=TODAY - timedelta(days=2)).request

    assert not calm.is_urgent and not late.is_urgent
    with translation.override("en"):
        assert detained.urgency_reasons() == ["someone is detained"]
        assert hearing.urgency_reasons() == ["hearing within 7 days"]
        assert deadline.urgency_reasons() == ["deadline within 14 days"]
    assert overdue.is_urgent
    urgent = set(HelpRequest.objects.urgent().values_list("pk", flat=True))
    assert urgent == {detained.pk, hearing.pk, deadline.pk, overdue.pk}
    flags = dict(HelpRequest.objects.with_urgency().values_list("pk", "urgent_flag"))
    assert flags[calm.pk] is False and flags[detained.pk] is True


def test_a_request_becomes_urgent_as_its_hearing_nears() -> None:
    with time_machine.travel("2026-03-01 09:00 +05:00", tick=False):
        request = submit("later", next_hearing=date(2026, 3, 12)).request
        assert not request.is_urgent
    with time_machine.travel("2026-03-05 09:00 +05:00", tick=False):
        assert request.is_urgent
        assert HelpRequest.objects.urgent().filter(pk=request.pk).exists()
