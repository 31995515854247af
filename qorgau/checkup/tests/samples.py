"""Drafts written for the tests (our own words; the identifiers are made up and computed)."""


def iin(birth: str, century_sex: int, serial: str) -> str:
    """A structurally valid IIN: YYMMDD + century/sex digit + 4-digit serial + check digit."""
    digits = [int(d) for d in f"{birth}{century_sex}{serial}"]
    check = sum(w * d for w, d in zip(range(1, 12), digits, strict=True)) % 11
    if check == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
    assert check != 10
    return "".join(map(str, digits)) + str(check)


SAMPLE_IIN = iin("870315", 3, "0041")
SECRET_PHRASE = "тайнаяфраза-7731"
DRAFT_RU = (
    "Аким района Ерлан Сапаров украл деньги, выделенные на ремонт школы. "
    f"Его ИИН {SAMPLE_IIN}, телефон +7 701 234 56 78.\n\n"
    "В городе взрыв, погибли 40 человек, всем срочно покинуть дома!"
)
