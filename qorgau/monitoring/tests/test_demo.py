"""The demo year: realistic, in three languages, mostly published, some in the queue; loading it
again replaces it."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from qorgau.accounts import demo as accounts_demo
from qorgau.monitoring import demo
from qorgau.monitoring.models import Incident, IncidentEvent, Proceeding

pytestmark = pytest.mark.django_db


def test_the_demo_is_a_year_of_incidents_mostly_published() -> None:
    accounts_demo.load()
    demo.load()
    total = Incident.objects.count()
    assert 480 <= total <= 600
    assert Incident.objects.public().count() > total * 0.8
    assert Incident.objects.filter(status="received", origin="report").exists()
    dated = Incident.objects.exclude(date_precision="year").order_by("date")
    first, last = dated.first(), dated.last()
    assert first is not None and last is not None
    today = timezone.localdate()
    assert first.date >= today - datetime.timedelta(days=366)
    assert last.date <= today  # nothing in the future
    per_month = (
        Incident.objects.exclude(month=None)
        .exclude(year=today.year, month=today.month)  # the month under way is partial
        .values("year", "month")
        .annotate(n=Count("id"))
    )
    assert len(per_month) == 11
    assert all(25 <= row["n"] <= 75 for row in per_month)
    sample = Incident.objects.public().first()
    assert sample is not None and sample.title_kk and sample.title_ru and sample.title_en
    assert Proceeding.objects.filter(provision__startswith="kz-cc:274").exists()
    assert Proceeding.objects.filter(provision__startswith="kz-civ:143").exists()
    assert IncidentEvent.objects.filter(kind="published", actor__isnull=False).exists()
    demo.load()
    assert Incident.objects.count() == total
    assert "published" in demo.summary()[0]
