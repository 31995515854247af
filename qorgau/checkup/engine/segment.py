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


_WORD = re.compile(r"[^\W\d_]+")
# Frequent Russian words that Kazakh does not use: with no Kazakh letter in the sentence, two of
# them make a sentence inside a Kazakh paragraph Russian.
_RUSSIAN_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "и в во на что с со по как это для из от к за его её ее они был была было были который "
        "которые также но при об чтобы если уже только",
    )
)


def sentence_language(text: str, paragraph_lang: str) -> str:
    """The language of one sentence of a paragraph in `paragraph_lang`: the paragraph's unless
    the sentence itself says otherwise clearly (a Russian quotation in a Kazakh article, an English
    sentence in a Russian one). Short sentences and names in another language never switch it."""
    words = _WORD.findall(text)
    if len(words) < 4:
        return paragraph_lang
    latin = sum(1 for w in words if w.isascii() or any(ch in KAZAKH_LATIN_LETTERS for ch in w))
    if paragraph_lang in ("kk", "ru") and latin >= 0.8 * len(words):
        return detect_language(text)
    if paragraph_lang == "en":
        return detect_language(text) if latin <= 0.2 * len(words) else "en"
    common = [w.lower() for w in words if w[0].islower() and not w.isascii()]
    kazakh = [w for w in common if any(ch in KAZAKH_LETTERS for ch in w)]
    russian = {w for w in common if w in _RUSSIAN_FUNCTION_WORDS}
    if paragraph_lang == "kk" and not kazakh and len(common) >= 5 and len(russian) >= 2:
        return "ru"
    if paragraph_lang == "ru" and len(kazakh) >= 3 and len(kazakh) >= 0.25 * len(common):
        return "kk"
    return paragraph_lang


def language_runs(paragraph: Paragraph) -> list[Paragraph]:
    """The paragraph itself when all its sentences share its language, else one piece per run of
    sentences in one language (covering the whole paragraph, so offsets stay valid)."""
    sentences = paragraph.sentences
    if all(sentence.lang == paragraph.lang for sentence in sentences):
        return [paragraph]
    runs: list[list[Sentence]] = []
    for sentence in sentences:
        if runs and runs[-1][-1].lang == sentence.lang:
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    pieces = []
    for number, run in enumerate(runs):
        start = paragraph.start if number == 0 else run[0].start
        end = runs[number + 1][0].start if number + 1 < len(runs) else paragraph.end
        text = paragraph.text[start - paragraph.start : end - paragraph.start]
        pieces.append(Paragraph(start, end, text, run[0].lang, tuple(run)))
    return pieces


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
            part_lang = block_lang if lang != "auto" else sentence_language(part, block_lang)
            for piece_start, piece in _pieces(start + local, part):
                sentences.append(Sentence(piece_start, piece_start + len(piece), piece, part_lang))
        paragraphs.append(Paragraph(start, start + len(block), block, block_lang, tuple(sentences)))
    return paragraphs
