"""Administrators edit the monitoring vocabularies: violation groups and types, perpetrator
kinds, and the checklist of escalation warning signs. Codes are kept once created (records
and exports refer to them); a type or sign no longer wanted is marked as not in use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qorgau.accounts.models import Role
from qorgau.core.permissions import AuthedRequest, role_required
from qorgau.monitoring import services
from qorgau.monitoring.models import PerpetratorKind, ViolationGroup, ViolationType, WarningSign

NAMES = ("name_kk", "name_ru", "name_en")
VOCABULARIES: dict[str, tuple[type[models.Model], tuple[str, ...], Any]] = {
    "groups": (
        ViolationGroup,
        ("code", *NAMES, "order", "is_online_violence"),
        gettext_lazy("Violation groups"),
    ),
    "types": (
        ViolationType,
        ("code", "group", *NAMES, "rollup", "sdg_16_10_1", "order", "active"),
        gettext_lazy("Violation types"),
    ),
    "perpetrators": (
        PerpetratorKind,
        ("code", *NAMES, "is_state", "order"),
        gettext_lazy("Perpetrator kinds"),
    ),
    "signs": (
        WarningSign,
        ("code", "text_kk", "text_ru", "text_en", "order", "active"),
        gettext_lazy("Escalation warning signs"),
    ),
}


def _vocabulary(kind: str) -> tuple[type[models.Model], tuple[str, ...], Any]:
    if kind not in VOCABULARIES:
        raise Http404
    return VOCABULARIES[kind]


@role_required(Role.ADMIN)
def vocabulary_list(request: AuthedRequest) -> HttpResponse:
    tables = [
        (kind, label, model._default_manager.all())
        for kind, (model, _f, label) in VOCABULARIES.items()
    ]
    return render(request, "monitoring/staff/vocabulary.html", {"tables": tables})


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def vocabulary_edit(request: AuthedRequest, kind: str, code: str = "") -> HttpResponse:
    model, fields, label = _vocabulary(kind)
    instance = model._default_manager.filter(pk=code).first() if code else None
    if code and instance is None:
        raise Http404
    form_class = forms.modelform_factory(model, fields=fields)
    form = form_class(request.POST or None, instance=instance)
    if instance is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        services.vocabulary_save(
            actor=request.user,
            row=form.save(commit=False),
            created=not code,
            fields=form.changed_data,
        )
        messages.success(request, _("The vocabulary was saved."))
        return redirect("monitoring:staff-vocabulary")
    context = {"form": form, "label": label, "kind": kind, "instance": instance}
    return render(request, "monitoring/staff/vocabulary_form.html", context)
