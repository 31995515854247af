"""Person names in a draft, and whether each person is named in an official capacity.

Russian uses natasha's news NER (slovnet; weights ship inside the wheel, loaded once per process).
Kazakh uses an averaged-perceptron tagger trained by bench/train_kk_ner.py on KazNERD (ISSAI,
CC BY 4.0), shipped as data/kk_ner.json.gz, and falls back to rules when that file is absent.
English, and Kazakh in Latin script, use rules: title cues, a given-name lexicon, surname shapes.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qorgau.checkup.engine.kazakh_tagger import KazakhTagger, bio_spans, kk_token_features
from qorgau.checkup.engine.name_words import (
    _NAME_CUES,
    _SENTENCE_END,
    _TITLE_RE,
    _UPPER,
    _WEAK_RE,
    COMMON_CAPITALISED,
    GIVEN_NAMES,
    MONTHS_AND_DAYS,
    ORG_WORDS,
    PLACE_OR_ORG_HEADS,
    PLACES,
    Token,
    has_surname_shape,
    is_capitalised,
    is_given_name,
    is_official,
    is_org,
    is_place,
    stems,
    tokenize,
)
from qorgau.checkup.engine.segment import Paragraph, language_runs

__all__ = [
    "COMMON_CAPITALISED",
    "GIVEN_NAMES",
    "MONTHS_AND_DAYS",
    "ORG_WORDS",
    "PLACES",
    "KazakhTagger",
    "NameMatch",
    "Token",
    "bio_spans",
    "find_names",
    "has_surname_shape",
    "is_given_name",
    "is_official",
    "is_org",
    "is_place",
    "kk_token_features",
    "stems",
    "tokenize",
]

MODEL_PATH = Path(__file__).parent / "data" / "kk_ner.json.gz"


@dataclass(frozen=True)
class NameMatch:
    start: int  # offsets into the original text
    end: int
    text: str
    lang: str  # language of the paragraph
    official: bool  # a title or position is attached: acting in office, lower severity


def _token_range(
    ends: Sequence[int], starts: Sequence[int], span: tuple[int, int]
) -> tuple[int, int]:
    """The tokens a character span touches (ends and starts: the tokens' offsets, ascending)."""
    return bisect.bisect_right(ends, span[0]), bisect.bisect_left(starts, span[1])


# --- Russian: natasha ----------------------------------------------------------------------------
@functools.cache
def _natasha() -> Any:
    from natasha import NewsEmbedding, NewsNERTagger

    tagger = NewsNERTagger(NewsEmbedding())
    tagger.batch_size = 32
    return tagger


_ENDS_WITH_INITIAL = re.compile(rf"(?:^|[\s.])[{_UPPER}]\.\s*$")


CHUNK = 700


def _chunks(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Runs of whole sentences (paragraph-local ranges) up to CHUNK characters, so the model
    sees its neighbours; a sentence cut after an initial («А. Б. Иванов») always joins the next
    one while the join stays short."""
    ranges: list[tuple[int, int]] = []
    for sentence in paragraph.sentences:
        start, end = sentence.start - paragraph.start, sentence.end - paragraph.start
        begin, previous_end = ranges[-1] if ranges else (start, start)
        if ranges and (
            end - begin <= CHUNK
            or (
                _ENDS_WITH_INITIAL.search(
                    paragraph.text[max(begin, previous_end - 8) : previous_end]
                )
                and end - begin <= CHUNK + 600
            )
        ):
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _russian_spans(paragraphs: Sequence[Paragraph]) -> list[list[tuple[int, int]]]:
    """natasha's PER spans (paragraph-local) for each paragraph; all chunks of the draft go in
    one call, shortest first, so batches are full and little is padded."""
    chunks = [(n, r) for n, paragraph in enumerate(paragraphs) for r in _chunks(paragraph)]
    chunks.sort(key=lambda chunk: chunk[1][1] - chunk[1][0])
    texts = [paragraphs[n].text[start:end] for n, (start, end) in chunks]
    spans: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    markups = _natasha().map(texts) if texts else []
    for (n, (offset, _)), markup in zip(chunks, markups, strict=True):
        spans[n] += [(offset + s.start, offset + s.stop) for s in markup.spans if s.type == "PER"]
    return [sorted(found) for found in spans]


# --- rules: Kazakh fallback, English and Latin-script Kazakh --------------------------------------
def _is_initial(tokens: Sequence[Token], i: int) -> bool:
    word = tokens[i].text
    return (
        len(word) == 1
        and word.isupper()
        and i + 1 < len(tokens)
        and tokens[i + 1].text == "."
        and tokens[i + 1].start == tokens[i].end
    )


def _sentence_initial(tokens: Sequence[Token], i: int) -> bool:
    while i > 0 and tokens[i - 1].text in {"«", '"', "“", "(", "—", "–", "-"}:
        i -= 1
    if i == 0:
        return True
    return tokens[i - 1].text in _SENTENCE_END and not (i >= 2 and _is_initial(tokens, i - 2))


def _title_word(word: str) -> bool:
    lowered = word.lower()
    return lowered.rstrip(".") in _NAME_CUES or any(
        table[lang].match(lowered) for table in (_TITLE_RE, _WEAK_RE) for lang in table
    )


def _word_class(tokens: Sequence[Token], i: int) -> str:
    """G given name, S surname or patronymic, I initial, X not part of a name (place,
    organisation, month, title, common word), U an unknown capitalised word."""
    word = tokens[i].text
    if _is_initial(tokens, i):
        return "I"
    if (
        is_place(word)
        or is_org(word)
        or word.lower() in MONTHS_AND_DAYS
        or _title_word(word)
        or any(stem in COMMON_CAPITALISED for stem in stems(word))
    ):
        return "X"
    if is_given_name(word):
        return "G"
    return "S" if has_surname_shape(word) else "U"


def _rule_spans(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token ranges of capitalised runs that look like names: a known given name, a surname
    shape, initials, or a cue (Mr, a title); never places, organisations or months."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not (is_capitalised(tokens[i].text) and tokens[i].text[0].isalpha()):
            i += 1
            continue
        run: list[int] = []  # word tokens of the run (an initial's dot is not one)
        j = i
        while j < len(tokens):
            if _is_initial(tokens, j):
                run.append(j)
                j += 2
            elif is_capitalised(tokens[j].text) and tokens[j].text[0].isalpha():
                run.append(j)
                j += 1
            else:
                break
        after = tokens[j].text.lower() if j < len(tokens) else ""
        if after not in PLACE_OR_ORG_HEADS:
            classes = [_word_class(tokens, k) for k in run]
            segment: list[int] = []
            for k, cls in zip([*run, -1], [*classes, "X"], strict=True):
                if cls != "X":
                    segment.append(k)
                    continue
                found += _name_in(tokens, segment)
                segment = []
        i = j
    return found


def _name_in(tokens: Sequence[Token], segment: list[int]) -> list[tuple[int, int]]:
    """The name inside a run of capitalised words none of which is excluded: from the first to
    the last word with evidence, plus a surname after a given name or a given name before a
    surname; unknown words alone only with a cue in front (Mr, a title)."""
    if not segment:
        return []
    classes = [_word_class(tokens, k) for k in segment]
    evidence = [n for n, cls in enumerate(classes) if cls in "GSI"]
    before = tokens[segment[0] - 1].text if segment[0] else ""
    cue = before.lower().rstrip(".") in _NAME_CUES or _title_word(before)
    if not evidence:
        if not cue or len(segment) > 3:
            return []
        evidence = [0, len(segment) - 1]
    first, last = evidence[0], evidence[-1]
    if last + 1 < len(segment) and classes[last] == "G":
        last += 1  # Ажар Гиният: a given name, then a surname of no known shape
    if first > 0 and classes[first] == "S" and classes[first - 1] == "U":
        first -= 1  # Makhabat Tazhibaeva
    if last - first >= 4:
        return []
    if (
        first == last
        and classes[first] == "S"
        and not cue
        and _sentence_initial(tokens, segment[first])
    ):
        return []  # a lone capitalised word that opens a sentence: too often a common word
    end = segment[last] + (2 if classes[last] == "I" else 1)
    return [(segment[first], end)]


# --- Kazakh: averaged perceptron ----------------------------------------------------------------


@functools.cache
def _kazakh_tagger() -> KazakhTagger | None:
    if not MODEL_PATH.exists():
        return None
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return KazakhTagger(data["tags"], data["weights"])


def _with_initials(tokens: Sequence[Token], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Model ranges grown over adjacent initials («А. Нұрланов», «Нұрланов А.Б.»), which the
    training news hardly has, plus rule-found names written with initials the model missed."""
    grown = []
    for first, last in ranges:
        while first >= 2 and _is_initial(tokens, first - 2):
            first -= 2
        while last < len(tokens) and _is_initial(tokens, last):
            last += 2
        grown.append((first, last))
    for first, last in _rule_spans(tokens):
        with_initial = any(_is_initial(tokens, k) for k in range(first, last))
        if with_initial and not any(a < last and first < b for a, b in grown):
            grown.append((first, last))
    return sorted(grown)


def _sentences(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    ranges = []
    begin = 0
    for i, token in enumerate(tokens):
        ends = token.text in _SENTENCE_END and not (i and _is_initial(tokens, i - 1))
        if ends or i - begin >= 150:  # bounded: a run-on "sentence" is tagged in pieces
            ranges.append((begin, i + 1))
            begin = i + 1
    if begin < len(tokens):
        ranges.append((begin, len(tokens)))
    return ranges


def _kazakh_spans(tokens: Sequence[Token], tagger: KazakhTagger) -> list[tuple[int, int]]:
    found = []
    for begin, end in _sentences(tokens):
        words = [token.text for token in tokens[begin:end]]
        for first, last in bio_spans(tagger.tag(words)):
            found.append((begin + first, begin + last))
    return found


# --- entry point ---------------------------------------------------------------------------------
def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isascii() for ch in letters) > len(letters) / 2


def find_names(text: str, paragraphs: Sequence[Paragraph]) -> list[NameMatch]:
    """Person names in text, by the language of each run of sentences; offsets are into text."""
    paragraphs = [run for paragraph in paragraphs for run in language_runs(paragraph)]
    found: list[tuple[Paragraph, list[Token], list[tuple[int, int]]]] = []
    russian = [p for p in paragraphs if p.lang == "ru" and not _is_latin(p.text)]
    by_model = dict(zip(map(id, russian), _russian_spans(russian), strict=True))
    for paragraph in paragraphs:
        tokens = tokenize(paragraph.text)
        tagger = _kazakh_tagger() if paragraph.lang == "kk" else None
        if id(paragraph) in by_model:
            ends, starts = [t.end for t in tokens], [t.start for t in tokens]
            ranges = [_token_range(ends, starts, span) for span in by_model[id(paragraph)]]
        elif tagger is not None and not _is_latin(paragraph.text):
            ranges = _with_initials(tokens, _kazakh_spans(tokens, tagger))
        else:
            ranges = _rule_spans(tokens)
        found.append((paragraph, tokens, [p for r in ranges for p in _pieces(tokens, *r)]))
    # One name, one label: a surname the draft gives in full somewhere is a name everywhere.
    known = {
        name_key(tokens[k].text)
        for _, tokens, ranges in found
        for first, last in ranges
        if sum(len(t.text) > 1 and t.text[0].isalpha() for t in tokens[first:last]) >= PROPAGATE
        for k in range(first, last)
        if len(tokens[k].text) > 2
    }
    matches: list[NameMatch] = []
    for paragraph, tokens, ranges in found:
        ranges = ranges + _repeated(tokens, ranges, known)
        named = frozenset(k for first, last in ranges for k in range(first, last))
        titles = "en" if _is_latin(paragraph.text) else paragraph.lang
        for first, last in ranges:
            start = paragraph.start + tokens[first].start
            end = paragraph.start + tokens[last - 1].end
            official = is_official(tokens, first, last, titles, named)
            matches.append(NameMatch(start, end, text[start:end], paragraph.lang, official))
    return _without_overlaps(matches)


PROPAGATE = 2
_RU_ENDING = re.compile(
    r"(ами|ями|ого|его|ому|ему|ыми|ими|ой|ей|ом|ем|ым|им|ую|юю|ая|яя|ий|ый|[аяуюеыио])$"
)


def name_key(word: str) -> str:
    """What inflected forms of one name share: Назарбаевқа, Назарбаеву → назарбаев."""
    base = stems(word)[-1].lower().removesuffix("'s").removesuffix("’s")
    stripped = _RU_ENDING.sub("", base)
    return stripped if len(stripped) >= 3 else base


def _repeated(
    tokens: Sequence[Token], ranges: Sequence[tuple[int, int]], known: set[str]
) -> list[tuple[int, int]]:
    """Runs of capitalised words, outside the ranges already found, whose names are known."""
    covered = {k for first, last in ranges for k in range(first, last)}
    extra: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        j = i
        while (
            j < len(tokens)
            and j not in covered
            and len(tokens[j].text) > 2
            and is_capitalised(tokens[j].text)
            and tokens[j].text[0].isalpha()
            and not is_place(tokens[j].text)
            and name_key(tokens[j].text) in known
        ):
            j += 1
        if j > i:
            extra.append((i, j))
        i = j + 1
    return extra


def _pieces(tokens: Sequence[Token], first: int, last: int) -> list[tuple[int, int]]:
    """A token range cut at punctuation (the statistical taggers sometimes run a name on over
    «(Joshua Wolf)» or a list), keeping the dots of initials; pieces without a letter go."""
    pieces: list[tuple[int, int]] = []
    begin = first
    for i in range(first, last + 1):
        word = tokens[i].text if i < last else ""
        is_cut = i == last or (
            not word[:1].isalnum()
            and not (word == "." and i > first and _is_initial(tokens, i - 1))
        )
        if is_cut:
            if begin < i and any(ch.isalpha() for t in tokens[begin:i] for ch in t.text):
                pieces.append((begin, i))
            begin = i + 1
    return pieces


def _without_overlaps(matches: list[NameMatch]) -> list[NameMatch]:
    kept: list[NameMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept
