"""Paragraphs and sentences with their offsets and language, bounded before anything parses them.

Sentences longer than MAX_SENTENCE characters are cut into pieces at spaces, so no later step
(the name model above all) ever sees an unbounded input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TEXT = 200_000  # characters: about 30,000 words, far beyond any article
MAX_SENTENCE = 600

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Latin-script Kazakh (2021 alphabet and the common informal one): letters and frequent words
KAZAKH_LATIN_LETTERS = set("äğqñöūüıÄĞQÑÖŪÜİ")
KAZAKH_LATIN_WORDS = {
    "jäne",
    "jane",
    "men",
    "bul",
    "osy",
    "sol",
    "üşin",
    "ushin",
    "turaly",
    "bolyp",
    "degen",
    "qazaqstan",
    "qazaq",
    "jyly",
    "bıyl",
    "biyl",
    "kezde",
    "emes",
    "bar",
    "joq",
    "jok",
}

_PARAGRAPH = re.compile(r"\n\s*\n")
# A full stop after these does not end a sentence («ул. Абая», «ст. 274», «А. Нұрланов»).
_ABBREVIATION = re.compile(
    r"(?:^|[\s(«\"])(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]|ул|д|кв|г|гг|им|ст|ч|п|пп|пр|просп|мкр|обл|р-н|тел|"
    r"т\.е|т\.д|т\.п|см|стр|рис|No|no|Mr|Mrs|Ms|Dr|St|Art|art|vs|etc|inc|corp|көш|даңғ|"
    r"ж|жж|б|т|тарм)\.$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”)]*\s+(?=[\"«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    lang: str


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str
    lang: str
    sentences: tuple[Sentence, ...]


def detect_language(text: str) -> str:
    """kk, ru or en for a paragraph; Latin-script Kazakh counts as kk."""
    cyrillic = kazakh = latin = kazakh_latin = 0
    for ch in text:
        if "а" <= ch.lower() <= "я" or ch in "ёЁ":
            cyrillic += 1
        elif ch in KAZAKH_LETTERS:
            cyrillic += 1
            kazakh += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
        elif ch in KAZAKH_LATIN_LETTERS:
            latin += 1
            kazakh_latin += 1
    if cyrillic >= latin:
        if cyrillic and kazakh / max(cyrillic, 1) >= 0.02:
            return "kk"
        return "ru" if cyrillic else "en"
    words = re.findall(r"[^\W\d_]+", text.lower())
    kazakh_words = sum(1 for word in words if word in KAZAKH_LATIN_WORDS)
    if kazakh_latin / max(latin, 1) >= 0.01 or (words and kazakh_words / len(words) >= 0.08):
        return "kk"
    return "en"


def _pieces(start: int, text: str) -> list[tuple[int, str]]:
    if len(text) <= MAX_SENTENCE:
        return [(start, text)]
    pieces = []
    offset = 0
    while offset < len(text):
        cut = min(len(text), offset + MAX_SENTENCE)
        if cut < len(text):
            space = text.rfind(" ", offset + MAX_SENTENCE // 2, cut)
            cut = space if space > offset else cut
        pieces.append((start + offset, text[offset:cut]))
        offset = cut
    return pieces


def _sentences(block: str) -> list[tuple[int, str]]:
    """(offset in the block, sentence); a split right after an abbreviation is undone."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for part in _SENTENCE_END.split(block):
        local = block.index(part, cursor)
        cursor = local + len(part)
        if spans and _ABBREVIATION.search(block[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], cursor)
        else:
            spans.append((local, cursor))
    return [(a, block[a:b]) for a, b in spans if block[a:b].strip()]


def segment(text: str, lang: str = "auto") -> list[Paragraph]:
    if len(text) > MAX_TEXT:
        from qorgau.checkup.engine.model import InputTooLarge

        raise InputTooLarge(f"the text has {len(text)} characters; the limit is {MAX_TEXT}")
    paragraphs = []
    position = 0
    for block in [*_PARAGRAPH.split(text)]:
        start = text.index(block, position) if block else position
        position = start + len(block)
        if not block.strip():
            continue
        block_lang = detect_language(block) if lang == "auto" else lang
        sentences = []
        for local, part in _sentences(block):
            for piece_start, piece in _pieces(start + local, part):
                sentences.append(Sentence(piece_start, piece_start + len(piece), piece, block_lang))
        paragraphs.append(Paragraph(start, start + len(block), block, block_lang, tuple(sentences)))
    return paragraphs
