"""Forms of the public intake and of the coordinator's reply. Sensitive fields never autocomplete:
a shared or seized browser must not offer what was typed here to the next person."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qorgau.core.crypto import reporting_public_key
from qorgau.core.models import Region
from qorgau.helpdesk.intake import IntakeContent, IntakeFacts
from qorgau.helpdesk.models import DemographicAnswer, HelpRequest

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

FORM_TOKEN_SALT = "qorgau.helpdesk.form"  # noqa: S105 - a signing namespace, not a secret
PRIVATE = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
DATE_ERRORS = {"invalid": _("Enter a date as day, month and year, for example 2026-03-15.")}


def new_form_token() -> str:
    """A signed one-time token: the same form sent twice (a double click, a retry on a slow
    connection) makes one request. Nothing is stored until the form is sent."""
    return signing.dumps(secrets.token_urlsafe(18), salt=FORM_TOKEN_SALT)


def read_form_token(token: str) -> str | None:
    try:
        nonce: str = signing.loads(
            token, salt=FORM_TOKEN_SALT, max_age=settings.HELPDESK_FORM_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return nonce


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **PRIVATE})


def _counted_only(label: str | _StrPromise, choices: type[models.TextChoices]) -> forms.ChoiceField:
    """One optional demographic question (P3): only asked with a reporting key configured."""
    return forms.ChoiceField(
        label=label,
        choices=[("", _("No answer")), *choices.choices],
        required=False,
        widget=forms.Select(attrs={"autocomplete": "off"}),
    )


class IntakeForm(forms.Form):
    requester_kind = forms.ChoiceField(
        label=_("Who is asking?"),
        choices=[("", _("I prefer not to say")), *HelpRequest.RequesterKind.choices],
        required=False,
    )
    name = forms.CharField(
        label=_("Your name or pseudonym"),
        help_text=_("Optional. You can stay anonymous."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=PRIVATE),
    )
    organisation = forms.CharField(
        label=_("Media outlet or organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=PRIVATE),
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_(
            "The only required field. Who did what, when and where; what you published, if it "
            "is about a publication; what you have received (summons, claim, charge)."
        ),
        max_length=20_000,
        widget=_textarea(10),
        error_messages={"required": _("Describe what happened: it is the only required field.")},
    )
    forum = forms.ChoiceField(
        label=_("What kind of proceedings?"),
        choices=HelpRequest.Forum.choices,
        initial=HelpRequest.Forum.UNKNOWN,
        required=False,
    )
    detained = forms.BooleanField(label=_("Someone is detained right now"), required=False)
    next_hearing = forms.DateField(
        label=_("Next hearing or summons"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    next_deadline = forms.DateField(
        label=_("Next deadline (appeal, reply, payment)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    help_wanted = forms.MultipleChoiceField(
        label=_("What help do you need?"),
        choices=HelpRequest.Help.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(active=True),
        empty_label=_("Not stated"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language for our answer"),
        choices=[("", _("Any")), *HelpRequest.Language.choices],
        required=False,
    )
    has_lawyer = forms.ChoiceField(
        label=_("Do you already have a lawyer?"),
        choices=[("", _("Not stated")), ("yes", _("yes")), ("no", _("no"))],
        required=False,
    )
    contact = forms.CharField(
        label=_("A safe way to contact you"),
        help_text=_(
            "Optional. For example an e-mail address or a messenger account that only you read. "
            "Without it, we answer on this site: come back with your receipt code."
        ),
        max_length=1000,
        required=False,
        widget=_textarea(2),
    )
    contact_time = forms.CharField(
        label=_("When is it safe to contact you?"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=PRIVATE),
    )
    links = forms.CharField(
        label=_("Links to the publication concerned"),
        max_length=5000,
        required=False,
        widget=_textarea(3),
    )
    gender = _counted_only(_("Gender"), DemographicAnswer.Gender)
    age_group = _counted_only(_("Age"), DemographicAnswer.AgeGroup)
    work = _counted_only(_("Your work in the media"), DemographicAnswer.Work)
    place = _counted_only(_("Where do you live?"), DemographicAnswer.Place)
    form_token = forms.CharField(widget=forms.HiddenInput)

    DEMOGRAPHIC_FIELDS = tuple(question for question, _choices in DemographicAnswer.QUESTIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Without the offline key the answers could not be sealed: then they are not asked.
        self.asks_demographics = reporting_public_key() is not None
        if not self.asks_demographics:
            for name in self.DEMOGRAPHIC_FIELDS:
                del self.fields[name]

    def demographic_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DEMOGRAPHIC_FIELDS if name in self.fields]

    def demographics(self) -> dict[str, str]:
        """The questions answered (none when they were not asked)."""
        if not self.asks_demographics:
            return {}
        data: dict[str, Any] = self.cleaned_data
        return {name: str(data[name]) for name in self.DEMOGRAPHIC_FIELDS if data.get(name)}

    def _check_date(self, name: str) -> date | None:
        value: date | None = self.cleaned_data.get(name)
        if value is None:
            return None
        today = timezone.localdate()
        if value < today - timedelta(days=366):
            raise forms.ValidationError(_("This date is more than a year ago: check the year."))
        if value > today + timedelta(days=5 * 366):
            raise forms.ValidationError(
                _("This date is more than five years ahead: check the year.")
            )
        return value

    def clean_next_hearing(self) -> date | None:
        return self._check_date("next_hearing")

    def clean_next_deadline(self) -> date | None:
        return self._check_date("next_deadline")

    def clean_description(self) -> str:
        text = str(self.cleaned_data["description"]).strip()
        if not text:
            raise forms.ValidationError(_("Describe what happened: it is the only required field."))
        return text

    def facts(self) -> IntakeFacts:
        data: dict[str, Any] = self.cleaned_data
        region = data.get("region")
        has_lawyer = {"yes": True, "no": False}.get(data.get("has_lawyer") or "")
        return IntakeFacts(
            forum=data.get("forum") or HelpRequest.Forum.UNKNOWN,
            requester_kind=data.get("requester_kind") or "",
            help_wanted=list(data.get("help_wanted") or []),
            region_id=region.pk if region else None,
            language=data.get("language") or "",
            detained=bool(data.get("detained")),
            next_hearing=data.get("next_hearing"),
            next_deadline=data.get("next_deadline"),
            has_lawyer=has_lawyer,
        )

    def content(self) -> IntakeContent:
        data: dict[str, Any] = self.cleaned_data
        return IntakeContent(
            description=data["description"],
            name=data.get("name", ""),
            organisation=data.get("organisation", ""),
            contact=data.get("contact", ""),
            contact_time=data.get("contact_time", ""),
            links=data.get("links", ""),
        )


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_("20 letters and digits. Spaces, dashes and small letters do not matter."),
        max_length=64,
        widget=forms.TextInput(attrs={**PRIVATE, "inputmode": "text", "size": 26}),
        error_messages={"required": _("Type your receipt code.")},
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=20_000,
        required=False,
        widget=_textarea(5),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the requester"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the reply first.")},
    )
