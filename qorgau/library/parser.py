"""Reads the plain text in which Adilet (adilet.zan.kz) publishes Kazakhstan's acts, in Russian or
Kazakh, into a tree of sections, chapters, articles, parts, items and sub-items.

Pure Python on purpose, so that scripts and tests can use it without Django. Editorial matter
(footnotes, ИЗПИ/ЗҚАИ notices, link texts, the signature) goes to `notes`, never into `text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["KINDS", "Node", "ParseError", "ParsedAct", "parse_act"]

KINDS = ("section", "chapter", "paragraph_group", "article", "part", "item", "subitem")


@dataclass
class Node:
    """One structural unit. `text` is its own text, not its children's: paragraphs joined by a
    newline, each with its whitespace collapsed to single spaces."""

    kind: str
    number: str
    heading: str
    text: str
    notes: list[str]
    children: list[Node]
    line: int

    def walk(self) -> Iterator[Node]:
        """This node and everything below it, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class ParsedAct:
    lang: str
    preamble: str
    notes: list[str]
    nodes: list[Node]
    unplaced: list[tuple[int, str]] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        for node in self.nodes:
            yield from node.walk()

    def articles(self) -> list[Node]:
        return [node for node in self.walk() if node.kind == "article"]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for node in self.walk():
            counts[node.kind] += 1
        return counts


class ParseError(ValueError):
    """The text cannot be read as an act. The message is plain English for the caller to
    translate."""


# Official numbering: 12, 4-1, 73-3. ASCII digits only, so that no other script's digit becomes
# an article number.
_N = r"[0-9]+(?:-[0-9]+)*"
_WS = "[ \u00a0\t]"
_INDENT = "\u00a0"  # paragraphs start with five of them; headings never do
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"

# «Статья 5. Title», «Статья 5» (the Constitution), «5-бап. Title»; «Статья 54 предусматривается…»
# is an editorial note and does not match. The «С» is Latin in two headings of the Code of
# Administrative Offences.
_ARTICLE = re.compile(
    rf"^{_WS}*(?:[СC]татья{_WS}+(?P<ru>{_N})|(?P<kk>{_N})-бап)(?:\.{_WS}*(?P<title>.*?)|{_WS}*)$"
)
_INLINE_ARTICLE = re.compile(rf"\s(?=(?:[СC]татья\s+{_N}|{_N}-бап)\.\s)")
_UNNAMED_ARTICLE = re.compile(rf"^({_N})\. (\S.*)$")
_REPEALED = re.compile(r"^(?:исключен|утратил|алып тасталды|күші жойылды)", re.IGNORECASE)


def _group_pattern(words: str, number: str = _N) -> re.Pattern[str]:
    return re.compile(rf"^(?:{words}){_WS}+(?P<n>{number})(?:\.?{_WS}*|\.{_WS}*(?P<t>.+))$")


def _kazakh_group_pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"^(?P<n>{_N})-(?:{words})(?:\.?{_WS}*|\.{_WS}*(?P<t>.+))$")


_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("section", _group_pattern("РАЗДЕЛ|Раздел", f"[IVXLC]+|{_N}")),
    # The Constitution: «Раздел VIII Местное государственное управление…».
    ("section", re.compile(rf"^(?:РАЗДЕЛ|Раздел){_WS}+(?P<n>[IVXLC]+){_WS}+(?P<t>\S.*)$")),
    ("section", _kazakh_group_pattern("бөлім|БӨЛІМ")),
    ("subsection", _group_pattern("ПОДРАЗДЕЛ|Подраздел")),
    ("subsection", _kazakh_group_pattern("кіші бөлім|КІШІ БӨЛІМ")),
    ("chapter", _group_pattern("ГЛАВА|Глава")),
    ("chapter", _kazakh_group_pattern("тарау|ТАРАУ")),
    ("paragraph", _group_pattern("ПАРАГРАФ|Параграф|§")),
    ("paragraph", _kazakh_group_pattern("параграф|ПАРАГРАФ")),
)
# Headings that count even inside a paragraph's lines, so that a missing blank line cannot hide
# a chapter. The weaker forms count only where a heading may stand.
_STRONG_GROUP = re.compile(
    rf"^{_WS}*(?:(?:РАЗДЕЛ|Раздел|ГЛАВА|Глава|Подраздел){_WS}+{_N}\.|{_N}-(?:тарау|бөлім)\.)"
)
_DIVISIONS = frozenset(
    {
        "ОБЩАЯ ЧАСТЬ",
        "ОСОБЕННАЯ ЧАСТЬ",
        "Общая часть",
        "Особенная часть",
        "ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ",
        "ЖАЛПЫ БӨЛІМ",
        "ЕРЕКШЕ БӨЛІМ",
        "Жалпы бөлім",
        "Ерекше бөлім",
        "ҚОРЫТЫНДЫ ЕРЕЖЕЛЕР",
    }
)
# Sub-divisions of a paragraph of the Civil Code: «I. Общие положения», «2. Полное товарищество».
_ROMAN_GROUP = re.compile(rf"^{_WS}*(?P<n>[IVXLC]+)\.{_WS}+(?P<t>\S.*)$")
_NUMBERED_GROUP = re.compile(rf"^ ?(?P<n>[0-9]+)\.{_WS}+(?P<t>[{_UPPER}].*)$")

# How deep a grouping sits when the text does not show it (see _Builder.group).
_RANK = {
    "division": 0,
    "section": 1,
    "subsection": 2,
    "chapter": 3,
    "paragraph": 4,
    "roman": 5,
    "numbered": 6,
}
_GROUP_KIND = {
    "division": "section",
    "section": "section",
    "subsection": "section",
    "chapter": "chapter",
    "paragraph": "paragraph_group",
    "roman": "paragraph_group",
    "numbered": "paragraph_group",
}

_PART = re.compile(rf"^(?P<n>{_N}(?: - [0-9]+)?)\.(?![0-9])\s*(?P<t>.*)$", re.DOTALL)
_ITEM = re.compile(rf"^(?P<n>{_N})\)\s*(?P<t>.*)$", re.DOTALL)
_LETTER_ITEM = re.compile(rf"^(?P<n>[{_LOWER}])\)\s+(?P<t>.*)$", re.DOTALL)
# The act's own remarks to an article («Примечания. 1. …»), normative text unlike the notes below.
_REMARKS = re.compile(r"^(?:Примечани[ея]|Ескертпе(?:лер)?)\.(?:\s|$)")

# Amendment history, attached to the article (or chapter) it is about. The «С» is sometimes
# Latin, the stop sometimes a comma or missing.
_FOOTNOTE = re.compile(
    rf"^(?:[СC]носк[аи](?:\s*[.,:]|\s)|[ЕE]скерту\s*[.:]"
    rf"|[СC]татья\s+{_N}\s+(?:с изменени|с дополнени|в редакции|исключена|дополнена))"
)
# Notices of the legal information centre about changes not yet in force; a header alone on its
# lines takes the next paragraph as its body.
_NOTICE = re.compile(
    r"^(?:Примечание\s+(?:ИЗПИ|РЦПИ)|ЗҚАИ-ның\s+ескертпесі|РҚАО-ның\s+ескертпесі"
    r"|Вниманию\s+пользователей|Пайдаланушылардың\s+назарына|Қолданушылар(?:дың)?\s+назарына)"
    r"\s*[!.:]?"
)
_TOC_MARKER = re.compile(r"^(?:СОДЕРЖАНИЕ|ОГЛАВЛЕНИЕ|МАЗМҰНЫ|Содержание|Оглавление|Мазмұны)\.?$")
_EDITORIAL = re.compile(
    r"^(?:Нормативным\s+постановлением|ҚР\s+Конституциялық\s+Сотының|Примечание\.\s*См\."
    r"|Для удобства пользования|Қолданушыларға ыңғайлы"
    r"|(?:СОДЕРЖАНИЕ|ОГЛАВЛЕНИЕ|МАЗМҰНЫ|Содержание|Оглавление|Мазмұны)\.?$)"
)
_NAMES_ARTICLE = re.compile(rf"^(?:[СC]тать[яюи]\s+(?P<ru>{_N})\b|(?P<kk>{_N})-бап)")
_NAMES_CHAPTER = re.compile(
    rf"^(?:(?:[СC]носк[аи]|[ЕE]скерту)[.,:]?\s*)?(?:Глав[аую]\s+(?P<ru>{_N})\b|(?P<kk>{_N})-тарау)"
)
# Text cut by a link and carried on below a blank line: «№ 248-VIII», «, 663 настоящего Кодекса».
_CONTINUATION = re.compile(
    rf"^(?:[{_LOWER}(),;:.№–-]|[0-9]+(?![0-9]*(?:-[0-9]+)*(?: - [0-9]+)?[.)]))"
)
_SIGNATURE = re.compile(
    r"^(?:(?:Президент|Президенті|Республики Казахстан|Қазақстан Республикасының)\s*)+$"
    rf"|^(?:[{_UPPER}]\.\s?){{1,2}}[{_UPPER}][{_UPPER}{_LOWER}-]+$"
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _follows(previous: str, label: str) -> bool:
    """Whether `label` is a next number after `previous`: 3 or 2-1 after 2, 2-2 or 3 after 2-1."""
    try:
        prev = [int(piece) for piece in previous.split("-")]
        new = [int(piece) for piece in label.split("-")]
    except ValueError:
        return False
    if new == [*prev, 1]:
        return True
    return any(new == [*prev[:k], prev[k] + 1] for k in range(len(prev)))


@dataclass
class _Heading:
    kind: str  # "article" or a key of _RANK
    number: str
    title: str
    line: int
    end: int  # index in its block of the first line after the heading
    inline_article: str = ""  # an article heading sharing the line («Глава 4. Сделки Статья 147.»)


_Block = list[tuple[int, str]]  # (1-based line number, line) of lines between blank lines


def _article_match(line: str) -> tuple[str, str | None] | None:
    if "татья" not in line and "-бап" not in line:
        return None
    m = _ARTICLE.match(line)
    return ((m["ru"] or m["kk"]), m["title"]) if m else None


def _group_match(stripped: str) -> tuple[str, str, str] | None:
    if stripped in _DIVISIONS:
        return "division", "", stripped
    for gtype, pattern in _GROUPS:
        m = pattern.match(stripped)
        if m:
            return gtype, m["n"], (m["t"] or "").strip()
    return None


def _is_heading_line(line: str) -> bool:
    """A heading other than a numbered sub-division, judged on its line alone."""
    if line.startswith(_INDENT):
        return False
    return (
        _article_match(line) is not None
        or _group_match(line.strip()) is not None
        or _ROMAN_GROUP.match(line) is not None
    )


def _heading_at(block: _Block, i: int, heading_may_stand: bool) -> _Heading | None:
    """The heading that starts at line `i` of the block, with its continuation lines."""
    lineno, line = block[i]
    if line.startswith(_INDENT):
        return None
    article = _article_match(line)
    if article is not None:
        number, title = article
        if title is None and not heading_may_stand:
            return None
        title = title or ""
        end = i + 1
        # Kazakh quirk: «31-бап» with «. Title» on the next line.
        if not title and end < len(block) and block[end][1].lstrip().startswith("."):
            title = block[end][1].strip().lstrip(".")
            end += 1
        return _Heading("article", number, _norm(title), lineno, end)
    if not heading_may_stand and not _STRONG_GROUP.match(line):
        return None
    group = _group_match(line.strip())
    if group is None and heading_may_stand:
        if m := _ROMAN_GROUP.match(line):
            group = "roman", m["n"], m["t"]
        elif (m := _NUMBERED_GROUP.match(line)) and (
            i + 1 < len(block) and _is_heading_line(block[i + 1][1])
        ):
            group = "numbered", m["n"], m["t"]
    if group is None:
        return None
    gtype, number, title = group
    pieces = [title]
    end = i + 1
    while end < len(block):  # «РАЗДЕЛ 2. ПРАВО СОБСТВЕННОСТИ И ИНЫЕ» / «ВЕЩНЫЕ ПРАВА»
        following = block[end][1]
        stripped = following.strip()
        if (
            following.startswith(_INDENT)
            or _is_heading_line(following)
            or _NUMBERED_GROUP.match(following)
            or _FOOTNOTE.match(stripped)
            or _NOTICE.match(stripped)
        ):
            break
        pieces.append(stripped)
        end += 1
    title = _norm(" ".join(pieces))
    inline = ""
    if split := _INLINE_ARTICLE.search(title):
        title, inline = title[: split.start()].strip(), title[split.end() :]
    return _Heading(gtype, number, title, lineno, end, inline)


def _blocks(lines: list[str], skip: set[int]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for index, line in enumerate(lines):
        if index in skip or not line.strip():
            current = None
            continue
        if current is None:
            current = []
            blocks.append(current)
        current.append((index + 1, line))
    return blocks


def _paragraph_text(lines: _Block) -> str:
    # Adilet breaks a line around every link and the pieces carry their own spaces.
    return _norm("".join(line for _, line in lines))


def _signature_start(blocks: list[_Block]) -> int:
    """Index of the first block of the closing signature («Президент … К. ТОКАЕВ»)."""
    start = len(blocks)
    while start > 0 and all(_SIGNATURE.match(line.strip()) for _, line in blocks[start - 1]):
        start -= 1
    return start


def _heading_key(line: str) -> str | None:
    if line.startswith(_INDENT) or not line.strip():
        return None
    article = _article_match(line)
    if article is not None:
        return f"article {article[0]}"
    group = _group_match(line.strip())
    return f"{group[0]} {group[1] or group[2]}" if group else None


def _table_of_contents(lines: list[str]) -> set[int]:
    """Line indexes of a table of contents: after a «СОДЕРЖАНИЕ» marker, the run of headings up
    to where its first heading appears again. Adilet's texts usually keep only the marker."""
    marker = None
    for index, line in enumerate(lines):
        if _article_match(line) is not None:
            return set()
        if _TOC_MARKER.match(line.strip()):
            marker = index
            break
    if marker is None:
        return set()
    keys = (_heading_key(line) for line in lines[marker + 1 :])
    first = next((k for k, key in enumerate(keys, marker + 1) if key is not None), None)
    if first is None:
        return set()
    key = _heading_key(lines[first])
    again = next((k for k in range(first + 1, len(lines)) if _heading_key(lines[k]) == key), None)
    if again is None:
        return set()
    region = range(marker + 1, again)
    headings = sum(1 for k in region if _heading_key(lines[k]) is not None)
    paragraphs = sum(1 for k in region if lines[k].startswith(_INDENT))
    return set(region) if headings >= 2 and paragraphs < headings else set()


class _Builder:
    """Where the next paragraph, item or note goes, as the blocks are read in order."""

    def __init__(self, lang: str) -> None:
        self.act = ParsedAct(lang=lang, preamble="", notes=[], nodes=[], unplaced=[])
        self.groups: list[tuple[str, Node]] = []
        self.heading_run = False  # the last thing read was a grouping heading
        self.article: Node | None = None
        self.part: Node | None = None
        self.remarks: Node | None = None  # «Примечания.» of the current article
        self.item: Node | None = None
        self.subitem: Node | None = None
        self.absorbing = False  # an item ending with «:» takes the unnumbered list below it
        self.pending: list[str] = []  # notices waiting for the node they announce
        # Text is kept as paragraphs of pieces and joined once at the end.
        self.paragraphs: dict[int, tuple[Node, list[list[str]]]] = {}
        self.preamble: list[list[str]] = []
        self.note_pieces: list[tuple[list[str], int, list[str]]] = []
        # Where the last paragraph or note went, for text carried on below a blank line.
        self.last_paragraphs: list[list[str]] | None = None
        self.last_notes: list[str] | None = None
        self.colon_note = False  # the last note ends with «:» and lists what follows

    # -- text store ----------------------------------------------------------------------------

    def _paragraphs(self, node: Node) -> list[list[str]]:
        entry = self.paragraphs.get(id(node))
        if entry is None:
            entry = self.paragraphs[id(node)] = (node, [])
        return entry[1]

    def _add_text(self, node: Node, text: str) -> None:
        paragraphs = self._paragraphs(node)
        if text:
            paragraphs.append([text])
        self.last_paragraphs, self.last_notes = paragraphs, None

    def _ends_with(self, node: Node, *endings: str) -> bool:
        paragraphs = self._paragraphs(node)
        return bool(paragraphs) and paragraphs[-1][-1].endswith(endings)

    def _new(self, kind: str, number: str, heading: str, line: int) -> Node:
        node = Node(kind, number, heading, "", self.pending, [], line)
        self.pending = []
        return node

    # -- structure -----------------------------------------------------------------------------

    def group(self, heading: _Heading) -> None:
        gtype = heading.kind
        node = self._new(_GROUP_KIND[gtype], heading.number, heading.title, heading.line)
        stack = self.groups
        if any(existing == gtype for existing, _ in stack):
            # A sibling of the last grouping of its type («Глава 2» after «Глава 1»).
            while stack and stack.pop()[0] != gtype:
                pass
        elif not self.heading_run:
            while stack and _RANK[stack[-1][0]] >= _RANK[gtype]:
                stack.pop()
        # Right after another heading a new kind nests under it, whatever its usual rank: the
        # Code of Administrative Offences puts «ОБЩАЯ ЧАСТЬ» inside «Раздел 2».
        (stack[-1][1].children if stack else self.act.nodes).append(node)
        stack.append((gtype, node))
        self.article = self.part = self.remarks = self.item = self.subitem = None
        self.heading_run = True
        self._add_text(node, "")

    def article_heading(self, number: str, title: str, line: int) -> None:
        node = self._new("article", number, title, line)
        (self.groups[-1][1].children if self.groups else self.act.nodes).append(node)
        self.article, self.part, self.remarks, self.item, self.subitem = (
            node,
            None,
            None,
            None,
            None,
        )
        self.absorbing = self.heading_run = False
        if _REPEALED.match(title):  # «Статья 12. Исключена Законом …»: the text says so
            node.heading = ""
            self._add_text(node, title)
        else:
            self._add_text(node, "")

    def part_node(self, number: str, text: str, line: int) -> None:
        if self.article is None:
            self.act.unplaced.append((line, f"{number}. {text}".strip()))
            return
        node = self._new("part", number, "", line)
        (self.remarks or self.article).children.append(node)
        self.part, self.item, self.subitem, self.absorbing = node, None, None, False
        self._add_text(node, text)

    def remarks_node(self, article: Node, text: str, line: int) -> None:
        node = self._new("part", "", "", line)
        article.children.append(node)
        self.remarks = self.part = node
        self.item = self.subitem = None
        self.absorbing = False
        self._add_text(node, text)

    def item_node(self, number: str, text: str, line: int, *, letter: bool) -> None:
        if self.article is None:
            self.act.unplaced.append((line, f"{number}) {text}".strip()))
            return
        item = self.item
        if item is None:
            sub = False
        elif letter:
            sub = True
        elif self.subitem is not None:
            # A sub-list runs on while its numbers count on; the item's next number ends it.
            sub = _follows(self.subitem.number, number)
        else:
            sub = number == "1" and self._ends_with(item, ":")
        if sub and item is not None:
            node = self._new("subitem", number, "", line)
            item.children.append(node)
            self.subitem = node
        else:
            node = self._new("item", number, "", line)
            (self.part or self.article).children.append(node)
            self.item, self.subitem = node, None
        self.absorbing = False
        self._add_text(node, text)

    def plain(self, text: str, line: int) -> None:
        if self.article is None:
            if self.groups:
                self._add_text(self.groups[-1][1], text)
            else:
                self.preamble.append([text])
                self.last_paragraphs, self.last_notes = self.preamble, None
            return
        self.heading_run = False
        deepest = self.subitem or self.item
        if deepest is not None and (
            self._ends_with(deepest, ":") or (self.absorbing and self._ends_with(deepest, ";"))
        ):
            target = deepest
            self.absorbing = True
        else:
            self.item = self.subitem = None
            self.absorbing = False
            target = self.part or self.article
        if self.pending:
            target.notes.extend(self.pending)
            self.pending = []
        self._add_text(target, text)

    def carry_on(self, text: str, line: int) -> None:
        """Text below a blank line that continues the note or paragraph above it."""
        if self.last_notes:
            notes = self.last_notes
            index = len(notes) - 1
            last = self.note_pieces[-1] if self.note_pieces else None
            if last is not None and last[0] is notes and last[1] == index:
                last[2].append(text)
            else:
                self.note_pieces.append((notes, index, [notes[index], text]))
        elif self.last_paragraphs:
            self.last_paragraphs[-1].append(text)
        elif self.article is None and not self.groups:
            self.preamble.append([text])
            self.last_paragraphs = self.preamble
        else:
            self.act.unplaced.append((line, text))

    # -- notes ---------------------------------------------------------------------------------

    def _note_to(self, notes: list[str], text: str) -> None:
        notes.append(text)
        self.last_notes, self.last_paragraphs = notes, None
        self.colon_note = text.endswith(":")

    def _chapter_named(self, text: str) -> Node | None:
        m = _NAMES_CHAPTER.match(text)
        if m:
            number = m["ru"] or m["kk"]
            for gtype, node in reversed(self.groups):
                if gtype == "chapter" and node.number == number:
                    return node
        return None

    def footnote(self, text: str) -> None:
        # Even «Глава 10 дополнена статьей 73-1» stands under the article it brought in.
        target = self.article or self._chapter_named(text) or self._group()
        self._note_to(target.notes if target else self.act.notes, text)

    def editorial(self, text: str) -> None:
        target = self.subitem or self.item or self.part or self.article or self._group()
        self._note_to(target.notes if target else self.act.notes, text)

    def notice(self, text: str, body: str) -> None:
        """An ИЗПИ/ЗҚАИ notice announces a change to what follows it, so it waits for the next
        node, unless it names the current article or an open chapter."""
        if self.article is None and not self.groups:
            self._note_to(self.act.notes, text)
            return
        m = _NAMES_ARTICLE.match(body)
        if m and self.article is not None and (m["ru"] or m["kk"]) == self.article.number:
            self._note_to(self.article.notes, text)
            return
        chapter = self._chapter_named(body)
        if chapter is not None:
            self._note_to(chapter.notes, text)
            return
        self._note_to(self.pending, text)
        self.colon_note = False

    def _group(self) -> Node | None:
        return self.groups[-1][1] if self.groups else None

    def finish(self) -> ParsedAct:
        if self.pending:
            target = self.subitem or self.item or self.part or self.article or self._group()
            (target.notes if target else self.act.notes).extend(self.pending)
        for notes, index, pieces in self.note_pieces:
            notes[index] = " ".join(pieces)
        for node, paragraphs in self.paragraphs.values():
            node.text = "\n".join(" ".join(pieces) for pieces in paragraphs)
        self.act.preamble = "\n".join(" ".join(pieces) for pieces in self.preamble)
        return self.act


def parse_act(text: str, lang: str) -> ParsedAct:
    """Parse an act's plain text; `lang` is "ru" or "kk". Raises ParseError for what is not one."""
    if lang not in ("ru", "kk"):
        raise ParseError(f"unsupported language {lang!r}: expected 'ru' or 'kk'")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = _blocks(lines, _table_of_contents(lines))
    end = _signature_start(blocks)
    builder = _Builder(lang)
    index = 0
    while index < end:
        header = _read_block(builder, blocks[index])
        index += 1
        if header is None:
            continue
        body = ""
        if index < end and _heading_at(blocks[index], 0, True) is None:
            body = _paragraph_text(blocks[index])
            index += 1
        builder.notice(f"{header}\n{body}" if body else header, body)
    act = builder.finish()
    if end < len(blocks):
        signature = " ".join(line for block in blocks[end:] for _, line in block)
        act.notes.append(_norm(signature))
    if not act.articles():
        raise ParseError("no article headings found: this does not look like an act")
    return act


def _read_block(builder: _Builder, block: _Block) -> str | None:
    """Feed one block to the builder. Returns a notice header that wants the next block as its
    body."""
    i = 0
    heading_may_stand = True
    while i < len(block):
        heading = _heading_at(block, i, heading_may_stand)
        if heading is not None:
            if heading.kind == "article":
                builder.article_heading(heading.number, heading.title, heading.line)
            else:
                builder.group(heading)
                if inline := _article_match(heading.inline_article):
                    builder.article_heading(inline[0], _norm(inline[1] or ""), heading.line)
            i = heading.end
            heading_may_stand = True
            continue
        j = i + 1
        while j < len(block) and _heading_at(block, j, False) is None:
            j += 1
        header = _read_paragraph(builder, block[i:j], whole_block=(i == 0 and j == len(block)))
        if header is not None:
            return header
        heading_may_stand = False
        i = j
    return None


def _read_paragraph(builder: _Builder, lines: _Block, *, whole_block: bool) -> str | None:
    line, first = lines[0]
    text = _paragraph_text(lines)
    if not text:
        return None
    if notice := _NOTICE.match(text):
        body = text[notice.end() :].strip()
        if not body:
            return text
        builder.notice(text, body)
        return None
    if _FOOTNOTE.match(text):
        builder.footnote(text)
        return None
    if _EDITORIAL.match(text):
        builder.editorial(text)
        return None
    indented = first.startswith(_INDENT)
    in_preamble = builder.article is None and not builder.groups
    if builder.last_notes is not None and text[0].islower() and (in_preamble or builder.colon_note):
        # «Сноска. По всему тексту:» and the list of replaced words below it.
        builder.carry_on(text, line)
        return None
    if not indented and _CONTINUATION.match(text):
        builder.carry_on(text, line)
        return None
    if (
        whole_block
        and not indented
        and len(lines) == 1
        and _heading_without_word(builder, text, line)
    ):
        return None
    if builder.article is not None and _REMARKS.match(text):
        builder.remarks_node(builder.article, text, line)
        return None
    if m := _PART.match(text):
        builder.part_node(m["n"], m["t"], line)
    elif m := _ITEM.match(text):
        builder.item_node(m["n"], m["t"], line, letter=False)
    elif (m := _LETTER_ITEM.match(text)) and builder.item is not None:
        builder.item_node(m["n"], m["t"], line, letter=True)
    else:
        builder.plain(text, line)
    return None


def _heading_without_word(builder: _Builder, text: str, line: int) -> bool:
    """«173. Title» alone on its lines, without the word «Статья» (a quirk of the Code of
    Administrative Offences): an article when its number continues the articles, not the parts."""
    article = builder.article
    m = _UNNAMED_ARTICLE.match(text)
    if article is None or m is None or text.endswith((".", ";", ":", ",")):
        return False
    number, title = m.groups()
    if not _follows(article.number.split("-")[0], number.split("-")[0]):
        return False
    parts = [child for child in article.children if child.kind == "part" and child.number]
    if parts and _follows(parts[-1].number, number):
        return False
    builder.article_heading(number, title, line)
    return True
