"""The coordinators' queue of help requests and the network statistics page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qorgau.core.permissions import AuthedRequest
from qorgau.helpdesk import queries
from qorgau.helpdesk.forms_cases import QueueFilter
from qorgau.helpdesk.models import DemographicAnswer
from qorgau.helpdesk.permissions import can_triage
from qorgau.helpdesk.views_common import signed_in_or_404


@signed_in_or_404(can_triage)
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    form = QueueFilter(request.GET or {})
    requests = form.apply(queries.queue())
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "helpdesk/queue/queue.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@signed_in_or_404(can_triage)
@require_GET
def statistics(request: AuthedRequest) -> HttpResponse:
    stats = queries.network_statistics()
    # How many sealed demographic answers there are, never what they say: the server cannot
    # open them (docs/helpdesk.md, "Demographics").
    demographic_answers = DemographicAnswer.objects.count()
    context = {"stats": stats, "demographic_answers": demographic_answers}
    return render(request, "helpdesk/queue/statistics.html", context)
