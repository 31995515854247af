"""The one filter over published incidents: the list page, the API, the exports, the statistics,
the charts and the monthly report all read it, so a figure is always the count of its list.

Within one facet the chosen values are alternatives (region Almaty OR Astana); facets combine
(region AND type). Dates follow the rule in `date_condition`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qorgau.core.i18n import active_language
from qorgau.monitoring import fulltext
from qorgau.monitoring.models import (
    Incident,
    IncidentType,
    Rollup,
)
from qorgau.monitoring.models_people import Gender, IncidentPerpetrator, IncidentVictim, VictimRole
from qorgau.monitoring.models_record import Proceeding

VOCABULARY_SECONDS = 300
UNKNOWN = "unknown"  # the key of "not known" (empty gender, no region) in filters and figures
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_PROVISION_PREFIX = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?::[0-9a-z]+(?:-[0-9]+)*){0,3}$")


# --- vocabularies, cached: every filter form needs them and they change rarely ------------------


@dataclass(frozen=True)
class Term:
    code: str
    names: tuple[str, str, str]  # kk, ru, en
    parent: str = ""  # a type's group
    flag: str = ""  # a type's roll-up; "state" for a state perpetrator

    @property
    def label(self) -> str:
        kk, ru, en = self.names
        by_language = {"kk": kk, "ru": ru, "en": en}
        return by_language.get(active_language()) or ru or kk or en or self.code


def vocabulary() -> dict[str, dict[str, Term]]:
    """Regions, violation groups and types, perpetrator kinds, collections, by code (cached five
    minutes; the vocabulary pages forget it when they save). A collection's `flag` is "retired"
    when it is no longer in use."""
    found: dict[str, dict[str, Term]] | None = cache.get("monitoring:vocabulary")
    if found is None:
        from qorgau.core.models import Region
        from qorgau.monitoring.models import (
            Collection,
            PerpetratorKind,
            ViolationGroup,
            ViolationType,
        )

        def names(row: Any) -> tuple[str, str, str]:
            return (row.name_kk, row.name_ru, row.name_en)

        found = {
            "region": {r.code: Term(r.code, names(r)) for r in Region.objects.filter(active=True)},
            "group": {g.code: Term(g.code, names(g)) for g in ViolationGroup.objects.all()},
            "type": {
                t.code: Term(t.code, names(t), parent=t.group_id, flag=t.rollup)
                for t in ViolationType.objects.all()
            },
            "perpetrator": {
                p.code: Term(p.code, names(p), flag="state" if p.is_state else "")
                for p in PerpetratorKind.objects.all()
            },
            "collection": {
                c.slug: Term(
                    c.slug, (c.title_kk, c.title_ru, c.title_en), flag="" if c.active else "retired"
                )
                for c in Collection.objects.all()
            },
        }
        cache.set("monitoring:vocabulary", found, VOCABULARY_SECONDS)
    return found


def forget_vocabulary() -> None:
    cache.delete("monitoring:vocabulary")


# --- fields ------------------------------------------------------------------------------------


class PartialDateField(forms.CharField):
    """A date as YYYY-MM-DD, or only YYYY-MM or YYYY: the start of the period when used as "from",
    its end when used as "to"."""

    def __init__(self, *, end: bool, **kwargs: Any) -> None:
        self.end = end
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "2026-10-31", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        match = _PARTIAL_DATE.match(text)
        message = gettext("Enter a date as YYYY-MM-DD, YYYY-MM or YYYY.")
        if not match:
            raise forms.ValidationError(message, code="date")
        year = int(match.group(1))
        month, day = (int(part) if part else None for part in match.groups()[1:])
        try:
            if month is None:
                return date(year, 12, 31) if self.end else date(year, 1, 1)
            if day is None:
                last = calendar.monthrange(year, month)[1]
                return date(year, month, last if self.end else 1)
            return date(year, month, day)
        except ValueError as error:
            raise forms.ValidationError(
                gettext("There is no such date: %(value)s.") % {"value": text}, code="date"
            ) from error

    def validate(self, value: Any) -> None:
        pass

    def run_validators(self, value: Any) -> None:
        pass


def _multiple(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, required=False, widget=forms.CheckboxSelectMultiple
    )


SORTS = {
    "": ("-date", "-id"),
    "date": ("date", "id"),
    "published": ("-published_at", "-id"),
}


class IncidentFilter(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    date_from = PartialDateField(label=_("From"), end=False)
    date_to = PartialDateField(label=_("To"), end=True)
    region = _multiple(_("Region"))
    group = _multiple(_("Group of violations"))
    type = _multiple(_("Violation"))
    rollup = _multiple(_("Kind of violation"))
    victim_role = _multiple(_("Who was targeted"))
    victim_gender = _multiple(_("Gender of those targeted"))
    perpetrator = _multiple(_("Perpetrator"))
    perpetrator_state = forms.ChoiceField(
        label=_("State or non-state perpetrator"),
        required=False,
        choices=[("", _("either")), ("state", _("state")), ("non_state", _("non-state"))],
    )
    context = _multiple(_("Context"))
    provision = forms.CharField(
        label=_("Provision charged"),
        required=False,
        max_length=40,
        help_text=_("A citation key or its beginning: kz-cc:274 also finds kz-cc:274:2."),
    )
    verification = _multiple(_("Verification"))
    collection = _multiple(_("Collection"))
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("", _("newest first")),
            ("date", _("oldest first")),
            ("published", _("recently published")),
        ],
    )

    FACETS = (
        "region",
        "group",
        "type",
        "rollup",
        "victim_role",
        "victim_gender",
        "perpetrator",
        "context",
        "verification",
        "collection",
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        terms = vocabulary()
        fields = self.fields
        for name in ("region", "group", "type", "perpetrator"):
            choices = [(t.code, t.label) for t in terms[name].values()]
            if name == "region":
                choices.sort(key=lambda pair: pair[1])
                choices.append((UNKNOWN, gettext("region not known")))
            fields[name].choices = choices  # type: ignore[attr-defined]
        fields["rollup"].choices = Rollup.choices  # type: ignore[attr-defined]
        fields["victim_role"].choices = VictimRole.choices  # type: ignore[attr-defined]
        fields["victim_gender"].choices = [  # type: ignore[attr-defined]
            (value or UNKNOWN, label) for value, label in Gender.choices
        ]
        fields["context"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Incident.Context.choices if value
        ]
        fields["verification"].choices = Incident.Verification.choices  # type: ignore[attr-defined]
        # A retired collection is not offered, but an old link to it still works.
        asked = set(self.data.getlist("collection")) if hasattr(self.data, "getlist") else set()
        fields["collection"].choices = [  # type: ignore[attr-defined]
            (t.code, t.label) for t in terms["collection"].values() if not t.flag or t.code in asked
        ]

    def clean_provision(self) -> str:
        value = str(self.cleaned_data.get("provision") or "").strip().lower()
        if value and not _PROVISION_PREFIX.match(value):
            raise forms.ValidationError(
                gettext("“%(value)s” is not a citation key such as kz-cc:274 or kz-cc:274:2.")
                % {"value": value},
                code="provision",
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(gettext("The start date is after the end date."))
        return data

    # --- applying --------------------------------------------------------------------------

    def apply(self, incidents: QuerySet[Incident] | None = None) -> QuerySet[Incident]:
        """The published incidents that match; an invalid filter matches nothing."""
        base = (incidents if incidents is not None else Incident.objects.all()).filter(
            status=Incident.Status.PUBLISHED
        )
        if not self.is_valid():
            return base.none()
        return base.filter(self.condition()).order_by(*SORTS[self.cleaned_data.get("sort") or ""])

    def condition(self) -> Q:
        data = self.cleaned_data
        q = date_condition(data.get("date_from"), data.get("date_to"))
        if data.get("region"):
            codes = [c for c in data["region"] if c != UNKNOWN]
            region = Q(region_id__in=codes) if codes else Q(pk__in=[])
            if UNKNOWN in data["region"]:
                region |= Q(region__isnull=True)
            q &= region
        if data.get("context"):
            q &= Q(context__in=data["context"])
        if data.get("verification"):
            q &= Q(verification__in=data["verification"])
        links = IncidentType.objects.values("incident_id")
        if data.get("group"):
            q &= Q(pk__in=links.filter(group_id__in=data["group"]))
        if data.get("type"):
            q &= Q(pk__in=links.filter(type_id__in=data["type"]))
        if data.get("rollup"):
            q &= Q(pk__in=links.filter(type__rollup__in=data["rollup"]))
        victims = IncidentVictim.objects.values("incident_id")
        if data.get("victim_role"):
            q &= Q(pk__in=victims.filter(role__in=data["victim_role"]))
        if data.get("victim_gender"):
            genders = ["" if g == UNKNOWN else g for g in data["victim_gender"]]
            q &= Q(pk__in=victims.filter(gender__in=genders))
        perpetrators = IncidentPerpetrator.objects.values("incident_id")
        if data.get("perpetrator"):
            q &= Q(pk__in=perpetrators.filter(kind_id__in=data["perpetrator"]))
        if data.get("perpetrator_state"):
            is_state = data["perpetrator_state"] == "state"
            q &= Q(pk__in=perpetrators.filter(is_state=is_state))
        if data.get("provision"):
            q &= Q(pk__in=provision_condition(data["provision"]))
        if data.get("collection"):
            members = Incident.collections.through.objects.filter(
                collection__slug__in=data["collection"]
            )
            q &= Q(pk__in=members.values("incident_id"))
        if data.get("q"):
            words = fulltext.matching(data["q"])
            if words is not None:
                q &= words
        return q

    # --- describing ------------------------------------------------------------------------

    def is_active(self) -> bool:
        if not self.is_valid():
            return False
        return any(v for k, v in self.cleaned_data.items() if k != "sort")

    def summary(self) -> list[str]:
        """The active filter in words, in the visitor's language (shown above the list and the
        figures, written into exports and reports)."""
        if not self.is_valid():
            return []
        data = self.cleaned_data
        parts: list[str] = []
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            parts.append(
                gettext("Dates: from %(start)s to %(end)s")
                % {"start": date_format(start), "end": date_format(end)}
            )
        elif start:
            parts.append(gettext("Dates: from %(start)s") % {"start": date_format(start)})
        elif end:
            parts.append(gettext("Dates: until %(end)s") % {"end": date_format(end)})
        if data.get("q"):
            parts.append(gettext("Words: «%(words)s»") % {"words": data["q"]})
        for name in self.FACETS:
            values = data.get(name)
            if values:
                field = self.fields[name]
                shown = dict(field.choices)  # type: ignore[attr-defined]
                labels = ", ".join(str(shown.get(v, v)) for v in values)
                parts.append(
                    gettext("%(facet)s: %(values)s") % {"facet": field.label, "values": labels}
                )
        if data.get("perpetrator_state"):
            field = self.fields["perpetrator_state"]
            shown = dict(field.choices)  # type: ignore[attr-defined]
            parts.append(
                gettext("%(facet)s: %(values)s")
                % {"facet": field.label, "values": shown[data["perpetrator_state"]]}
            )
        if data.get("provision"):
            parts.append(gettext("Provision: %(key)s") % {"key": data["provision"]})
        return parts

    def query(self, **changes: Any) -> str:
        """The filter as a query string (for links to the figures, the API and the exports)."""
        params = QueryDict(mutable=True)
        if self.is_bound:
            for name in self.fields:
                for value in self.data.getlist(name) if hasattr(self.data, "getlist") else []:
                    if value:
                        params.appendlist(name, value)
        for name, value in changes.items():
            params.pop(name, None)
            if value:
                params[name] = value
        return params.urlencode()

    def errors_as_details(self) -> list[dict[str, str]]:
        return [
            {"field": name if name != "__all__" else "", "problem": str(message)}
            for name, messages in self.errors.items()
            for message in messages
        ]


def date_condition(start: date | None, end: date | None) -> Q:
    """Fuzzy dates. An incident known to the day matches when that day lies in the range. One known
    only to the month (stored as the 1st) matches when that month overlaps the range, so
    "2026-10" matches a filter from 2026-10-15 to 2026-10-31. One known only to the year (stored
    as 1 January) matches when the range covers that whole year: such incidents are counted apart
    from the months on the charts, and a month's bar must stay the count of that month's list.
    Each clause is a range or equality on `date`, which the (status, date) index serves."""
    if start is None and end is None:
        return Q()
    condition = Q()
    if start is not None:
        condition &= Q(date__gte=start)
    if end is not None:
        condition &= Q(date__lte=end)
        last_whole_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
        condition &= ~Q(
            date_precision=Incident.Precision.YEAR, date__gt=date(last_whole_year, 12, 31)
        )
    if start is not None and start.day != 1:
        # the month that began before `start` and runs into the range (its 1st is ≤ end too)
        condition |= Q(date_precision=Incident.Precision.MONTH, date=start.replace(day=1))
    return condition


def provision_condition(prefix: str) -> QuerySet[Proceeding, Any]:
    """Incidents with a proceeding under this provision or any part of it: kz-cc:274 matches
    kz-cc:274, kz-cc:274:2 and kz-cc:274:2:1 but not kz-cc:2741. Written as a key range (":" is
    followed by ";" in ASCII) so the index on the provision serves it."""
    proceedings = Proceeding.objects.filter(
        Q(provision=prefix) | Q(provision__gte=prefix + ":", provision__lt=prefix + ";")
    )
    return proceedings.order_by().values("incident_id")


def filter_from(params: Any) -> IncidentFilter:
    """The filter for a request's query parameters (a QueryDict, or a dict for the report)."""
    if isinstance(params, dict):
        data = QueryDict(mutable=True)
        for key, value in params.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                if item not in (None, ""):
                    data.appendlist(key, str(item))
        params = data
    return IncidentFilter(params)
