"""Demo data of the help desk: help requests filed through the real intake service, so they are
encrypted for the demo coordinators' key pairs (made by the accounts demo, which runs first) and
open with the receipt codes printed by `qorgau demo`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.utils import timezone

from qorgau.helpdesk import intake
from qorgau.helpdesk.files import WrittenFiles, iter_paths, prepare
from qorgau.helpdesk.models import EncryptedFile, HelpRequest

RECEIPTS: list[tuple[str, str]] = []  # (what the request is about, receipt code) after load()

REQUESTS: list[dict[str, Any]] = [
    {
        "about": "detained reporter (ru)",
        "description": (
            "Вчера вечером задержали нашего корреспондента после публикации о закупках "
            "акимата. Ему вменяют распространение заведомо ложной информации (ст. 274 УК). "
            "Адвоката у него нет, родственникам не дают свидания."
        ),
        "name": "Редакция «Ашық хабар»",
        "contact": "Signal: +7 701 000 00 00 (редактор)",
        "contact_time": "после 19:00",
        "links": "https://example.kz/news/zakupki",
        "facts": {
            "forum": "criminal",
            "requester_kind": "outlet",
            "help_wanted": ["representation", "funding"],
            "region_id": "KZ-75",
            "language": "ru",
            "detained": True,
            "next_hearing": 2,
            "has_lawyer": False,
        },
        "file": ("постановление.txt", "Постановление о задержании (копия)."),
    },
    {
        "about": "defamation claim against a blogger (kk)",
        "description": (
            "Менің блогымдағы мақала үшін аудан әкімі ар-намысты қорғау туралы сотқа талап "
            "арыз берді. Сот отырысы келесі аптада. Жауап беру мерзімі жақындап қалды."
        ),
        "contact": "Telegram: @blogger_example",
        "facts": {
            "forum": "civil",
            "requester_kind": "blogger",
            "help_wanted": ["advice", "representation"],
            "region_id": "KZ-71",
            "language": "kk",
            "next_hearing": 6,
            "next_deadline": 4,
            "has_lawyer": False,
        },
    },
    {
        "about": "pre-publication review (en)",
        "description": (
            "We are about to publish an investigation naming a regional official. We would "
            "like a lawyer to review the draft for defamation and personal data risks."
        ),
        "name": "Investigative desk",
        "facts": {
            "forum": "unknown",
            "requester_kind": "journalist",
            "help_wanted": ["review"],
            "language": "en",
        },
    },
    {
        "about": "refused information (ru)",
        "description": (
            "Управление здравоохранения второй месяц не отвечает на наш запрос информации. "
            "Хотим обжаловать бездействие."
        ),
        "facts": {
            "forum": "administrative",
            "requester_kind": "journalist",
            "help_wanted": ["advice"],
            "region_id": "KZ-11",
            "language": "ru",
            "next_deadline": 30,
        },
    },
]


def _clear() -> None:
    rows = list(EncryptedFile.objects.filter(pk__in=_request_file_ids()))
    paths = list(iter_paths(rows))
    HelpRequest.objects.all().delete()  # cascades to grants, messages and attachments
    EncryptedFile.objects.filter(pk__in=[row.pk for row in rows]).delete()
    written = WrittenFiles()
    written.paths = paths
    written.discard()


def _request_file_ids() -> list[int]:
    from qorgau.helpdesk.models import RequestFile

    return list(RequestFile.objects.values_list("file_id", flat=True))


def load() -> None:
    _clear()
    RECEIPTS.clear()
    today = timezone.localdate()
    for number, item in enumerate(REQUESTS):
        facts = dict(item["facts"])
        for name in ("next_hearing", "next_deadline"):
            if name in facts:
                facts[name] = today + timedelta(days=int(facts[name]))
        files = []
        if "file" in item:
            file_name, text = item["file"]
            files.append(prepare(file_name, text.encode()))
        submitted = intake.request_submit(
            facts=intake.IntakeFacts(**facts),
            content=intake.IntakeContent(
                description=str(item["description"]),
                name=str(item.get("name", "")),
                contact=str(item.get("contact", "")),
                contact_time=str(item.get("contact_time", "")),
                links=str(item.get("links", "")),
            ),
            files=files,
            submission_token=f"demo-{number}-{timezone.now().timestamp()}",
        )
        RECEIPTS.append((str(item["about"]), submitted.code))
    load_cases()


def summary() -> list[str]:
    if not RECEIPTS:
        return ["Help desk: demo requests are in place (receipt codes are shown only when loaded)."]
    lines = ["Help desk requests (open them at /<lang>/help/status/ with these receipt codes):"]
    lines += [f"  {code}  {about}" for about, code in RECEIPTS]
    return lines + summary_cases()


# --- Triage and cases (through the case services, so everything is sealed as in real use).


def _private_key(login: str) -> bytes:
    from qorgau.accounts import keys
    from qorgau.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD
    from qorgau.accounts.models import User
    from qorgau.core import crypto

    user = User.objects.get(email=f"{login}@{DEMO_DOMAIN}")
    return crypto.unwrap_with_secret(
        DEMO_PASSWORD, bytes(user.keypair.private_under_password), context=keys.CONTEXT_PASSWORD
    )


def _clear_cases() -> None:
    from qorgau.helpdesk.models import Case, CaseDocumentVersion

    rows = [v.file for v in CaseDocumentVersion.objects.select_related("file")]
    paths = list(iter_paths(rows))
    Case.objects.all().delete()
    EncryptedFile.objects.filter(pk__in=[row.pk for row in rows]).delete()
    written = WrittenFiles()
    written.paths = paths
    written.discard()


@contextmanager
def _unaudited(*modules: Any) -> Iterator[None]:
    """Demo data is nothing anyone did: the services' audit events are left out, so the demo
    never writes into the audit trail under a real person's name."""
    saved = [module.audit_record for module in modules]
    for module in modules:
        module.audit_record = lambda **_kwargs: None
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            module.audit_record = original


def load_cases() -> None:
    from qorgau.helpdesk import cases, conflicts, critical_dates, offers, record, triage

    with _unaudited(cases, conflicts, critical_dates, offers, record, triage):
        _load_cases()


def _load_cases() -> None:
    """The detained reporter's request accepted and made a case that bob took, with parties,
    a proceeding, a hearing, a computed critical date waiting for review, a note and a task;
    the pre-publication review answered with advice only; and a closed, won defamation case
    opened directly, for the statistics."""
    from qorgau.accounts.demo import DEMO_DOMAIN
    from qorgau.accounts.models import User
    from qorgau.core.models import Region
    from qorgau.helpdesk import cases, conflicts, critical_dates, offers, record, triage

    _clear_cases()
    alice = User.objects.get(email=f"alice@{DEMO_DOMAIN}")
    bob = User.objects.get(email=f"bob@{DEMO_DOMAIN}")
    alice_key = _private_key("alice")
    answers = {
        "journalistic_function": "yes",
        "journalism_link": "yes",
        "public_interest": "high",
        "jurisdiction": "kz",
    }
    requests = list(HelpRequest.objects.order_by("pk"))
    if len(requests) < 3:
        return
    detained, _blogger, review = requests[0], requests[1], requests[2]

    key = intake.data_key_for_user(help_request=review, user=alice, private_key=alice_key)
    if key is not None:
        triage.triage_assess(
            actor=alice,
            help_request=review,
            data_key=key,
            risk="low",
            strategic="low",
            decision="advice",
            reasoning="Черновик проверен: совет убрать домашний адрес чиновника.",
            **answers,
        )
    key = intake.data_key_for_user(help_request=detained, user=alice, private_key=alice_key)
    if key is None:
        return
    triage.triage_assess(
        actor=alice,
        help_request=detained,
        data_key=key,
        risk="high",
        strategic="high",
        decision="accept",
        reasoning="Уголовное преследование за публикацию о госзакупках; срочно нужна защита.",
        **answers,
    )
    detained.refresh_from_db()
    case, case_key = cases.case_open_from_request(
        actor=alice,
        help_request=detained,
        kind="criminal_defence",
        forum="criminal",
        region=detained.region,
        language="ru",
        detained=True,
        risk="high",
        strategic=True,
        summary="Корреспондент задержан по ст. 274 УК после публикации о закупках акимата.",
    )
    offer = offers.case_offer(
        actor=alice,
        case=case,
        lawyer=bob,
        summary="Задержание журналиста, ст. 274 УК, Шымкент; заседание о мере пресечения скоро.",
        data_key=case_key,
        duty=True,
    )
    offers.offer_accept(actor=bob, offer=offer)
    case.refresh_from_db()
    conflicts.party_add(actor=bob, case=case, role="client", name="Редакция «Ашық хабар»")
    conflicts.party_add(actor=bob, case=case, role="opposing", name="Акимат города (демо)")
    proceeding = record.proceeding_add(
        actor=bob,
        case=case,
        body="Следственный суд (демо)",
        instance="investigation",
        external_number="ДЕМО-2026-001",
        judge_name="Судья Демо Демович",
    )
    today = timezone.localdate()
    record.hearing_add(
        actor=bob,
        case=case,
        proceeding=proceeding,
        starts_at=timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
        + timedelta(days=2),
        place="зал 3",
        monitoring_requested=True,
    )
    critical_dates.critical_date_add(
        actor=bob, case=case, kind="appeal", rule="kz-cpc-appeal", start=today
    )
    record.note_add(
        actor=bob,
        case=case,
        kind="strategy",
        body="Ходатайствовать об изменении меры пресечения; собрать отзывы коллег.",
        data_key=case_key,
    )
    record.task_add(
        actor=bob,
        case=case,
        title="Запросить копию протокола задержания",
        data_key=case_key,
        due=today + timedelta(days=1),
    )
    record.citation_add(actor=bob, case=case, key="kz-cc:274:2")

    won, _won_key = cases.case_open(
        actor=alice,
        kind="civil_defamation",
        forum="civil",
        region=Region.objects.filter(pk="KZ-71").first(),
        language="kk",
        summary="Иск акима к блогеру о защите чести; решение в пользу блогера.",
    )
    cases.case_update(actor=alice, case=won, stage="closed", outcome="won", impact=["precedent"])


def summary_cases() -> list[str]:
    from qorgau.helpdesk.models import Case

    numbers = ", ".join(Case.objects.order_by("number").values_list("number", flat=True))
    return [f"Help desk cases: {numbers or 'none'} (bob took the first; alice runs the queue)."]
