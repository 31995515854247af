"""Monitors' forms for the whole incident record: the incident itself, and one formset each for
victims, perpetrators, proceedings, sources, updates and appeals; the online violence details."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from qorgau.accounts.models import Role, User
from qorgau.core.models import Region
from qorgau.monitoring.models import (
    Appeal,
    Collection,
    Incident,
    IncidentPerpetrator,
    IncidentVictim,
    OnlineViolence,
    Outlet,
    Proceeding,
    ProceedingStatus,
    Source,
    Tag,
    Update,
    Victim,
    ViolationGroup,
    WarningSign,
)
from qorgau.monitoring.models_people import Gender, Medium, VictimRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def type_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Violation types grouped under their group, in the active language."""
    return [
        (group.name, [(kind.code, kind.name) for kind in group.types.all() if kind.active])
        for group in ViolationGroup.objects.prefetch_related("types")
    ]


class IncidentForm(forms.ModelForm[Incident]):
    types = forms.MultipleChoiceField(
        label=_("Violation types"), widget=forms.CheckboxSelectMultiple, required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.filter(active=True), required=False
    )
    related_numbers = forms.CharField(
        label=_("Related incidents"),
        required=False,
        help_text=_("Incident numbers, separated by commas."),
    )

    class Meta:
        model = Incident
        fields = (
            "title_kk",
            "title_ru",
            "title_en",
            "summary_kk",
            "summary_ru",
            "summary_en",
            "date",
            "date_precision",
            "end_date",
            "region",
            "settlement",
            "context",
            "impunity",
            "slapp_indicators",
            "tags",
            "collections",
            "internal_notes",
            "reporter_contact",
        )
        widgets: ClassVar[dict[str, Any]] = {
            "date": DATE,
            "end_date": DATE,
            "summary_kk": forms.Textarea(attrs={"rows": 4}),
            "summary_ru": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "reporter_contact": forms.Textarea(attrs={"rows": 2}),
            "tags": forms.CheckboxSelectMultiple,
            "collections": forms.CheckboxSelectMultiple,
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "internal_notes": _("Never shown outside the monitors' pages."),
            "reporter_contact": _("Never shown outside the monitors' pages."),
        }

    field_order = [*Meta.fields[:12], "types", "related_numbers"]  # noqa: RUF012 (read by Django once per form)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = type_choices()  # type: ignore[attr-defined]
        # Tags and collections not in use are not offered; an incident keeps those it has.
        for name, model in (("tags", Tag), ("collections", Collection)):
            kept = Q(pk__in=getattr(self.instance, name).all()) if self.instance.pk else Q()
            self.fields[name].queryset = model.objects.filter(  # type: ignore[attr-defined]
                Q(active=True) | kept
            )
        if self.instance.pk:
            self.initial["types"] = list(self.instance.type_links.values_list("type_id", flat=True))
            numbers = self.instance.related.order_by("pk").values_list("pk", flat=True)
            self.initial["related_numbers"] = ", ".join(map(str, numbers))

    def clean_related_numbers(self) -> list[int]:
        text = self.cleaned_data.get("related_numbers", "")
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(_("Write incident numbers separated by commas."))
        numbers = sorted({int(part) for part in parts} - {self.instance.pk})
        found = set(Incident.objects.filter(pk__in=numbers).values_list("pk", flat=True))
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("There is no incident number %(number)s.") % {"number": missing[0]}
            )
        return numbers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{lang}") for lang in ("kk", "ru", "en")):
            raise forms.ValidationError(_("Give the title in at least one language."))
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned values in the shape services.incident_create/update take."""
        data = self.cleaned_data
        skip = ("region", "tags", "collections")
        names = [name for name in self.Meta.fields if name not in skip]
        values = {name: data.get(name) for name in names}
        values["region_id"] = data["region"].pk if data.get("region") else None
        for name in ("title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en"):
            values[name] = values[name] or ""
        return values


class VictimForm(forms.ModelForm[IncidentVictim]):
    """One victim of the incident; edits the victim's own record (shared across incidents)."""

    existing = forms.ModelChoiceField(
        label=_("Existing record (id)"),
        queryset=Victim.objects.all(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("To link a person already recorded, give their record number."),
    )
    kind = forms.ChoiceField(
        label=_("Person or outlet"), choices=Victim.Kind.choices, initial=Victim.Kind.PERSON
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    consent_to_name = forms.BooleanField(label=_("Agrees to be named publicly"), required=False)
    contact = forms.CharField(
        label=_("Contact details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    employment = forms.ChoiceField(
        label=_("Staff or freelance"), choices=Victim.Employment.choices, required=False
    )
    medium = forms.ChoiceField(label=_("Medium"), choices=Medium.choices, required=False)
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)

    class Meta:
        model = IncidentVictim
        fields = ("role", "targeted_for_work")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = VictimRole.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            victim = self.instance.victim
            for name in ("kind", "name", "consent_to_name", "contact", "gender", "employment"):
                self.initial[name] = getattr(victim, name)
            self.initial["medium"] = victim.medium
            self.initial["outlet"] = victim.outlet.name if victim.outlet else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        existing = data.get("existing")
        incident_id = self.instance.incident_id if self.instance.incident_id else None
        if existing is not None and incident_id is not None:
            others = IncidentVictim.objects.filter(incident_id=incident_id, victim=existing)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("existing", _("This person is already linked to the incident."))
        return data

    def save(self, commit: bool = True) -> IncidentVictim:
        link = super().save(commit=False)
        data = self.cleaned_data
        victim = data.get("existing") or (link.victim if link.victim_id else Victim())
        if not data.get("existing"):
            for name in ("kind", "name", "consent_to_name", "contact", "gender", "employment"):
                setattr(
                    victim, name, data.get(name) or ("" if name != "consent_to_name" else False)
                )
            victim.medium = data.get("medium") or ""
            victim.role = link.role
            outlet_name = (data.get("outlet") or "").strip()
            if outlet_name:
                outlet = Outlet.objects.filter(name__iexact=outlet_name).first()
                victim.outlet = outlet or Outlet.objects.create(name=outlet_name)
            else:
                victim.outlet = None
            victim.save()
        link.victim = victim
        link.gender = victim.gender
        if commit:
            link.save()
        return link


class ProceedingForm(forms.ModelForm[Proceeding]):
    new_stage = forms.ChoiceField(
        label=_("Add a step"),
        choices=[("", "—"), *Proceeding.Stage.choices],
        required=False,
    )
    new_stage_date = forms.DateField(label=_("Date of the step"), required=False, widget=DATE)

    class Meta:
        model = Proceeding
        fields = (
            "kind",
            "provision",
            "initiator",
            "court",
            "case_number",
            "outcome",
            "sentence",
            "fine_kzt",
            "damages_claimed_kzt",
            "damages_awarded_kzt",
            "slapp_indicators",
            "defence_lawyer",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["defence_lawyer"]
        field.queryset = User.objects.filter(
            role_assignments__role=Role.LAWYER, is_active=True
        ).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_stage") and not data.get("new_stage_date"):
            self.add_error("new_stage_date", _("Give the date of the step."))
        return data

    def save(self, commit: bool = True) -> Proceeding:
        proceeding = super().save(commit=False)
        stage = self.cleaned_data.get("new_stage")
        if stage:
            proceeding.stage = stage
        if commit:
            proceeding.save()
            if stage:
                ProceedingStatus.objects.create(
                    proceeding=proceeding, stage=stage, date=self.cleaned_data["new_stage_date"]
                )
        return proceeding


class OnlineViolenceForm(forms.ModelForm[OnlineViolence]):
    platforms = forms.MultipleChoiceField(
        label=_("Platforms"),
        choices=OnlineViolence.Platform.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    impact = forms.MultipleChoiceField(
        label=_("Impact on the journalist"),
        choices=OnlineViolence.Impact.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    warning_signs = forms.ModelMultipleChoiceField(
        label=_("Escalation warning signs"),
        queryset=WarningSign.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    # Last: from here on, `forms` in this class body names the field, not the module.
    forms = forms.MultipleChoiceField(
        label=_("Forms"),
        choices=OnlineViolence.Form.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = OnlineViolence
        fields = (
            "forms",
            "platforms",
            "volume",
            "duration",
            "coordination",
            "gendered",
            "sexualised",
            "offline_harm",
            "offline_harm_description",
            "impact",
            "reported_to_platform",
            "platform_response",
            "reported_to_police",
            "police_response",
            "warning_signs",
        )
        # What the public page shows is OnlineViolence.PUBLIC_FIELDS; say so where it is typed.
        help_texts: ClassVar[dict[str, Any]] = {
            "offline_harm_description": _("Never shown outside the monitors' pages."),
            "platform_response": _("Shown on the public page of the incident."),
            "police_response": _("Shown on the public page of the incident."),
        }

    def has_content(self) -> bool:
        data = self.cleaned_data
        return any(bool(value) for value in data.values())


def _formset(model: type[Any], form: type[forms.ModelForm[Any]] | None = None, **kw: Any) -> Any:
    # One blank row each; Django skips it unless something was typed into it.
    options: dict[str, Any] = {"extra": 1, "can_delete": True}
    if form is not None:
        options["form"] = form
    return inlineformset_factory(Incident, model, **options, **kw)


VictimFormSet = _formset(IncidentVictim, VictimForm)
PerpetratorFormSet = _formset(IncidentPerpetrator, fields=("kind", "confidence", "description"))
ProceedingFormSet = _formset(Proceeding, ProceedingForm)
SourceFormSet = _formset(
    Source,
    fields=("title", "url", "outlet", "date", "archive_url"),
    widgets={"date": DATE},
)
UpdateFormSet = _formset(
    Update,
    fields=("date", "text_kk", "text_ru", "text_en"),
    widgets={
        "date": DATE,
        "text_kk": forms.Textarea(attrs={"rows": 2}),
        "text_ru": forms.Textarea(attrs={"rows": 2}),
        "text_en": forms.Textarea(attrs={"rows": 2}),
    },
)
AppealFormSet = _formset(
    Appeal,
    fields=("kind", "date", "body", "text", "url"),
    widgets={"date": DATE, "text": forms.Textarea(attrs={"rows": 2})},
)

FORMSETS: tuple[tuple[str, Any, Any], ...] = (
    ("victims", VictimFormSet, _("Victims")),
    ("perpetrators", PerpetratorFormSet, _("Perpetrators")),
    ("proceedings", ProceedingFormSet, _("Legal proceedings")),
    ("sources", SourceFormSet, _("Sources")),
    ("updates", UpdateFormSet, _("Updates")),
    ("appeals", AppealFormSet, _("Appeals and state responses")),
)


class MergeForm(forms.Form):
    keep = forms.IntegerField(label=_("Keep record number"), min_value=1)
    merge = forms.IntegerField(label=_("Merge and delete record number"), min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") and data.get("keep") == data.get("merge"):
            raise forms.ValidationError(_("Choose two different records to merge."))
        return data


class DuplicateForm(forms.Form):
    of = forms.IntegerField(label=_("Duplicate of incident number"), min_value=1)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ReportForm(forms.Form):
    """The public "report an incident" form. Nothing about the visitor is asked but what they
    choose to give; the contact field is optional and never public."""

    title = forms.CharField(label=_("What happened, in one line"), max_length=300)
    what_happened = forms.CharField(
        label=_("Describe what happened"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who was affected, where, what was done, by whom, and links if there are any."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    date_precision = forms.ChoiceField(
        label=_("How exact is the date?"),
        choices=Incident.Precision.choices,
        initial=Incident.Precision.DAY,
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.filter(active=True), required=False
    )
    settlement = forms.CharField(label=_("City or village"), max_length=120, required=False)
    victim_role = forms.ChoiceField(
        label=_("Who was affected"),
        choices=[("", _("not specified")), *VictimRole.choices],
        required=False,
    )
    contact = forms.CharField(
        label=_("How can we reach you? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Leave empty to stay anonymous. Only the monitors see it; it is never published."
        ),
    )
    challenge = forms.CharField(widget=forms.HiddenInput)
    proof = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    answer = forms.CharField(label=_("Answer"), max_length=10, required=False)

    def clean(self) -> dict[str, Any]:
        from qorgau.monitoring import antibot

        data = super().clean() or {}
        token = data.get("challenge", "")
        if not antibot.passed(token, proof=data.get("proof", ""), answer=data.get("answer", "")):
            self.add_error(
                "answer", _("Please answer the question (the check against automated spam).")
            )
        return data
