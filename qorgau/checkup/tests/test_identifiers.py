"""Personal identifiers: official structures, the forms people write them in, and the sums,
years and article numbers that must stay quiet. Every number here is computed, never real."""

from __future__ import annotations

import json
import random
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qorgau.checkup.engine.identifiers import (
    TYPES,
    Match,
    find_identifiers,
    redaction_label,
)

# --- independent implementations of the official algorithms, to build test numbers ----------


def mod11(first11: str) -> int | None:
    digits = [int(d) for d in first11]
    check = sum(w * d for w, d in zip(range(1, 12), digits, strict=True)) % 11
    if check == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
    return None if check == 10 else check


def make_iin(born: date, sex: str, serial: int = 1) -> str:
    century = {18: 1, 19: 3, 20: 5}[born.year // 100] + (sex == "female")
    while True:
        first11 = f"{born:%y%m%d}{century}{serial:04d}"
        check = mod11(first11)
        if check is not None:
            return f"{first11}{check}"
        serial += 1


def make_bin(
    year: int, month: int, entity: str = "4", attribute: str = "0", serial: int = 1
) -> str:
    while True:
        first11 = f"{year % 100:02d}{month:02d}{entity}{attribute}{serial:05d}"
        check = mod11(first11)
        if check is not None:
            return f"{first11}{check}"
        serial += 1


def luhn_complete(prefix: str) -> str:
    for last in "0123456789":
        digits = [int(d) for d in prefix + last]
        total = 0
        for position, value in enumerate(reversed(digits)):
            if position % 2:
                value *= 2
                value -= 9 if value > 9 else 0
            total += value
        if total % 10 == 0:
            return prefix + last
    raise AssertionError("unreachable")


def make_iban(country: str, bban: str) -> str:
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def grouped(value: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


def only(text: str) -> Match:
    found = find_identifiers(text)
    assert len(found) == 1, found
    return found[0]


def spans(text: str) -> list[tuple[str, str]]:
    return [(m.type, m.text) for m in find_identifiers(text)]


IIN_MAN = make_iin(date(1987, 3, 15), "male", 41)
IIN_WOMAN = make_iin(date(1992, 11, 3), "female", 218)
IIN_BOY = make_iin(date(2011, 6, 30), "male", 7)
BIN_RESIDENT = make_bin(2005, 12, "4", "0", 123)
BIN_BRANCH = make_bin(2018, 4, "4", "1", 4567)
BIN_FOREIGN = make_bin(2012, 7, "5", "2", 890)
IBAN_KZ = make_iban("KZ", "125KZT5004100100")
IBAN_KZ_2 = make_iban("KZ", "722C000012345678")
IBAN_DE = make_iban("DE", "370400440532013000")
IBAN_GB = make_iban("GB", "NWBK60161331926819")
CARD_VISA = luhn_complete("440043012345678")
CARD_MC = luhn_complete("520000123456789")
CARD_MIR = luhn_complete("220012345678901")
CARD_AMEX = luhn_complete("37828224631000")
CARD_UNIONPAY = luhn_complete("621234567890123")


# --- IIN and BIN ---------------------------------------------------------------------------


def test_a_valid_iin_is_found_with_the_birth_date_and_sex_it_encodes() -> None:
    match = only(f"ИИН {IIN_MAN} указан в протоколе.")
    assert (match.type, match.text) == ("iin", IIN_MAN)
    assert match.details["birth_date"] == "1987-03-15"
    assert match.details["sex"] == "male"
    woman = only(f"Её номер {IIN_WOMAN}.")
    assert woman.details == {"birth_date": "1992-11-03", "sex": "female"}
    assert only(f"{IIN_BOY}").details["birth_date"] == "2011-06-30"


@pytest.mark.parametrize(
    "written",
    [
        IIN_MAN,
        f"{IIN_MAN[:6]} {IIN_MAN[6:]}",
        f"{IIN_MAN[:6]}-{IIN_MAN[6:]}",
        f"{IIN_MAN[:3]} {IIN_MAN[3:6]} {IIN_MAN[6:9]} {IIN_MAN[9:]}",
        f"{IIN_MAN[:3]}-{IIN_MAN[3:6]}-{IIN_MAN[6:9]}-{IIN_MAN[9:]}",
        f"{IIN_MAN[:6]}\u00a0{IIN_MAN[6:]}",
    ],
)
def test_an_iin_is_found_however_its_groups_are_written(written: str) -> None:
    text = f"Жалобщик, ИИН: {written}, обратился в суд."
    match = only(text)
    assert match.type == "iin"
    assert match.text == written
    assert text[match.start : match.end] == written


def test_an_iin_with_a_wrong_check_digit_is_not_found() -> None:
    wrong = IIN_MAN[:11] + str((int(IIN_MAN[11]) + 1) % 10)
    assert find_identifiers(f"ИИН {wrong}") == []


def test_an_iin_with_an_impossible_birth_date_is_not_found() -> None:
    for birth in ("870231", "871301", "870000", "870132"):
        first11 = f"{birth}30041"
        check = mod11(first11)
        if check is None:
            continue
        assert find_identifiers(f"{first11}{check}") == []


def test_an_iin_with_a_century_digit_outside_one_to_six_is_not_found() -> None:
    for century in "0789":
        first11 = f"870315{century}0041"
        check = mod11(first11)
        if check is not None:
            assert find_identifiers(f"ИИН {first11}{check}") == []


def test_an_iin_whose_check_digit_needs_the_second_weighted_pass_is_found() -> None:
    second_pass = []
    for serial in range(1000):
        first11 = f"870315{3}{serial:04d}"
        if sum(w * int(d) for w, d in zip(range(1, 12), first11, strict=True)) % 11 == 10:
            check = mod11(first11)
            if check is not None:
                second_pass.append(f"{first11}{check}")
    assert second_pass
    for iin in second_pass[:5]:
        assert only(iin).type == "iin"


def test_a_number_whose_both_passes_give_ten_is_never_an_iin() -> None:
    impossible = [
        f"870315{3}{serial:04d}" for serial in range(3000) if mod11(f"8703153{serial:04d}") is None
    ]
    assert impossible
    for first11 in impossible[:3]:
        for last in "0123456789":
            assert find_identifiers(first11 + last) == []


def test_an_iin_born_in_the_future_is_not_found() -> None:
    first11 = "9901016" + "0041"  # 2099-01-01, century digit 6
    check = mod11(first11)
    if check is not None:
        assert find_identifiers(first11 + str(check)) == []


def test_a_valid_bin_is_found_with_its_registration_structure() -> None:
    match = only(f"ТОО с БИН {BIN_RESIDENT} выиграло тендер.")
    assert match.type == "bin"
    assert match.details["registered"] == "2005-12"
    assert match.details["entity"] == "resident"
    assert match.details["attribute"] == "head_office"
    assert match.details["context"] == "yes"
    assert only(BIN_BRANCH).details["attribute"] == "branch"
    assert only(BIN_FOREIGN).details["entity"] == "non_resident"


def test_a_bin_with_a_wrong_check_digit_or_impossible_month_is_not_found() -> None:
    wrong = BIN_RESIDENT[:11] + str((int(BIN_RESIDENT[11]) + 1) % 10)
    assert find_identifiers(f"БИН {wrong}") == []
    first11 = "0513" + "40" + "00123"  # month 13
    check = mod11(first11)
    if check is not None:
        assert find_identifiers(f"БИН {first11}{check}") == []
    first11 = "0512" + "70" + "00123"  # 7 is no type of entity
    check = mod11(first11)
    if check is not None:
        assert find_identifiers(f"БИН {first11}{check}") == []


def test_a_context_word_is_noted_but_not_required() -> None:
    with_word = only(f"ЖСН: {IIN_MAN}")
    without = only(f"Номер {IIN_MAN} в списке.")
    assert with_word.details["context"] == "yes"
    assert "context" not in without.details
    assert only(f"IIN/BIN {BIN_RESIDENT}").details["context"] == "yes"


def test_twelve_digits_that_fit_neither_structure_are_not_found() -> None:
    assert find_identifiers("Номер заказа 123456789012 и 000000000000.") == []


# --- IBAN ---------------------------------------------------------------------------------


def test_a_kazakh_iban_is_found_with_or_without_spaces() -> None:
    assert IBAN_KZ == "KZ86125KZT5004100100"
    assert only(f"Счёт {IBAN_KZ}.").text == IBAN_KZ
    spaced = grouped(IBAN_KZ)
    match = only(f"Реквизиты: {spaced}, получатель частное лицо.")
    assert (match.type, match.text, match.details["country"]) == ("iban", spaced, "KZ")
    assert only(f"IBAN {IBAN_KZ_2}").type == "iban"
    assert only(f"Счета: KZ00 {IBAN_KZ}").text == IBAN_KZ


def test_foreign_ibans_with_their_own_lengths_are_found() -> None:
    assert only(f"Transfer to {IBAN_DE} failed.").details["country"] == "DE"
    assert only(f"Account {grouped(IBAN_GB)} closed.").details["country"] == "GB"


def test_an_iban_failing_mod_97_or_of_the_wrong_length_is_not_found() -> None:
    broken = IBAN_KZ[:-1] + ("1" if IBAN_KZ[-1] != "1" else "2")
    assert find_identifiers(f"Счёт {broken}") == []
    assert find_identifiers(f"Счёт {IBAN_KZ[:-1]}") == []
    assert find_identifiers(f"Счёт {make_iban('KZ', '125KZT50041001001')}") == []
    assert find_identifiers(f"Счёт {make_iban('XX', '125KZT5004100100')}") == []


# --- payment cards --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "scheme"),
    [
        (CARD_VISA, "visa"),
        (CARD_MC, "mastercard"),
        (CARD_MIR, "mir"),
        (CARD_AMEX, "amex"),
        (CARD_UNIONPAY, "unionpay"),
    ],
)
def test_a_luhn_valid_card_with_a_known_prefix_is_found(number: str, scheme: str) -> None:
    for written in (number, grouped(number), grouped(number, sep="-")):
        match = only(f"Номер карты {written} попал в кадр.")
        assert (match.type, match.text, match.details["scheme"]) == ("card", written, scheme)


def test_an_amex_card_in_its_four_six_five_grouping_is_found() -> None:
    written = f"{CARD_AMEX[:4]} {CARD_AMEX[4:10]} {CARD_AMEX[10:]}"
    assert only(f"Card {written}").text == written


def test_a_card_failing_luhn_or_with_an_unknown_prefix_is_not_found() -> None:
    wrong = CARD_VISA[:-1] + str((int(CARD_VISA[-1]) + 1) % 10)
    assert find_identifiers(f"Карта {grouped(wrong)}") == []
    assert find_identifiers(f"Карта {grouped(luhn_complete('990012345678901'))}") == []


def test_an_iin_is_never_taken_for_a_card() -> None:
    assert [m.type for m in find_identifiers(f"{IIN_MAN} {grouped(IIN_MAN)}")] == ["iin"]


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "country", "e164"),
    [
        ("+7 701 234 56 78", "KZ", "+77012345678"),
        ("+7 (701) 234-56-78", "KZ", "+77012345678"),
        ("+77012345678", "KZ", "+77012345678"),
        ("8 (701) 234-56-78", "KZ", "+77012345678"),
        ("8-701-234-56-78", "KZ", "+77012345678"),
        ("87012345678", "KZ", "+77012345678"),
        ("8 701 234 5678", "KZ", "+77012345678"),
        ("+7 727 250 11 22", "KZ", "+77272501122"),
        ("8 (7172) 55-66-77", "KZ", "+77172556677"),
        ("+7 (495) 123-45-67", "RU", "+74951234567"),
        ("+44 20 7946 0958", "GB", "+442079460958"),
        ("+49 30 901820", "DE", "+4930901820"),
        ("+998 90 123 45 67", "UZ", "+998901234567"),
        ("+1 (202) 555-0143", "US", "+12025550143"),
    ],
)
def test_each_phone_form_is_found_with_its_country(written: str, country: str, e164: str) -> None:
    match = only(f"Позвоните по номеру {written} вечером.")
    assert (match.type, match.text) == ("phone", written)
    assert match.details["country"] == country
    assert match.details["e164"] == e164


@pytest.mark.parametrize(
    ("template", "number"),
    [
        ("тел. {}", "701 234 56 78"),
        ("Телефон: {}", "7012345678"),
        ("WhatsApp {}", "701-234-56-78"),
        ("ұялы телефоны {} екен", "777 123 45 67"),
        ("phone {}", "7 701 234 56 78"),
        ("Тел.: {} (приёмная)", "25-34-56"),
        ("тел {}", "2-50-11-22"),
    ],
)
def test_bare_digit_runs_are_phones_only_after_a_context_word(template: str, number: str) -> None:
    match = only(template.format(number))
    assert (match.type, match.text) == ("phone", number)
    assert find_identifiers(f"Итого {number} штук") == []


def test_a_local_number_after_a_context_word_is_found() -> None:
    match = only("Тел.: 25-34-56 (приёмная).")
    assert (match.text, match.details) == ("25-34-56", {"kind": "local"})


@pytest.mark.parametrize(
    "text",
    [
        "Штраф составил 1 500 000 тенге.",
        "Бюджет — 87 000 000 000 тенге.",
        "Бюджет вырос до 87 000 000 000, расходы тоже.",
        "В 2020 году, а затем в 2021-2022 годах.",
        "Заседание 15.03.2024 в 10:30.",
        "По ст. 274-2 УК РК и ст. 73-3 КоАП.",
        "Телефон стоит 150 000 тенге.",
        "Тираж 8 500 000 экземпляров, рост 8%.",
        "Дело № 2-1234/2023.",
        "+25 градусов и +3 000 000 подписчиков.",
        "Номер 80123456789 недействителен.",
        "Телефонов продали 150-200 штук, по 45-50 тысяч.",
        "Сот 120-125 адамға айыппұл салды.",
    ],
)
def test_sums_years_dates_and_article_numbers_are_not_phones(text: str) -> None:
    assert [m for m in find_identifiers(text) if m.type == "phone"] == []


def test_two_phones_side_by_side_are_two_findings() -> None:
    text = "Тел.: 8 701 234 56 78, 8 (702) 345-67-89 и +7 705 111 22 33"
    assert [m.text for m in find_identifiers(text)] == [
        "8 701 234 56 78",
        "8 (702) 345-67-89",
        "+7 705 111 22 33",
    ]


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "address", "obfuscated"),
    [
        ("a.nurlanova@mail.kz", "a.nurlanova@mail.kz", "no"),
        ("Press.Office+news@qorgau.org.kz", "Press.Office+news@qorgau.org.kz", "no"),
        ("name [at] mail [dot] kz", "name@mail.kz", "yes"),
        ("name(at)mail.kz", "name@mail.kz", "yes"),
        ("name (at) mail (dot) ru", "name@mail.ru", "yes"),
        ("name собака mail.ru", "name@mail.ru", "yes"),
        ("name @ mail . kz", "name@mail.kz", "yes"),
        ("name[собака]mail[точка]ru", "name@mail.ru", "yes"),
        ("info@сайт.қаз", "info@сайт.қаз", "no"),
    ],
)
def test_plain_and_obfuscated_e_mails_are_found(
    written: str, address: str, obfuscated: str
) -> None:
    match = only(f"Пишите: {written}, ответим.")
    assert (match.type, match.text) == ("email", written)
    assert match.details["address"].lower() == address.lower()
    assert match.details["obfuscated"] == obfuscated


def test_an_e_mail_at_the_end_of_a_sentence_keeps_its_own_span() -> None:
    assert only("Write to ivan@mail.kz. Then wait.").text == "ivan@mail.kz"


@pytest.mark.parametrize(
    "text",
    ["Follow us @qorgau.kz today", "look at google.com", "Meet at home dot com", "a @ b"],
)
def test_handles_and_prose_are_not_e_mails(text: str) -> None:
    assert [m for m in find_identifiers(text) if m.type == "email"] == []


# --- identity documents ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("удостоверение личности № 012345678 выдано МВД", "012345678", "id_card"),
        ("Удостоверение личности гражданина РК № 045612378", "045612378", "id_card"),
        ("уд. л. 034512789", "034512789", "id_card"),
        ("жеке куәлігінің нөмірі 034512789 екені анықталды", "034512789", "id_card"),
        ("034512789 нөмірлі жеке куәлік", "034512789", "id_card"),
        ("паспорт N12345678 изъят", "N12345678", "passport"),
        ("паспорт серии 45 12 № 345678", "45 12 № 345678", "passport"),
        ("passport No. AB1234567 at the border", "AB1234567", "passport"),
        ("ID card No. 012345678", "012345678", "id_card"),
        ("төлқұжат нөмірі N09876543", "N09876543", "passport"),
    ],
)
def test_a_document_number_is_found_after_its_context_word(
    text: str, number: str, kind: str
) -> None:
    match = only(text)
    assert (match.type, match.text, match.details["document"]) == ("id_document", number, kind)


def test_a_document_number_without_a_context_word_is_not_found() -> None:
    assert find_identifiers("Номер 012345678 и код N12345678 в реестре.") == []
    assert find_identifiers("Паспорт выдан 12.03.2015, потом утерян, номер 012345678.") == []
    assert find_identifiers("Паспорт забыли, а в деле 012345678.") == []


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Живёт по адресу: г. Алматы, ул. Абая, д. 15, кв. 7.", "ул. Абая, д. 15, кв. 7"),
        ("Офис на проспекте Достык 12-34.", "проспекте Достык 12-34"),
        ("Задержан в мкр. Самал-2, д. 5.", "мкр. Самал-2, д. 5"),
        ("Дом на ул. Кабанбай батыра, 53 снесут.", "ул. Кабанбай батыра, 53"),
        ("пр. Назарбаева, 223, кв. 41", "пр. Назарбаева, 223, кв. 41"),
        ("Адрес: мкр. 5, д. 12, кв. 3", "мкр. 5, д. 12, кв. 3"),
        ("Ол Абай даңғылы, 10 үй, 7 пәтер мекенжайында тұрады.", "Абай даңғылы, 10 үй, 7 пәтер"),
        ("Отбасы Төле би көшесі 25-үйде тұрады.", "Төле би көшесі 25-үйде"),
        ("Алматы қаласы, Сәтбаев көшесі, 22-үй, 15-пәтер.", "Сәтбаев көшесі, 22-үй, 15-пәтер"),
        ("Самал-2 шағын ауданы, 5 үй", "Самал-2 шағын ауданы, 5 үй"),
        ("She lives at 12 Abay Avenue, apt 5, in Almaty.", "12 Abay Avenue, apt 5"),
        ("The office is on Dostyk Avenue 38.", "Dostyk Avenue 38"),
        ("Send it to 5 Tole Bi Street.", "5 Tole Bi Street"),
    ],
)
def test_street_addresses_are_found_in_russian_kazakh_and_english(text: str, address: str) -> None:
    match = only(text)
    assert (match.type, match.text) == ("address", address)


@pytest.mark.parametrize(
    "text",
    [
        "На улице Абая прошёл митинг.",
        "Абай даңғылында шеру өтті.",
        "Abay Avenue was closed for traffic.",
        "In 2019 Abay Avenue was renamed.",
        "Ст. 274 УК, 15 человек.",
    ],
)
def test_a_street_without_a_house_number_is_not_an_address(text: str) -> None:
    assert [m for m in find_identifiers(text) if m.type == "address"] == []


def test_an_address_has_its_house_and_apartment_in_details() -> None:
    assert only("ул. Абая, д. 15а, кв. 7").details == {"house": "15а", "apartment": "7"}


# --- vehicle plates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "form"),
    [("123 ABC 02", "current"), ("123ABC02", "current"), ("777 AAA 15", "current"),
     ("456 KZ 01", "current"), ("123 АВС 02", "current"), ("A 123 BCD", "old")],
)  # fmt: skip
def test_vehicle_plates_are_found_in_current_and_old_formats(written: str, form: str) -> None:
    match = only(f"Машина {written} скрылась.")
    assert (match.type, match.text, match.details["format"]) == ("vehicle_plate", written, form)


@pytest.mark.parametrize(
    "text", ["Лимит 123 ABC 25 нарушен", "Курс 500 USD 12 марта", "Boeing B 737 MAX"]
)
def test_things_shaped_like_plates_are_not_plates(text: str) -> None:
    assert [m for m in find_identifiers(text) if m.type == "vehicle_plate"] == []


# --- dates of birth -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "born"),
    [
        ("Иванов родился 15 марта 1987 г. в Караганде.", "15 марта 1987 г.", "1987-03-15"),
        ("Дата рождения: 03.11.1992.", "03.11.1992", "1992-11-03"),
        ("Петрова, 03.11.1992 г.р., задержана.", "03.11.1992", "1992-11-03"),
        ("Ол 1987 жылы 15 наурызда туған.", "1987 жылы 15 наурызда", "1987-03-15"),
        ("Туған күні: 1987 жылғы 15 наурыз.", "1987 жылғы 15 наурыз", "1987-03-15"),
        ("The suspect, born on 15 March 1987, was held.", "15 March 1987", "1987-03-15"),
        ("DOB: 1979-07-21.", "1979-07-21", "1979-07-21"),
        ("born March 5, 1990 in Taraz", "March 5, 1990", "1990-03-05"),
    ],
)
def test_a_date_near_a_birth_word_is_a_date_of_birth(text: str, span: str, born: str) -> None:
    match = only(text)
    assert (match.type, match.text, match.details["birth_date"]) == ("birth_date", span, born)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Потерпевший, 1990 г.р., госпитализирован.", "1990"),
        ("Айыпталушы 1995 жылы туған.", "1995"),
        ("Родился в 1975 году в Шымкенте.", "1975 году"),
        ("She was born in 1984.", "1984"),
        ("1968 года рождения", "1968"),
    ],
)
def test_a_year_of_birth_is_found_only_in_its_fixed_phrases(text: str, span: str) -> None:
    match = only(text)
    assert (match.type, match.text, match.details["birth_year"]) == ("birth_date", span, span[:4])


@pytest.mark.parametrize(
    "text",
    [
        "Встреча 15 марта 2020 г. в Астане.",
        "Сот 2024 жылғы 12 наурызда шешім шығарды.",
        "The ruling of 15 March 2023 was upheld.",
        "Он родился в Алматы. 15.03.2010 он переехал.",
        "Отметил день рождения 15 марта 2020 года.",
        "В 1987 году закрыли завод.",
    ],
)
def test_plain_dates_are_not_dates_of_birth(text: str) -> None:
    assert find_identifiers(text) == []


# --- redaction labels -----------------------------------------------------------------------


def test_redaction_labels_read_naturally_in_each_language() -> None:
    iin = only(f"ИИН {IIN_MAN}")
    assert [redaction_label(iin, lang) for lang in ("kk", "ru", "en")] == [
        "[ЖСН]",
        "[ИИН]",
        "[IIN]",
    ]
    plate = only("123 ABC 02")
    assert redaction_label(plate, "ru") == "[госномер]"
    assert redaction_label(plate, "kk") == "[көлік нөмірі]"
    address = only("ул. Абая, д. 15")
    assert [redaction_label(address, lang) for lang in ("kk", "ru", "en")] == [
        "[мекенжай]",
        "[адрес]",
        "[address]",
    ]
    assert redaction_label(address, "de") == "[address]"
    for type_ in TYPES:
        label = redaction_label(Match(type_, 0, 1, "x", {}), "ru")
        assert label.startswith("[") and label.endswith("]") and len(label) > 3


# --- a labelled battery ---------------------------------------------------------------------

# The labelled battery lives with the benchmark (bench/identifiers_eval.py scores it and the
# peers on it): every type in realistic Russian, Kazakh and English sentences, and sentences
# with sums, years, dates and article numbers that must stay quiet.
BATTERY_FILE = Path(__file__).resolve().parents[3] / "bench" / "data" / "identifiers_battery.json"
BATTERY: list[tuple[str, list[tuple[str, str]]]] = [
    (item["text"], [(span["type"], span["text"]) for span in item["spans"]])
    for item in json.loads(BATTERY_FILE.read_text(encoding="utf-8"))
]


def expected_spans(text: str, expected: list[tuple[str, str]]) -> set[tuple[str, int, int]]:
    out = set()
    for type_, span in expected:
        assert text.count(span) == 1, f"ambiguous span {span!r} in {text!r}"
        start = text.index(span)
        out.add((type_, start, start + len(span)))
    return out


def test_the_labelled_battery_is_found_with_precision_and_recall_of_one() -> None:
    assert len(BATTERY) >= 110
    true_positive = false_positive = false_negative = 0
    misses = []
    for text, expected in BATTERY:
        gold = expected_spans(text, expected)
        found = {(m.type, m.start, m.end) for m in find_identifiers(text)}
        true_positive += len(gold & found)
        false_positive += len(found - gold)
        false_negative += len(gold - found)
        if gold != found:
            misses.append((text, sorted(gold - found), sorted(found - gold)))
    precision = true_positive / max(true_positive + false_positive, 1)
    recall = true_positive / max(true_positive + false_negative, 1)
    assert misses == []
    assert (precision, recall) == (1.0, 1.0)
    assert {type_ for _, expected in BATTERY for type_, _ in expected} == set(TYPES)


def test_the_battery_joined_into_one_draft_gives_the_same_spans() -> None:
    draft = ""
    gold: set[tuple[str, int, int]] = set()
    for text, expected in BATTERY:
        gold |= {(t, s + len(draft), e + len(draft)) for t, s, e in expected_spans(text, expected)}
        draft += text + "\n\n"
    assert {(m.type, m.start, m.end) for m in find_identifiers(draft)} == gold


# --- robustness -----------------------------------------------------------------------------

FRAGMENTS = [
    *(text for text, _ in BATTERY),
    "ул. ",
    "д. ",
    "кв. ",
    "көшесі ",
    "Avenue ",
    "+7 ",
    "8 (",
    ") ",
    "-",
    "@",
    " [at] ",
    " [dot] ",
    "№ ",
    "KZ",
    "родился ",
    "г.р.",
    IIN_MAN,
    "\n\n",
]
NOISY = st.text(alphabet=st.sampled_from(list("0123456789 -+().,:@№NKZул.кв д[]abAБ\n\u00a0әқ")))


def assert_well_formed(text: str, found: list[Match]) -> None:
    previous_end = 0
    for match in found:
        assert match.type in TYPES
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= previous_end
        assert text[match.start : match.end] == match.text
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in match.details.items())
        previous_end = match.end


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), NOISY))
def test_find_identifiers_never_raises_and_spans_are_valid_on_arbitrary_text(text: str) -> None:
    assert_well_formed(text, find_identifiers(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), NOISY), max_size=12).map("".join))
def test_spans_stay_valid_and_disjoint_when_fragments_are_glued_together(text: str) -> None:
    assert_well_formed(text, find_identifiers(text))


def _random_digits_and_spaces() -> str:
    rnd = random.Random(6)
    return "".join(rnd.choice("0123456789 ") for _ in range(200_000))


@pytest.mark.parametrize(
    "text",
    [
        _random_digits_and_spaces(),
        "1 " * 100_000,
        "8" * 200_000,
        "ул. " * 50_000,
        "Ул. Абая " * 22_000,
        "Абай көшесі " * 16_000,
        "Abay Avenue " * 16_000,
        "a." * 100_000,
        "a [at] " * 28_000,
        "a@" + "b [dot] " * 25_000,
        "+7 " * 66_000,
        "(8 " * 66_000,
        "15.03.1987 " * 18_000,
        "паспорт " * 25_000,
        "KZ86 " * 40_000,
        "87012345678 " * 16_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_adversarial_200_kb_inputs_never_make_the_scanner_backtrack(text: str) -> None:
    # CPU time, not wall time, so a busy machine does not fail it; catastrophic backtracking
    # on 200 KB would take minutes, a linear scan takes a fraction of a second.
    started = time.process_time()
    found = find_identifiers(text)
    assert time.process_time() - started < 3.0
    assert_well_formed(text, found)
