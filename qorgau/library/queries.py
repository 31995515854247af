"""Reads of the library: the text of an act as of a date, resolving citations, and search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qorgau.library import search_index
from qorgau.library.analysis import analyse, detect_lang
from qorgau.library.citations import Citation, CitationError, parse_key, parse_query
from qorgau.library.models import Act, Edition, Provision, ProvisionText, SearchDocument

MAX_QUERY_CHARS = 500
CANDIDATES = 120


def edition_as_of(act: Act, language: str, on: date | None = None) -> tuple[Edition | None, bool]:
    """The edition in force on `on` (today if None) in `language`, else in another language.
    Returns (edition, fell_back)."""
    for position, candidate in enumerate(_language_order(language)):
        editions = Edition.objects.filter(act=act, language=candidate)
        if on is not None:
            editions = editions.filter(valid_from__lte=on)
        edition = editions.order_by("-valid_from").first()
        if edition is not None:
            return edition, position > 0
    return None, False


def _language_order(language: str) -> list[str]:
    return [language, *[lang for lang in ("ru", "kk", "en") if lang != language]]


def table_of_contents(edition: Edition) -> QuerySet[ProvisionText]:
    return (
        ProvisionText.objects.filter(
            edition=edition,
            provision__kind__in=[
                Provision.Kind.SECTION,
                Provision.Kind.CHAPTER,
                Provision.Kind.ARTICLE,
            ],
        )
        .select_related("provision")
        .order_by("position")
    )


def article_rows(edition: Edition, article: Provision) -> list[ProvisionText]:
    """The article's own row followed by every part and item below it, in document order."""
    rows = list(
        ProvisionText.objects.filter(edition=edition)
        .filter(provision__key=article.key)
        .select_related("provision")
    )
    if not rows:
        return []
    head = rows[0]
    below = list(
        ProvisionText.objects.filter(edition=edition, provision__article=article)
        .exclude(pk=head.pk)
        .select_related("provision")
        .order_by("position")
    )
    return [head, *below]


def resolve(key: str) -> Provision | None:
    """The provision a citation key names, or None (then the citation is shown as plain text)."""
    try:
        citation = parse_key(key)
    except CitationError:
        return None
    return Provision.objects.filter(key=citation.key).select_related("act").first()


@dataclass(frozen=True)
class Hit:
    provision: Provision
    document: SearchDocument
    score: float
    snippet: SafeString
    languages: tuple[str, ...]  # the languages in which this provision matched


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    citation: Citation | None
    query_terms: list[str]


class QueryError(ValueError):
    pass


def search(
    q: str,
    *,
    language: str,
    act: str = "",
    kind: str = "",
    doc_language: str = "",
    on: date | None = None,
    limit: int = 20,
) -> SearchResult:
    """Hits grouped by provision (its Russian and Kazakh texts are one hit), best first, shown in
    the visitor's language where that text exists."""
    from django.utils.translation import gettext as _

    q = q.strip()
    if not q:
        raise QueryError(_("Type what you are looking for."))
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(
            _("The query is too long: at most %(max)d characters.") % {"max": MAX_QUERY_CHARS}
        )
    citation = parse_query(q)
    if citation is not None:
        direct = _citation_hits(citation, language=language, act=act)
        if direct:
            return SearchResult(hits=direct[:limit], citation=citation, query_terms=[])
    terms = analyse(q, detect_lang(q))
    filters = search_index.Filters(act=act, kind=kind, language=doc_language, on=on)
    scored = search_index.match(terms, filters, CANDIDATES)
    return SearchResult(
        hits=_group(scored, language, terms, limit), citation=citation, query_terms=terms
    )


def _citation_hits(citation: Citation, *, language: str, act: str) -> list[Hit]:
    article_key_tail = f":{citation.article}"
    provisions = Provision.objects.filter(kind=Provision.Kind.ARTICLE, number=citation.article)
    if citation.act or act:
        provisions = provisions.filter(act_id=citation.act or act)
    hits = []
    for provision in provisions.select_related("act")[:20]:
        if not provision.key.endswith(article_key_tail):
            continue
        document = _document_for(provision, language)
        if document is not None:
            hits.append(
                Hit(provision, document, 1.0, _snippet(document.body, None), (document.language,))
            )
    return hits


def _document_for(provision: Provision, language: str) -> SearchDocument | None:
    documents = {
        d.language: d
        for d in SearchDocument.objects.filter(
            provision=provision, kind__in=["law", "standard"]
        ).order_by("valid_from")
    }
    for candidate in _language_order(language):
        if candidate in documents:
            return documents[candidate]
    return None


def _group(
    scored: list[tuple[int, float]], language: str, terms: list[str], limit: int
) -> list[Hit]:
    if not scored:
        return []
    documents = (
        SearchDocument.objects.select_related("provision")
        .defer("body")
        .in_bulk([doc_id for doc_id, _score in scored])
    )
    best: dict[int, tuple[float, list[SearchDocument]]] = {}
    for doc_id, score in scored:
        document = documents.get(doc_id)
        if document is None or document.provision is None:
            continue
        # a part or item counts for its article: one hit per article, in all languages together
        group: int = document.provision.article_id or document.provision.pk
        if group not in best:
            best[group] = (score, [document])
        else:
            best[group][1].append(document)
    order = list(best)[:limit]
    provisions = Provision.objects.select_related("act").in_bulk(order)
    shown = {group: _pick(best[group][1], language) for group in order}
    # An article that matched only in another language is still shown in the visitor's one.
    missing = [group for group in order if shown[group].language != language]
    if missing:
        for document in SearchDocument.objects.filter(
            provision_id__in=missing, language=language, kind__in=["law", "standard"], valid_to=None
        ).defer("body"):
            shown[document.provision_id] = document  # type: ignore[index]  # filtered on it
    bodies = dict(
        SearchDocument.objects.filter(pk__in=[d.pk for d in shown.values()]).values_list(
            "id", "body"
        )
    )
    pattern = _highlighter(terms)
    hits = []
    for group in order:
        score, matched = best[group]
        document = shown[group]
        document.body = bodies[document.pk]
        languages = tuple(dict.fromkeys(d.language for d in matched))
        hits.append(
            Hit(provisions[group], document, score, _snippet(document.body, pattern), languages)
        )
    return hits


def _pick(documents: list[SearchDocument], language: str) -> SearchDocument:
    """The matched text in the visitor's language if there is one, law before commentary."""
    rank = {kind: n for n, kind in enumerate(["law", "standard", "commentary", "decision"])}
    for candidate in _language_order(language):
        in_language = [d for d in documents if d.language == candidate]
        if in_language:
            return min(
                in_language,
                key=lambda d: (rank.get(d.kind, 9), -(d.valid_from or date.min).toordinal()),
            )
    return documents[0]


_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")


def _highlighter(terms: list[str]) -> re.Pattern[str] | None:
    """Words that begin with a query stem (stems of three letters or more; shorter ones whole)."""
    alternatives = [
        re.escape(term) + (r"\w*" if len(term) >= 3 else r"(?!\w)")
        for term in sorted(set(terms), key=len, reverse=True)
    ]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _snippet(body: str, pattern: re.Pattern[str] | None, width: int = 240) -> SafeString:
    """The passage with the most query words, those words marked."""
    if pattern is None:
        return mark_safe(escape(body[:width]) + ("…" if len(body) > width else ""))  # noqa: S308
    sentences = [s for s in _SENTENCE.split(body[:6000]) if s.strip()] or [body[:width]]
    best = max(sentences, key=lambda sentence: len(pattern.findall(sentence)))
    if len(best) > width:
        best = best[:width] + "…"
    marked = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", str(escape(best)))
    return mark_safe(marked)  # noqa: S308 - the text is escaped before the marks are added
