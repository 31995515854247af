"""Case services: opening a case, its keys, offers to lawyers, and everything recorded in it.

Each function validates, writes, appends its CaseEvent and its audit event, and queues its
content-free notification, so no caller can forget one. Functions that seal or open P2 content
take the case's data key as an argument: views get it with `case_key(request, case)`, which needs
the person's unlocked private key and an active grant.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.core.crypto import (
    DecryptionFailed,
    escrow_public_key,
    new_data_key,
    seal_text,
    server_seal,
    unseal_text,
    unwrap_with,
    wrap_for,
)
from qorgau.core.dates import DayKind, add_days
from qorgau.core.models import AuditEvent, Region
from qorgau.core.services import audit_record
from qorgau.helpdesk.conflicts import party_add
from qorgau.helpdesk.models import (
    Case,
    CaseCitation,
    CaseDocument,
    CaseDocumentVersion,
    CaseEvent,
    CaseExpense,
    CaseIncident,
    CaseKeyGrant,
    CaseNote,
    CaseOffer,
    CaseReferral,
    CaseTask,
    CriticalDate,
    EncryptedFile,
    Hearing,
    IdentityDisclosure,
    Proceeding,
)

CASE_NUMBER_PREFIX = "QG"
REMINDER_DAYS = (7, 3, 1)

# Codenames: two words that read the same in Kazakh, Russian and English (animals and places of
# the steppe), so a codename says nothing about the case or its people and works in any language.
CODENAME_FIRST = (
    "Irbis", "Saiga", "Kulan", "Berkut", "Tulpar", "Sunkar", "Arkhar", "Karakal", "Manul",
    "Tuigun", "Kekilik", "Bulbul", "Zhaira", "Tarlan", "Kaskyr", "Tulky", "Aksaq", "Boz",
    "Sary", "Kyzyl", "Kok", "Ak", "Kara", "Altyn", "Kumis", "Zhuldyz", "Ai", "Kun", "Tan", "Samal",
)  # fmt: skip
CODENAME_SECOND = (
    "Aral", "Tobol", "Ishim", "Ili", "Charyn", "Altai", "Karatau", "Zhetysu", "Balkhash",
    "Alakol", "Kaindy", "Burabay", "Bayanaul", "Ulytau", "Mangystau", "Ustyurt", "Torgai",
    "Emba", "Ural", "Syrdarya", "Talas", "Shu", "Turgen", "Medeu", "Kolsai", "Katon",
    "Zaisan", "Tengiz", "Korgalzhyn", "Betpak",
)  # fmt: skip


class NoKeyPairError(Exception):
    """The person has no key pair yet, so nothing can be wrapped for them."""

    def __init__(self, user: User) -> None:
        super().__init__(f"user {user.pk} has no key pair")
        self.user = user


# --- Keys -----------------------------------------------------------------------------------------


def case_key(request: HttpRequest, case: Case) -> bytes | None:
    """The case's data key for the person behind `request`: their active grant unwrapped with
    their unlocked private key; None if they have no usable grant or their keys are locked."""
    from qorgau.accounts.keys import private_key_for

    if case.is_shredded:
        return None
    grant = CaseKeyGrant.objects.filter(
        case=case, user_id=int(request.user.pk or 0), active=True
    ).first()
    if grant is None:
        return None
    private_key = private_key_for(request)
    if private_key is None:
        return None
    try:
        return unwrap_with(private_key, bytes(grant.wrapped))
    except DecryptionFailed:
        return None  # an old grant for a key pair lost in a password reset


def has_grant(user: Any, case: Case) -> bool:
    return CaseKeyGrant.objects.filter(case=case, user_id=user.pk, active=True).exists()


def _public_key(user: User) -> bytes:
    from qorgau.accounts.keys import public_key_of

    public_key = public_key_of(user)
    if public_key is None:
        raise NoKeyPairError(user)
    return bytes(public_key)


@transaction.atomic
def case_grant(
    *, actor: Any, case: Case, user: User, data_key: bytes, active: bool = True
) -> CaseKeyGrant:
    """Wrap the case key for `user` (replacing an older grant: after a password reset without the
    recovery key, a coordinator re-grants each case this way)."""
    wrapped = wrap_for(_public_key(user), data_key)
    grant, _created = CaseKeyGrant.objects.update_or_create(
        case=case,
        user=user,
        defaults={"wrapped": wrapped, "active": active, "granted_by": actor},
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.GRANT,
        actor=actor,
        context={"user": user.pk, "active": active},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=case,
        context={"grant_for": user.pk, "active": active},
    )
    return grant


def _case_readers() -> list[User]:
    """Everyone who reads every case: coordinators and observers who have a key pair."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=[Role.COORDINATOR, Role.OBSERVER],
            keypair__isnull=False,
        ).distinct()
    )


# --- Opening --------------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    prefix = f"{CASE_NUMBER_PREFIX}-{year}-"
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    following = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{following:04d}"


def new_codename() -> str:
    return f"{secrets.choice(CODENAME_FIRST)} {secrets.choice(CODENAME_SECOND)}"


def _free_codename() -> str:
    for _attempt in range(50):
        name = new_codename()
        if not Case.objects.filter(codename=name).exists():
            return name
    return f"{new_codename()} {secrets.randbelow(1000)}"


def case_open(
    *,
    actor: User,
    kind: str,
    summary: str,
    forum: str = Case.Forum.UNKNOWN,
    region: Region | None = None,
    language: str = "",
    detained: bool = False,
    risk: str = Case.Risk.MEDIUM,
    strategic: bool = False,
    help_request: Any = None,
) -> tuple[Case, bytes]:
    """Open a case with a fresh data key, wrapped for the person opening it and every coordinator
    and observer with a key pair. Returns the case and its data key."""
    if kind not in Case.Kind.values:
        raise ValueError(f"unknown case type {kind!r}")
    for _attempt in range(5):  # two coordinators opening a case in the same second
        try:
            with transaction.atomic():
                return _case_open(
                    actor=actor,
                    kind=kind,
                    summary=summary,
                    forum=forum,
                    region=region,
                    language=language,
                    detained=detained,
                    risk=risk,
                    strategic=strategic,
                    help_request=help_request,
                )
        except IntegrityError:
            if help_request is not None and Case.objects.filter(help_request=help_request).exists():
                raise
    raise IntegrityError("could not find a free case number")


def _case_open(
    *,
    actor: User,
    kind: str,
    summary: str,
    forum: str,
    region: Region | None,
    language: str,
    detained: bool,
    risk: str,
    strategic: bool,
    help_request: Any,
) -> tuple[Case, bytes]:
    now = timezone.now()
    data_key = new_data_key()
    case = Case.objects.create(
        number=_next_number(timezone.localdate(now).year),
        codename=_free_codename(),
        help_request=help_request,
        kind=kind,
        forum=forum,
        region=region,
        language=language,
        detained=detained,
        risk=risk,
        strategic=strategic,
        opened_by=actor,
        opened_at=now,
    )
    case.summary_sealed = seal_text(data_key, summary, aad=case.aad)
    escrow = escrow_public_key()
    if escrow is not None:
        case.escrow_wrapped = wrap_for(escrow, data_key)
    case.save(update_fields=["summary_sealed", "escrow_wrapped"])
    readers = {user.pk: user for user in _case_readers()}
    readers.setdefault(actor.pk, actor)
    CaseKeyGrant.objects.bulk_create(
        [
            CaseKeyGrant(
                case=case,
                user=user,
                wrapped=wrap_for(_public_key(user), data_key),
                granted_by=actor,
            )
            for user in readers.values()
        ]
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.OPENED,
        actor=actor,
        context={
            "kind": kind,
            "forum": forum,
            "from_request": help_request.pk if help_request is not None else None,
        },
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=case, context={"kind": kind})
    return case, data_key


def case_open_from_request(*, actor: User, help_request: Any, **fields: Any) -> tuple[Case, bytes]:
    """Open the case of a request accepted at triage (one case per request)."""
    from qorgau.helpdesk.models import HelpRequest

    if help_request.status != HelpRequest.Status.ACCEPTED:
        raise ValueError("only a request accepted at triage becomes a case")
    if Case.objects.filter(help_request=help_request).exists():
        raise ValueError("this request already has a case")
    return case_open(actor=actor, help_request=help_request, **fields)


def case_summary(case: Case, data_key: bytes) -> str:
    if not case.summary_sealed:
        return ""
    return unseal_text(data_key, bytes(case.summary_sealed), aad=case.aad)


def case_read(*, actor: Any, case: Case, what: str = "case") -> None:
    """Record that someone read a case's content (every read, in the audit log)."""
    audit_record(actor=actor, action=AuditEvent.Action.VIEW, obj=case, context={"read": what})


# --- Offers ---------------------------------------------------------------------------------------


def active_case_count(user: Any) -> int:
    """Cases a lawyer carries now: accepted and open, plus offers still waiting for an answer."""
    open_cases = Case.objects.filter(lawyer=user, closed_at__isnull=True, shredded_at__isnull=True)
    waiting = CaseOffer.objects.filter(lawyer=user, status__in=CaseOffer.OPEN)
    return open_cases.count() + waiting.count()


def _offer_aad(offer: CaseOffer) -> bytes:
    return f"helpdesk.offer:{offer.pk}".encode()


@transaction.atomic
def case_offer(
    *,
    actor: User,
    case: Case,
    lawyer: User,
    summary: str,
    data_key: bytes,
    duty: bool = False,
) -> CaseOffer:
    """Offer a case to a lawyer with a redacted summary written for them.

    The summary is sealed with a key of the offer, wrapped for the lawyer and the coordinator.
    The case key is wrapped for the lawyer now, while the coordinator holds it, but the grant
    stays inactive, and `case_key` refuses it, until the lawyer accepts."""
    if case.lawyer_id is not None or case.is_closed or case.is_shredded:
        raise ValueError("this case is not open for offers")
    if not summary.strip():
        raise ValueError("an offer needs a summary")
    if not lawyer.is_active or Role.LAWYER not in lawyer.roles:
        raise ValueError("offers go to lawyers")
    if CaseOffer.objects.filter(case=case, lawyer=lawyer, status__in=CaseOffer.OPEN).exists():
        raise ValueError("this lawyer already has an open offer for the case")
    summary_key = new_data_key()
    offer = CaseOffer.objects.create(
        case=case,
        lawyer=lawyer,
        offered_by=actor,
        duty=duty,
        summary_sealed=b"",
        key_for_lawyer=wrap_for(_public_key(lawyer), summary_key),
        key_for_coordinator=wrap_for(_public_key(actor), summary_key),
    )
    offer.summary_sealed = seal_text(summary_key, summary.strip(), aad=_offer_aad(offer))
    offer.save(update_fields=["summary_sealed"])
    if not CaseKeyGrant.objects.filter(case=case, user=lawyer, active=True).exists():
        CaseKeyGrant.objects.update_or_create(
            case=case,
            user=lawyer,
            defaults={
                "wrapped": wrap_for(_public_key(lawyer), data_key),
                "active": False,
                "granted_by": actor,
            },
        )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.OFFERED,
        actor=actor,
        context={"offer": offer.pk, "lawyer": lawyer.pk, "duty": duty},
    )
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=offer, context={"lawyer": lawyer.pk}
    )
    _notify(case, [lawyer.pk], kind="offer")
    return offer


def offer_key(request: HttpRequest, offer: CaseOffer) -> bytes | None:
    """The offer's key for the lawyer it was made to or the coordinator who made it."""
    from qorgau.accounts.keys import private_key_for

    if request.user.pk == offer.lawyer_id:
        wrapped = offer.key_for_lawyer
    elif request.user.pk == offer.offered_by_id:
        wrapped = offer.key_for_coordinator
    else:
        return None
    private_key = private_key_for(request)
    if private_key is None:
        return None
    try:
        return unwrap_with(private_key, bytes(wrapped))
    except DecryptionFailed:
        return None


def offer_summary(offer: CaseOffer, key: bytes) -> str:
    return unseal_text(key, bytes(offer.summary_sealed), aad=_offer_aad(offer))


def offer_decline_note(offer: CaseOffer, key: bytes) -> str:
    if not offer.decline_note_sealed:
        return ""
    return unseal_text(key, bytes(offer.decline_note_sealed), aad=_offer_aad(offer) + b":decline")


@transaction.atomic
def offer_view(*, actor: User, offer: CaseOffer) -> CaseOffer:
    """The lawyer opened the offer: recorded once, the first time."""
    if offer.lawyer_id != actor.pk or offer.status != CaseOffer.Status.OFFERED:
        return offer
    offer.status = CaseOffer.Status.VIEWED
    offer.viewed_at = timezone.now()
    offer.save(update_fields=["status", "viewed_at"])
    CaseEvent.objects.create(
        case=offer.case, kind=CaseEvent.Kind.OFFER_VIEWED, actor=actor, context={"offer": offer.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.VIEW, obj=offer)
    return offer


@transaction.atomic
def offer_accept(*, actor: User, offer: CaseOffer) -> Case:
    """The lawyer takes the case: their key grant becomes usable, other open offers end."""
    offer = CaseOffer.objects.select_for_update().select_related("case").get(pk=offer.pk)
    case = Case.objects.select_for_update().get(pk=offer.case_id)
    if offer.lawyer_id != actor.pk:
        raise PermissionError("only the lawyer offered the case can accept it")
    if not offer.is_open:
        raise ValueError("this offer is no longer open")
    if case.lawyer_id is not None:
        raise ValueError("another lawyer has already taken this case")
    now = timezone.now()
    offer.status = CaseOffer.Status.ACCEPTED
    offer.responded_at = now
    offer.save(update_fields=["status", "responded_at"])
    case.lawyer = actor
    case.accepted_at = now
    case.save(update_fields=["lawyer", "accepted_at"])
    CaseKeyGrant.objects.filter(case=case, user=actor).update(active=True)
    for other in CaseOffer.objects.filter(case=case, status__in=CaseOffer.OPEN).exclude(
        pk=offer.pk
    ):
        _offer_end(other, actor=None, status=CaseOffer.Status.WITHDRAWN)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.ACCEPTED, actor=actor, context={"offer": offer.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=offer, context={"accepted": 1})
    if offer.offered_by_id:
        _notify(case, [offer.offered_by_id])
    return case


@transaction.atomic
def offer_decline(
    *, actor: User, offer: CaseOffer, reason: str, note: str = "", key: bytes | None = None
) -> CaseOffer:
    """The lawyer declines, with a reason; a note is sealed with the offer's key."""
    if offer.lawyer_id != actor.pk:
        raise PermissionError("only the lawyer offered the case can decline it")
    if not offer.is_open:
        raise ValueError("this offer is no longer open")
    if reason not in CaseOffer.DeclineReason.values:
        raise ValueError("a declined offer needs a reason")
    offer.decline_reason = reason
    if note.strip() and key is not None:
        offer.decline_note_sealed = seal_text(
            key, note.strip(), aad=_offer_aad(offer) + b":decline"
        )
    offer.save(update_fields=["decline_reason", "decline_note_sealed"])
    _offer_end(offer, actor=actor, status=CaseOffer.Status.DECLINED)
    if offer.offered_by_id:
        _notify(offer.case, [offer.offered_by_id])
    return offer


@transaction.atomic
def offer_withdraw(*, actor: User, offer: CaseOffer) -> CaseOffer:
    if not offer.is_open:
        raise ValueError("this offer is no longer open")
    _offer_end(offer, actor=actor, status=CaseOffer.Status.WITHDRAWN)
    return offer


def _offer_end(offer: CaseOffer, *, actor: User | None, status: str) -> None:
    offer.status = status
    offer.responded_at = timezone.now()
    offer.save(update_fields=["status", "responded_at"])
    # The unused grant goes: the case key stays only with those who may read the case.
    CaseKeyGrant.objects.filter(
        case_id=offer.case_id, user_id=offer.lawyer_id, active=False
    ).delete()
    kind = (
        CaseEvent.Kind.DECLINED if status == CaseOffer.Status.DECLINED else CaseEvent.Kind.WITHDRAWN
    )
    context: dict[str, Any] = {"offer": offer.pk}
    if offer.decline_reason:
        context["reason"] = offer.decline_reason
    CaseEvent.objects.create(case_id=offer.case_id, kind=kind, actor=actor, context=context)
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=offer, context={"status": status}
    )


# --- The case record ------------------------------------------------------------------------------

EDITABLE = ("kind", "forum", "stage", "risk", "strategic", "region", "outcome", "impact")


@transaction.atomic
def case_update(*, actor: User, case: Case, **changes: Any) -> Case:
    """Change the case's P0 facts. Moving to the closed stage closes it (and starts the retention
    period); moving out of it reopens it."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    if "impact" in changes and not set(changes["impact"]) <= set(Case.Impact.values):
        raise ValueError("unknown impact")
    if changes.get("outcome") and changes["outcome"] not in Case.Outcome.values:
        raise ValueError("unknown outcome")
    old_stage = case.stage
    changed = [name for name, value in changes.items() if getattr(case, name) != value]
    if not changed:
        return case
    for name in changed:
        setattr(case, name, changes[name])
    fields = list(changed)
    if "stage" in changed:
        if case.stage == Case.Stage.CLOSED:
            case.closed_at = timezone.now()
            fields.append("closed_at")
        elif old_stage == Case.Stage.CLOSED:
            case.closed_at = None
            fields.append("closed_at")
    case.save(update_fields=fields)
    if "stage" in changed:
        kind = CaseEvent.Kind.STAGE
        if case.stage == Case.Stage.CLOSED:
            kind = CaseEvent.Kind.CLOSED
        elif old_stage == Case.Stage.CLOSED:
            kind = CaseEvent.Kind.REOPENED
        CaseEvent.objects.create(
            case=case, kind=kind, actor=actor, context={"from": old_stage, "to": case.stage}
        )
    others = [name for name in changed if name != "stage"]
    if others:
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.CHANGED, actor=actor, context={"fields": others}
        )
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=case, context={"fields": changed}
    )
    _notify_activity(case, actor)
    return case


@transaction.atomic
def proceeding_add(
    *,
    actor: User,
    case: Case,
    body: str,
    instance: str,
    external_number: str = "",
    judge_name: str = "",
    started_on: dt.date | None = None,
) -> Proceeding:
    """A proceeding; its external number is P1 and its judge becomes a party of the case, so the
    conflict check covers judges too."""
    if instance not in Proceeding.Instance.values or not body.strip():
        raise ValueError("a proceeding needs a court or body and an instance")
    judge = None
    if judge_name.strip():
        judge, _check = party_add(actor=actor, case=case, role="judge", name=judge_name)
    proceeding = Proceeding.objects.create(
        case=case,
        body=body.strip(),
        instance=instance,
        external_number_sealed=(
            server_seal(external_number.strip(), purpose="helpdesk.case_number")
            if external_number.strip()
            else b""
        ),
        judge=judge,
        started_on=started_on,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PROCEEDING,
        actor=actor,
        context={"proceeding": proceeding.pk, "instance": instance},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=proceeding)
    _notify_activity(case, actor)
    return proceeding


def _hearing_aad(hearing: Hearing) -> bytes:
    return f"helpdesk.hearing:{hearing.pk}".encode()


@transaction.atomic
def hearing_add(
    *,
    actor: User,
    case: Case,
    starts_at: dt.datetime,
    mode: str = Hearing.Mode.IN_PERSON,
    place: str = "",
    monitoring_requested: bool = False,
    proceeding: Proceeding | None = None,
) -> Hearing:
    if timezone.is_naive(starts_at):
        raise ValueError("a hearing time needs a time zone")
    if mode not in Hearing.Mode.values:
        raise ValueError("unknown hearing mode")
    hearing = Hearing.objects.create(
        case=case,
        proceeding=proceeding,
        starts_at=starts_at,
        mode=mode,
        place=place.strip(),
        monitoring_requested=monitoring_requested,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.HEARING,
        actor=actor,
        context={
            "hearing": hearing.pk,
            "on": starts_at.date().isoformat(),
            "monitoring": monitoring_requested,
        },
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=hearing)
    _notify_activity(case, actor)
    return hearing


@transaction.atomic
def hearing_result(*, actor: User, hearing: Hearing, result: str, data_key: bytes) -> Hearing:
    hearing.result_sealed = seal_text(data_key, result.strip(), aad=_hearing_aad(hearing))
    hearing.save(update_fields=["result_sealed"])
    CaseEvent.objects.create(
        case=hearing.case,
        kind=CaseEvent.Kind.HEARING,
        actor=actor,
        context={"hearing": hearing.pk, "result": True},
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=hearing)
    _notify_activity(hearing.case, actor)
    return hearing


def hearing_result_text(hearing: Hearing, data_key: bytes) -> str:
    if not hearing.result_sealed:
        return ""
    return unseal_text(data_key, bytes(hearing.result_sealed), aad=_hearing_aad(hearing))


# --- Critical dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRule:
    """A term the law sets: days counted from an event, in calendar or working days."""

    key: str
    kind: str  # CriticalDate.Kind
    days: int
    day_kind: DayKind
    label: Any


def _rules() -> dict[str, DateRule]:
    from django.utils.translation import gettext_lazy as _

    rules = [
        DateRule(
            "kz-cpc-appeal",
            CriticalDate.Kind.APPEAL,
            15,
            DayKind.CALENDAR,
            _("Appeal against a criminal verdict: 15 days from its announcement"),
        ),
        DateRule(
            "kz-cao-appeal",
            CriticalDate.Kind.APPEAL,
            10,
            DayKind.CALENDAR,
            _("Appeal against a ruling on an administrative offence: 10 days from receiving it"),
        ),
        DateRule(
            "kz-ati-response",
            CriticalDate.Kind.RESPONSE,
            15,
            DayKind.CALENDAR,
            _("Answer to a request for information: 15 calendar days"),
        ),
        DateRule(
            "kz-detention-review",
            CriticalDate.Kind.DETENTION_REVIEW,
            2,
            DayKind.CALENDAR,
            _("Detention: a court must decide on arrest within 48 hours"),
        ),
        DateRule(
            "kz-civil-defamation-limitation",
            CriticalDate.Kind.LIMITATION,
            365,
            DayKind.CALENDAR,
            _("Claim against a mass medium for a refutation: one year from publication"),
        ),
    ]
    return {rule.key: rule for rule in rules}


def date_rules() -> dict[str, DateRule]:
    return _rules()


@transaction.atomic
def critical_date_add(
    *,
    actor: User,
    case: Case,
    kind: str,
    rule: str = "",
    start: dt.date | None = None,
    days: int | None = None,
    day_kind: str = "",
    due: dt.date | None = None,
) -> CriticalDate:
    """A critical date: computed through core.dates from a rule (or a term in days) and the day it
    is counted from, or typed in directly when no rule applies. It waits for a second person's
    review either way."""
    if kind not in CriticalDate.Kind.values:
        raise ValueError("unknown kind of date")
    if rule:
        found = _rules().get(rule)
        if found is None:
            raise ValueError(f"unknown rule {rule!r}")
        days, day_kind = found.days, found.day_kind
    if days is not None:
        if start is None or not day_kind:
            raise ValueError("a term in days needs the day it is counted from and how to count")
        due = add_days(start, days, kind=DayKind(day_kind)).due
    if due is None:
        raise ValueError("a critical date needs a due date or a rule to compute it")
    date = CriticalDate.objects.create(
        case=case,
        kind=kind,
        rule=rule,
        start=start if days is not None else None,
        days=days,
        day_kind=str(day_kind) if days is not None else "",
        due=due,
        created_by=actor,
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DATE,
        actor=actor,
        context={"date": date.pk, "kind": kind, "due": due.isoformat(), "rule": rule},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=date)
    _notify_activity(case, actor)
    return date


@transaction.atomic
def critical_date_review(*, actor: User, date: CriticalDate) -> CriticalDate:
    """A second person confirms the date: never the one who entered it."""
    if date.created_by_id == actor.pk:
        raise PermissionError("a critical date is reviewed by a second person")
    if date.reviewed:
        return date
    date.reviewed_by = actor
    date.reviewed_at = timezone.now()
    date.save(update_fields=["reviewed_by", "reviewed_at"])
    CaseEvent.objects.create(
        case=date.case, kind=CaseEvent.Kind.DATE_REVIEWED, actor=actor, context={"date": date.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=date, context={"reviewed": 1})
    return date


@transaction.atomic
def critical_date_done(*, actor: User, date: CriticalDate) -> CriticalDate:
    date.done = True
    date.save(update_fields=["done"])
    CaseEvent.objects.create(
        case=date.case,
        kind=CaseEvent.Kind.DATE,
        actor=actor,
        context={"date": date.pk, "done": True},
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=date, context={"done": 1})
    return date


def reminders_due(today: dt.date | None = None) -> list[tuple[CriticalDate, int]]:
    """Open dates of open cases that are 7, 3 or 1 days away and not yet reminded of that."""
    today = today or timezone.localdate()
    wanted = {today + dt.timedelta(days=n): n for n in REMINDER_DAYS}
    dates = CriticalDate.objects.filter(
        due__in=list(wanted),
        done=False,
        case__closed_at__isnull=True,
        case__shredded_at__isnull=True,
    ).select_related("case")
    return [(d, wanted[d.due]) for d in dates if wanted[d.due] not in d.reminders_sent]


def reminders_send(today: dt.date | None = None) -> int:
    """Send each reminder once, to the case's lawyer (or the coordinator who opened it): a
    content-free mail with the link to the case."""
    sent = 0
    for date, days in reminders_due(today):
        with transaction.atomic():
            locked = CriticalDate.objects.select_for_update().get(pk=date.pk)
            if days in locked.reminders_sent:
                continue
            locked.reminders_sent = [*locked.reminders_sent, days]
            locked.save(update_fields=["reminders_sent"])
            people = [p for p in (date.case.lawyer_id or date.case.opened_by_id,) if p]
            if date.reviewed_by_id is None:
                people += _coordinator_ids()
            _notify(date.case, sorted(set(people)), kind="reminder")
            sent += 1
    return sent


def _coordinator_ids() -> list[int]:
    return list(
        User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)
        .values_list("pk", flat=True)
        .distinct()
    )


# --- Tasks, notes, citations, incidents, expenses -------------------------------------------------


def _aad(kind: str, pk: int) -> bytes:
    return f"helpdesk.{kind}:{pk}".encode()


@transaction.atomic
def task_add(
    *,
    actor: User,
    case: Case,
    title: str,
    data_key: bytes,
    assignee: User | None = None,
    due: dt.date | None = None,
) -> CaseTask:
    if not title.strip():
        raise ValueError("a task needs a title")
    task = CaseTask.objects.create(
        case=case, title_sealed=b"", assignee=assignee, due=due, created_by=actor
    )
    task.title_sealed = seal_text(data_key, title.strip(), aad=_aad("task", task.pk))
    task.save(update_fields=["title_sealed"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.TASK, actor=actor, context={"task": task.pk}
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=task)
    _notify_activity(case, actor)
    return task


def task_title(task: CaseTask, data_key: bytes) -> str:
    return unseal_text(data_key, bytes(task.title_sealed), aad=_aad("task", task.pk))


@transaction.atomic
def task_done(*, actor: User, task: CaseTask) -> CaseTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        CaseEvent.objects.create(
            case=task.case,
            kind=CaseEvent.Kind.TASK,
            actor=actor,
            context={"task": task.pk, "done": True},
        )
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=task, context={"done": 1})
    return task


@transaction.atomic
def note_add(*, actor: User, case: Case, kind: str, body: str, data_key: bytes) -> CaseNote:
    if kind not in CaseNote.Kind.values:
        raise ValueError("unknown kind of note")
    if not body.strip():
        raise ValueError("a note needs text")
    note = CaseNote.objects.create(case=case, kind=kind, body_sealed=b"", author=actor)
    note.body_sealed = seal_text(data_key, body.strip(), aad=_aad("note", note.pk))
    note.save(update_fields=["body_sealed"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.NOTE, actor=actor, context={"note": note.pk, "kind": kind}
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=note, context={"kind": kind})
    _notify_activity(case, actor)
    return note


def note_body(note: CaseNote, data_key: bytes) -> str:
    return unseal_text(data_key, bytes(note.body_sealed), aad=_aad("note", note.pk))


@transaction.atomic
def citation_add(*, actor: User, case: Case, key: str) -> CaseCitation:
    """Cite a provision by its library key; a malformed key is refused (CitationError), an unknown
    but well-formed one is kept and shown as plain text."""
    from qorgau.library.citations import parse_key

    key = parse_key(key.strip()).key
    citation, created = CaseCitation.objects.get_or_create(case=case, key=key)
    if created:
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.CITATION, actor=actor, context={"key": key}
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=citation)
    return citation


@transaction.atomic
def incident_link(*, actor: User, case: Case, incident_id: int) -> CaseIncident:
    if incident_id <= 0:
        raise ValueError("an incident number is a positive number")
    link, created = CaseIncident.objects.get_or_create(case=case, incident_id=incident_id)
    if created:
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.INCIDENT, actor=actor, context={"incident": incident_id}
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=link)
    return link


@transaction.atomic
def expense_add(
    *,
    actor: User,
    case: Case,
    on: dt.date,
    minutes: int = 0,
    amount: Decimal = Decimal(0),
    description: str = "",
    data_key: bytes,
) -> CaseExpense:
    if minutes < 0 or amount < 0 or (minutes == 0 and amount == 0):
        raise ValueError("time or an amount is needed, and neither can be negative")
    expense = CaseExpense.objects.create(
        case=case, user=actor, on=on, minutes=minutes, amount=amount
    )
    if description.strip():
        expense.description_sealed = seal_text(
            data_key, description.strip(), aad=_aad("expense", expense.pk)
        )
        expense.save(update_fields=["description_sealed"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.EXPENSE,
        actor=actor,
        context={"minutes": minutes, "amount": str(amount)},
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=expense)
    return expense


def expense_description(expense: CaseExpense, data_key: bytes) -> str:
    if not expense.description_sealed:
        return ""
    return unseal_text(data_key, bytes(expense.description_sealed), aad=_aad("expense", expense.pk))


# --- Revealing the requester's identity to the lawyer -----------------------------------------


def _custodians() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.CUSTODIAN, keypair__isnull=False
        ).distinct()
    )


def _disclosure_aad(disclosure: IdentityDisclosure) -> bytes:
    return f"helpdesk.disclosure:{disclosure.pk}".encode()


@transaction.atomic
def disclosure_request(*, actor: User, case: Case, reason: str) -> IdentityDisclosure:
    """A coordinator asks to reveal the requester's identity to the case's lawyer, saying why.
    The reason is sealed for the custodians (and the coordinator) to read."""
    import base64

    if case.help_request_id is None or case.lawyer_id is None or case.accepted_at is None:
        raise ValueError("only a case from a request, taken by a lawyer, has an identity to share")
    if not reason.strip():
        raise ValueError("revealing the identity needs a reason")
    if case.disclosures.filter(
        status__in=[IdentityDisclosure.Status.REQUESTED, IdentityDisclosure.Status.APPROVED]
    ).exists():
        raise ValueError("a request to reveal the identity is already open")
    custodians = _custodians()
    if not custodians:
        raise ValueError("no identity custodian with a key pair can decide")
    key = new_data_key()
    readers = {user.pk: user for user in [*custodians, actor]}
    disclosure = IdentityDisclosure.objects.create(
        case=case,
        lawyer_id=case.lawyer_id,
        reason_sealed=b"",
        requested_by=actor,
        wrapped_keys={
            str(pk): base64.b64encode(wrap_for(_public_key(user), key)).decode()
            for pk, user in readers.items()
        },
    )
    disclosure.reason_sealed = seal_text(key, reason.strip(), aad=_disclosure_aad(disclosure))
    disclosure.save(update_fields=["reason_sealed"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DISCLOSURE,
        actor=actor,
        context={"disclosure": disclosure.pk, "status": disclosure.status},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=disclosure,
        context={"lawyer": case.lawyer_id},
    )
    _notify(case, [c.pk for c in custodians], kind="disclosure")
    return disclosure


def disclosure_reason(request: HttpRequest, disclosure: IdentityDisclosure) -> str | None:
    """The stated reason, for a custodian or the coordinator who asked; None otherwise."""
    import base64

    from qorgau.accounts.keys import private_key_for

    wrapped = disclosure.wrapped_keys.get(str(request.user.pk))
    private_key = private_key_for(request) if wrapped else None
    if wrapped is None or private_key is None:
        return None
    try:
        key = unwrap_with(private_key, base64.b64decode(wrapped))
        return unseal_text(key, bytes(disclosure.reason_sealed), aad=_disclosure_aad(disclosure))
    except DecryptionFailed:
        return None


@transaction.atomic
def disclosure_decide(
    *, actor: User, disclosure: IdentityDisclosure, approve: bool
) -> IdentityDisclosure:
    """An identity custodian approves or refuses; never the coordinator who asked."""
    if Role.CUSTODIAN not in actor.roles:
        raise PermissionError("identity custodians decide")
    if disclosure.requested_by_id == actor.pk:
        raise PermissionError("the person who asked does not decide")
    if disclosure.status != IdentityDisclosure.Status.REQUESTED:
        raise ValueError("this request was already decided")
    disclosure.status = (
        IdentityDisclosure.Status.APPROVED if approve else IdentityDisclosure.Status.REFUSED
    )
    disclosure.decided_by = actor
    disclosure.decided_at = timezone.now()
    disclosure.save(update_fields=["status", "decided_by", "decided_at"])
    CaseEvent.objects.create(
        case=disclosure.case,
        kind=CaseEvent.Kind.DISCLOSURE,
        actor=actor,
        context={"disclosure": disclosure.pk, "status": disclosure.status},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=disclosure,
        context={"status": disclosure.status},
    )
    if disclosure.requested_by_id:
        _notify(disclosure.case, [disclosure.requested_by_id])
    return disclosure


@transaction.atomic
def disclosure_carry_out(
    *, actor: User, disclosure: IdentityDisclosure, private_key: bytes
) -> IdentityDisclosure:
    """After approval, a coordinator who holds the request's key wraps it for the lawyer: the
    lawyer then reads what the requester wrote, their identity and the messages."""
    from qorgau.helpdesk.intake import request_grant_access

    if disclosure.status != IdentityDisclosure.Status.APPROVED:
        raise ValueError("the identity is shared only after a custodian's approval")
    case = disclosure.case
    help_request = case.help_request
    if help_request is None:
        raise ValueError("the request of this case is gone")
    request_grant_access(
        help_request=help_request, by=actor, to=disclosure.lawyer, by_private_key=private_key
    )
    disclosure.status = IdentityDisclosure.Status.DONE
    disclosure.carried_out_at = timezone.now()
    disclosure.save(update_fields=["status", "carried_out_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DISCLOSURE,
        actor=actor,
        context={"disclosure": disclosure.pk, "status": disclosure.status},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=disclosure,
        context={"status": disclosure.status, "lawyer": disclosure.lawyer_id},
    )
    _notify(case, [disclosure.lawyer_id])
    return disclosure


# --- Documents ----------------------------------------------------------------------------------


def document_title(document: CaseDocument, data_key: bytes) -> str:
    return unseal_text(data_key, bytes(document.title_sealed), aad=_aad("document", document.pk))


def document_add(
    *,
    actor: User,
    case: Case,
    data_key: bytes,
    title: str,
    name: str,
    data: bytes,
    document: CaseDocument | None = None,
) -> CaseDocumentVersion:
    """A new document, or a new version of one: the original and a cleaned copy, encrypted with
    the case key by the intake's file handling (whole or absent: files written before the rows
    are removed again if the rows are not committed). Raises files.FileRefusedError."""
    from qorgau.helpdesk.files import WrittenFiles, encrypted_file_build, prepare

    prepared = prepare(name, data)
    written = WrittenFiles()
    try:
        row = encrypted_file_build(data_key, prepared, written)
        with transaction.atomic():
            row.save()
            if document is None:
                if not title.strip():
                    raise ValueError("a document needs a title")
                document = CaseDocument.objects.create(
                    case=case, title_sealed=b"", created_by=actor
                )
                document.title_sealed = seal_text(
                    data_key, title.strip(), aad=_aad("document", document.pk)
                )
                document.save(update_fields=["title_sealed"])
            number = (
                document.versions.order_by("-number").values_list("number", flat=True).first() or 0
            ) + 1
            version = CaseDocumentVersion.objects.create(
                document=document, number=number, file=row, added_by=actor
            )
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.DOCUMENT,
                actor=actor,
                context={"document": document.pk, "version": number},
            )
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=version)
            _notify_activity(case, actor)
    except BaseException:
        written.discard()
        raise
    return version


# --- Referrals to partner organisations --------------------------------------------------------

REFERRAL_DAYS = 30


def _referral_key(code: str) -> bytes:
    import hashlib

    return hashlib.blake2b(code.encode(), digest_size=32, person=b"qorgau-referral").digest()


def _referral_hash(code: str) -> str:
    import hashlib

    return hashlib.blake2b(code.encode(), digest_size=32, person=b"qorgau-ref-look").hexdigest()


def shareable(version: CaseDocumentVersion) -> bool:
    """A version can go to a partner when it has a cleaned copy, or needed none."""
    return bool(version.file.cleaned_name) or version.file.cleaning == "not_needed"


@transaction.atomic
def referral_create(
    *,
    actor: User,
    case: Case,
    organisation: Any,
    versions: list[CaseDocumentVersion],
    data_key: bytes,
    days: int = REFERRAL_DAYS,
) -> tuple[CaseReferral, str]:
    """Refer the case to a partner with cleaned copies of the chosen documents, encrypted again
    under a key derived from a new access code. Returns the referral and the code, to be given to
    the partner once (it is not stored; only its hash is)."""
    import hashlib
    import json

    from qorgau.core.crypto import seal
    from qorgau.helpdesk.files import WrittenFiles, file_details, file_read, write_encrypted

    if organisation is None or not organisation.accepts_referrals:
        raise ValueError("choose a partner organisation that takes referrals")
    if any(v.document.case_id != case.pk for v in versions):
        raise ValueError("documents of another case")
    if not all(shareable(v) for v in versions):
        raise ValueError("only cleaned copies are shared")
    code = secrets.token_urlsafe(24)
    key = _referral_key(code)
    written = WrittenFiles()
    try:
        rows = []
        for version in versions:
            source = version.file
            data = file_read(data_key, source, cleaned=bool(source.cleaned_name))
            details = file_details(data_key, source)
            row = EncryptedFile(
                file_type=source.file_type,
                size=len(data),
                original_name=write_encrypted(key, data, written),
                cleaning=EncryptedFile.Cleaning.NOT_NEEDED,
            )
            shared = {
                "name": str(details.get("name") or "document"),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            row.sealed_details = seal(key, json.dumps(shared).encode(), aad=row.aad)
            row.save()
            rows.append(row)
        referral = CaseReferral.objects.create(
            case=case,
            organisation=organisation,
            code_hash=_referral_hash(code),
            referred_by=actor,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        referral.files.set(rows)
        CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.REFERRAL,
            actor=actor,
            context={"referral": referral.pk, "organisation": organisation.pk, "files": len(rows)},
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            obj=referral,
            context={"organisation": organisation.pk, "files": len(rows)},
        )
    except BaseException:
        written.discard()
        raise
    return referral, code


def referral_open(code: str) -> tuple[CaseReferral, bytes] | None:
    """The referral an access code opens, and its key; None for a wrong, expired or withdrawn
    code (the partner is told the same in each case)."""
    referral = (
        CaseReferral.objects.select_related("case", "organisation")
        .filter(code_hash=_referral_hash(code.strip()))
        .first()
    )
    if referral is None or not referral.is_open or referral.case.is_shredded:
        return None
    return referral, _referral_key(code.strip())


def referral_opened(referral: CaseReferral, what: str) -> None:
    CaseReferral.objects.filter(pk=referral.pk).update(opened_count=models.F("opened_count") + 1)
    audit_record(actor=None, action=AuditEvent.Action.VIEW, obj=referral, context={"read": what})


@transaction.atomic
def referral_revoke(*, actor: User, referral: CaseReferral) -> None:
    """Withdraw the share: the copies are deleted at once."""
    from qorgau.helpdesk.files import iter_paths

    rows = list(referral.files.all())
    paths = list(iter_paths(rows))
    referral.files.clear()
    EncryptedFile.objects.filter(pk__in=[r.pk for r in rows]).delete()
    referral.revoked_at = timezone.now()
    referral.save(update_fields=["revoked_at"])
    CaseEvent.objects.create(
        case=referral.case,
        kind=CaseEvent.Kind.REFERRAL,
        actor=actor,
        context={"referral": referral.pk, "revoked": True},
    )
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=referral)

    def remove() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(remove)


# --- Notifications --------------------------------------------------------------------------------


def _notify(case: Case, user_ids: list[int], *, kind: str = "activity") -> None:
    from qorgau.helpdesk.tasks import notify_case_activity

    if not user_ids:
        return
    case_id = case.pk
    transaction.on_commit(
        lambda: notify_case_activity.enqueue(case_id=case_id, user_ids=user_ids, kind=kind)
    )


def _notify_activity(case: Case, actor: Any) -> None:
    """New activity: the case's lawyer hears of what others did; the coordinator who opened the
    case hears of what the lawyer did."""
    people = {case.lawyer_id, case.opened_by_id} - {None, getattr(actor, "pk", None)}
    _notify(case, sorted(p for p in people if p is not None))


def notify_message(case: Case, *, actor: Any) -> None:
    """A message to the requester from someone on the case, told as other activity (the
    requester's own messages are told by `tasks.notify_lawyers`)."""
    _notify_activity(case, actor)


def cases_open_filter() -> Q:
    return Q(closed_at__isnull=True, shredded_at__isnull=True)
