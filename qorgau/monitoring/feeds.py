"""RSS and Atom feeds of newly published incidents, in the language of the address."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import localized
from qorgau.monitoring.models import Incident

ITEMS = 30


class IncidentRss(Feed[Incident, None]):
    title = _("Press freedom incidents: newly published")
    description = _("Violations of journalists' rights in Kazakhstan, as they are published.")

    def __call__(self, request: HttpRequest, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=600"
        return response

    def link(self) -> str:
        return reverse("monitoring:incidents")

    def items(self) -> QuerySet[Incident]:
        # Published incidents only, newest publication first.
        return Incident.objects.filter(
            status=Incident.Status.PUBLISHED, published_at__isnull=False
        ).order_by("-published_at", "-id")[:ITEMS]

    def item_title(self, item: Incident) -> str:
        return localized(item, "title")[0]

    def item_description(self, item: Incident) -> str:
        return localized(item, "summary")[0]

    def item_link(self, item: Incident) -> str:
        return reverse("monitoring:incident", args=[item.pk])

    def item_pubdate(self, item: Incident) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Incident) -> datetime | None:
        return item.updated_at


class IncidentAtom(IncidentRss):
    feed_type = Atom1Feed
    subtitle = IncidentRss.description
