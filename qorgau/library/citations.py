"""Citation keys (`kz-cc:274:2`, see DESIGN.md "Legal citations"), their human forms in kk/ru/en,
and the citation-style search queries lawyers type: «ч. 2 ст. 274 УК», «ҚК 274-бабы»,
«Art. 19(3) ICCPR». Pure Python, no Django.

A key is `<act>:<article>[:<part>[:<item>]]`. The part is the first subdivision of an article and
the item the second: in codes that is часть/бөлік and пункт/тармақ, in laws, the Constitution and
treaties пункт/тармақ/paragraph and подпункт/тармақша. The General Comment, the Rabat Plan and the
Joint Declaration are numbered by paragraphs, so there the "article" is the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from qorgau.library.analysis import normalise, stem

__all__ = [
    "ACTS",
    "ACT_ALIASES",
    "ACT_LABELS",
    "Citation",
    "CitationError",
    "format_citation",
    "parse_key",
    "parse_query",
]

ACTS: Final = (
    "kz-const",
    "kz-cc",
    "kz-cao",
    "kz-civ",
    "kz-mml",
    "kz-ati",
    "kz-pdl",
    "kz-opl",
    "kz-cr",
    "kz-ail",
    "kz-chr",
    "iccpr",
    "hrc-gc34",
    "rabat",
    "jd-2017",
)
_CODES: Final = frozenset({"kz-cc", "kz-cao", "kz-civ"})
_BY_PARAGRAPH: Final = frozenset({"hrc-gc34", "rabat", "jd-2017"})

_ACT_RE: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_NUMBER: Final = r"[0-9]+(?:-[0-9]+)*"
_NUMBER_RE: Final = re.compile(_NUMBER)
_LETTER_RE: Final = re.compile(r"[a-zа-яәғқңөұүһі]")
_KEY_SHAPE: Final = "expected <act>:<article>[:<part>[:<item>]], e.g. kz-cc:274:2"


class CitationError(ValueError):
    """A citation key or citation that does not follow the key format."""


def _is_division(value: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(value) or _LETTER_RE.fullmatch(value))


@dataclass(frozen=True)
class Citation:
    """A place in an act. `act` is empty only for a query that named no act («ст. 274»)."""

    act: str
    article: str
    part: str = ""
    item: str = ""

    def __post_init__(self) -> None:
        if self.act and not _ACT_RE.fullmatch(self.act):
            raise CitationError(
                f"act code {self.act!r} must be lower-case Latin letters, digits and single "
                "hyphens, starting with a letter (e.g. kz-cc)"
            )
        if not _NUMBER_RE.fullmatch(self.article):
            raise CitationError(f"article {self.article!r} must be a number such as 274 or 73-3")
        for name, value in (("part", self.part), ("item", self.item)):
            if value and not _is_division(value):
                raise CitationError(
                    f"{name} {value!r} must be a number such as 2 or 1-1, or one lower-case letter"
                )
        if self.item and not self.part:
            raise CitationError(f"item {self.item!r} needs a part")

    @property
    def key(self) -> str:
        """The key, e.g. `kz-cc:274:2`; a citation without an act has none."""
        if not self.act:
            raise CitationError(f"article {self.article} names no act, so it has no key")
        return ":".join(f for f in (self.act, self.article, self.part, self.item) if f)


def parse_key(key: str) -> Citation:
    """The citation a key names; `CitationError` says what is wrong with a malformed one."""
    fields = key.split(":")
    if not 2 <= len(fields) <= 4:
        raise CitationError(f"malformed citation key {key!r}: {_KEY_SHAPE}")
    act, article, *divisions = fields
    if not act:
        raise CitationError(f"malformed citation key {key!r}: the act code is missing")
    if any(not d for d in divisions):
        raise CitationError(f"malformed citation key {key!r}: an empty part or item")
    try:
        return Citation(act, article, *divisions)
    except CitationError as error:
        raise CitationError(f"malformed citation key {key!r}: {error}") from None


# --- act names -----------------------------------------------------------------------------------

# Lower-case names and abbreviations of each act, as lawyers write them. They are matched word by
# word on stems, so «Уголовного кодекса» and «Қылмыстық кодексінің» find their entries, and «РК»,
# «ҚР», «Республики Казахстан» may come and go (see _JURISDICTION).
ACT_ALIASES: Final[dict[str, str]] = {
    # Russian
    "ук": "kz-cc",
    "ук рк": "kz-cc",
    "уголовный кодекс": "kz-cc",
    "коап": "kz-cao",
    "коап рк": "kz-cao",
    "кркоап": "kz-cao",
    "кодекс об административных правонарушениях": "kz-cao",
    "гк": "kz-civ",
    "гк рк": "kz-civ",
    "гражданский кодекс": "kz-civ",
    "конституция": "kz-const",
    "конституция рк": "kz-const",
    "основной закон": "kz-const",
    "закон о масс-медиа": "kz-mml",
    "закон о сми": "kz-mml",
    "закон о средствах массовой информации": "kz-mml",
    "закон о доступе к информации": "kz-ati",
    "закон о персональных данных": "kz-pdl",
    "закон о персональных данных и их защите": "kz-pdl",
    "закон об онлайн-платформах": "kz-opl",
    "закон об онлайн-платформах и онлайн-рекламе": "kz-opl",
    "закон об авторском праве": "kz-cr",
    "закон об авторском праве и смежных правах": "kz-cr",
    "закон об искусственном интеллекте": "kz-ail",
    "закон о правах ребенка": "kz-chr",
    "мпгпп": "iccpr",
    "международный пакт о гражданских и политических правах": "iccpr",
    "пакт о гражданских и политических правах": "iccpr",
    "зк 34": "hrc-gc34",
    "замечание общего порядка № 34": "hrc-gc34",
    "общий комментарий № 34": "hrc-gc34",
    "рабатский план": "rabat",
    "рабатский план действий": "rabat",
    "совместная декларация 2017": "jd-2017",
    "совместная декларация о свободе выражения мнений и фейковых новостях": "jd-2017",
    # Kazakh
    "қк": "kz-cc",
    "қылмыстық кодекс": "kz-cc",
    "әқбтк": "kz-cao",
    "әкімшілік құқық бұзушылық туралы кодекс": "kz-cao",
    "әкімшілік құқық бұзушылықтар туралы кодекс": "kz-cao",
    "ак": "kz-civ",
    "азаматтық кодекс": "kz-civ",
    "ата заң": "kz-const",
    "масс-медиа туралы заң": "kz-mml",
    "ақпаратқа қол жеткізу туралы заң": "kz-ati",
    "дербес деректер туралы заң": "kz-pdl",
    "дербес деректер және оларды қорғау туралы заң": "kz-pdl",
    "онлайн-платформалар туралы заң": "kz-opl",
    "онлайн-платформалар және онлайн-жарнама туралы заң": "kz-opl",
    "авторлық құқық туралы заң": "kz-cr",
    "авторлық құқық және сабақтас құқықтар туралы заң": "kz-cr",
    "жасанды интеллект туралы заң": "kz-ail",
    "баланың құқықтары туралы заң": "kz-chr",
    "асқхп": "iccpr",
    "азаматтық және саяси құқықтар туралы халықаралық пакт": "iccpr",
    "№ 34 жалпы тәртіптегі ескертпе": "hrc-gc34",
    "рабат іс-қимыл жоспары": "rabat",
    "2017 жылғы бірлескен декларация": "jd-2017",
    # English
    "cc": "kz-cc",
    "criminal code": "kz-cc",
    "cao": "kz-cao",
    "code of administrative offences": "kz-cao",
    "code of administrative offenses": "kz-cao",
    "civil code": "kz-civ",
    "constitution": "kz-const",
    "mass media law": "kz-mml",
    "media law": "kz-mml",
    "law on mass media": "kz-mml",
    "access to information law": "kz-ati",
    "law on access to information": "kz-ati",
    "personal data law": "kz-pdl",
    "law on personal data": "kz-pdl",
    "law on personal data and its protection": "kz-pdl",
    "online platforms law": "kz-opl",
    "law on online platforms": "kz-opl",
    "law on online platforms and online advertising": "kz-opl",
    "copyright law": "kz-cr",
    "law on copyright": "kz-cr",
    "law on copyright and related rights": "kz-cr",
    "ai law": "kz-ail",
    "law on artificial intelligence": "kz-ail",
    "child rights law": "kz-chr",
    "law on the rights of the child": "kz-chr",
    "iccpr": "iccpr",
    "international covenant on civil and political rights": "iccpr",
    "general comment 34": "hrc-gc34",
    "general comment no. 34": "hrc-gc34",
    "gc34": "hrc-gc34",
    "rabat": "rabat",
    "rabat plan": "rabat",
    "rabat plan of action": "rabat",
    "joint declaration": "jd-2017",
    "2017 joint declaration": "jd-2017",
    "joint declaration on freedom of expression and fake news": "jd-2017",
    # The codes themselves: «kz-cc 274»
    **{code: code for code in ACTS},
}

ACT_LABELS: Final[dict[str, dict[str, str]]] = {
    # After «ст. 274», so in the genitive.
    "ru": {
        "kz-const": "Конституции РК",
        "kz-cc": "УК РК",
        "kz-cao": "КоАП РК",
        "kz-civ": "ГК РК",
        "kz-mml": "Закона РК «О масс-медиа»",
        "kz-ati": "Закона РК «О доступе к информации»",
        "kz-pdl": "Закона РК «О персональных данных и их защите»",
        "kz-opl": "Закона РК «Об онлайн-платформах и онлайн-рекламе»",
        "kz-cr": "Закона РК «Об авторском праве и смежных правах»",
        "kz-ail": "Закона РК «Об искусственном интеллекте»",
        "kz-chr": "Закона РК «О правах ребенка в Республике Казахстан»",
        "iccpr": "МПГПП",
        "hrc-gc34": "Замечания общего порядка № 34 Комитета ООН по правам человека",
        "rabat": "Рабатского плана действий",
        "jd-2017": (
            "Совместной декларации 2017 года о свободе выражения мнений и «фейковых новостях»"
        ),
    },
    # Before «274-бабы»: abbreviations as they are, full names in the genitive.
    "kk": {
        "kz-const": "ҚР Конституциясының",
        "kz-cc": "ҚК",
        "kz-cao": "ӘҚБтК",
        "kz-civ": "АК",
        "kz-mml": "«Масс-медиа туралы» ҚР Заңының",
        "kz-ati": "«Ақпаратқа қол жеткізу туралы» ҚР Заңының",
        "kz-pdl": "«Дербес деректер және оларды қорғау туралы» ҚР Заңының",
        "kz-opl": "«Онлайн-платформалар және онлайн-жарнама туралы» ҚР Заңының",
        "kz-cr": "«Авторлық құқық және сабақтас құқықтар туралы» ҚР Заңының",
        "kz-ail": "«Жасанды интеллект туралы» ҚР Заңының",
        "kz-chr": "«Қазақстан Республикасындағы баланың құқықтары туралы» ҚР Заңының",
        "iccpr": "АСҚХП",
        "hrc-gc34": "БҰҰ Адам құқықтары жөніндегі комитетінің № 34 жалпы тәртіптегі ескертпесінің",
        "rabat": "Рабат іс-қимыл жоспарының",
        "jd-2017": "2017 жылғы Бірлескен декларацияның",
    },
    "en": {
        "kz-const": "Constitution",
        "kz-cc": "CC",
        "kz-cao": "CAO",
        "kz-civ": "Civil Code",
        "kz-mml": "Mass Media Law",
        "kz-ati": "Access to Information Law",
        "kz-pdl": "Personal Data Law",
        "kz-opl": "Online Platforms Law",
        "kz-cr": "Copyright Law",
        "kz-ail": "Artificial Intelligence Law",
        "kz-chr": "Child Rights Law",
        "iccpr": "ICCPR",
        "hrc-gc34": "HRC General Comment No. 34",
        "rabat": "Rabat Plan of Action",
        "jd-2017": "2017 Joint Declaration",
    },
}


_QUERY_TOKEN: Final = re.compile(rf"{_NUMBER}|[^\W\d_]+|[()]")
_JURISDICTION: Final = (
    ("республики", "казахстан"),
    ("республика", "казахстан"),
    ("республике", "казахстан"),
    ("қазақстан", "республикасындағы"),
    ("қазақстан", "республикасының"),
    ("қазақстан", "республикасы"),
    ("of", "the", "republic", "of", "kazakhstan"),
    ("republic", "of", "kazakhstan"),
    ("of", "kazakhstan"),
    ("рк",),
    ("қр",),
    ("rk",),
)
_FILLERS: Final = frozenset({"of", "the"})
# What a hyphen hangs on a Kazakh abbreviation: ҚК-нің, ӘҚБтК-ге.
_ENDINGS: Final = """
    ның нің дың дің тың тің ны ні ды ді ты ті ға ге қа ке на не да де та те нда нде дан ден тан тен
    нан нен мен бен пен сы сі ы і
"""
_KAZAKH_ENDINGS: Final = frozenset(_ENDINGS.split())


def _query_tokens(text: str) -> list[str]:
    found = [
        t.replace("i", "і") if "i" in t and re.search(r"[\u0400-\u04ff]", t) else t
        for t in _QUERY_TOKEN.findall(normalise(text))
    ]
    kept: list[str] = []
    i = 0
    while i < len(found):
        for phrase in _JURISDICTION:
            if tuple(found[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            kept.append(found[i])
            i += 1
    return kept


def _forms(token: str) -> frozenset[str]:
    """The stems a word may stand for, so that inflected act names meet their alias."""
    if not token[0].isalpha():
        return frozenset({token})
    if not re.match(r"[\u0400-\u04ff]", token):
        return frozenset({stem(token, "en")})
    return frozenset({stem(token, "ru"), stem(stem(token, "kk"), "ru")})


def _alias_index() -> list[tuple[tuple[frozenset[str], ...], str]]:
    # The labels count as aliases too, so every formatted citation reads back as a query.
    names = [
        *ACT_ALIASES.items(),
        *((a, c) for labels in ACT_LABELS.values() for c, a in labels.items()),
    ]
    index = {tuple(_forms(t) for t in _query_tokens(a)): code for a, code in names}
    index.pop((), None)
    return sorted(index.items(), key=lambda entry: -len(entry[0]))


_ALIASES: Final = _alias_index()


def _match_alias(forms: list[frozenset[str]], i: int) -> tuple[str, int] | None:
    """The act and the number of words of the longest alias that starts at word `i`."""
    for words, code in _ALIASES:
        end = i + len(words)
        if end <= len(forms) and all(w & f for w, f in zip(words, forms[i:end], strict=True)):
            return code, len(words)
    return None


# --- queries ------------------------------------------------------------------------------------

_ARTICLE, _PART, _ITEM, _SUBITEM, _INDENT = 0, 1, 2, 3, 4  # how deep a marker reaches


def _prefix_marker(word: str) -> int | None:
    """Russian and English markers, which come before their number: «ст. 274», «Art. 19»."""
    if word in ("ст", "статей", "art", "arts", "article", "articles") or word.startswith("стать"):
        return _ARTICLE
    if word in ("ч", "part", "parts", "para", "paras", "paragraph", "paragraphs"):
        return _PART
    if word.startswith("част"):
        return _PART
    if word == "п" or word.startswith("пункт"):
        return _ITEM
    if word in ("пп", "item", "items", "subpara", "subparagraph") or word.startswith("подпункт"):
        return _SUBITEM
    if word == "абз" or word.startswith("абзац"):
        return _INDENT
    return None


def _suffix_marker(word: str) -> int | None:
    """Kazakh markers, which follow their number: «274-бап», «2-бөлігі», «3) тармақшасы»."""
    if word.startswith(("бап", "баб")):
        return _ARTICLE
    if word.startswith("бөлі"):
        return _PART
    if word.startswith("тармақш"):
        return _SUBITEM
    if word.startswith(("тармақ", "тармағ")):
        return _ITEM
    if word.startswith("абзац"):
        return _INDENT
    return None


def _is_number(token: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(token))


@dataclass
class _Draft:
    act: str = ""
    divisions: dict[int, str] = field(default_factory=dict)
    brackets: list[str] = field(default_factory=list)

    def put(self, depth: int, value: str) -> bool:
        if depth in self.divisions or not (
            _is_number(value) or (depth > 0 and _is_division(value))
        ):
            return False
        self.divisions[depth] = value
        return True

    def citation(self) -> Citation | None:
        article = self.divisions.get(_ARTICLE, "")
        below = [
            self.divisions[d] for d in (_PART, _ITEM, _SUBITEM, _INDENT) if d in self.divisions
        ]
        below += self.brackets
        if not article and self.act in _BY_PARAGRAPH and below:
            article = below.pop(0)  # «п. 38 ЗК 34»: the paragraph is the article
        if not article or len(below) > 2:
            return None
        part, item = (*below, "", "")[:2]
        try:
            return Citation(self.act, article, part, item)
        except CitationError:
            return None


def parse_query(q: str) -> Citation | None:
    """The citation a search query names, or None for an ordinary text query.

    The whole query must be a citation: an article number with its marker («ст. 274», «274-бап»,
    «Art. 19») or next to an act («73-3 КоАП»), divisions, an act and nothing else. Without an act
    the citation's act is "" and the caller searches every act. Raw keys (`kz-cc:274:2`) work too.
    """
    text = q.strip()
    if ":" in text and not any(ch.isspace() for ch in text):
        try:
            return parse_key(normalise(text))
        except CitationError:
            return None
    words = _query_tokens(text)
    forms = [frozenset[str]() if w in ("(", ")") else _forms(w) for w in words]
    draft = _Draft()
    alias_end = -1  # where the last act name ended
    i, n = 0, len(words)

    def act_at(j: int) -> bool:
        while words[j : j + 1] == ["("] and words[j + 2 : j + 3] == [")"]:
            j += 3  # «19(3) ICCPR»
        return j < n and _match_alias(forms, j) is not None

    while i < n:
        word = words[i]
        after = i + 2 if words[i + 1 : i + 2] == [")"] else i + 1  # «3) тармақшасы»
        if alias := _match_alias(forms, i):
            if draft.act and draft.act != alias[0]:
                return None
            draft.act = alias[0]
            i = alias_end = i + alias[1]
        elif word in _KAZAKH_ENDINGS and i == alias_end:
            i = alias_end = i + 1  # ҚК-нің 274-бабы
        elif word in _FILLERS:
            i += 1  # article 19 of the ICCPR
        elif after < n and (depth := _suffix_marker(words[after])) is not None:
            if not draft.put(depth, word):
                return None
            i = after + 1
        elif (depth := _prefix_marker(word)) is not None:
            if i + 1 == n or not draft.put(depth, words[i + 1]):
                return None
            i += 2
        elif word == "(":
            if words[i + 2 : i + 3] != [")"] or not draft.divisions:
                return None
            if not _is_division(words[i + 1]) or len(draft.brackets) == 2:
                return None
            draft.brackets.append(words[i + 1])
            i += 3
        elif _is_number(word) and (i == alias_end or act_at(i + 1)):
            if not draft.put(_ARTICLE, word):
                return None
            i += 1
        else:
            return None
    return draft.citation()


# --- human form ---------------------------------------------------------------------------------

# Kazakh nouns for each level, as (possessive, genitive): 274-бабы, 274-бабының.
_KK_UNITS: Final = {
    "бап": ("бабы", "бабының"),
    "бөлік": ("бөлігі", "бөлігінің"),
    "тармақ": ("тармағы", "тармағының"),
    "тармақша": ("тармақшасы", "тармақшасының"),
    "абзац": ("абзацы", "абзацының"),
}


def _units(c: Citation) -> tuple[tuple[str, str, str], ...]:
    """(value, ru abbreviation, kk noun) for each level present, article first."""
    if c.act in _BY_PARAGRAPH:
        levels = (("п.", "тармақ"), ("пп.", "тармақша"), ("абз.", "абзац"))
    elif c.act in _CODES or c.act not in ACTS:
        levels = (("ст.", "бап"), ("ч.", "бөлік"), ("п.", "тармақ"))
    else:
        levels = (("ст.", "бап"), ("п.", "тармақ"), ("пп.", "тармақша"))
    values = (c.article, c.part, c.item)
    return tuple((v, ru, kk) for v, (ru, kk) in zip(values, levels, strict=True) if v)


def format_citation(c: Citation, lang: str) -> str:
    """The citation as a reader expects it: «ст. 274 ч. 2 УК РК», «ҚК 274-бабының 2-бөлігі»,
    «CC Art. 274(2)». An act this module does not know is named by its code."""
    lang = lang.split("-")[0].lower()
    if lang not in ACT_LABELS:
        raise ValueError(f"unsupported language {lang!r}: expected kk, ru or en")
    label = ACT_LABELS[lang].get(c.act, c.act)
    units = _units(c)
    if lang == "ru":
        text = " ".join(f"{abbr} {value}" for value, abbr, _ in units)
        return f"{text} {label}" if label else text
    if lang == "kk":
        last = len(units) - 1
        pieces = []
        for n, (value, _, noun) in enumerate(units):
            possessive, genitive = _KK_UNITS[noun]
            form = genitive if n == last - 1 else possessive
            pieces.append(f"{value}-{form}" if value[0].isdigit() else f"{value}) {form}")
        return " ".join([label, *pieces] if label else pieces)
    brackets = "".join(f"({value})" for value, _, _ in units[1:])
    if c.act in _BY_PARAGRAPH:
        return f"{label}, para. {c.article}{brackets}"
    text = f"Art. {c.article}{brackets}"
    return f"{label} {text}" if label else text
