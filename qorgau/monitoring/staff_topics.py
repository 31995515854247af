"""Editors and administrators keep the topic collections and the tags: add one, name it in
Kazakh, Russian and English, and retire it when it is no longer wanted. Codes are kept once
created (collection codes are in public addresses: `?collection=elections-2026`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from qorgau.accounts.models import Role
from qorgau.core.permissions import AuthedRequest, role_required
from qorgau.monitoring import services
from qorgau.monitoring.models import Collection, Tag

LANGUAGES = ("kk", "ru", "en")


class CollectionForm(forms.ModelForm[Collection]):
    class Meta:
        model = Collection
        fields = (
            "slug",
            *(f"title_{lang}" for lang in LANGUAGES),
            *(f"description_{lang}" for lang in LANGUAGES),
            "active",
        )
        widgets: ClassVar[dict[str, Any]] = {
            f"description_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in LANGUAGES
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "slug": gettext_lazy(
                "Latin letters, digits and hyphens, e.g. elections-2026. It cannot be changed later."
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{lang}") for lang in LANGUAGES):
            raise forms.ValidationError(_("Give the title in at least one language."))
        return data


class TagForm(forms.ModelForm[Tag]):
    class Meta:
        model = Tag
        fields = ("slug", *(f"name_{lang}" for lang in LANGUAGES), "active")
        help_texts: ClassVar[dict[str, Any]] = {
            "slug": gettext_lazy(
                "Latin letters, digits and hyphens, as imports write it. It cannot be changed later."
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"name_{lang}") for lang in LANGUAGES):
            raise forms.ValidationError(_("Give the name in at least one language."))
        return data


TOPICS: dict[str, tuple[type[models.Model], type[forms.ModelForm[Any]], Any]] = {
    "collections": (Collection, CollectionForm, gettext_lazy("Topic collections")),
    "tags": (Tag, TagForm, gettext_lazy("Tags")),
}


@role_required(Role.EDITOR)
def topic_list(request: AuthedRequest) -> HttpResponse:
    tables = [
        (kind, label, model._default_manager.annotate(incidents=Count("incident")))
        for kind, (model, _form, label) in TOPICS.items()
    ]
    return render(request, "monitoring/staff/topics.html", {"tables": tables})


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def topic_edit(request: AuthedRequest, kind: str, slug: str = "") -> HttpResponse:
    if kind not in TOPICS:
        raise Http404
    model, form_class, label = TOPICS[kind]
    instance = model._default_manager.filter(slug=slug).first() if slug else None
    if slug and instance is None:
        raise Http404
    form = form_class(request.POST or None, instance=instance)
    if instance is not None:
        form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            services.vocabulary_save(
                actor=request.user,
                row=form.save(commit=False),
                created=instance is None,
                fields=form.changed_data,
            )
            messages.success(request, _("Saved."))
        return redirect("monitoring:staff-topics")
    context = {"form": form, "label": label, "kind": kind, "instance": instance}
    return render(request, "monitoring/staff/topic_form.html", context)
