"""Public pages of the library: the register, an act, an article, comparison, search, citations."""

from __future__ import annotations

import difflib
from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from qorgau.accounts.models import Role
from qorgau.core.i18n import active_language
from qorgau.core.permissions import AuthedRequest, has_role, role_required
from qorgau.core.views import error_page
from qorgau.library import queries, services
from qorgau.library.citations import CitationError, parse_key
from qorgau.library.forms import CommentaryForm, DecisionForm, SearchForm
from qorgau.library.models import Act, Commentary, CourtDecision, Edition, Provision

COMMENTARY_PARTS = [
    ("summary", _("In short")),
    ("for_journalists", _("For journalists")),
    ("typical_cases", _("Typical cases")),
]


def _on(request: HttpRequest) -> date | None:
    raw = request.GET.get("on", "")
    return parse_date(raw) if raw else None


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    acts = Act.objects.prefetch_related("editions")
    return render(
        request,
        "library/index.html",
        {
            "national": [a for a in acts if not a.is_international],
            "international": [a for a in acts if a.is_international],
            "form": SearchForm(),
        },
    )


@require_GET
def act_detail(request: HttpRequest, act: str) -> HttpResponse:
    act_obj = get_object_or_404(Act, code=act)
    on = _on(request)
    edition, fell_back = queries.edition_as_of(act_obj, active_language(), on)
    toc = list(queries.table_of_contents(edition)) if edition else []
    editions = Edition.objects.filter(act=act_obj).order_by("language", "-valid_from")
    context = {
        "act": act_obj,
        "edition": edition,
        "fell_back": fell_back,
        "toc": toc,
        "on": on,
        "editions": editions,
    }
    return render(request, "library/act.html", context)


@require_GET
def article_detail(request: HttpRequest, act: str, article: str) -> HttpResponse:
    act_obj = get_object_or_404(Act, code=act)
    provision = get_object_or_404(Provision, key=f"{act}:{article}", kind=Provision.Kind.ARTICLE)
    on = _on(request)
    edition, fell_back = queries.edition_as_of(act_obj, active_language(), on)
    rows = queries.article_rows(edition, provision) if edition else []
    for row in rows:  # depth inside the article, whatever chapter it stands in
        row.depth -= rows[0].depth
    commentaries = []
    for commentary in Commentary.objects.filter(
        Q(provision=provision) | Q(provision__article=provision)
    ).select_related("provision"):
        blocks = []
        for name, title in COMMENTARY_PARTS:
            text, shown_in = commentary.field(name)
            if text:
                blocks.append((title, text, shown_in))
        commentaries.append((commentary, blocks))
    editions = list(
        Edition.objects.filter(act=act_obj, texts__provision=provision).order_by(
            "language", "valid_from"
        )
    )
    languages = [e.language for e in editions]
    context = {
        "act": act_obj,
        "provision": provision,
        "edition": edition,
        "fell_back": fell_back,
        "rows": rows,
        "commentaries": commentaries,
        "decisions": provision.decisions.all(),
        "comparable": any(languages.count(lang) > 1 for lang in set(languages)),
        "can_edit": has_role(request.user, Role.EDITOR),
        "on": on,
    }
    return render(request, "library/article.html", context)


def _paragraphs(edition: Edition, provision: Provision) -> list[str]:
    return [row.numbered_text for row in queries.article_rows(edition, provision) if row.text]


def _diff(old: list[str], new: list[str]) -> list[tuple[str, SafeString]]:
    """Paragraph by paragraph: ("same" | "changed" | "added" | "removed", marked-up text)."""
    out: list[tuple[str, SafeString]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [("same", mark_safe(escape(p))) for p in old[i1:i2]]  # noqa: S308
        elif op == "replace" and i2 - i1 == j2 - j1:
            out += [
                ("changed", _word_diff(a, b)) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            ]
        else:
            out += [("removed", mark_safe(f"<del>{escape(p)}</del>")) for p in old[i1:i2]]  # noqa: S308
            out += [("added", mark_safe(f"<ins>{escape(p)}</ins>")) for p in new[j1:j2]]  # noqa: S308
    return out


def _word_diff(old: str, new: str) -> SafeString:
    a, b = old.split(), new.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
        else:
            if i2 > i1:
                parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
            if j2 > j1:
                parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above


@require_GET
def article_compare(request: HttpRequest, act: str, article: str) -> HttpResponse:
    act_obj = get_object_or_404(Act, code=act)
    provision = get_object_or_404(Provision, key=f"{act}:{article}", kind=Provision.Kind.ARTICLE)
    language = request.GET.get("lang") or active_language()
    editions = list(
        Edition.objects.filter(act=act_obj, language=language, texts__provision=provision).order_by(
            "valid_from"
        )
    )
    old = _pick_edition(editions, request.GET.get("old"), default=-2)
    new = _pick_edition(editions, request.GET.get("new"), default=-1)
    changes = (
        _diff(_paragraphs(old, provision), _paragraphs(new, provision))
        if old and new and old != new
        else []
    )
    context = {
        "act": act_obj,
        "provision": provision,
        "editions": editions,
        "old": old,
        "new": new,
        "changes": changes,
        "language": language,
    }
    return render(request, "library/compare.html", context)


def _pick_edition(editions: list[Edition], raw: str | None, default: int) -> Edition | None:
    wanted = parse_date(raw) if raw else None
    for edition in editions:
        if edition.valid_from == wanted:
            return edition
    return editions[default] if len(editions) >= abs(default) else None


@require_GET
def cite(request: HttpRequest, key: str) -> HttpResponse:
    """A permanent link for any citation key: to the article, at the part's anchor."""
    try:
        parse_key(key)
    except CitationError:
        return error_page(
            request,
            400,
            _("This is not a citation key"),
            _(
                "A citation key looks like kz-cc:274:2: the act, the article, then the part and item."
            ),
        )
    provision = queries.resolve(key)
    if provision is None:
        return error_page(
            request,
            404,
            _("The library does not have this provision yet"),
            _("%(key)s may exist in law but has not been imported here. Try the search.")
            % {"key": key},
        )
    article = provision.article or provision
    url = reverse("library:article", kwargs={"act": provision.act_id, "article": article.number})
    if provision.article is not None:
        url += f"#{provision.key.replace(':', '-')}"
    return HttpResponseRedirect(url)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = queries.search(
                data["q"],
                language=active_language(),
                act=data["act"],
                kind=data["kind"],
                doc_language=data["lang"],
                on=data["on"],
            )
        except queries.QueryError as exc:
            error = str(exc)
    template = "library/search.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, {"form": form, "result": result, "error": error})


# --- Editors: commentary and court decisions.


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def commentary_edit(request: AuthedRequest, key: str) -> HttpResponse:
    provision = queries.resolve(key)
    if provision is None:
        raise Http404
    existing = Commentary.objects.filter(provision=provision).first()
    initial = {}
    if existing is not None:
        initial = {name: getattr(existing, name) for name in services.COMMENTARY_FIELDS}
        initial["related"] = "\n".join(existing.related)
    form = CommentaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.commentary_save(actor=request.user, provision=provision, data=form.cleaned_data)
        messages.success(request, _("The commentary is saved."))
        return redirect("library:cite", key=provision.key)
    return render(request, "library/commentary_form.html", {"form": form, "provision": provision})


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions = CourtDecision.objects.prefetch_related("provisions")
    page = Paginator(decisions, 30).get_page(request.GET.get("page"))
    can_edit = has_role(request.user, Role.EDITOR)
    return render(request, "library/decisions.html", {"page": page, "can_edit": can_edit})


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def decision_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    decision = get_object_or_404(CourtDecision, pk=pk) if pk else CourtDecision()
    initial = (
        {"applied": "\n".join(decision.provisions.values_list("key", flat=True))} if pk else {}
    )
    form = DecisionForm(request.POST or None, instance=decision, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.decision_save(
            actor=request.user,
            decision=form.save(commit=False),
            provision_keys=form.cleaned_data["applied"],
        )
        messages.success(request, _("The court decision is saved."))
        return redirect("library:decisions")
    return render(request, "library/decision_form.html", {"form": form, "decision": decision})
