"""What the name finder knows about words: tokens, the name, place and title lexicons
(data/names/{kk,ru,en}.json, which editors extend without code), Kazakh stems, and whether a
name is given with a title (a person acting in office)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple


class Token(NamedTuple):
    start: int
    end: int
    text: str


# Words (with inner hyphens and apostrophes), numbers, or one other character.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
_SENTENCE_END = {".", "!", "?", "…", ";"}
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


_DATA = Path(__file__).parent / "data" / "names"
LANGS = ("kk", "ru", "en")


def _load() -> dict[str, dict[str, Any]]:
    return {
        lang: json.loads((_DATA / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGS
    }


_LEXICON = _load()


def _union(key: str) -> frozenset[str]:
    return frozenset(word for lang in LANGS for word in _LEXICON[lang].get(key, ()))


def _alternation(words: Iterable[str]) -> str:
    return "(" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


# --- lexicons (data/names/{kk,ru,en}.json; `_doc` in each file explains the lists) --------------
GIVEN_NAMES = _union("given_names")
PLACES = _union("places")
# Words after a capitalised word that make it a place or an organisation, not a person.
PLACE_OR_ORG_HEADS = _union("place_or_org_heads")
ORG_WORDS = _union("org_words")
MONTHS_AND_DAYS = _union("months_and_days")
# Capitalised words that start sentences or headings without being names.
COMMON_CAPITALISED = _union("common_capitalised")
# Titles and positions: a person named with one acts in office. Strong ones on their own, weak ones
# (director, head, chair…) only next to a word for a state body.
_TITLE_RE = {lang: re.compile(_LEXICON[lang]["title_strong"]) for lang in LANGS}
_WEAK_RE = {lang: re.compile(_LEXICON[lang]["title_weak"]) for lang in LANGS}
_STATE_RE = {lang: re.compile(_LEXICON[lang]["state_body"]) for lang in LANGS}
# Words that end a title's reach: "министр встретился с Иваном" does not make Ivan a minister.
_BREAKS = _union("breaks")
_NAME_CUES = _union("name_cues")
_KK_CASE_ENDINGS = _union("kk_case_endings")
_ENDING_LENGTHS = sorted({len(ending) for ending in _KK_CASE_ENDINGS}, reverse=True)
_SURNAME = re.compile(_alternation(_union("surname_endings")) + "$")
_VERB_RU = re.compile(_LEXICON["ru"]["verb_endings"])
_VERB_KK = re.compile(_LEXICON["kk"]["verb_endings"])
_TITLE_PHRASE_EN = _union("title_phrase_words")


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word and what remains of it without one or two Kazakh case or possessive endings
    (the longest that fits, leaving at least three letters)."""
    found = [word]
    for _ in range(2):
        current = found[-1]
        cut = next(
            (
                n
                for n in _ENDING_LENGTHS
                if len(current) - n >= 3 and current[-n:] in _KK_CASE_ENDINGS
            ),
            0,
        )
        if not cut:
            break
        found.append(current[:-cut])
    return tuple(found)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word[1:].replace("-", "").isupper())


@functools.lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    return any(stem in GIVEN_NAMES for stem in stems(word))


@functools.lru_cache(maxsize=65536)
def has_surname_shape(word: str) -> bool:
    return any(len(stem) >= 4 and _SURNAME.search(stem.lower()) is not None for stem in stems(word))


@functools.lru_cache(maxsize=65536)
def is_place(word: str) -> bool:
    return any(stem in PLACES for stem in stems(word))


def is_org(word: str) -> bool:
    return word in ORG_WORDS or (len(word) >= 2 and word.replace("-", "").isupper())


# --- official capacity ---------------------------------------------------------------------------
def _title_at(words: Sequence[str], lang: str, reach: int = 6) -> bool:
    """Whether a title among the first `reach` words applies: a strong one, or a weak one with
    a state body among all the words."""
    lowered = [word.lower() for word in words]
    title_re, weak_re, state_re = _TITLE_RE[lang], _WEAK_RE[lang], _STATE_RE[lang]
    if any(title_re.match(word) for word in lowered[:reach]):
        return True
    return any(weak_re.match(word) for word in lowered[:reach]) and any(
        state_re.match(word) for word in lowered
    )


def _breaks(word: str, lang: str) -> bool:
    """Whether a title before this word cannot reach past it to a name."""
    lowered = word.lower()
    if word in _SENTENCE_END or word in {":", ",", "(", ")"} or lowered in _BREAKS:
        return True
    if _TITLE_RE[lang].match(lowered) or _WEAK_RE[lang].match(lowered):
        return False
    if lang == "en":  # English titles sit right before the name: "Health Minister X"
        return not (is_capitalised(word) or lowered in _TITLE_PHRASE_EN)
    verb = _VERB_RU if lang == "ru" else _VERB_KK
    return verb.search(lowered) is not None


def is_official(
    tokens: Sequence[Token], first: int, last: int, lang: str, others: frozenset[int] = frozenset()
) -> bool:
    """Whether the name in tokens[first:last] is given with a title or position, before it
    («аким Алматы Ерболат Досаев», «Алматы қаласының әкімі …») or after a comma or dash;
    others: token indexes of other names, which a title does not reach across."""
    lang = lang if lang in _TITLE_RE else "en"
    before: list[str] = []
    index = first - 1
    while index >= 0 and len(before) < 6 and index not in others:
        if _breaks(tokens[index].text, lang):
            break
        before.append(tokens[index].text)
        index -= 1
    # Kazakh puts the title right before the name («қаласының әкімі Ерболат Досаев»)
    if _title_at(before, lang, reach=2 if lang == "kk" else 6):
        return True
    if last < len(tokens) and tokens[last].text in {",", "—", "–", "-", "("}:
        after = []
        for index in range(last + 1, min(last + 6, len(tokens))):
            word = tokens[index].text
            if index in others or word in _SENTENCE_END or word in {",", ")"} or word in _BREAKS:
                break
            after.append(word)
        if lang == "kk":  # the title closes the phrase: «…, Алматы қаласының әкімі»
            return _title_at(after[::-1], lang, reach=1)
        return _title_at(after, lang)
    return False
