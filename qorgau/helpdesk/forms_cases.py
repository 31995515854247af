"""Forms of triage and case management, and the one filter definition of the queue and of the
case list (pages and exports use the same `apply`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qorgau.core.models import Region
from qorgau.helpdesk.models import (
    Case,
    CaseNote,
    CaseOffer,
    CriticalDate,
    Hearing,
    HelpRequest,
    Party,
    Proceeding,
    TriageAssessment,
)
from qorgau.network.models import Organisation

ANY = [("", _("any"))]


class QueueFilter(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("any")
    )
    forum = forms.ChoiceField(
        label=_("Forum"), choices=ANY + HelpRequest.Forum.choices, required=False
    )
    requester_kind = forms.ChoiceField(
        label=_("Who is asking"), choices=ANY + HelpRequest.RequesterKind.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("open requests")), *HelpRequest.Status.choices],
        required=False,
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)

    def apply(self, requests: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
        """The filtered queue; an invalid filter shows nothing rather than everything."""
        from qorgau.helpdesk.queries import OPEN_STATUSES

        if not self.is_valid():
            return requests.none()
        data = self.cleaned_data
        if data["region"]:
            requests = requests.filter(region=data["region"])
        if data["forum"]:
            requests = requests.filter(forum=data["forum"])
        if data["requester_kind"]:
            requests = requests.filter(requester_kind=data["requester_kind"])
        if data["status"]:
            requests = requests.filter(status=data["status"])
        else:
            requests = requests.filter(status__in=OPEN_STATUSES, case__isnull=True)
        if data["urgent"]:
            requests = requests.filter(urgent_flag=True)  # type: ignore[misc]
        return requests


class CaseFilter(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=ANY + Case.Stage.choices, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=ANY + Case.Kind.choices, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("any")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("any")), ("open", _("open")), ("closed", _("closed"))],
        required=False,
    )

    def apply(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        if not self.is_valid():
            return cases.none()
        data = self.cleaned_data
        if data["stage"]:
            cases = cases.filter(stage=data["stage"])
        if data["kind"]:
            cases = cases.filter(kind=data["kind"])
        if data["region"]:
            cases = cases.filter(region=data["region"])
        if data["status"] == "open":
            cases = cases.filter(closed_at__isnull=True)
        elif data["status"] == "closed":
            cases = cases.filter(closed_at__isnull=False)
        return cases


class TriageForm(forms.Form):
    journalistic_function = forms.ChoiceField(
        label=_("Does the requester do journalism?"),
        choices=TriageAssessment.Answer.choices,
        widget=forms.RadioSelect,
    )
    journalism_link = forms.ChoiceField(
        label=_("Is the legal action linked to the journalism?"),
        choices=TriageAssessment.Answer.choices,
        widget=forms.RadioSelect,
    )
    public_interest = forms.ChoiceField(
        label=_("Public interest"), choices=TriageAssessment.Level.choices
    )
    jurisdiction = forms.ChoiceField(
        label=_("Jurisdiction"), choices=TriageAssessment.Jurisdiction.choices
    )
    risk = forms.ChoiceField(
        label=_("Risk to the requester"), choices=TriageAssessment.Level.choices
    )
    strategic = forms.ChoiceField(
        label=_("Strategic-litigation potential"), choices=TriageAssessment.Level.choices
    )
    reasoning = forms.CharField(
        label=_("Reasoning"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("Encrypted: only people with access to the request can read it."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=TriageAssessment.Decision.choices, widget=forms.RadioSelect
    )
    refer_to = forms.ModelChoiceField(
        label=_("Refer to"),
        queryset=Organisation.objects.filter(accepts_referrals=True),
        required=False,
        empty_label="—",
    )
    reason = forms.CharField(
        label=_("Reason for a decline or a referral"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision in TriageAssessment.NEEDS_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why: a decline or a referral needs a reason."))
        if decision == TriageAssessment.Decision.REFER and not data.get("refer_to"):
            self.add_error("refer_to", _("Choose the organisation to refer the request to."))
        return data


class CaseOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Case.Kind.choices)
    forum = forms.ChoiceField(label=_("Forum"), choices=Case.Forum.choices, initial="unknown")
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label="—"
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", "—"), ("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        required=False,
    )
    detained = forms.BooleanField(label=_("Someone is detained"), required=False)
    risk = forms.ChoiceField(label=_("Risk"), choices=Case.Risk.choices, initial="medium")
    strategic = forms.BooleanField(label=_("Strategic litigation"), required=False)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        help_text=_("Encrypted with the case's key."),
    )


class CaseEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Case.Kind.choices)
    forum = forms.ChoiceField(label=_("Forum"), choices=Case.Forum.choices)
    stage = forms.ChoiceField(label=_("Stage"), choices=Case.Stage.choices)
    risk = forms.ChoiceField(label=_("Risk"), choices=Case.Risk.choices)
    strategic = forms.BooleanField(label=_("Strategic litigation"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label="—"
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Case.Outcome.choices], required=False
    )
    impact = forms.MultipleChoiceField(
        label=_("Impact"),
        choices=Case.Impact.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class OfferForm(forms.Form):
    lawyer = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Summary for the lawyer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_(
            "What the lawyer reads before accepting: the kind of case, forum, region and dates. "
            "Leave out names and anything that identifies the requester."
        ),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=CaseOffer.DeclineReason.choices)
    note = forms.CharField(
        label=_("Note for the coordinator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
    )


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices)
    kind = forms.ChoiceField(label=_("Person or organisation"), choices=Party.Kind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class ConflictNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name to check"),
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ConflictDecisionForm(forms.Form):
    check = forms.IntegerField(widget=forms.HiddenInput)
    conflict = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("0", _("no conflict")), ("1", _("conflict"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProceedingForm(forms.Form):
    body = forms.CharField(label=_("Court or body"), max_length=200)
    instance = forms.ChoiceField(label=_("Instance"), choices=Proceeding.Instance.choices)
    external_number = forms.CharField(
        label=_("Case number there"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    judge_name = forms.CharField(
        label=_("Judge"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    started_on = forms.DateField(
        label=_("Started on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class HearingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Hearing.Mode.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    monitoring_requested = forms.BooleanField(label=_("Ask for trial monitoring"), required=False)


class HearingResultForm(forms.Form):
    hearing = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.CharField(
        label=_("Result"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CriticalDateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CriticalDate.Kind.choices)
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    start = forms.DateField(
        label=_("Counted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due = forms.DateField(
        label=_("Due date (when no rule applies)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from qorgau.helpdesk.critical_dates import date_rules

        super().__init__(*args, **kwargs)
        rule_field: Any = self.fields["rule"]
        rule_field.choices = [
            ("", _("no rule: I give the date")),
            *[(rule.key, rule.label) for rule in date_rules().values()],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rule") and not data.get("start"):
            self.add_error("start", _("A rule counts from a date: give it."))
        if not data.get("rule") and not data.get("due"):
            self.add_error("due", _("Give the due date or choose a rule."))
        return data


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("Task"), max_length=500, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseNote.Kind.choices)
    body = forms.CharField(
        label=_("Note"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )


class CaseMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the requester"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={
            "required": _("Write the message first."),
            "max_length": _("The message is too long: at most %(limit_value)d characters."),
        },
    )


class CitationForm(forms.Form):
    key = forms.CharField(
        label=_("Provision"),
        max_length=64,
        help_text=_("A citation key, such as kz-cc:274:2"),
    )


class IncidentForm(forms.Form):
    incident_id = forms.IntegerField(label=_("Incident number"), min_value=1)


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    file = forms.FileField(label=_("File"))
    document = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ExpenseForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=0, initial=0)
    amount = forms.DecimalField(
        label=_("Amount (KZT)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    description = forms.CharField(label=_("What for"), max_length=500, required=False)


class ReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Organisation.objects.filter(accepts_referrals=True),
        empty_label="—",
    )
    versions = forms.MultipleChoiceField(
        label=_("Documents to share (cleaned copies only)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=_("Open for (days)"), min_value=1, max_value=90, initial=30)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["versions"]
        field.choices = choices


class SharedCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
