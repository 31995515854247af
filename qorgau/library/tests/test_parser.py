"""The Adilet plain-text parser: against the official texts in shared/data/kz-law (skipped where
that folder is absent) and against short texts written here for its edge cases."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.library.parser import Node, ParsedAct, ParseError, parse_act

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "kz-law"
P = "\u00a0" * 5 + " "  # how Adilet starts a paragraph
NUMBER = re.compile(r"[0-9]+(?:-[0-9]+)*", re.ASCII)
EDITORIAL = re.compile(
    r"[СC]носка|Ескерту\.|Примечание (?:ИЗПИ|РЦПИ)|ЗҚАИ-ның ескертпесі|Вниманию пользователей"
)


@dataclass(frozen=True)
class Expected:
    """A row of the table in SOURCES.md: article headings, lowest and highest base number, how
    many inserted («4-1») numbers. `articles` counts the quirks the table lists as well."""

    lang: str
    articles: int
    low: int
    high: int
    inserted: int


SOURCES = {
    "mass_media_2024.txt": Expected("ru", 70, 1, 70, 0),
    "mass_media_2024_kz.txt": Expected("kk", 70, 1, 70, 0),
    "access_to_information_2015.txt": Expected("ru", 27, 1, 21, 6),
    "access_to_information_2015_kz.txt": Expected("kk", 27, 1, 21, 6),
    "criminal_code.txt": Expected("ru", 502, 1, 467, 35),
    # 1068 headings match the table's regex; 69 and 312 start with a Latin «C» and 173 lacks
    # the word «Статья», so the code has 1071.
    "code_of_administrative_offenses.txt": Expected("ru", 1071, 1, 920, 151),
    # 424 by the regex plus «Статья 147.» on the line of its chapter.
    "civil_code.txt": Expected("ru", 425, 1, 405, 20),
    "constitution.txt": Expected("ru", 102, 1, 99, 3),
    "personal_data.txt": Expected("ru", 38, 1, 31, 7),
    "personal_data_kz.txt": Expected("kk", 38, 1, 31, 7),
    "child_rights.txt": Expected("ru", 96, 1, 53, 43),
    # 93 by the regex plus 31-33, whose «.» after «N-бап» is on the next line.
    "child_rights_kz.txt": Expected("kk", 96, 1, 53, 43),
}


def source(name: str) -> str:
    if not DATA.is_dir():
        pytest.skip(f"the official texts are not here: {DATA}")
    return (DATA / name).read_text(encoding="utf-8")


@cache
def _parsed(name: str) -> ParsedAct:
    return parse_act(source(name), SOURCES[name].lang)


def parsed(name: str) -> ParsedAct:
    source(name)  # skips before the cache can remember a failure
    return _parsed(name)


def article(act: ParsedAct, number: str) -> Node:
    found = [node for node in act.articles() if node.number == number]
    assert len(found) == 1, f"article {number}: {len(found)} found"
    return found[0]


def numbers(nodes: list[Node], kind: str) -> list[str]:
    return [node.number for node in nodes if node.kind == kind]


def key(number: str) -> tuple[int, ...]:
    return tuple(int(piece) for piece in number.split("-"))


# -- the official texts ----------------------------------------------------------------------


def test_every_file_in_the_sources_table_is_checked() -> None:
    table = source("SOURCES.md")
    assert set(re.findall(r"^\| `([^`]+\.txt)`", table, re.MULTILINE)) == set(SOURCES)


@pytest.mark.parametrize("name", SOURCES)
def test_it_finds_the_documented_articles_in_order(name: str) -> None:
    expected = SOURCES[name]
    found = [node.number for node in parsed(name).articles()]

    assert len(found) == expected.articles
    assert all(NUMBER.fullmatch(number) for number in found)
    assert [key(number) for number in found] == sorted({key(number) for number in found})
    assert min(key(n)[0] for n in found) == expected.low
    assert max(key(n)[0] for n in found) == expected.high
    assert sum("-" in number for number in found) == expected.inserted


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("access_to_information_2015.txt", "4-1"),
        ("access_to_information_2015.txt", "6-2"),
        ("access_to_information_2015.txt", "19-1"),
        ("access_to_information_2015_kz.txt", "17-2"),
        ("code_of_administrative_offenses.txt", "73-3"),
        ("code_of_administrative_offenses.txt", "456-2"),
        ("constitution.txt", "83-1"),
        ("constitution.txt", "94-2"),
    ],
)
def test_it_finds_inserted_articles(name: str, number: str) -> None:
    assert article(parsed(name), number).line > 0


@pytest.mark.parametrize(
    ("name", "number", "heading"),
    [
        ("code_of_administrative_offenses.txt", "69", "Меры воспитательного воздействия"),
        ("code_of_administrative_offenses.txt", "173", "Незаконное вмешательство"),
        ("code_of_administrative_offenses.txt", "312", "Выполнение предпроектных"),
        ("civil_code.txt", "147", "Понятие сделки"),
        ("child_rights_kz.txt", "31", "Мүгедектігі бар баланың толыққанды"),
    ],
)
def test_it_reads_the_misprinted_headings(name: str, number: str, heading: str) -> None:
    assert article(parsed(name), number).heading.startswith(heading)


@pytest.mark.parametrize(
    ("name", "first_item", "signed"),
    [
        ("mass_media_2024.txt", "абонент", "К. ТОКАЕВ"),
        ("mass_media_2024_kz.txt", "абонент", "Қ. ТОҚАЕВ"),
    ],
)
def test_the_mass_media_law_has_its_chapters_items_parts_and_notes(
    name: str, first_item: str, signed: str
) -> None:
    act = parsed(name)
    counts = act.counts()
    first, second, last = article(act, "1"), article(act, "2"), act.articles()[-1]

    assert (counts["chapter"], counts["article"]) == (9, 70)
    assert numbers(first.children, "item")[:3] == ["1", "2", "3"]
    assert first.children[0].text.startswith(first_item)
    assert numbers(second.children, "part")[:5] == ["1", "2", "3", "4", "5"]
    assert any(EDITORIAL.match(note) for note in second.notes)
    assert any(signed in note for note in act.notes)
    assert signed not in last.text and "Президент" not in "".join(n.text for n in last.walk())


@pytest.mark.parametrize("name", ["mass_media_2024.txt", "mass_media_2024_kz.txt"])
def test_a_notice_goes_to_the_item_it_announces(name: str) -> None:
    first_part = article(parsed(name), "25").children[0]
    item = next(node for node in first_part.children if node.number == "6")

    assert re.match(r"(Примечание ИЗПИ|ЗҚАИ-ның ескертпесі)!\n", item.notes[0])
    assert not EDITORIAL.search(item.text)


@pytest.mark.parametrize("name", SOURCES)
def test_editorial_matter_never_reaches_the_text(name: str) -> None:
    act = parsed(name)
    nodes = list(act.walk())

    for node in nodes:
        assert not EDITORIAL.search(node.text), (node.kind, node.number, node.line)
        for paragraph in node.text.split("\n") if node.text else []:
            assert paragraph == " ".join(paragraph.split()) != ""
    assert not EDITORIAL.search(act.preamble)
    assert any(EDITORIAL.match(note) for node in nodes for note in node.notes)
    assert act.unplaced == []


def test_article_274_of_the_criminal_code_has_four_parts() -> None:
    found = article(parsed("criminal_code.txt"), "274")
    parts = [node for node in found.children if node.kind == "part"]

    assert "Распространение заведомо ложной информации" in found.heading
    assert [part.number for part in parts] == ["1", "2", "3", "4"]
    assert numbers(parts[1].children, "item") == ["1", "2", "3"]
    assert "наказывается" in parts[1].text  # the sanction after the items stays in the part
    assert found.notes[0].startswith("Сноска. Статья 274")


def test_the_codes_keep_their_hierarchy() -> None:
    civil = parsed("civil_code.txt")
    offences = parsed("code_of_administrative_offenses.txt")
    general, chapter_1 = civil.nodes[0], civil.nodes[0].children[0].children[0]

    assert (general.kind, general.heading) == ("section", "ОБЩАЯ ЧАСТЬ")
    assert (chapter_1.kind, chapter_1.number) == ("chapter", "1")
    assert numbers(chapter_1.children, "article")[0] == "1"
    # «ОБЩАЯ ЧАСТЬ» sits inside «Раздел 2» of the Code of Administrative Offences.
    section_2 = offences.nodes[1]
    assert (section_2.number, [child.heading for child in section_2.children]) == (
        "2",
        ["ОБЩАЯ ЧАСТЬ", "ОСОБЕННАЯ ЧАСТЬ"],
    )


@pytest.mark.parametrize("name", ["criminal_code.txt", "code_of_administrative_offenses.txt"])
def test_the_largest_codes_parse_fast(name: str) -> None:
    text = source(name)
    started = time.perf_counter()
    parse_act(text, "ru")
    assert time.perf_counter() - started < 2.0


# -- edge cases, in texts written for these tests ----------------------------------------------


def act_of(*lines: str, lang: str = "ru") -> ParsedAct:
    return parse_act("\n".join(lines), lang)


def test_an_article_without_numbered_parts_keeps_its_text() -> None:
    act = act_of(
        "Статья 1. Сфера действия",
        "",
        f"{P}Настоящий Закон действует на всей территории.",
        "",
        f"{P}Иное может быть установлено только законом.",
    )
    (only,) = act.articles()

    assert (only.number, only.heading, only.children) == ("1", "Сфера действия", [])
    assert only.text == "Настоящий Закон действует на всей территории.\n" + (
        "Иное может быть установлено только законом."
    )


def test_items_sit_inside_parts_and_the_closing_paragraph_in_the_part() -> None:
    act = act_of(
        "Статья 4. Ответственность",
        "",
        f"{P}1. Нарушение сроков, совершенное:",
        "",
        f"{P}1) повторно;",
        "",
        f"{P}2-1) группой лиц, –",
        "",
        f"{P}влечет штраф.",
        "",
        f"{P}2. Иные нарушения влекут предупреждение.",
    )
    part_1, part_2 = act.articles()[0].children

    assert [(item.kind, item.number) for item in part_1.children] == [
        ("item", "1"),
        ("item", "2-1"),
    ]
    assert part_1.text == "Нарушение сроков, совершенное:\nвлечет штраф."
    assert (part_2.number, part_2.children) == ("2", [])


def test_sub_items_come_after_an_item_ending_with_a_colon() -> None:
    act = act_of(
        "Статья 7. Сведения",
        "",
        f"{P}В заявлении указываются:",
        "",
        f"{P}1) данные заявителя:",
        "",
        f"{P}а) фамилия;",
        "",
        f"{P}б) адрес;",
        "",
        f"{P}2) сведения о запросе, в том числе:",
        "",
        f"{P}1) предмет;",
        "",
        f"{P}1-1) срок;",
        "",
        f"{P}3) подпись.",
    )
    items = act.articles()[0].children

    assert numbers(items, "item") == ["1", "2", "3"]
    assert numbers(items[0].children, "subitem") == ["а", "б"]
    assert numbers(items[1].children, "subitem") == ["1", "1-1"]
    assert act.counts()["subitem"] == 4


def test_a_footnote_and_its_link_lines_go_to_the_article_notes() -> None:
    act = act_of(
        "Статья 2. Принципы",
        "",
        f"{P}1. Открытость.",
        "",
        f"{P}Сноска. Статья 2 с изменением, внесенным Законом РК от 01.02.2024 ",
        "№ 12-VIII",
        " (вводится в действие с 01.03.2024).",
        "",
        "Статья 3. Гарантии",
        "",
        f"{P}Гарантии устанавливаются законом.",
    )
    second, third = act.articles()

    assert second.notes == [
        "Сноска. Статья 2 с изменением, внесенным Законом РК от 01.02.2024 № 12-VIII "
        "(вводится в действие с 01.03.2024)."
    ]
    assert second.children[0].text == "Открытость."
    assert third.notes == []


def test_a_notice_header_takes_the_next_paragraph_as_its_body() -> None:
    act = act_of(
        "3-бап. Кепілдіктер",
        "",
        f"{P}1. Мемлекет кепілдік береді:",
        "",
        "ЗҚАИ-ның ескертпесі!",
        "",
        f"{P}2) тармақшаға өзгеріс енгізу көзделген – ҚР 01.02.2026 ",
        "№ 5-VIII",
        ") Заңымен.",
        "",
        f"{P}1) ақпаратқа қол жеткізуге;",
        "",
        f"{P}2) сөз бостандығына.",
        lang="kk",
    )
    items = act.articles()[0].children[0].children

    assert numbers(items, "item") == ["1", "2"]
    assert items[0].notes[0].startswith("ЗҚАИ-ның ескертпесі!\n2) тармақшаға")
    assert items[0].text == "ақпаратқа қол жеткізуге;"


def test_a_repealed_article_is_still_an_article() -> None:
    act = act_of(
        "Статья 11. Исключена Законом РК от 05.07.2024 ",
        "",
        "Статья 12. Действие Закона",
        "",
        f"{P}Закон вводится в действие с 1 января.",
    )
    repealed, kept = act.articles()

    assert (repealed.number, repealed.heading) == ("11", "")
    assert repealed.text == "Исключена Законом РК от 05.07.2024"
    assert kept.heading == "Действие Закона"


def test_a_repealed_kazakh_article_is_still_an_article() -> None:
    act = act_of("5-бап. Алып тасталды - ҚР 2024.07.05 Заңымен.", lang="kk")
    assert [(node.number, node.text) for node in act.articles()] == [
        ("5", "Алып тасталды - ҚР 2024.07.05 Заңымен.")
    ]


def test_the_signature_stays_out_of_the_last_article() -> None:
    act = act_of(
        "Статья 9. Введение в действие",
        "",
        f"{P}Настоящий Закон вводится в действие со дня опубликования.",
        "",
        f"{P}Президент",
        "Республики Казахстан",
        "",
        "А. БЕКОВ",
    )
    assert act.articles()[0].text == "Настоящий Закон вводится в действие со дня опубликования."
    assert act.notes == ["Президент Республики Казахстан А. БЕКОВ"]


def test_kazakh_chapters_and_sections_nest() -> None:
    act = act_of(
        "1-бөлім. ЖАЛПЫ ЕРЕЖЕЛЕР",
        "1-тарау. НЕГІЗГІ ҰҒЫМДАР",
        "1-бап. Мақсаты",
        "",
        f"{P}Осы Заңның мақсаты – ашықтық.",
        "",
        "2-тарау. ҚОРЫТЫНДЫ",
        "2-бап. Күшіне енуі",
        "",
        f"{P}Осы Заң қолданысқа енгізіледі.",
        lang="kk",
    )
    (section,) = act.nodes

    assert (section.kind, section.number, section.heading) == ("section", "1", "ЖАЛПЫ ЕРЕЖЕЛЕР")
    assert [(c.kind, c.number) for c in section.children] == [("chapter", "1"), ("chapter", "2")]
    assert act.counts() == {
        "section": 1,
        "chapter": 2,
        "paragraph_group": 0,
        "article": 2,
        "part": 0,
        "item": 0,
        "subitem": 0,
    }


def test_constitution_style_headings_and_remarks() -> None:
    act = act_of(
        "Мы, народ,",
        "",
        "принимаем настоящий текст.",
        "",
        "Раздел I.",
        "Общие положения",
        " Статья 1",
        "",
        f"{P}1. Первое положение.",
        "",
        "Примечание. См. нормативное постановление от 01.01.2024 № 1-НП.",
        "",
        f"{P}Примечания.",
        "",
        f"{P}1. Первое разъяснение.",
        "",
        f"{P}2. Второе разъяснение.",
    )
    (section,) = act.nodes
    (first,) = section.children
    part, remarks = first.children

    assert act.preamble == "Мы, народ, принимаем настоящий текст."
    assert (section.number, section.heading) == ("I", "Общие положения")
    assert (first.number, first.heading) == ("1", "")
    assert part.notes == ["Примечание. См. нормативное постановление от 01.01.2024 № 1-НП."]
    assert (remarks.number, remarks.text, numbers(remarks.children, "part")) == (
        "",
        "Примечания.",
        ["1", "2"],
    )


def test_an_editorial_line_naming_an_article_is_not_a_heading() -> None:
    act = act_of(
        "Статья 53. Полномочия",
        "",
        f"{P}Полномочия определяются законом.",
        "",
        "Примечание ИЗПИ!",
        "",
        f"{P}Статья 54 предусматривается в редакции Закона РК от 01.01.2026 № 1-VIII.",
        "",
        "Статья 54. Контроль",
        "",
        f"{P}Контроль осуществляет уполномоченный орган.",
    )
    first, second = act.articles()

    assert (first.number, second.number) == ("53", "54")
    assert second.notes == [
        "Примечание ИЗПИ!\nСтатья 54 предусматривается в редакции Закона РК от 01.01.2026 № 1-VIII."
    ]


def test_a_table_of_contents_is_not_read_as_articles() -> None:
    act = act_of(
        "СОДЕРЖАНИЕ",
        "",
        "Глава 1. ОБЩИЕ ПОЛОЖЕНИЯ",
        "Статья 1. Понятия",
        "Статья 2. Цели",
        "",
        "Глава 1. ОБЩИЕ ПОЛОЖЕНИЯ",
        "Статья 1. Понятия",
        "",
        f"{P}Понятия раскрываются ниже.",
        "",
        "Статья 2. Цели",
        "",
        f"{P}Цели закона.",
    )
    assert numbers(act.articles(), "article") == ["1", "2"]
    assert act.counts()["chapter"] == 1
    assert act.articles()[0].text == "Понятия раскрываются ниже."


def test_lines_broken_around_links_are_joined() -> None:
    act = act_of(
        "Статья 3. Законодательство",
        "",
        f"{P}1. Законодательство основывается на ",
        "Конституции",
        " Республики Казахстан и ",
        "статье 2",
        ", а также",
        "",
        "законах.",
    )
    assert act.articles()[0].children[0].text == (
        "Законодательство основывается на Конституции Республики Казахстан и статье 2, а также "
        "законах."
    )


def test_a_part_before_any_article_is_reported_as_unplaced() -> None:
    act = act_of(
        "Глава 1. ОБЩИЕ ПОЛОЖЕНИЯ",
        "",
        f"{P}1. Осиротевший пункт.",
        "",
        "Статья 1. Цели",
        "",
        f"{P}Цели закона.",
    )
    assert act.unplaced == [(3, "1. Осиротевший пункт.")]
    assert act.articles()[0].text == "Цели закона."


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "Вчера в Алматы прошёл семинар для журналистов о защите источников.\nСтатья вышла в пятницу.",
        "<!DOCTYPE html><html><head><title>Adilet</title></head><body><p>Статья</p></body></html>",
        "Глава 1. Введение\n\nОдин абзац без статей.",
    ],
)
def test_text_without_article_headings_is_not_an_act(text: str) -> None:
    with pytest.raises(ParseError, match="no article headings found"):
        parse_act(text, "ru")


def test_it_refuses_a_language_it_does_not_read() -> None:
    with pytest.raises(ParseError, match="unsupported language"):
        parse_act("Статья 1. Тест", "en")


FRAGMENTS = st.sampled_from(
    [
        "Статья 1. Общие положения",
        "Статья 2",
        "Cтатья 3-1. Латинская буква",
        "Статья 54 предусматривается",
        "4-бап. Мақсаты",
        "31-бап",
        ". Тақырыбы",
        " Глава 1. ГЛАВА",
        "1-тарау. ТАРАУ",
        "РАЗДЕЛ 2.",
        "Раздел IV Текст",
        "ОБЩАЯ ЧАСТЬ",
        "Параграф 1. Часть",
        " I. Общие",
        "2. Полное товарищество",
        "173. Без слова",
        f"{P}1. Часть:",
        f"{P}2-1. Вставка",
        f"{P}1) пункт:",
        f"{P}а) подпункт;",
        "4 - 8. (исключены)",
        f"{P}Сноска. Статья 1 с изменением, внесенным Законом РК от 01.01.2024 ",
        "Сноска:",
        "№ 1-VIII",
        " (вводится в действие).",
        "Примечание ИЗПИ!",
        "ЗҚАИ-ның ескертпесі!",
        "Вниманию пользователей!",
        "СОДЕРЖАНИЕ",
        f"{P}Примечания.",
        f"{P}по всему тексту",
        "Президент",
        "К. ТОКАЕВ",
        "",
        "\u00a0",
        "\r",
    ]
)


@given(
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=40), st.sampled_from(["ru", "kk"])
)
def test_it_raises_only_parse_error_and_keeps_numbers_official(
    pieces: list[str], lang: str
) -> None:
    try:
        act = parse_act("\n".join(pieces), lang)
    except ParseError:
        return
    for node in act.walk():
        if node.kind == "article":
            assert NUMBER.fullmatch(node.number)
        for paragraph in node.text.split("\n") if node.text else []:
            assert paragraph == " ".join(paragraph.split()) != ""
    assert act.counts()["article"] == len(act.articles()) > 0
