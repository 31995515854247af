"""Administration pages of core: the audit trail and the working-day calendar."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.accounts.models import Role
from qorgau.core import services
from qorgau.core.filters import AuditFilter
from qorgau.core.forms import CalendarOverrideForm
from qorgau.core.models import AuditEvent, CalendarOverride
from qorgau.core.permissions import AuthedRequest, reauth_required, role_required


def _audit_events(request: HttpRequest) -> tuple[AuditFilter, QuerySet[AuditEvent]]:
    form = AuditFilter(request.GET or None)
    if not request.GET:
        form = AuditFilter({})
    return form, form.apply(AuditEvent.objects.select_related("actor"))


@role_required(Role.ADMIN)
def audit_list(request: AuthedRequest) -> HttpResponse:
    form, events = _audit_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    template = "core/staff/audit_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value: str) -> str:
        return value


@role_required(Role.ADMIN)
@reauth_required
def audit_export(request: AuthedRequest) -> HttpResponseBase:
    _form, events = _audit_events(request)
    services.audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="core.auditevent",
        context={"filter": {k: v for k, v in request.GET.items() if v}},
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(["time", "actor", "action", "object_type", "object_id", "context"])
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(event.created_at).isoformat(),
                    event.actor.email if event.actor else "",
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.context,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response.headers["Content-Disposition"] = f'attachment; filename="qorgau-audit-{stamp}.csv"'
    return response


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def calendar_list(request: AuthedRequest) -> HttpResponse:
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.calendar_override_add(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The calendar is corrected."))
        return redirect("staff:calendar")
    overrides = CalendarOverride.objects.all()
    return render(request, "core/staff/calendar.html", {"form": form, "overrides": overrides})


@role_required(Role.ADMIN)
@require_POST
def calendar_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    override = get_object_or_404(CalendarOverride, pk=pk)
    services.calendar_override_remove(actor=request.user, override=override)
    messages.success(request, _("The correction is removed."))
    return redirect("staff:calendar")
