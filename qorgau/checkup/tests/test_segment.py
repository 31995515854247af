"""Paragraphs and sentences: offsets, language, abbreviations, bounds."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.checkup.engine.model import InputTooLarge
from qorgau.checkup.engine.segment import MAX_SENTENCE, MAX_TEXT, detect_language, segment


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for p in segment(text) for s in p.sentences]


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = "Он живёт на ул. Абая, д. 15. По ст. 274 УК его судили. А. Нұрланов сказал. See No. 25 here."
    assert _sentences(text) == [
        "Он живёт на ул. Абая, д. 15.",
        "По ст. 274 УК его судили.",
        "А. Нұрланов сказал.",
        "See No. 25 here.",
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Журналист направил запрос в акимат.", "ru"),
        ("Журналист әкімдікке сұрау жолдады.", "kk"),
        ("Jurnalist äkımdıkke sūrau joldady jäne jauap kütıp otyr.", "kk"),
        ("The journalist sent a request to the akimat.", "en"),
    ],
)
def test_each_paragraph_gets_its_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_a_sentence_without_full_stops_is_cut_before_any_parser_sees_it() -> None:
    text = "слово " * 1000
    pieces = _sentences(text)
    assert max(len(piece) for piece in pieces) <= MAX_SENTENCE
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_a_text_over_the_limit_is_refused_before_analysis() -> None:
    with pytest.raises(InputTooLarge):
        segment("а" * (MAX_TEXT + 1))


@given(st.text(max_size=3000))
def test_offsets_always_point_into_the_text(text: str) -> None:
    for paragraph in segment(text):
        assert text[paragraph.start : paragraph.end] == paragraph.text
        for sentence in paragraph.sentences:
            assert text[sentence.start : sentence.end] == sentence.text
            assert paragraph.start <= sentence.start <= sentence.end <= paragraph.end


def test_a_russian_sentence_inside_a_kazakh_paragraph_gets_its_own_language() -> None:
    text = (
        "Әкім бүгін мәлімдеме жасады және журналистерге жауап берді. "
        "При этом он сказал, что был в курсе и не возражал против проверки. "
        "Барлығы жақсы болады деп айтты."
    )
    [paragraph] = segment(text)
    assert paragraph.lang == "kk"
    assert [s.lang for s in paragraph.sentences] == ["kk", "ru", "kk"]


def test_an_english_sentence_inside_a_russian_paragraph_gets_its_own_language() -> None:
    text = (
        "Журналист опубликовал заявление министерства. "
        "The ministry said the report was false and misleading. "
        "Редакция ответила на следующий день."
    )
    assert [s.lang for p in segment(text) for s in p.sentences] == ["ru", "en", "ru"]


@pytest.mark.parametrize(
    "text",
    [
        "Вчера Қасым-Жомарт Тоқаев и Әлихан Смайылов провели встречу в Ақорде.",
        "Ол келді. Да.",
        "Он сказал: «Бәрі жақсы». Потом ушёл.",
        "Кеше Астанада жиын өтті, оған министр мен депутаттар қатысты.",
    ],
)
def test_names_and_short_sentences_do_not_switch_the_language(text: str) -> None:
    [paragraph] = segment(text)
    assert {s.lang for s in paragraph.sentences} == {paragraph.lang}


def test_the_report_lists_both_languages_of_a_mixed_paragraph() -> None:
    from qorgau.checkup.engine import check

    text = (
        "Әкім бүгін мәлімдеме жасады және журналистерге жауап берді. "
        "При этом он сказал, что Иван Петров был в курсе и не возражал против проверки."
    )
    report = check(text, redact=True)
    assert report.languages == ["kk", "ru"]
    assert report.redacted is not None and "[ФИО]" in report.redacted
