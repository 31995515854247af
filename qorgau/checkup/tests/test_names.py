"""Person names: found in Russian, Kazakh and English drafts at their exact offsets, officials told
apart from private persons, places and organisations left alone, models loaded once."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import natasha
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qorgau.checkup.engine import names
from qorgau.checkup.engine.names import NameMatch, find_names
from qorgau.checkup.engine.segment import segment

SHARED_NER = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ner"


def detect(text: str, lang: str = "auto") -> list[NameMatch]:
    matches = find_names(text, segment(text, lang))
    for match in matches:
        assert text[match.start : match.end] == match.text
    return matches


def found(text: str, lang: str = "auto") -> dict[str, bool]:
    """Each name found, with whether it was taken as an official's."""
    return {match.text: match.official for match in detect(text, lang)}


@pytest.fixture(params=["model", "rules"])
def kazakh_tagger(request: pytest.FixtureRequest) -> Iterator[object]:
    """Kazakh runs through the shipped model and through the rules it falls back to."""
    if request.param == "rules":
        with mock.patch.object(names, "_kazakh_tagger", lambda: None):
            yield None
    else:
        assert names._kazakh_tagger() is not None, "data/kk_ner.json.gz is missing"
        yield names._kazakh_tagger()


# --- Russian ---------------------------------------------------------------------------------
def test_it_finds_russian_names_at_their_exact_offsets() -> None:
    text = (
        "Пенсионерка Галина Петрова пожаловалась на тарифы.\n\n"
        "Её сосед Михаил Сергеевич Кузнецов подтвердил, что счета выросли вдвое."
    )
    matches = detect(text)
    assert [(m.start, m.end, m.lang) for m in matches] == [
        (text.index("Галина Петрова"), text.index("Галина Петрова") + len("Галина Петрова"), "ru"),
        (
            text.index("Михаил Сергеевич Кузнецов"),
            text.index("Михаил Сергеевич Кузнецов") + len("Михаил Сергеевич Кузнецов"),
            "ru",
        ),
    ]
    assert not any(m.official for m in matches)


def test_it_marks_russian_officials_acting_in_office() -> None:
    text = (
        "Аким Алматы Ерболат Досаев провёл встречу с жителями. "
        "Министр здравоохранения Ажар Гиният заявила, что вакцин хватит. "
        "С ними встретился учитель Олег Смирнов."
    )
    assert found(text) == {
        "Ерболат Досаев": True,
        "Ажар Гиният": True,
        "Олег Смирнов": False,
    }


def test_a_title_does_not_reach_across_a_verb_to_another_person() -> None:
    assert found("Министр встретился с пенсионеркой Анной Ивановой.") == {"Анной Ивановой": False}


def test_it_leaves_russian_places_and_organisations_alone() -> None:
    text = (
        "В Алматы и Астане прошли проверки Министерства здравоохранения и компании «Казахтелеком»."
    )
    assert detect(text) == []


def test_a_surname_given_in_full_once_is_found_alone_later() -> None:
    text = "Тренер Юрген Клинсман назвал состав. Клинсман принял команду два года назад."
    assert list(found(text)) == ["Юрген Клинсман", "Клинсман"]


def test_russian_initials_stay_with_the_surname() -> None:
    assert list(found("Об этом рассказал А. Б. Иванов, житель Караганды.")) == ["А. Б. Иванов"]


# --- Kazakh ----------------------------------------------------------------------------------
def test_it_finds_kazakh_names_and_officials(kazakh_tagger: object) -> None:
    text = (
        "Алматы қаласының әкімі Ерболат Досаев тұрғындармен кездесті. "
        "Зейнеткер Гүлнар Сапарова тарифтерге шағымданды."
    )
    assert found(text) == {"Ерболат Досаев": True, "Гүлнар Сапарова": False}
    assert {m.lang for m in detect(text)} == {"kk"}


def test_kazakh_case_endings_stay_inside_the_span(kazakh_tagger: object) -> None:
    text = "Кеше Нұрлан Әбдірахманұлы ауылға келді. Мұғалім Әлияға сыйлық берді."
    assert list(found(text)) == ["Нұрлан Әбдірахманұлы", "Әлияға"]


def test_kazakh_initials_before_or_after_the_surname(kazakh_tagger: object) -> None:
    text = "Оқиға туралы Нұрланов А.Б. айтып берді. Оны А. Серікбаева да растады."
    assert list(found(text)) == ["Нұрланов А.Б.", "А. Серікбаева"]


def test_kazakh_places_organisations_and_months_are_not_names(kazakh_tagger: object) -> None:
    text = (
        "Шымкент қаласында және Түркістан облысында наурыз айында су тасқыны болды. "
        "Бұл туралы ҚР Төтенше жағдайлар министрлігі хабарлады. ТЖМ қызметкерлері Қазақстан "
        "бойынша жұмыс істеп жатыр."
    )
    assert detect(text) == []


def test_the_head_of_state_is_an_official(kazakh_tagger: object) -> None:
    text = "Мемлекет басшысы Қасым-Жомарт Тоқаев Жарлыққа қол қойды."
    assert found(text) == {"Қасым-Жомарт Тоқаев": True}


def test_a_word_derived_from_a_title_is_not_a_title(kazakh_tagger: object) -> None:
    text = (
        "Президенттік сайлауда Қасым-Жомарт Тоқаев жеңді. Министрлік өкілі Аружан Сейітова келді."
    )
    assert found(text) == {"Қасым-Жомарт Тоқаев": False, "Аружан Сейітова": True}


def test_latin_script_kazakh_names_and_titles() -> None:
    text = (
        "Almaty qalasynyñ äkimi Erbolat Dosaev turğyndarmen kezdesti. "
        "Zeinetker Gülnar Saparova şağymdandy."
    )
    matches = detect(text)
    assert {m.text: m.official for m in matches} == {
        "Erbolat Dosaev": True,
        "Gülnar Saparova": False,
    }
    assert {m.lang for m in matches} == {"kk"}


# --- English ---------------------------------------------------------------------------------
def test_it_finds_english_names_with_titles_and_cues() -> None:
    text = (
        "President Kassym-Jomart Tokayev met Mr John Smith in Astana on Monday. "
        "Local teacher Aigerim Bekova said the school had been closed since May."
    )
    assert found(text) == {
        "Kassym-Jomart Tokayev": True,
        "John Smith": False,
        "Aigerim Bekova": False,
    }


def test_an_english_title_makes_an_official() -> None:
    text = "The Ministry of Health said that Health Minister Azhar Giniyat would lead the review."
    assert found(text) == {"Azhar Giniyat": True}


def test_english_places_and_organisations_are_not_names() -> None:
    assert detect("The Ministry of Health in Almaty and the Supreme Court in Astana agreed.") == []


# --- loading and robustness --------------------------------------------------------------------
def test_the_russian_model_loads_once_per_process() -> None:
    names._natasha.cache_clear()
    with mock.patch.object(natasha, "NewsNERTagger", wraps=natasha.NewsNERTagger) as loader:
        detect("Иван Петров приехал в город.")
        detect("Анна Сидорова уехала из города.")
    assert loader.call_count == 1


def test_the_kazakh_model_loads_once_per_process() -> None:
    names._kazakh_tagger.cache_clear()
    with mock.patch.object(json, "load", wraps=json.load) as loader:
        detect("Ерболат Досаев тұрғындармен кездесті.")
        detect("Гүлнар Сапарова тарифтерге шағымданды.")
    assert loader.call_count == 1


def test_adversarial_runs_do_not_break_it() -> None:
    text = "«" * 3000 + " Иван Петров. " + "А. " * 2000 + "Нұрланов " * 500 + "\n\nMr " * 300
    for match in detect(text):
        assert 0 <= match.start < match.end <= len(text)


pieces = st.sampled_from(
    list("абвгдежзиклмнопрстуфхцчшщыэюяАБВГДЕЖИКЛМНОПРСТЯЁёәғқңөұүһіӘҒҚҢӨҰҮҺІ")
    + list("abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNOPRSTUVWXYZ0123456789")
    + list(" \n.,!?«»\"'()-—:;…")
    + ["Иван ", "Петров ", "Нұрлан ", "Досаев ", "аким ", "әкімі ", "Mr ", "А.", "Алматы "]
)
drafts = st.lists(pieces | st.text(max_size=5), max_size=120).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts)
def test_any_text_gives_valid_spans_and_never_raises(text: str) -> None:
    matches = detect(text)
    for match in matches:
        assert 0 <= match.start < match.end <= len(text)
        assert match.lang in {"kk", "ru", "en"}
        assert match.text.strip() == match.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))


# --- evaluation on annotated news (only where the shared data is present) -------------------------
@pytest.mark.skipif(not (SHARED_NER / "factru-2016-dev").exists(), reason="no shared NER data")
def test_russian_news_names_reach_the_target_f1() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    import names_eval

    score = names_eval.run(
        names_eval.Score(), names_eval.factru_documents(SHARED_NER / "factru-2016-dev")
    )
    precision, recall = score.exact / score.found, score.exact / score.gold
    assert 2 * precision * recall / (precision + recall) >= 0.93
