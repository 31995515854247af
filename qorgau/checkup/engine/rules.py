"""Rule-based risk detectors of the check-up (defamation, insult, alarms, incitement, extremism,
suicide, secrets, health, minors, quotations, AI), driven by the per-language lexicons in
data/rules/<lang>.json (their "_doc" explains every list) and the texts in data/messages.json.

A lexicon entry is a few words matched in order against a sentence's words: `слово` matches every
form with the same stem (the library's stemmers), `слов*` every word that begins so, `слово!`
only that form, `=СЛОВО` only that form in that case, and `...` up to three words of any kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from qorgau.checkup.engine.rule_lexicon import (
    _CYRILLIC,
    _WORD,
    DATA,
    LANGS,
    RABAT_FACTORS,
    _compile_entry,
    _Hit,
    _lists,
    _messages,
    _norm,
    _Rules,
    _rules,
    _stem,
    _Token,
    message,
    rabat_notes,
)
from qorgau.checkup.engine.segment import Paragraph, Sentence
from qorgau.library.analysis import KAZAKH_LETTERS, STOPWORDS

__all__ = [
    "DATA",
    "LANGS",
    "RABAT_FACTORS",
    "RuleMatch",
    "_compile_entry",
    "_lists",
    "_rules",
    "find_risks",
    "message",
    "rabat_notes",
]

_RABAT_PARAGRAPHS: Final = dict(zip(RABAT_FACTORS, "abcdef", strict=True))
_GROUP_KINDS: Final = ("ethnic", "religious", "clan", "class", "social")

# quotations: opening mark → closing marks
_QUOTES: Final = {"«": "»", "„": "“”", "“": "”", '"': '"'}
_WORDS_IN_QUOTE: Final = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
LONG_QUOTE_WORDS: Final = 60  # over this, a quotation outgrows the free-use exception
UNATTRIBUTED_QUOTE_WORDS: Final = 25  # from this, a quotation needs its author and source
_NEAR: Final = 8  # words between a health term and the person it is about


@dataclass(frozen=True)
class RuleMatch:
    """One risk found by the rules; start/end index the whole checked text."""

    type: str
    start: int
    end: int
    text: str
    severity: str
    details: dict[str, object] = field(default_factory=dict)


# --- one sentence -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    first: int  # token indexes, end exclusive
    last: int
    person: bool  # two words, a surname or the name model's: a person rather than a place or body


@dataclass
class _Sentence:
    """A sentence's words, the lexicon entries found in them, and the people it names."""

    sentence: Sentence
    rules: _Rules
    tokens: list[_Token]
    hits: dict[str, list[_Hit]]
    names: list[_Name] = field(default_factory=list)

    def has(self, *keys: str) -> bool:
        return any(self.hits.get(key) for key in keys)

    def live(self, *keys: str) -> list[_Hit]:
        """Hits of these lists that are not negated («не брал», «ұрлаған жоқ», «did not»)."""
        return [hit for key in keys for hit in self.hits.get(key, []) if not self._negated(hit)]

    def _negated(self, hit: _Hit) -> bool:
        rules = self.rules
        if any(t.low in rules.neg_before for t in self.tokens[max(0, hit.first - 2) : hit.first]):
            return True
        if any(t.low in rules.neg_after for t in self.tokens[hit.last : hit.last + 2]):
            return True
        return bool(
            rules.verb_negation and hit.remainder and rules.verb_negation.match(hit.remainder)
        )

    def text(self, hits: Sequence[_Hit]) -> str:
        """The words of the hits as written, joined by spaces."""
        base = self.sentence.start
        return " ".join(
            self.sentence.text[
                self.tokens[h.first].start - base : self.tokens[h.last - 1].end - base
            ]
            for h in hits
        )

    def parties(self) -> list[_Hit]:
        """Named people and organisations, and office holders and bodies named by what they are."""
        names = [_Hit(name.first, name.last, "") for name in self.names]
        return names + self.hits.get("names.roles", []) + self.hits.get("names.bodies", [])

    def people(self) -> list[_Hit]:
        """References to one person: a person's name, a pronoun, an office holder or a noun such as
        «пациентка» (not in the plural, where the language marks it: дәрігерлер)."""
        plural = self.rules.plural
        nouns = [
            hit
            for key in ("names.roles", "names.person_nouns")
            for hit in self.hits.get(key, [])
            if not (plural and plural.match(hit.remainder))
        ]
        names = [_Hit(name.first, name.last, "") for name in self.names if name.person]
        return names + self.hits.get("names.pronouns", []) + nouns


def _tokens(sentence: Sentence, lang: str) -> list[_Token]:
    found = []
    for m in _WORD.finditer(sentence.text):
        low = _norm(m.group())
        start = sentence.start + m.start()
        found.append(_Token(start, start + len(m.group()), m.group(), low, _stem(low, lang)))
    return found


def _sentence_lang(lang: str, sentence: Sentence) -> str:
    """Russian or Kazakh, decided again for one sentence from its lower-case words, so that Kazakh
    names («Құрылыс», Қасымов) do not send a Russian sentence to the Kazakh lexicons."""
    if lang not in ("ru", "kk"):
        return lang
    common = [w for w in _WORD.findall(sentence.text) if w[0].islower() and _CYRILLIC.search(w)]
    if len(common) < 3:
        return lang
    kazakh = sum(1 for w in common if "i" in w or any(ch in KAZAKH_LETTERS for ch in w))
    return "kk" if kazakh >= 0.1 * len(common) else "ru"


def _capitalised(token: _Token) -> bool:
    return token.raw[0].isupper() and not token.raw.isdigit()


_CLAUSE_OPENERS: Final = "«„“\"'(:—–-\n"


def _opens_clause(text: str, start: int) -> bool:
    """Whether a word starts a sentence-like unit (after a quote, colon, dash or line break),
    where a capital letter says nothing about names."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    return i < 0 or text[i] in _CLAUSE_OPENERS


@dataclass(frozen=True)
class _Draft:
    """What the whole draft says about capitals: words written capitalised mid-sentence (names)
    and words written in lower case somewhere (ordinary words, whatever opens a sentence)."""

    capitalised: frozenset[str]
    lower: frozenset[str]


def _find_names(
    s: _Sentence, text: str, draft: _Draft, external: Sequence[tuple[int, int]]
) -> list[_Name]:
    """Runs of capitalised words that are no place, month, group or other listed non-name. A word
    that opens the sentence, a quotation or a clause after a colon or dash is a name only if it
    is no ordinary word of the draft or the language and the run is two words long, looks like a
    surname or is capitalised mid-sentence elsewhere. Spans from a name model are added."""
    tokens = s.tokens
    lists = ("names.not_names", *(f"group.{kind}" for kind in _GROUP_KINDS))
    skip = {i for key in lists for hit in s.hits.get(key, []) for i in range(hit.first, hit.last)}
    endings = s.rules.surname_endings
    names: list[_Name] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        initial = i == 0 or _opens_clause(text, token.start)
        ordinary = (
            token.low in draft.lower
            or token.stem in draft.lower
            or token.low in STOPWORDS[s.rules.lang]
        )
        if not _capitalised(token) or i in skip or len(token.raw) < 2 or (initial and ordinary):
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and _capitalised(tokens[j]) and j not in skip:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if len(gap) > 2 or gap.strip(" .-‑"):
                break
            j += 1
        surname = token.low.endswith(endings) or token.stem.endswith(endings)
        if not initial or j - i > 1 or token.low in draft.capitalised or surname:
            names.append(_Name(i, j, j - i > 1 or surname))
        i = j
    for start, end in external:
        covered = [k for k, t in enumerate(tokens) if t.start < end and t.end > start]
        if covered:
            names.append(_Name(covered[0], covered[-1] + 1, True))
    return names


# --- detectors ----------------------------------------------------------------------------------


def _sentence_span(sentence: Sentence) -> tuple[int, int]:
    """The sentence without the whitespace around it."""
    raw = sentence.text
    start = sentence.start + len(raw) - len(raw.lstrip())
    end = sentence.start + len(raw.rstrip())
    return start, end


def _hit_span(s: _Sentence, hits: Sequence[_Hit]) -> tuple[int, int]:
    return (min(s.tokens[h.first].start for h in hits), max(s.tokens[h.last - 1].end for h in hits))


def _accusation(s: _Sentence) -> tuple[str, dict[str, object]] | None:
    """A crime or dishonest act next to a named party: high as fact, low when attributed or
    hedged, nothing when a court decided it."""
    acts = s.live("accusation.acts")
    if not acts or s.has("accusation.exclude", "accusation.court"):
        return None
    act_tokens = {i for hit in acts for i in range(hit.first, hit.last)}
    parties = [p for p in s.parties() if not act_tokens & set(range(p.first, p.last))]
    if not parties:
        return None
    attributed = s.has("accusation.hedges")
    details: dict[str, object] = {
        "attributed": attributed,
        "party": s.text(parties[:1]),
        "act": s.text(acts[:1]),
    }
    return ("low" if attributed else "high"), details


def _alarm(s: _Sentence, sourced_before: bool) -> tuple[str, dict[str, object]] | None:
    """An alarming claim with no source in its sentence or earlier in its paragraph."""
    terms = s.live("alarm.terms")
    if not terms:
        return None
    rumour = s.has("alarm.unverified")
    if not rumour and (sourced_before or s.has("alarm.sources")):
        return None
    digits = any(t.raw.isdigit() for t in s.tokens)
    casualties = bool(s.live("alarm.casualties")) and (digits or s.has("alarm.numerals"))
    urgent = s.has("alarm.urgent")
    details: dict[str, object] = {
        "claim": s.text(terms[:1]),
        "casualties": casualties,
        "urgent": urgent,
        "rumour": rumour,
    }
    return ("high" if casualties or urgent or rumour else "medium"), details


def _groups(s: _Sentence) -> list[dict[str, str]]:
    return [
        {"kind": kind, "text": s.text([hit])}
        for kind in _GROUP_KINDS
        for hit in s.hits.get(f"group.{kind}", [])
    ]


def _rabat(observed: dict[str, object]) -> dict[str, object]:
    """The six factors of the Rabat threshold test: the engine judges content and form only."""
    notes: dict[str, dict[str, str]] = _messages()["rabat"]
    return {
        factor: {
            "judged_by": "engine" if factor == "content_form" else "human",
            "citation": f"rabat:29:{_RABAT_PARAGRAPHS[factor]}",
            "note": notes[factor],
            **({"observed": observed} if factor == "content_form" else {}),
        }
        for factor in RABAT_FACTORS
    }


def _hostility(s: _Sentence) -> tuple[str, dict[str, object]] | None:
    """A group with a hostile or dehumanising word; generalising words make it high."""
    groups = _groups(s)
    if not groups:
        return None
    dehumanising = s.live("group.dehumanising")
    hostile = s.live("group.hostile")
    general = s.has("group.generalisers")
    if not dehumanising and not hostile:
        return None
    severity = "high" if dehumanising or general else "medium"
    observed: dict[str, object] = {
        "groups": groups,
        "generalisation": general,
        "dehumanising": s.text(dehumanising) if dehumanising else "",
        "hostile": s.text(hostile) if hostile else "",
    }
    return severity, {"groups": groups, "rabat": _rabat(observed)}


def _imperative(s: _Sentence, hit: _Hit) -> bool:
    """A verb that opens its sentence (Kill them!) or has an imperative or 'let us' ending at
    either end of its phrase (бейте, выгоним, қуып шығайық)."""
    pattern = s.rules.imperative
    if hit.first == 0:
        return True
    return pattern is not None and any(
        pattern.search(s.tokens[i].low) for i in (hit.first, hit.last - 1)
    )


def _violence(s: _Sentence) -> tuple[str, dict[str, object]] | None:
    """A call to violence or expulsion aimed at people (a group, a name, a pronoun)."""
    verbs = s.live("violence.verbs")
    if not verbs:
        return None
    groups = _groups(s)
    if not (groups or s.parties() or s.has("violence.targets")):
        return None
    if not s.live("violence.calls") and not any(_imperative(s, hit) for hit in verbs):
        return None
    details: dict[str, object] = {"action": s.text(verbs[:1]), "groups": groups}
    if groups:
        details["rabat"] = _rabat({"groups": groups, "call": s.text(verbs[:1])})
    return "high", details


def _extremism(s: _Sentence) -> tuple[str, dict[str, object]] | None:
    """Praise or justification of terrorism, not its reporting or condemnation."""
    if s.has("extremism.exclude"):
        return None
    phrases = s.live("extremism.phrases")
    endorsed = s.live("extremism.endorsement") if s.has("extremism.subjects") else []
    if not phrases and not endorsed:
        return None
    return "high", {"wording": s.text((phrases or endorsed)[:1])}


def _suicide(s: _Sentence) -> tuple[str, dict[str, object]] | None:
    """A suicide method or a call to suicide, not prevention or help."""
    if s.has("suicide.exclude"):
        return None
    phrases = s.live("suicide.phrases")
    methods = s.live("suicide.methods") if s.has("suicide.subjects") else []
    if not phrases and not methods:
        return None
    return "high", {"wording": s.text((phrases or methods)[:1])}


def _minor(s: _Sentence) -> tuple[str, dict[str, object]] | None:
    """A minor as victim or suspect; high when a name or another detail identifies the child."""
    sentence = s.sentence.text
    ages = [m.group() for p in s.rules.regexes["minor.ages"] for m in p.finditer(sentence)]
    terms = s.hits.get("minor.terms", [])
    if not (ages or terms) or not s.live("minor.roles"):
        return None
    identifying = [s.text([_Hit(name.first, name.last, "")]) for name in s.names]
    identifying += [s.text([hit]) for hit in s.hits.get("minor.identifying", [])]
    identifying += [
        m.group()
        for p in s.rules.regexes["minor.identifying_patterns"]
        for m in p.finditer(sentence)
    ]
    details: dict[str, object] = {
        "minor": ages[0] if ages else s.text(terms[:1]),
        "identifying": identifying,
    }
    return ("high" if identifying else "medium"), details


def _sentence_risks(text: str, s: _Sentence, sourced_before: bool) -> list[RuleMatch]:
    found: list[RuleMatch] = []

    def whole(type_: str, result: tuple[str, dict[str, object]] | None) -> None:
        if result:
            start, end = _sentence_span(s.sentence)
            found.append(RuleMatch(type_, start, end, text[start:end], result[0], result[1]))

    def each(type_: str, hits: list[_Hit], severity: str, details: dict[str, object]) -> None:
        for hit in hits:
            start, end = _hit_span(s, [hit])
            found.append(RuleMatch(type_, start, end, text[start:end], severity, dict(details)))

    whole("accusation", _accusation(s))
    parties = s.parties()
    each(
        "insult",
        s.live("insult.terms"),
        "high" if parties else "medium",
        {"aimed_at_name": bool(parties)},
    )
    extremism = _extremism(s)
    whole("extremism", extremism)
    if not extremism:  # praise of an attack is reported as that, not as an unsourced alarm
        whole("unverified_alarm", _alarm(s, sourced_before))
    whole("group_hostility", _hostility(s))
    whole("call_to_violence", _violence(s))
    whole("suicide", _suicide(s))
    each("restricted_info", s.hits.get("restricted.high", []), "high", {})
    each("restricted_info", s.hits.get("restricted.medium", []), "medium", {})
    people = s.people()
    for hit in s.live("health.terms"):
        near = [p for p in people if p.first - _NEAR <= hit.first <= p.last + _NEAR]
        if near:
            each("health", [hit], "medium", {"person": s.text(near[:1])})
    whole("minor", _minor(s))
    return found


# --- paragraphs and the whole text --------------------------------------------------------------


def _quotations(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Top-level quotations of a paragraph as (start, end) of their inner text, paragraph-local."""
    found: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(paragraph.text):
        if stack and ch in _QUOTES[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                found.append((start + 1, i))
            continue
        if ch in _QUOTES and not (ch == '"' and stack and stack[-1][0] == '"'):
            stack.append((ch, i))
    return found


def _long_quotations(text: str, paragraph: Paragraph) -> list[RuleMatch]:
    """Quotations over the length limit, and shorter ones whose author is named nowhere near."""
    lang = paragraph.lang if paragraph.lang in LANGS else "en"
    found = []
    for start, end in _quotations(paragraph):
        words = len(_WORDS_IN_QUOTE.findall(paragraph.text, start, end))
        if words < UNATTRIBUTED_QUOTE_WORDS:
            continue
        around = paragraph.text[max(0, start - 200) : start] + " " + paragraph.text[end : end + 120]
        window = Sentence(0, len(around), around, lang)
        rules = _rules(_sentence_lang(lang, window))
        attributed = bool(rules.hits(_tokens(window, rules.lang)).get("quotation.attribution"))
        if words <= LONG_QUOTE_WORDS and attributed:
            continue
        a, b = paragraph.start + start - 1, paragraph.start + end + 1
        details: dict[str, object] = {"words": words, "attributed": attributed}
        found.append(RuleMatch("long_quotation", a, b, text[a:b], "medium", details))
    return found


def _ai(text: str, paragraphs: list[Paragraph], ai_assisted: bool) -> list[RuleMatch]:
    """Chat-assistant leftovers, and a declared AI-assisted draft that never says so; both are
    looked for with every language's patterns, since drafts mix languages."""
    found = []
    residue = [p for lang in LANGS for p in _rules(lang).regexes["ai.residue"]]
    for paragraph in paragraphs:
        for pattern in residue:
            for m in pattern.finditer(paragraph.text):
                a, b = paragraph.start + m.start(), paragraph.start + m.end()
                found.append(RuleMatch("ai_residue", a, b, text[a:b], "medium", {}))
    if ai_assisted:
        disclosure = [p for lang in LANGS for p in _rules(lang).regexes["ai.disclosure"]]
        if not any(p.search(paragraph.text) for paragraph in paragraphs for p in disclosure):
            found.append(RuleMatch("undisclosed_ai", 0, 0, "", "high", {"whole_text": True}))
    return found


def find_risks(
    text: str,
    paragraphs: list[Paragraph],
    *,
    ai_assisted: bool = False,
    names: Sequence[tuple[int, int]] = (),
) -> list[RuleMatch]:
    """Every rule-based risk in `text`, given its `segment()` paragraphs. `ai_assisted` says the
    author declared AI help (so a disclosure line is required); `names` are person spans from a
    name model, which sharpen the detectors that need a named person."""
    sentences: list[tuple[_Sentence, Paragraph]] = []
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            lang = sentence.lang if sentence.lang in LANGS else "en"
            rules = _rules(_sentence_lang(lang, sentence))
            tokens = _tokens(sentence, rules.lang)
            sentences.append((_Sentence(sentence, rules, tokens, rules.hits(tokens)), paragraph))
    words = [(i, t) for s, _ in sentences for i, t in enumerate(s.tokens)]
    draft = _Draft(
        capitalised=frozenset(
            t.low
            for i, t in words
            if i > 0 and _capitalised(t) and len(t.raw) > 1 and not _opens_clause(text, t.start)
        ),
        lower=frozenset(w for _, t in words if t.raw[0].islower() for w in (t.low, t.stem)),
    )
    found: list[RuleMatch] = []
    sourced: set[int] = set()  # paragraphs that have named a source so far
    for s, paragraph in sentences:
        external = [(a, b) for a, b in names if a < s.sentence.end and b > s.sentence.start]
        s.names = _find_names(s, text, draft, external)
        found += _sentence_risks(text, s, paragraph.start in sourced)
        if s.has("alarm.sources"):
            sourced.add(paragraph.start)
    for paragraph in paragraphs:
        found += _long_quotations(text, paragraph)
    found += _ai(text, paragraphs, ai_assisted)
    return _merged(text, found)


_SEVERITY_ORDER: Final = {"low": 0, "medium": 1, "high": 2}
_WORD_LEVEL: Final = frozenset({"insult", "restricted_info", "health", "ai_residue"})


def _merged(text: str, found: list[RuleMatch]) -> list[RuleMatch]:
    """One finding where matches of one type overlap, or, for word-level types, touch across
    whitespace («болен раком»); the higher severity wins."""
    merged: list[RuleMatch] = []
    for m in sorted(found, key=lambda m: (m.type, m.start, -m.end)):
        last = merged[-1] if merged else None
        touching = last is not None and (
            m.start < last.end or (m.type in _WORD_LEVEL and not text[last.end : m.start].strip())
        )
        if last is not None and last.type == m.type and touching:
            end = max(last.end, m.end)
            severity = max(last.severity, m.severity, key=_SEVERITY_ORDER.__getitem__)
            merged[-1] = RuleMatch(
                m.type, last.start, end, text[last.start : end], severity, last.details
            )
        else:
            merged.append(m)
    return sorted(merged, key=lambda m: (m.start, m.end, m.type))
