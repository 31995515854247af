"""The rule lexicons of the check-up, compiled: data/rules/<lang>.json (their "_doc" explains
every list) into word patterns indexed by their first word, and data/messages.json (every
message, recommendation and citation in kk/ru/en).

A lexicon entry is a few words matched in order against a sentence's words: `слово` matches every
form with the same stem (the library's stemmers), `слов*` every word that begins so, `слово!`
only that form, `=СЛОВО` only that form in that case, and `...` up to three words of any kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from qorgau.library.analysis import KAZAKH_LETTERS, normalise, stem

DATA: Final = Path(__file__).parent / "data"
LANGS: Final = ("kk", "ru", "en")
RABAT_FACTORS: Final = ("context", "speaker", "intent", "content_form", "extent", "likelihood")
_GAP: Final = 3  # words one `...` may skip
_WORD: Final = re.compile(r"[^\W_]+")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class _Word:
    kind: str  # stem | prefix | form | case | gap
    value: str
    form: str = ""  # for a stem, the word as listed


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str  # the list it comes from, e.g. "accusation.acts"
    words: tuple[_Word, ...]


@dataclass(frozen=True, slots=True)
class _Token:
    start: int  # offsets into the whole text
    end: int
    raw: str
    low: str
    stem: str


@dataclass(frozen=True, slots=True)
class _Hit:
    first: int  # token indexes, end exclusive
    last: int
    remainder: str  # the ending of the last word beyond the listed one: Kazakh negation shows there


def _norm(word: str) -> str:
    low = normalise(word)
    # Kazakh typed without its layout often has Latin i for і
    return low.replace("i", "і") if "i" in low and _CYRILLIC.search(low) else low


def _token_lang(low: str, lang: str) -> str:
    if _CYRILLIC.search(low):
        if lang != "en":
            return lang
        return "kk" if any(ch in KAZAKH_LETTERS for ch in low) else "ru"
    return "en" if lang != "kk" or low.isascii() else lang


def _stem(low: str, lang: str) -> str:
    return stem(low, _token_lang(low, lang)) if low.isalpha() else low


def _compile_entry(key: str, text: str, lang: str) -> _Entry:
    words: list[_Word] = []
    for piece in text.split():
        if piece == "...":
            if not words:
                raise ValueError(f"{key}: {text!r} may not start with '...'")
            words.append(_Word("gap", ""))
            continue
        case = piece.startswith("=")
        core = piece.lstrip("=").rstrip("*!")
        parts = _WORD.findall(core) if case else _WORD.findall(_norm(core))
        if not parts:
            raise ValueError(f"{key}: {text!r} has a piece without letters: {piece!r}")
        *leading, last = parts
        words.extend(_Word("case" if case else "form", part) for part in leading)
        if case:
            words.append(_Word("case", last))
        elif piece.endswith("*"):
            if len(last) < 2:
                raise ValueError(f"{key}: {text!r}: a prefix needs at least two letters")
            words.append(_Word("prefix", last))
        elif piece.endswith("!"):
            words.append(_Word("form", last))
        else:
            words.append(_Word("stem", _stem(last, lang), last))
    if not words:
        raise ValueError(f"{key}: empty entry")
    return _Entry(key, tuple(words))


def _index_key(word: _Word) -> tuple[str, str]:
    if word.kind == "prefix":  # bucketed by three letters, or two for the shortest prefixes
        return ("p", word.value[:3]) if len(word.value) > 2 else ("p2", word.value)
    return ({"stem": "s", "form": "f", "case": "c"}[word.kind], word.value)


def _word_matches(word: _Word, token: _Token) -> str | None:
    """The remainder of the token when the word matches it, else None."""
    if word.kind == "prefix":
        return token.low[len(word.value) :] if token.low.startswith(word.value) else None
    if word.kind == "stem":
        if token.stem != word.value:
            return None
        shared = 0  # what follows the part the token shares with the listed word is its ending
        while (
            shared < min(len(token.low), len(word.form)) and token.low[shared] == word.form[shared]
        ):
            shared += 1
        return token.low[shared:]
    if word.kind == "form":
        return "" if token.low == word.value else None
    return "" if token.raw == word.value else None


def _match_at(words: tuple[_Word, ...], tokens: list[_Token], i: int) -> tuple[int, str] | None:
    if not words:
        return i, ""
    word, rest = words[0], words[1:]
    if word.kind == "gap":
        for skip in range(_GAP + 1):
            if i + skip <= len(tokens) and (found := _match_at(rest, tokens, i + skip)):
                return found
        return None
    if i >= len(tokens) or (remainder := _word_matches(word, tokens[i])) is None:
        return None
    if not rest:
        return i + 1, remainder
    return _match_at(rest, tokens, i + 1)


@dataclass(frozen=True)
class _Rules:
    """One language's compiled lexicons."""

    lang: str
    index: dict[tuple[str, str], list[_Entry]]
    neg_before: frozenset[str]
    neg_after: frozenset[str]
    verb_negation: re.Pattern[str] | None
    imperative: re.Pattern[str] | None
    plural: re.Pattern[str] | None
    surname_endings: tuple[str, ...]
    regexes: dict[str, tuple[re.Pattern[str], ...]]

    def hits(self, tokens: list[_Token]) -> dict[str, list[_Hit]]:
        """Every entry found in the words, by list; entries are looked up by their first word."""
        found: dict[str, list[_Hit]] = {}
        for i, token in enumerate(tokens):
            low = token.low
            keys = (
                ("s", token.stem),
                ("f", low),
                ("c", token.raw),
                ("p", low[:3]),
                ("p2", low[:2]),
            )
            for key in keys:
                for entry in self.index.get(key, ()):
                    if match := _match_at(entry.words, tokens, i):
                        found.setdefault(entry.key, []).append(_Hit(i, match[0], match[1]))
        return found


def _lists(data: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    """Every list of strings in a lexicon file by its dotted key ("group.ethnic")."""
    found: dict[str, list[str]] = {}
    for name, value in data.items():
        if name.startswith("_"):
            continue
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            found.update(_lists(value, f"{key}."))
        elif isinstance(value, list):
            found[key] = [str(item) for item in value]
    return found


# Lists that are not word patterns: plain word forms, regular expressions or endings.
_PLAIN: Final = {"negation.before", "negation.after", "names.surname_endings"}
_REGEX_LISTS: Final = {"minor.ages", "minor.identifying_patterns", "ai.disclosure", "ai.residue"}


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a JSON object")
    return data


@cache
def _rules(lang: str) -> _Rules:
    data = _read(DATA / "rules" / f"{lang}.json")
    lists = _lists(data)
    index: dict[tuple[str, str], list[_Entry]] = {}
    for key, entries in lists.items():
        if key in _PLAIN or key in _REGEX_LISTS:
            continue
        for text in entries:
            entry = _compile_entry(key, text, lang)
            index.setdefault(_index_key(entry.words[0]), []).append(entry)
    negation = data.get("negation", {})
    verb_negation = negation.get("verb_suffix") or ""
    imperative = data.get("violence", {}).get("imperative_endings") or ""
    plural = data.get("names", {}).get("plural") or ""
    return _Rules(
        lang=lang,
        index=index,
        neg_before=frozenset(_norm(w) for w in lists.get("negation.before", [])),
        neg_after=frozenset(_norm(w) for w in lists.get("negation.after", [])),
        verb_negation=re.compile(verb_negation) if verb_negation else None,
        imperative=re.compile(imperative) if imperative else None,
        plural=re.compile(plural) if plural else None,
        surname_endings=tuple(_norm(e) for e in lists.get("names.surname_endings", [])),
        regexes={key: tuple(re.compile(p) for p in lists.get(key, [])) for key in _REGEX_LISTS},
    )


@cache
def _messages() -> dict[str, Any]:
    return _read(DATA / "messages.json")


def message(type_: str, ui_lang: str, **params: str) -> tuple[str, str, tuple[str, ...]]:
    """The message, the recommendation and the citation keys for a finding type, in kk/ru/en.
    `params` fill named placeholders ({name}) an editor may put in the texts."""
    if ui_lang not in LANGS:
        raise ValueError(f"unsupported interface language {ui_lang!r}")
    entry = _messages()["types"][type_]
    values = _Placeholders(params)
    return (
        str(entry["message"][ui_lang]).format_map(values),
        str(entry["recommendation"][ui_lang]).format_map(values),
        tuple(str(key) for key in entry["citations"]),
    )


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def rabat_notes(ui_lang: str) -> dict[str, str]:
    """What each of the six Rabat factors asks, and who can judge it, in the interface language."""
    if ui_lang not in LANGS:
        raise ValueError(f"unsupported interface language {ui_lang!r}")
    notes: dict[str, dict[str, str]] = _messages()["rabat"]
    return {factor: notes[factor][ui_lang] for factor in RABAT_FACTORS}
