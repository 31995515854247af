"""The public "report an incident" form: anonymous, works without JavaScript, keeps no IP
address or user agent, and lands in the monitors' queue as "received", never on the site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from qorgau.core.i18n import active_language
from qorgau.monitoring import antibot, services
from qorgau.monitoring.forms import ReportForm
from qorgau.monitoring.models import Incident
from qorgau.monitoring.services import VictimInput


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = active_language()
        role = data.get("victim_role")
        try:
            services.incident_create(
                actor=None,
                values={
                    f"title_{language}": data["title"],
                    f"summary_{language}": data["what_happened"],
                    "date": data["date"],
                    "date_precision": data["date_precision"],
                    "region_id": data["region"].pk if data.get("region") else None,
                    "settlement": data.get("settlement", ""),
                    "reporter_contact": data.get("contact", ""),
                },
                victims=[VictimInput(role=role)] if role else [],
                origin=Incident.Origin.REPORT,
            )
        except ValidationError as error:
            form.add_error("date" if getattr(error, "code", "") == "future" else None, error)
        else:
            return redirect("monitoring:report-thanks")
    # A new challenge on every showing (the template puts it in): one cannot be used twice.
    challenge = antibot.issue()
    return render(request, "monitoring/report_form.html", {"form": form, "challenge": challenge})


def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/report_thanks.html")
