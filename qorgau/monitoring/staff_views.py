"""Monitors' pages: the queue, the whole-record form, the incident with its timeline and the
workflow buttons, and the merge of duplicate people and outlets. All work without JavaScript."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.accounts.models import Role
from qorgau.core.permissions import AuthedRequest, role_required
from qorgau.monitoring import services
from qorgau.monitoring.forms import (
    FORMSETS,
    DuplicateForm,
    IncidentForm,
    MergeForm,
    OnlineViolenceForm,
    ReasonForm,
)
from qorgau.monitoring.models import Incident, IncidentEvent, OnlineViolence, Outlet, Victim
from qorgau.monitoring.services import WorkflowError

S = Incident.Status
QUEUE_TABS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "open": (gettext_lazy("To do"), (S.RECEIVED, S.REVIEW, S.VERIFIED)),
    "received": (S.RECEIVED.label, (S.RECEIVED,)),
    "review": (S.REVIEW.label, (S.REVIEW,)),
    "verified": (S.VERIFIED.label, (S.VERIFIED,)),
    "published": (S.PUBLISHED.label, (S.PUBLISHED,)),
    "rejected": (S.REJECTED.label, (S.REJECTED,)),
    "duplicate": (S.DUPLICATE.label, (S.DUPLICATE,)),
}


NUMBER = re.compile(r"^[#№]\s*(\d{1,18})$|^(\d{1,18})$")


def queue_search(text: str) -> Q:
    """Incidents whose title or summary in any language, or settlement, contains the text (any
    case), or whose number it is ("123", "#123", "№123"). Victims' names are not searched: the
    queue lists incidents, and a name is looked up on the merge page."""
    condition = Q(search_text__contains=text.lower())
    number = NUMBER.match(text)
    if number:
        condition |= Q(pk=int(number.group(1) or number.group(2)))
    return condition


@role_required(Role.MONITOR)
def queue(request: AuthedRequest) -> HttpResponse:
    tab = request.GET.get("state", "open")
    if tab not in QUEUE_TABS:
        tab = "open"
    q = request.GET.get("q", "").strip()[:200]
    searched = Incident.objects.filter(queue_search(q)) if q else Incident.objects.all()
    incidents = (
        searched.filter(status__in=QUEUE_TABS[tab][1])
        .select_related("region")
        .order_by("-created_at", "-id")
    )
    # Each tab shows how many of its incidents the search finds.
    counts = dict(
        searched.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    tabs = [
        (key, label, sum(counts.get(state, 0) for state in states))
        for key, (label, states) in QUEUE_TABS.items()
    ]
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    template = "monitoring/staff/queue.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "tab": tab, "tabs": tabs, "q": q, "query": query.urlencode()}
    return render(request, template, context)


def _record_forms(request: AuthedRequest, incident: Incident | None) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    owner = incident or Incident()
    online = getattr(incident, "online_violence", None) if incident else None
    return {
        "form": IncidentForm(data, instance=incident),
        "formsets": [
            (name, cls(data, instance=owner, prefix=name), label) for name, cls, label in FORMSETS
        ],
        "online": OnlineViolenceForm(data, instance=online, prefix="online"),
    }


def _all_valid(forms: dict[str, Any]) -> bool:
    valid = forms["form"].is_valid() & forms["online"].is_valid()
    for _name, formset, _label in forms["formsets"]:
        valid &= formset.is_valid()
    return bool(valid)


def _save_related(forms: dict[str, Any]) -> Any:
    def save(incident: Incident) -> None:
        for _name, formset, _label in forms["formsets"]:
            formset.instance = incident
            formset.save()
        incident.tags.set(forms["form"].cleaned_data["tags"])
        incident.collections.set(forms["form"].cleaned_data["collections"])
        incident.related.set(forms["form"].cleaned_data["related_numbers"])
        online = forms["online"]
        if online.has_content() or online.instance.pk:
            record: OnlineViolence = online.save(commit=False)
            record.incident = incident
            record.save()
            online.save_m2m()

    return save


def _after_save(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Save and add more rows" comes back to the form, with a new empty row in every list."""
    if "more" in request.POST:
        return redirect("monitoring:staff-incident-edit", pk=pk)
    return redirect("monitoring:staff-incident", pk=pk)


@role_required(Role.MONITOR)
@require_http_methods(["GET", "POST"])
def incident_new(request: AuthedRequest) -> HttpResponse:
    forms = _record_forms(request, None)
    if request.method == "POST" and _all_valid(forms):
        try:
            incident = services.incident_create(
                actor=request.user,
                values=forms["form"].service_values(),
                type_codes=forms["form"].cleaned_data["types"],
                related=_save_related(forms),
            )
        except ValidationError as error:
            forms["form"].add_error(None, error)
        else:
            messages.success(request, _("The incident was recorded in the queue."))
            return _after_save(request, incident.pk)
    return render(request, "monitoring/staff/incident_form.html", {**forms, "incident": None})


@role_required(Role.MONITOR)
@require_http_methods(["GET", "POST"])
def incident_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    forms = _record_forms(request, incident)
    if request.method == "POST" and _all_valid(forms):
        changed = [name for name, formset, _label in forms["formsets"] if formset.has_changed()]
        if forms["online"].has_changed():
            changed.append("online_violence")
        for name in ("tags", "collections", "related_numbers"):
            if name in forms["form"].changed_data:
                changed.append(name.removesuffix("_numbers"))
        try:
            # A fresh copy: the form already wrote its values into `incident` while validating,
            # and the service needs the stored ones to tell what changed.
            services.incident_update(
                actor=request.user,
                incident=Incident.objects.get(pk=pk),
                values=forms["form"].service_values(),
                type_codes=forms["form"].cleaned_data["types"],
                related=_save_related(forms),
                changed_related=changed,
            )
        except ValidationError as error:
            forms["form"].add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return _after_save(request, pk)
    return render(request, "monitoring/staff/incident_form.html", {**forms, "incident": incident})


@role_required(Role.MONITOR)
def incident_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(
        Incident.objects.select_related("region", "duplicate_of", "pending_verification_by"),
        pk=pk,
    )
    context = {
        "incident": incident,
        "types": incident.type_links.select_related("type", "group"),
        "victims": incident.victim_links.select_related("victim", "victim__outlet"),
        "perpetrators": incident.perpetrator_links.select_related("kind"),
        "proceedings": incident.proceedings.prefetch_related("history"),
        "online": OnlineViolence.objects.filter(incident=incident).first(),
        "events": IncidentEvent.objects.filter(incident=incident).select_related("actor"),
        "levels": Incident.Verification.choices,
        "duplicate_form": DuplicateForm(),
        "reason_form": ReasonForm(),
        "second_signoff": services.second_signoff_required(),
    }
    return render(request, "monitoring/staff/incident_detail.html", context)


@role_required(Role.MONITOR)
@require_POST
def incident_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    incident = get_object_or_404(Incident, pk=pk)
    actor = request.user
    reason = request.POST.get("reason", "")[:300]
    try:
        if action == "review":
            services.incident_start_review(actor=actor, incident=incident)
        elif action == "verify":
            level = request.POST.get("level", "")
            done = services.incident_verify(actor=actor, incident=incident, level=level)
            if done.pending_verification:
                messages.info(request, _("Recorded. Another monitor must confirm it."))
        elif action == "publish":
            services.incident_publish(actor=actor, incident=incident)
        elif action == "unpublish":
            services.incident_unpublish(actor=actor, incident=incident, reason=reason)
        elif action == "reject":
            services.incident_reject(actor=actor, incident=incident, reason=reason)
        elif action == "duplicate":
            form = DuplicateForm(request.POST)
            original = (
                Incident.objects.filter(pk=form.cleaned_data["of"]).first()
                if form.is_valid()
                else None
            )
            if original is None:
                raise WorkflowError(_("There is no incident with this number."))
            services.incident_mark_duplicate(actor=actor, incident=incident, of=original)
        else:
            raise Http404
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))
    return redirect("monitoring:staff-incident", pk=pk)


@role_required(Role.MONITOR)
@require_http_methods(["GET", "POST"])
def merge(request: AuthedRequest) -> HttpResponse:
    what = request.POST.get("what", "victim")
    victim_form = MergeForm(request.POST if what == "victim" else None, prefix="victim")
    outlet_form = MergeForm(request.POST if what == "outlet" else None, prefix="outlet")
    if request.method == "POST":
        form = victim_form if what == "victim" else outlet_form
        model: type[Victim] | type[Outlet] = Victim if what == "victim" else Outlet
        if form.is_valid():
            keep = model.objects.filter(pk=form.cleaned_data["keep"]).first()
            other = model.objects.filter(pk=form.cleaned_data["merge"]).first()
            if keep is None or other is None:
                form.add_error(None, _("There is no record with this number."))
            else:
                try:
                    if isinstance(keep, Victim) and isinstance(other, Victim):
                        services.victim_merge(actor=request.user, keep=keep, merge=other)
                    elif isinstance(keep, Outlet) and isinstance(other, Outlet):
                        services.outlet_merge(actor=request.user, keep=keep, merge=other)
                except WorkflowError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _("The records were merged."))
                    return redirect("monitoring:staff-merge")
    q = request.GET.get("q", "").strip()
    victims = Victim.objects.annotate(incidents=Count("incident_links")).select_related("outlet")
    outlets = Outlet.objects.annotate(people=Count("victims"))
    if q:
        victims = victims.filter(Q(name__icontains=q) | Q(outlet__name__icontains=q))
        outlets = outlets.filter(name__icontains=q)
    context = {
        "victim_form": victim_form,
        "outlet_form": outlet_form,
        "victims": victims.order_by("name", "id")[:100],
        "outlets": outlets.order_by("name", "id")[:100],
        "q": q,
    }
    return render(request, "monitoring/staff/merge.html", context)
