"""API of the library: acts, a provision by citation key, search."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from qorgau.core.i18n import active_language
from qorgau.library import queries
from qorgau.library.citations import CitationError, parse_key
from qorgau.library.forms import SearchForm
from qorgau.library.models import Act, Commentary, Provision

router = Router(tags=["library"])


class ActOut(Schema):
    code: str
    kind: str
    number: str
    date: date | None
    status: str
    title: str
    title_kk: str
    title_ru: str
    title_en: str
    editions: list[dict[str, str]]


class CommentaryOut(Schema):
    summary: str
    for_journalists: str
    typical_cases: str
    language: str
    related: list[str]


class ProvisionOut(Schema):
    citation: str
    act: str
    kind: str
    heading: str
    text: str
    language: str
    edition: date | None
    fell_back: bool
    commentary: CommentaryOut | None


class HitOut(Schema):
    citation: str
    act: str
    title: str
    snippet: str
    score: float
    kind: str
    language: str


def _language(request: HttpRequest, lang: str | None) -> str:
    return lang if lang in ("kk", "ru", "en") else active_language()


@router.get("/acts", response=list[ActOut], auth=None, summary="The act register")
def act_list(request: HttpRequest) -> Any:
    return [
        {
            "code": act.code,
            "kind": act.kind,
            "number": act.number,
            "date": act.date,
            "status": act.status,
            "title": act.title,
            "title_kk": act.title_kk,
            "title_ru": act.title_ru,
            "title_en": act.title_en,
            "editions": [
                {"language": e.language, "valid_from": e.valid_from.isoformat()}
                for e in act.editions.all()
            ],
        }
        for act in Act.objects.prefetch_related("editions")
    ]


@router.get(
    "/provisions/{citation}",
    response=ProvisionOut,
    auth=None,
    summary="A provision by citation key",
)
def provision_detail(
    request: HttpRequest, citation: str, lang: str | None = None, on: date | None = None
) -> Any:
    try:
        key = parse_key(citation).key
    except CitationError as error:
        raise HttpError(
            422, _("This is not a citation key: %(reason)s") % {"reason": str(error)}
        ) from error
    provision = Provision.objects.filter(key=key).select_related("act", "article").first()
    if provision is None:
        raise HttpError(404, _("The library has no provision %(key)s.") % {"key": key})
    language = _language(request, lang)
    edition, fell_back = queries.edition_as_of(provision.act, language, on)
    article = provision.article or provision
    rows = queries.article_rows(edition, article) if edition else []
    own = [r for r in rows if r.provision_id == provision.pk]
    if provision.article is None:
        text = "\n".join(r.text for r in rows if r.text)
    else:
        text = "\n".join(
            r.text
            for r in rows
            if r.provision_id == provision.pk or r.provision.key.startswith(provision.key + ".")
        )
    commentary = Commentary.objects.filter(provision=provision).first()
    commentary_out = None
    if commentary is not None:
        summary, shown = commentary.field("summary")
        commentary_out = {
            "summary": summary,
            "for_journalists": commentary.field("for_journalists")[0],
            "typical_cases": commentary.field("typical_cases")[0],
            "language": shown,
            "related": commentary.related,
        }
    return {
        "citation": provision.key,
        "act": provision.act_id,
        "kind": provision.kind,
        "heading": own[0].heading if own else "",
        "text": text,
        "language": edition.language if edition else language,
        "edition": edition.valid_from if edition else None,
        "fell_back": fell_back,
        "commentary": commentary_out,
    }


@router.get("/search", response=list[HitOut], auth=None, summary="Search the law in kk, ru or en")
def search(
    request: HttpRequest,
    q: str = "",
    lang: str | None = None,
    act: str = "",
    kind: str = "",
    on: date | None = None,
    limit: int = 20,
) -> Any:
    form = SearchForm({"q": q, "act": act, "kind": kind, "on": on or ""})
    if not form.is_valid():
        raise HttpError(422, " ".join(str(e) for errors in form.errors.values() for e in errors))
    try:
        result = queries.search(
            form.cleaned_data["q"],
            language=_language(request, lang),
            act=act,
            kind=kind,
            on=on,
            limit=max(1, min(limit, 100)),
        )
    except queries.QueryError as error:
        raise HttpError(422, str(error)) from error
    return [
        {
            "citation": hit.provision.key,
            "act": hit.provision.act_id,
            "title": hit.document.title,
            "snippet": str(hit.snippet),
            "score": round(hit.score, 4),
            "kind": hit.document.kind,
            "language": hit.document.language,
        }
        for hit in result.hits
    ]
