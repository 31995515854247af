"""Case services: a case's keys, opening it, changing its facts, and the notifications of its
activity.

Each function validates, writes, appends its CaseEvent and its audit event, and queues its
content-free notification, so no caller can forget one. Functions that seal or open P2 content
take the case's data key as an argument: views get it with `case_key(request, case)`, which needs
the person's unlocked private key and an active grant.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.core.crypto import (
    DecryptionFailed,
    escrow_public_key,
    new_data_key,
    seal_text,
    unseal_text,
    unwrap_with,
    wrap_for,
)
from qorgau.core.models import AuditEvent, Region
from qorgau.core.services import audit_record
from qorgau.helpdesk.models import Case, CaseEvent, CaseKeyGrant

CASE_NUMBER_PREFIX = "QG"

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


def require_public_key(user: User) -> bytes:
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
    wrapped = wrap_for(require_public_key(user), data_key)
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
                wrapped=wrap_for(require_public_key(user), data_key),
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
    notify_activity(case, actor)
    return case


# --- Notifications --------------------------------------------------------------------------------


def notify(case: Case, user_ids: list[int], *, kind: str = "activity") -> None:
    from qorgau.helpdesk.tasks import notify_case_activity

    if not user_ids:
        return
    case_id = case.pk
    transaction.on_commit(
        lambda: notify_case_activity.enqueue(case_id=case_id, user_ids=user_ids, kind=kind)
    )


def notify_activity(case: Case, actor: Any) -> None:
    """New activity: the case's lawyer hears of what others did; the coordinator who opened the
    case hears of what the lawyer did."""
    people = {case.lawyer_id, case.opened_by_id} - {None, getattr(actor, "pk", None)}
    notify(case, sorted(p for p in people if p is not None))


def notify_message(case: Case, *, actor: Any) -> None:
    """A message to the requester from someone on the case, told as other activity (the
    requester's own messages are told by `tasks.notify_lawyers`)."""
    notify_activity(case, actor)


def cases_open_filter() -> Q:
    return Q(closed_at__isnull=True, shredded_at__isnull=True)
