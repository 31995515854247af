"""Citation keys, their human forms, and the citation-style queries lawyers type into search."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.library.citations import (
    ACT_ALIASES,
    ACTS,
    Citation,
    CitationError,
    format_citation,
    parse_key,
    parse_query,
)

# --- keys ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "citation"),
    [
        ("kz-cc:274:2", Citation("kz-cc", "274", "2")),
        ("kz-cao:73-3", Citation("kz-cao", "73-3")),
        ("kz-mml:14:7", Citation("kz-mml", "14", "7")),
        ("iccpr:19:3", Citation("iccpr", "19", "3")),
        ("iccpr:19:3:a", Citation("iccpr", "19", "3", "a")),
        ("hrc-gc34:38", Citation("hrc-gc34", "38")),
        ("kz-cc:3:1:а", Citation("kz-cc", "3", "1", "а")),
    ],
)
def test_it_parses_a_key(key: str, citation: Citation) -> None:
    assert parse_key(key) == citation
    assert citation.key == key


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("kz-cc", "expected <act>:<article>"),
        ("kz-cc:274:2:1:5", "expected <act>:<article>"),
        (":274", "the act code is missing"),
        ("KZ-CC:274", "act code 'KZ-CC' must be lower-case"),
        ("kz_cc:274", "act code 'kz_cc'"),
        ("kz-:274", "act code 'kz-'"),
        ("1kz:274", "act code '1kz'"),
        ("kz-cc:", "article '' must be a number"),
        ("kz-cc:ст274", "article 'ст274' must be a number"),
        ("kz-cc:274-", "article '274-'"),
        ("kz-cc:274::1", "an empty part or item"),
        ("kz-cc:274:ab", "part 'ab' must be a number such as 2 or 1-1, or one lower-case letter"),
        ("kz-cc:274:2:A", "item 'A'"),
        ("kz-cc: 274", "article ' 274'"),
    ],
)
def test_it_explains_what_is_wrong_with_a_malformed_key(key: str, message: str) -> None:
    with pytest.raises(CitationError, match=message.replace("(", r"\(")) as raised:
        parse_key(key)
    assert repr(key) in str(raised.value)


def test_a_citation_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="malformed citation key"):
        parse_key("nonsense")


def test_an_item_needs_a_part() -> None:
    with pytest.raises(CitationError, match="item '3' needs a part"):
        Citation("kz-cc", "274", item="3")


def test_a_citation_without_an_act_has_no_key() -> None:
    with pytest.raises(CitationError, match="names no act"):
        _ = Citation("", "274").key


_CODES = st.one_of(
    st.sampled_from(ACTS), st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
)
_NUMBERS = st.from_regex(r"[1-9][0-9]{0,3}(-[1-9][0-9]?){0,2}", fullmatch=True)
_DIVISIONS = st.one_of(_NUMBERS, st.sampled_from(list("abcабвгәі")))


@st.composite
def citations(draw: st.DrawFn, acts: st.SearchStrategy[str] = _CODES) -> Citation:
    part = draw(st.one_of(st.just(""), _DIVISIONS))
    item = draw(_DIVISIONS) if part and draw(st.booleans()) else ""
    return Citation(draw(acts), draw(_NUMBERS), part, item)


@given(citations())
def test_a_key_reads_back_as_its_citation(citation: Citation) -> None:
    assert parse_key(citation.key) == citation


@given(st.text())
def test_parse_key_raises_only_citation_errors(text: str) -> None:
    with contextlib.suppress(CitationError):
        parse_key(text)


# --- queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("ст. 274 УК", "kz-cc:274"),
        ("статья 274 УК РК", "kz-cc:274"),
        ("ст.274 ч.2 УК", "kz-cc:274:2"),
        ("ч. 2 ст. 274 УК", "kz-cc:274:2"),
        ("п. 3 ч. 2 ст. 274 УК РК", "kz-cc:274:2:3"),
        ("статьи 274 Уголовного кодекса Республики Казахстан", "kz-cc:274"),
        ("274-бап ҚК", "kz-cc:274"),
        ("ҚК 274-бабы", "kz-cc:274"),
        ("ҚК-нің 274-бабы", "kz-cc:274"),
        ("ҚР Қылмыстық кодексінің 274-бабының 2-бөлігі", "kz-cc:274:2"),
        ("статья 73-3 КоАП", "kz-cao:73-3"),
        ("73-3 КоАП", "kz-cao:73-3"),
        ("ст. 456-1 Кодекса об административных правонарушениях", "kz-cao:456-1"),
        ("ӘҚБтК 73-3-бабы", "kz-cao:73-3"),
        ("п. 7 ст. 14 Закона о масс-медиа", "kz-mml:14:7"),
        ("«Масс-медиа туралы» Заңның 14-бабының 7-тармағы", "kz-mml:14:7"),
        ("ст. 20 Конституции", "kz-const:20"),
        ("Конституцияның 20-бабы", "kz-const:20"),
        ("article 19 ICCPR", "iccpr:19"),
        ("Art. 19(3) ICCPR", "iccpr:19:3"),
        ("Art. 19(3)(a) ICCPR", "iccpr:19:3:a"),
        ("19(3) ICCPR", "iccpr:19:3"),
        ("article 19 of the ICCPR", "iccpr:19"),
        ("Article 19 of the International Covenant on Civil and Political Rights", "iccpr:19"),
        ("ст. 19 МПГПП", "iccpr:19"),
        ("АСҚХП 19-бабы", "iccpr:19"),
        ("Criminal Code art 274 part 2", "kz-cc:274:2"),
        ("General Comment No. 34, para. 38", "hrc-gc34:38"),
        ("п. 38 ЗК 34", "hrc-gc34:38"),
        ("kz-cc:274", "kz-cc:274"),
        ("kz-cc:274:2", "kz-cc:274:2"),
        ("  KZ-CC:274:2 ", "kz-cc:274:2"),
        ("kz-cc 274", "kz-cc:274"),
    ],
)
def test_it_recognises_a_citation_query(query: str, key: str) -> None:
    citation = parse_query(query)
    assert citation is not None
    assert citation.key == key


@pytest.mark.parametrize(
    ("query", "citation"),
    [
        ("274-бап", Citation("", "274")),
        ("ст. 274", Citation("", "274")),
        ("статья 274", Citation("", "274")),
        ("ст. 274 ч. 2", Citation("", "274", "2")),
        ("274-бабының 2-бөлігі", Citation("", "274", "2")),
        ("Art. 19(3)", Citation("", "19", "3")),
    ],
)
def test_a_citation_without_an_act_searches_every_act(query: str, citation: Citation) -> None:
    assert parse_query(query) == citation


@pytest.mark.parametrize(
    "query",
    [
        "заведомо ложная информация",
        "отказ в предоставлении информации",
        "2024 год",
        "274",
        "УК",
        "закон о масс-медиа",
        "ч. 2",
        "ст.",
        "ст. 274 клевета",
        "клевета ст. 274",
        "УК 274 2",
        "ст. 274 УК ГК",
        "ст. 100 УПК",
        "kz-cc:",
        "kz-cc:abc",
        "журналистердің құқықтары",
        "19 (3)",
        "",
    ],
)
def test_an_ordinary_text_query_is_not_a_citation(query: str) -> None:
    assert parse_query(query) is None


@given(st.text())
def test_parse_query_never_raises(text: str) -> None:
    result = parse_query(text)
    assert result is None or isinstance(result, Citation)


_PIECES = """
    ст статья ч часть п пп пункт art article para бап бабы бабының бөлігі тармағы тармақшасы
    ( ) . , - : нің of the рк 274 73-3 2 a а ы 2024 год
"""
_VOCABULARY = [*ACT_ALIASES, *_PIECES.split()]


@given(st.lists(st.sampled_from(_VOCABULARY), max_size=8), st.sampled_from([" ", "", "-"]))
def test_parse_query_never_raises_on_citation_like_words(words: list[str], glue: str) -> None:
    result = parse_query(glue.join(words))
    assert result is None or isinstance(result, Citation)


# --- human form ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "ru", "kk", "en"),
    [
        ("kz-cc:274:2", "ст. 274 ч. 2 УК РК", "ҚК 274-бабының 2-бөлігі", "CC Art. 274(2)"),
        ("kz-cc:274", "ст. 274 УК РК", "ҚК 274-бабы", "CC Art. 274"),
        (
            "kz-cc:274:2:3",
            "ст. 274 ч. 2 п. 3 УК РК",
            "ҚК 274-бабы 2-бөлігінің 3-тармағы",
            "CC Art. 274(2)(3)",
        ),
        ("kz-cao:73-3", "ст. 73-3 КоАП РК", "ӘҚБтК 73-3-бабы", "CAO Art. 73-3"),
        (
            "kz-mml:14:7",
            "ст. 14 п. 7 Закона РК «О масс-медиа»",
            "«Масс-медиа туралы» ҚР Заңының 14-бабының 7-тармағы",
            "Mass Media Law Art. 14(7)",
        ),
        (
            "iccpr:19:3:a",
            "ст. 19 п. 3 пп. a МПГПП",
            "АСҚХП 19-бабы 3-тармағының a) тармақшасы",
            "ICCPR Art. 19(3)(a)",
        ),
        (
            "hrc-gc34:38",
            "п. 38 Замечания общего порядка № 34 Комитета ООН по правам человека",
            "БҰҰ Адам құқықтары жөніндегі комитетінің № 34 жалпы тәртіптегі ескертпесінің "
            "38-тармағы",
            "HRC General Comment No. 34, para. 38",
        ),
        ("kz-xyz:5:1", "ст. 5 ч. 1 kz-xyz", "kz-xyz 5-бабының 1-бөлігі", "kz-xyz Art. 5(1)"),
    ],
)
def test_it_formats_a_citation_for_readers(key: str, ru: str, kk: str, en: str) -> None:
    citation = parse_key(key)
    assert format_citation(citation, "ru") == ru
    assert format_citation(citation, "kk") == kk
    assert format_citation(citation, "en") == en


def test_a_citation_without_an_act_formats_without_a_label() -> None:
    citation = Citation("", "274", "2")
    assert format_citation(citation, "ru") == "ст. 274 ч. 2"
    assert format_citation(citation, "kk") == "274-бабының 2-бөлігі"
    assert format_citation(citation, "en") == "Art. 274(2)"


def test_it_accepts_a_regional_language_code_and_refuses_an_unknown_one() -> None:
    assert format_citation(Citation("kz-cc", "274"), "ru-RU") == "ст. 274 УК РК"
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        format_citation(Citation("kz-cc", "274"), "de")


@given(citations(st.sampled_from(["", *ACTS])), st.sampled_from(["ru", "kk", "en"]))
def test_a_formatted_citation_reads_back_as_a_query(citation: Citation, lang: str) -> None:
    assert parse_query(format_citation(citation, lang)) == citation
