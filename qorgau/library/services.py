"""Writes of the library: importing an edition, seeding the register and the editors' content,
and keeping the search index in step. Each import is one transaction: whole or absent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record
from qorgau.library import search_index
from qorgau.library.analysis import analyse
from qorgau.library.models import (
    Act,
    Commentary,
    CourtDecision,
    Edition,
    Provision,
    ProvisionText,
    SearchDocument,
)
from qorgau.library.parser import Node, ParsedAct, parse_act

REGISTER = Path(__file__).parent / "data" / "register.json"
LANGUAGES = ("kk", "ru", "en")


class ImportRefusedError(ValueError):
    """The import cannot go ahead; nothing was written. The message is for people (translated)."""


@dataclass
class ImportReport:
    edition: Edition
    counts: dict[str, int]
    unplaced: list[tuple[int, str]] = field(default_factory=list)


def _key(act: str, article: str, *rest: str) -> str:
    return ":".join([act, article, *[r for r in rest if r]])


def _unit_key(
    act: str, node: Node, parent_key: str, article: str, part: str
) -> tuple[str, str, str]:
    """The citation key of a node, and the (article, part) its children are cited under.

    An item directly inside an article is cited like a part (`kz-mml:1:3` for Art. 1, item 3);
    sub-items hang below their item's key (`kz-cc:3:1.a`), beyond the public citation format.
    """
    if node.kind == "article":
        return _key(act, node.number), node.number, ""
    if node.kind == "part" or (node.kind == "item" and not part):
        number = node.number or "0"
        return _key(act, article, number), article, number
    if node.kind == "item":
        return _key(act, article, part, node.number), article, part
    return f"{parent_key}.{node.number}", article, part


@transaction.atomic
def edition_import(
    *, act: Act, language: str, valid_from: date, text: str, source: str, actor: Any = None
) -> ImportReport:
    """Parse an official text and store it as a new edition. An edition of the same act, language
    and date already there is refused; older and newer editions stay."""
    from django.utils.translation import gettext as _

    if Edition.objects.filter(act=act, language=language, valid_from=valid_from).exists():
        raise ImportRefusedError(
            _("An edition of %(act)s in this language from %(date)s is already imported.")
            % {"act": act.code, "date": valid_from.isoformat()}
        )
    try:
        parsed = parse_act(text, language)
    except ValueError as error:
        raise ImportRefusedError(
            _("This file does not look like the official text of an act: %(reason)s")
            % {"reason": str(error)}
        ) from error
    edition = Edition.objects.create(
        act=act,
        language=language,
        valid_from=valid_from,
        source=source[:500],
        preamble=parsed.preamble,
        notes="\n".join(parsed.notes),
        imported_at=timezone.now(),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _store_nodes(act, edition, parsed)
    _index_edition(act, edition)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=edition,
        context={"act": act.code, "language": language, "valid_from": valid_from.isoformat()},
    )
    return ImportReport(edition=edition, counts=parsed.counts(), unplaced=parsed.unplaced)


def _store_nodes(act: Act, edition: Edition, parsed: ParsedAct) -> None:
    provisions = {p.key: p for p in Provision.objects.filter(act=act)}
    seen: set[str] = set()
    position = 0

    def provision_for(key: str, kind: str, number: str, article_key: str) -> Provision:
        if key not in provisions:
            article = provisions.get(article_key) if article_key != key else None
            provisions[key] = Provision.objects.create(
                act=act, key=key, kind=kind, number=number, article=article
            )
        return provisions[key]

    def walk(
        nodes: list[Node], parent: ProvisionText | None, parent_key: str, ctx: tuple[str, str]
    ) -> None:
        nonlocal position
        for node in nodes:
            position += 1
            if node.kind in (
                Provision.Kind.ARTICLE,
                Provision.Kind.PART,
                Provision.Kind.ITEM,
                Provision.Kind.SUBITEM,
            ):
                key, article, part = _unit_key(act.code, node, parent_key, *ctx)
                kind = node.kind
            else:  # sections, chapters and other groupings
                kind = node.kind if node.kind in Provision.Kind.values else Provision.Kind.SECTION
                key, (article, part) = f"{act.code}:{kind}-{node.number or position}", ctx
            if key in seen:  # the source repeats a number: keep both, the second one apart
                key = f"{key}~{position}"
            seen.add(key)
            provision = provision_for(
                key, kind, node.number, _key(act.code, article) if article else ""
            )
            row = ProvisionText.objects.create(
                provision=provision,
                edition=edition,
                parent=parent,
                position=position,
                depth=0 if parent is None else parent.depth + 1,
                heading=node.heading[:1000],
                text=node.text,
                notes="\n".join(node.notes),
            )
            walk(node.children, row, key, (article, part))

    walk(parsed.nodes, None, "", ("", ""))


def article_body(article_text: ProvisionText) -> str:
    """The whole normative text of an article: its own text and every part and item below it."""
    lines = [article_text.text] if article_text.text else []
    stack = list(reversed(list(article_text.children.all())))
    while stack:
        row = stack.pop()
        if row.text:
            lines.append(row.numbered_text)
        stack.extend(reversed(list(row.children.all())))
    return "\n".join(lines)


def _index_edition(act: Act, edition: Edition) -> None:
    articles = (
        ProvisionText.objects.filter(edition=edition, provision__kind=Provision.Kind.ARTICLE)
        .select_related("provision")
        .prefetch_related(
            "children__provision",
            "children__children__provision",
            "children__children__children__provision",
        )
    )
    kind = SearchDocument.Kind.STANDARD if act.is_international else SearchDocument.Kind.LAW
    documents = []
    for row in articles:
        body = article_body(row)
        documents.append(
            SearchDocument(
                provision=row.provision,
                edition=edition,
                kind=kind,
                act=act.code,
                language=edition.language,
                valid_from=edition.valid_from,
                title=row.heading,
                body=body,
            )
        )
    _add_documents(documents)
    editions_validity_refresh(act=act, language=edition.language)


def _index_row(document: SearchDocument) -> tuple[int, str, str]:
    language = document.language
    return (
        document.pk,
        " ".join(analyse(document.title, language)),
        " ".join(analyse(document.body, language)),
    )


def _add_documents(documents: list[SearchDocument]) -> None:
    created = SearchDocument.objects.bulk_create(documents, batch_size=500)
    search_index.add(_index_row(doc) for doc in created)


def _remove_documents(documents: list[SearchDocument]) -> None:
    search_index.remove([_index_row(d) for d in documents])
    SearchDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()


def editions_validity_refresh(*, act: Act, language: str) -> None:
    """An edition is in force until the next one starts: written into the index for date filters."""
    editions = list(Edition.objects.filter(act=act, language=language).order_by("valid_from"))
    for current, following in zip(editions, [*editions[1:], None], strict=True):
        SearchDocument.objects.filter(edition=current).update(
            valid_to=following.valid_from if following else None
        )


# --- The register, the international standards and the editors' commentary (data/register.json).


def _texts(value: dict[str, str] | None) -> dict[str, str]:
    value = value or {}
    return {lang: value.get(lang, "") for lang in LANGUAGES}


@transaction.atomic
def register_load(*, path: Path = REGISTER) -> dict[str, int]:
    """Create or update the acts, standards and commentary shipped with Qorgau. Safe to repeat."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["acts"]:
        titles = _texts(entry.get("title"))
        Act.objects.update_or_create(
            code=entry["code"],
            defaults={
                "kind": entry["kind"],
                "number": entry.get("number", ""),
                "date": entry.get("date") or None,
                "status": entry.get("status", Act.Status.IN_FORCE),
                "source_url": entry.get("source_url", ""),
                **{f"title_{lang}": text for lang, text in titles.items()},
            },
        )
    _standards_load(data.get("standards", []))
    for entry in data.get("commentary", []):
        _commentary_load(entry)
    return {
        "acts": len(data["acts"]),
        "standards": len(data.get("standards", [])),
        "commentary": len(data.get("commentary", [])),
    }


def _standards_load(entries: list[dict[str, Any]]) -> None:
    """International standards are stored as one edition per language of an international act,
    their provisions summarised by the editors, so they are cited and shown like Kazakh law."""
    by_act: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_act.setdefault(entry["act"], []).append(entry)
    for code, items in by_act.items():
        act = Act.objects.get(code=code)
        for language in LANGUAGES:
            edition, _created = Edition.objects.get_or_create(
                act=act,
                language=language,
                valid_from=act.date or date(1966, 12, 16),
                defaults={"source": "Qorgau editors' summaries"},
            )
            old = list(SearchDocument.objects.filter(edition=edition))
            _remove_documents(old)
            edition.texts.all().delete()
            documents = []
            for position, entry in enumerate(items, start=1):
                key = _key(code, str(entry["number"]), str(entry.get("part", "")))
                article_key = _key(code, str(entry["number"]))
                article = None
                if key != article_key:
                    article, _c = Provision.objects.get_or_create(
                        key=article_key,
                        defaults={
                            "act": act,
                            "kind": Provision.Kind.ARTICLE,
                            "number": str(entry["number"]),
                        },
                    )
                provision, _c = Provision.objects.get_or_create(
                    key=key,
                    defaults={
                        "act": act,
                        "kind": Provision.Kind.PART if article else Provision.Kind.ARTICLE,
                        "number": str(entry.get("part") or entry["number"]),
                        "article": article,
                    },
                )
                heading = _texts(entry.get("heading"))[language]
                summary = _texts(entry.get("summary"))[language]
                ProvisionText.objects.create(
                    provision=provision,
                    edition=edition,
                    position=position,
                    heading=heading,
                    text=summary,
                )
                if summary:
                    documents.append(
                        SearchDocument(
                            provision=provision,
                            edition=edition,
                            kind=SearchDocument.Kind.STANDARD,
                            act=code,
                            language=language,
                            valid_from=edition.valid_from,
                            title=heading,
                            body=summary,
                        )
                    )
            _add_documents(documents)


COMMENTARY_FIELDS = tuple(
    f"{name}_{lang}"
    for name in ("summary", "for_journalists", "typical_cases")
    for lang in LANGUAGES
)


@transaction.atomic
def commentary_save(*, actor: Any, provision: Provision, data: dict[str, Any]) -> Commentary:
    """An editor writes or corrects the commentary on a provision; the search index follows."""
    fields = {name: data.get(name, "") for name in COMMENTARY_FIELDS}
    commentary, created = Commentary.objects.update_or_create(
        provision=provision,
        defaults={**fields, "related": data.get("related", []), "updated_at": timezone.now()},
    )
    _commentary_index(commentary)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=commentary,
        context={"provision": provision.key},
    )
    return commentary


@transaction.atomic
def decision_save(
    *, actor: Any, decision: CourtDecision, provision_keys: list[str]
) -> CourtDecision:
    created = decision.pk is None
    decision.save()
    decision.provisions.set(Provision.objects.filter(key__in=provision_keys))
    decision_index(decision=decision)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=decision,
        context={"provisions": provision_keys},
    )
    return decision


def _commentary_load(entry: dict[str, Any]) -> None:
    from qorgau.library.citations import parse_key

    citation = parse_key(entry["citation"])
    act = Act.objects.get(code=citation.act)
    article, _created = Provision.objects.get_or_create(
        key=_key(act.code, citation.article),
        defaults={"act": act, "kind": Provision.Kind.ARTICLE, "number": citation.article},
    )
    provision = article
    if citation.part:
        # the same key a later import gives this part (or an item cited like a part)
        provision, _created = Provision.objects.get_or_create(
            key=citation.key,
            defaults={
                "act": act,
                "kind": Provision.Kind.ITEM if citation.item else Provision.Kind.PART,
                "number": citation.item or citation.part,
                "article": article,
            },
        )
    fields: dict[str, Any] = {"related": entry.get("related", []), "updated_at": timezone.now()}
    for name in ("summary", "for_journalists", "typical_cases"):
        for lang, text in _texts(entry.get(name)).items():
            fields[f"{name}_{lang}"] = text
    commentary, _c = Commentary.objects.update_or_create(provision=provision, defaults=fields)
    _commentary_index(commentary)


def _commentary_index(commentary: Commentary) -> None:
    provision = commentary.provision
    _remove_documents(list(SearchDocument.objects.filter(provision=provision, kind="commentary")))
    documents = []
    for lang in LANGUAGES:
        body = "\n".join(
            getattr(commentary, f"{name}_{lang}")
            for name in ("summary", "for_journalists", "typical_cases")
        ).strip()
        if body:
            documents.append(
                SearchDocument(
                    provision=provision,
                    kind=SearchDocument.Kind.COMMENTARY,
                    act=provision.act_id,
                    language=lang,
                    title=getattr(commentary, f"summary_{lang}")[:200],
                    body=body,
                )
            )
    _add_documents(documents)


@transaction.atomic
def decision_index(*, decision: CourtDecision) -> None:
    """(Re)index a court decision's summaries under every provision it applied."""
    _remove_documents(list(SearchDocument.objects.filter(decision=decision)))
    documents = []
    for provision in decision.provisions.all():
        for lang in LANGUAGES:
            summary = getattr(decision, f"summary_{lang}")
            if summary:
                documents.append(
                    SearchDocument(
                        provision=provision,
                        decision=decision,
                        kind=SearchDocument.Kind.DECISION,
                        act=provision.act_id,
                        language=lang,
                        valid_from=decision.date,
                        title=f"{decision.court}, {decision.date:%d.%m.%Y}",
                        body=summary,
                    )
                )
    _add_documents(documents)
