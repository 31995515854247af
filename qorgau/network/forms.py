"""Forms of the network: joining, endorsing, deciding, profiles, absences, the rota, organisations,
and the one filter definition of the lawyer lists (public page, staff page and API)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import Region
from qorgau.network import queries
from qorgau.network.models import (
    Expertise,
    LawyerProfile,
    MembershipApplication,
    Organisation,
    WorkingLanguage,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _regions() -> QuerySet[Region]:
    return Region.objects.filter(active=True)


class RegionChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("If you are accepted, the invitation to sign in is sent here."),
    )
    bar_licence_number = forms.CharField(label=_("Bar licence number"), max_length=40)
    bar_licence_body = forms.CharField(
        label=_("Licensing body"),
        max_length=200,
        help_text=_("For example, the regional bar association."),
    )
    licence_valid_until = forms.DateField(
        label=_("Licence valid until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for a licence without an expiry date."),
    )
    regions = RegionChoice(
        label=_("Regions where you work"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=WorkingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.CharField(
        label=_("Why you want to join, and your work for journalists so far"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = _regions()  # type: ignore[attr-defined]

    def clean_licence_valid_until(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data["licence_valid_until"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("This licence has expired."))
        return value


class EndorseForm(forms.Form):
    note = forms.CharField(
        label=_("What you know of the applicant's work"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=MembershipApplication.Decision.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reasons are kept with the decision."),
        error_messages={"required": _("Give the reasons for the decision.")},
    )


class ProfileForm(forms.ModelForm[LawyerProfile]):
    """What a lawyer changes about themself."""

    regions = RegionChoice(
        label=_("Regions"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=WorkingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    max_active_cases = forms.IntegerField(
        label=_("Maximum active cases"), min_value=0, max_value=50
    )

    class Meta:
        model = LawyerProfile
        fields: tuple[str, ...] = (
            "regions",
            "languages",
            "expertise",
            "max_active_cases",
            "accepts_new_cases",
            "public_profile_consent",
            "public_bio_kk",
            "public_bio_ru",
            "public_bio_en",
        )
        widgets: dict[str, forms.Widget] = {  # noqa: RUF012
            "public_bio_kk": forms.Textarea(attrs={"rows": 3}),
            "public_bio_ru": forms.Textarea(attrs={"rows": 3}),
            "public_bio_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = _regions()  # type: ignore[attr-defined]

    def profile_data(self) -> dict[str, Any]:
        """The changed values for the service (regions go apart: they are a relation)."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "regions" and name in self.cleaned_data
        }


class CoordinatorProfileForm(ProfileForm):
    """A coordinator also keeps the licence and the membership up to date."""

    class Meta(ProfileForm.Meta):
        fields = (
            *ProfileForm.Meta.fields,
            "bar_licence_number",
            "bar_licence_body",
            "licence_valid_until",
            "organisation",
            "active",
        )
        widgets = {**ProfileForm.Meta.widgets, "licence_valid_until": DATE}  # noqa: RUF012


class AbsenceForm(forms.Form):
    starts = forms.DateField(label=_("From"), widget=DATE)
    ends = forms.DateField(label=_("To (inclusive)"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            raise forms.ValidationError(_("The absence ends before it starts."))
        return data


class LawyerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DutyShiftForm(forms.Form):
    lawyer = LawyerChoice(
        label=_("Lawyer"), queryset=LawyerProfile.objects.none(), empty_label=_("choose a lawyer")
    )
    starts = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends = forms.DateTimeField(label=_("Ends"), widget=DATETIME)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = queries.current_lawyers()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            raise forms.ValidationError(_("The shift ends before it starts."))
        return data


class OrganisationForm(forms.ModelForm[Organisation]):
    referral_areas = forms.MultipleChoiceField(
        label=_("Areas it takes referrals in"),
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = (
            "name",
            "kind",
            "country",
            "website",
            "contact_email",
            "description_kk",
            "description_ru",
            "description_en",
            "referral_areas",
            "accepts_referrals",
            "public",
        )
        widgets = {  # noqa: RUF012
            "description_kk": forms.Textarea(attrs={"rows": 3}),
            "description_ru": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }


# --- The filter of the lawyer lists.


class DirectoryFilter(forms.Form):
    """Filters of the public directory (the page and GET /api/v1/network/lawyers)."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("any language")), *WorkingLanguage.choices],
    )
    expertise = forms.ChoiceField(
        label=_("Expertise"), required=False, choices=[("", _("any expertise")), *Expertise.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = _regions()  # type: ignore[attr-defined]
        region.empty_label = _("any region")  # type: ignore[attr-defined]
        region.label_from_instance = lambda obj: str(obj.name)  # type: ignore[attr-defined]

    def apply(self, lawyers: QuerySet[LawyerProfile]) -> QuerySet[LawyerProfile]:
        """The filtered lawyers; an invalid filter shows nobody rather than everybody."""
        if not self.is_valid():
            return lawyers.none()
        data = self.cleaned_data
        if data.get("region"):
            lawyers = lawyers.filter(regions=data["region"])
        if data.get("language"):
            lawyers = queries.with_list_value(lawyers, "languages", data["language"])
        if data.get("expertise"):
            lawyers = queries.with_list_value(lawyers, "expertise", data["expertise"])
        return lawyers


class LawyerFilter(DirectoryFilter):
    """The staff directory adds a name search, availability today and duty now."""

    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    available = forms.BooleanField(label=_("Available today"), required=False)
    on_duty = forms.BooleanField(label=_("On duty now"), required=False)

    field_order = ("q", "region", "language", "expertise", "available", "on_duty")

    def apply(self, lawyers: QuerySet[LawyerProfile]) -> QuerySet[LawyerProfile]:
        lawyers = super().apply(lawyers)
        if not self.is_valid():
            return lawyers
        data = self.cleaned_data
        if data.get("q"):
            from django.db.models import Q

            text = data["q"].strip()
            lawyers = lawyers.filter(
                Q(user__full_name__icontains=text) | Q(user__email__icontains=text)
            )
        if data.get("available"):
            available = queries.lawyers_available(on=timezone.localdate()).values("pk")
            lawyers = lawyers.filter(pk__in=available)
        if data.get("on_duty"):
            on_duty = queries.lawyers_on_duty(at=timezone.now()).values("pk")
            lawyers = lawyers.filter(pk__in=on_duty)
        return lawyers
