"""Cases: what a network lawyer runs for a requester, from the offer to the outcome.

Protection levels (DESIGN.md): P0 fields are plain; party names, external case numbers and judges
are P1 (`server_seal`, found through `PartyName` blind-index rows); narratives, notes, results,
tasks and offers' summaries are P2, sealed with the case's own data key (`CaseKeyGrant`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qorgau.helpdesk.models.files import EncryptedFile
from qorgau.network.models import Expertise

__all__ = [
    "Case",
    "CaseCitation",
    "CaseDocument",
    "CaseDocumentVersion",
    "CaseEvent",
    "CaseExpense",
    "CaseIncident",
    "CaseKeyGrant",
    "CaseNote",
    "CaseOffer",
    "CaseReferral",
    "CaseTask",
    "CriticalDate",
    "Hearing",
    "IdentityDisclosure",
    "Party",
    "PartyName",
    "Proceeding",
]


class Case(models.Model):
    # A case's type is the expertise it needs, so matching compares like with like.
    Kind = Expertise

    class Forum(models.TextChoices):
        CRIMINAL = "criminal", _("criminal")
        ADMINISTRATIVE = "administrative", _("administrative")
        CIVIL = "civil", _("civil")
        OTHER = "other", _("other")
        UNKNOWN = "unknown", _("not known yet")

    class Stage(models.TextChoices):
        PRE_TRIAL = "pre_trial", _("pre-trial")
        FIRST_INSTANCE = "first_instance", _("first instance")
        APPEAL = "appeal", _("appeal")
        CASSATION = "cassation", _("cassation")
        CONSTITUTIONAL = "constitutional", _("constitutional")
        INTERNATIONAL = "international", _("international mechanism")
        ENFORCEMENT = "enforcement", _("enforcement")
        CLOSED = "closed", _("closed")

    class Risk(models.TextChoices):
        # In context: "medium" alone is also a kind of mass medium elsewhere in the platform.
        LOW = "low", pgettext_lazy("level", "low")
        MEDIUM = "medium", pgettext_lazy("level", "medium")
        HIGH = "high", pgettext_lazy("level", "high")
        CRITICAL = "critical", pgettext_lazy("level", "critical")

    class Outcome(models.TextChoices):
        ACQUITTAL = "acquittal", _("acquittal")
        DROPPED = "dropped", _("case dropped")
        WON = "won", _("won")
        PARTLY_WON = "partly_won", _("partly won")
        SETTLED = "settled", _("settled")
        LOST = "lost", _("lost")

    class Impact(models.TextChoices):
        LAW_CHANGED = "law_changed", _("law changed")
        PRECEDENT = "precedent", _("precedent")
        CONTENT_RESTORED = "content_restored", _("content restored")

    SUCCESSFUL: ClassVar[frozenset[str]] = frozenset(
        {Outcome.ACQUITTAL, Outcome.DROPPED, Outcome.WON, Outcome.PARTLY_WON, Outcome.SETTLED}
    )

    number = models.CharField(_("number"), max_length=20, unique=True)
    codename = models.CharField(_("codename"), max_length=40, unique=True)
    help_request = models.OneToOneField(
        "helpdesk.HelpRequest",
        verbose_name=_("help request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case",
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    forum = models.CharField(_("forum"), max_length=16, choices=Forum.choices, default="unknown")
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.PRE_TRIAL
    )
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices, default=Risk.MEDIUM)
    strategic = models.BooleanField(_("strategic litigation"), default=False)
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, blank=True)
    detained = models.BooleanField(_("someone is detained"), default=False)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    impact = models.JSONField(_("impact"), default=list, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lawyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helpdesk_cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("accepted by a lawyer"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # P2: a short description of the matter, sealed with the case key.
    summary_sealed = models.BinaryField(default=b"", editable=False)
    # The data key wrapped for the organisation's offline escrow key, when one is configured.
    escrow_wrapped = models.BinaryField(default=b"", editable=False)
    # P2: the request's conversation key (never its data key), sealed with the case key, so the
    # case's lawyers write to the requester; empty until a coordinator holding both keys shares
    # it (at opening, or later for cases opened before conversations had their own key).
    message_key_sealed = models.BinaryField(default=b"", blank=True, editable=False)
    shredded_at = models.DateTimeField(_("keys destroyed"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"{self.number} «{self.codename}»"

    @property
    def is_closed(self) -> bool:
        return self.stage == self.Stage.CLOSED

    @property
    def is_shredded(self) -> bool:
        return self.shredded_at is not None

    @property
    def aad(self) -> bytes:
        """Binds each sealed value to its case, so a value moved to another case fails to open."""
        return f"case:{self.pk}".encode()

    @property
    def message_key_aad(self) -> bytes:
        return f"case:{self.pk}:message-key".encode()

    def impact_labels(self) -> list[str]:
        labels = dict(self.Impact.choices)
        return [str(labels.get(code, code)) for code in self.impact]


class CaseKeyGrant(models.Model):
    """The case's data key wrapped for one person's public key. A lawyer's grant is made when the
    case is offered but stays unusable (`active=False`) until they accept: the application refuses
    to unwrap it before then (see docs/helpdesk.md, "Offers and keys")."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpdesk_case_grants"
    )
    wrapped = models.BinaryField(editable=False)
    active = models.BooleanField(default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["case", "user"], name="helpdesk_one_grant_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.user_id}"


class CaseEvent(models.Model):
    """Something that happened to a case, recorded once and never changed. The context holds P0
    facts only (kinds, stages, ids), so the timeline and statistics survive crypto-shredding."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("case opened")
        OFFERED = "offered", _("offered to a lawyer")
        OFFER_VIEWED = "offer_viewed", _("offer viewed")
        ACCEPTED = "accepted", _("offer accepted")
        DECLINED = "declined", _("offer declined")
        WITHDRAWN = "withdrawn", _("offer withdrawn")
        CHANGED = "changed", _("case details changed")
        STAGE = "stage", _("stage changed")
        PARTY = "party", _("party added")
        CONFLICT = "conflict", _("conflict check")
        PROCEEDING = "proceeding", _("proceeding added")
        HEARING = "hearing", _("hearing")
        DATE = "date", _("critical date")
        DATE_REVIEWED = "date_reviewed", _("critical date reviewed")
        TASK = "task", _("task")
        NOTE = "note", _("note added")
        DOCUMENT = "document", _("document")
        CITATION = "citation", _("provision cited")
        INCIDENT = "incident", _("incident linked")
        EXPENSE = "expense", _("time or expense")
        GRANT = "grant", _("access granted")
        CLOSED = "closed", _("case closed")
        REOPENED = "reopened", _("case reopened")
        SHREDDED = "shredded", _("content destroyed")
        DISCLOSURE = "disclosure", _("requester's identity")
        REFERRAL = "referral", _("referred to a partner")
        MESSAGE = "message", _("message to the requester")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("case events are append-only")
        super().save(*args, **kwargs)


class CaseOffer(models.Model):
    """A case offered to one lawyer. Until they accept they see only the redacted summary the
    coordinator wrote, sealed with a key of the offer wrapped for the lawyer and the coordinator."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        VIEWED = "viewed", _("viewed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class DeclineReason(models.TextChoices):
        CAPACITY = "capacity", _("no capacity")
        CONFLICT = "conflict", _("conflict of interest")
        EXPERTISE = "expertise", _("outside my expertise")
        UNAVAILABLE = "unavailable", _("unavailable on the dates")
        OTHER = "other", _("other")

    OPEN: ClassVar[tuple[str, ...]] = (Status.OFFERED, Status.VIEWED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="offers")
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpdesk_offers"
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OFFERED
    )
    duty = models.BooleanField(_("from the duty rota"), default=False)
    summary_sealed = models.BinaryField(editable=False)
    key_for_lawyer = models.BinaryField(editable=False)
    key_for_coordinator = models.BinaryField(editable=False)
    decline_reason = models.CharField(
        _("reason"), max_length=12, choices=DeclineReason.choices, blank=True
    )
    decline_note_sealed = models.BinaryField(default=b"", editable=False)
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    viewed_at = models.DateTimeField(_("viewed"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-offered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.lawyer_id}: {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Party(models.Model):
    """A person or organisation in a case. The name is P1: sealed with the server key, and found
    only through the keyed hashes of its normalised variants in `PartyName`."""

    class Role(models.TextChoices):
        CLIENT = "client", _("client")
        OPPOSING = "opposing", _("opposing party")
        WITNESS = "witness", _("witness")
        JUDGE = "judge", _("judge")
        PROSECUTOR = "prosecutor", _("prosecutor")
        INVESTIGATOR = "investigator", _("investigator")
        EXPERT = "expert", _("expert")
        THIRD_PARTY = "third_party", _("third party")

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    name_sealed = models.BinaryField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.role}"

    @property
    def name(self) -> str:
        from qorgau.core.crypto import server_unseal

        if not self.name_sealed:
            return ""
        return server_unseal(bytes(self.name_sealed), purpose="helpdesk.party")


class PartyName(models.Model):
    """One keyed hash of one normalised variant of a party's name (the blind index)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="name_hashes")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return self.digest[:8]


class Proceeding(models.Model):
    class Instance(models.TextChoices):
        INVESTIGATION = "investigation", _("investigation or inquiry")
        FIRST = "first", _("first instance")
        APPEAL = "appeal", _("appeal")
        CASSATION = "cassation", _("cassation")
        SUPREME = "supreme", _("Supreme Court")
        CONSTITUTIONAL = "constitutional", _("Constitutional Court")
        INTERNATIONAL = "international", _("international body")
        OTHER = "other", _("other body")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    body = models.CharField(_("court or body"), max_length=200)
    instance = models.CharField(_("instance"), max_length=16, choices=Instance.choices)
    # P1: sealed with the server key.
    external_number_sealed = models.BinaryField(default=b"", editable=False)
    judge = models.ForeignKey(
        Party,
        verbose_name=_("judge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField(_("started"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body

    @property
    def external_number(self) -> str:
        from qorgau.core.crypto import server_unseal

        if not self.external_number_sealed:
            return ""
        return server_unseal(bytes(self.external_number_sealed), purpose="helpdesk.case_number")


class Hearing(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        WRITTEN = "written", _("written procedure")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    proceeding = models.ForeignKey(
        Proceeding, null=True, blank=True, on_delete=models.SET_NULL, related_name="hearings"
    )
    starts_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default="in_person")
    place = models.CharField(_("place"), max_length=200, blank=True)
    result_sealed = models.BinaryField(default=b"", editable=False)
    monitoring_requested = models.BooleanField(_("trial monitoring requested"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.starts_at:%Y-%m-%d}"


class CriticalDate(models.Model):
    """A date that must not be missed. Computed through core.dates when a rule applies, and
    confirmed by a second person before anyone relies on it."""

    class Kind(models.TextChoices):
        FILING = "filing", _("filing deadline")
        APPEAL = "appeal", _("appeal deadline")
        LIMITATION = "limitation", _("limitation period")
        DETENTION_REVIEW = "detention_review", _("detention review")
        RESPONSE = "response", _("response due")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="critical_dates")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    rule = models.CharField(_("rule"), max_length=32, blank=True)
    start = models.DateField(_("counted from"), null=True, blank=True)
    days = models.PositiveIntegerField(_("term in days"), null=True, blank=True)
    day_kind = models.CharField(_("counted in"), max_length=8, blank=True)
    due = models.DateField(_("due"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.JSONField(default=list, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.due}"

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def deadline(self) -> Any:
        """The computation behind the date (core.dates.Deadline), or None for a date typed in."""
        from qorgau.core.dates import DayKind, add_days

        if self.start is None or self.days is None or not self.day_kind:
            return None
        return add_days(self.start, self.days, kind=DayKind(self.day_kind))


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title_sealed = models.BinaryField(editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["done_at", "due", "id"]

    def __str__(self) -> str:
        return f"task {self.pk}"


class CaseNote(models.Model):
    class Kind(models.TextChoices):
        FILE_NOTE = "file_note", _("file note")
        STRATEGY = "strategy", _("strategy")
        CONFLICT_CHECK = "conflict_check", _("conflict check")
        ELIGIBILITY = "eligibility", _("eligibility")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    body_sealed = models.BinaryField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CaseCitation(models.Model):
    """A provision the case turns on, by its library key (kz-cc:274:2)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="citations")
    key = models.CharField(_("citation key"), max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["key"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["case", "key"], name="helpdesk_cite_once")
        ]

    def __str__(self) -> str:
        return self.key


class CaseIncident(models.Model):
    """A monitoring incident this case relates to, by id: a plain reference, no foreign key, so
    the two apps stay apart."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="incidents")
    incident_id = models.PositiveIntegerField(_("incident number"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["incident_id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["case", "incident_id"], name="helpdesk_link_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.incident_id}"


class CaseExpense(models.Model):
    """Time spent and money paid, for donor reports (P0 amounts; the description is sealed)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="expenses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    amount = models.DecimalField(_("amount (KZT)"), max_digits=12, decimal_places=2, default=0)
    description_sealed = models.BinaryField(default=b"", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.on}"


class CaseDocument(models.Model):
    """A document of the case; each upload of it is a new version (original and cleaned copy,
    encrypted with the case key through the intake's file handling)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title_sealed = models.BinaryField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]

    def __str__(self) -> str:
        return f"document {self.pk}"


class CaseDocumentVersion(models.Model):
    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.OneToOneField(EncryptedFile, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["document_id", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["document", "number"], name="helpdesk_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class IdentityDisclosure(models.Model):
    """Revealing the requester's identity to the case's lawyer: asked by a coordinator with a
    stated reason, approved or refused by an identity custodian, then carried out by a
    coordinator who wraps the request's key for the lawyer. The reason is sealed with a key of
    its own, wrapped for the custodians and the coordinator who asked (`wrapped_keys`)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("waiting for a custodian")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        DONE = "done", _("identity shared with the lawyer")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosures")
    lawyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    reason_sealed = models.BinaryField(editable=False)
    wrapped_keys = models.JSONField(default=dict, editable=False)  # user id → base64 wrap
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.lawyer_id}: {self.status}"


class CaseReferral(models.Model):
    """A case referred to a partner organisation, which receives only cleaned copies of the
    chosen documents. The copies are encrypted again under a key derived from a one-time access
    code given to the partner; the server keeps only a hash of the code, so it cannot open the
    copies without it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    files = models.ManyToManyField(EncryptedFile, related_name="+", blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("referred"), default=timezone.now)
    expires_at = models.DateTimeField(_("open until"))
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    opened_count = models.PositiveIntegerField(_("times opened"), default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.organisation_id}"

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
