"""The one filter over published incidents: dates with their precision, provisions by prefix,
facets together, words in Russian and Kazakh, and what it says about itself."""

import datetime

import pytest
from django.utils import translation

from qorgau.monitoring.filters import IncidentFilter, filter_from
from qorgau.monitoring.tests.public_sample import make_incident, with_fulltext

pytestmark = pytest.mark.django_db
D = datetime.date


def titles(**params: object) -> set[str]:
    flt = filter_from(dict(params))
    assert flt.is_valid(), flt.errors
    return {incident.title_ru for incident in flt.apply()}


def test_an_incident_known_only_to_the_month_matches_part_of_that_month() -> None:
    make_incident(title="октябрь", day=D(2026, 10, 1), precision="month")
    make_incident(title="5 октября", day=D(2026, 10, 5))
    make_incident(title="20 октября", day=D(2026, 10, 20))
    assert titles(date_from="2026-10-15", date_to="2026-10-31") == {"октябрь", "20 октября"}
    assert titles(date_from="2026-10-15") == {"октябрь", "20 октября"}
    assert titles(date_from="2026-11-01", date_to="2026-11-30") == set()
    assert titles(date_to="2026-09-30") == set()


def test_an_incident_known_only_to_the_year_needs_the_whole_year() -> None:
    make_incident(title="2026", day=D(2026, 1, 1), precision="year")
    assert titles(date_from="2026-10-01", date_to="2026-10-31") == set()
    assert titles(date_from="2026", date_to="2026") == {"2026"}
    assert titles(date_from="2025-06-01", date_to="2027-01-31") == {"2026"}


def test_months_and_years_may_be_typed_instead_of_days() -> None:
    flt = filter_from({"date_from": "2026-10", "date_to": "2026-10"})
    assert flt.is_valid()
    assert flt.cleaned_data["date_from"] == D(2026, 10, 1)
    assert flt.cleaned_data["date_to"] == D(2026, 10, 31)


@pytest.mark.parametrize("bad", ["31.10.2026", "2026-13", "2026-02-30", "yesterday"])
def test_a_malformed_date_is_a_clear_error_and_shows_nothing(bad: str) -> None:
    make_incident()
    flt = filter_from({"date_from": bad})
    assert not flt.is_valid()
    assert "date_from" in flt.errors
    assert flt.apply().count() == 0


def test_a_start_after_the_end_is_refused_in_russian() -> None:
    with translation.override("ru"):
        flt = filter_from({"date_from": "2026-11-01", "date_to": "2026-10-01"})
        assert not flt.is_valid()
        assert "Дата начала позже даты окончания." in str(flt.errors)


def test_a_provision_prefix_matches_its_parts_but_not_longer_articles() -> None:
    make_incident(title="часть", provisions=("kz-cc:274:2",))
    make_incident(title="статья", provisions=("kz-cc:274",))
    make_incident(title="другая статья", provisions=("kz-cc:2741",))
    make_incident(title="КоАП", provisions=("kz-cao:456-2",))
    assert titles(provision="kz-cc:274") == {"часть", "статья"}
    assert titles(provision="kz-cc:274:2") == {"часть"}
    assert titles(provision="kz-cc") == {"часть", "статья", "другая статья"}
    assert titles(provision="kz-cao:456-2") == {"КоАП"}


def test_a_provision_that_is_not_a_citation_key_is_refused() -> None:
    flt = filter_from({"provision": "статья 274"})
    assert not flt.is_valid()
    assert "provision" in flt.errors


def test_facets_combine_and_values_within_a_facet_are_alternatives() -> None:
    make_incident(title="A", region="KZ-75", types=("detention",), perpetrators=("police",))
    make_incident(title="B", region="KZ-71", types=("threats",), perpetrators=("online-mob",))
    make_incident(
        title="C",
        region="KZ-71",
        types=("detention",),
        victims=({"role": "blogger", "gender": "male"},),
    )
    make_incident(title="D", region=None, types=("info-refusal",), perpetrators=("akimat",))
    assert titles(region=["KZ-75", "KZ-71"]) == {"A", "B", "C"}
    assert titles(region=["KZ-71"], type=["detention"]) == {"C"}
    assert titles(region=["unknown"]) == {"D"}
    assert titles(group=["harassment", "information"]) == {"B", "D"}
    assert titles(rollup=["physical"]) == {"A", "C"}
    assert titles(victim_role=["blogger"]) == {"C"}
    assert titles(victim_gender=["female"], perpetrator_state="state") == {"A", "D"}
    assert titles(perpetrator_state="non_state") == {"B"}
    assert titles(perpetrator=["akimat", "online-mob"]) == {"B", "D"}


def test_an_unknown_vocabulary_code_is_refused() -> None:
    flt = filter_from({"type": ["no-such-type"], "region": ["KZ-99"]})
    assert not flt.is_valid()
    assert set(flt.errors) == {"type", "region"}


def test_unpublished_incidents_never_match() -> None:
    make_incident(title="опубликовано")
    for status in ("received", "review", "verified", "rejected", "duplicate"):
        make_incident(title=status, status=status)
    assert titles() == {"опубликовано"}
    assert titles(verification=["verified"]) == {"опубликовано"}


def test_words_find_other_forms_in_russian() -> None:
    with_fulltext()
    make_incident(title="Задержание журналистов у акимата", summary="Полиция задержала двоих.")
    make_incident(title="Отказ в предоставлении информации")
    assert titles(q="задержали журналиста") == {"Задержание журналистов у акимата"}
    assert titles(q="ИНФОРМАЦИЯ") == {"Отказ в предоставлении информации"}
    assert titles(q="журналист отказ") == set()


def test_words_find_other_forms_in_kazakh() -> None:
    with_fulltext()
    make_incident(title="kk", title_kk="Тілшінің сөз бостандығы бұзылды")
    make_incident(title="other", title_kk="Сайт бұғатталды")
    assert titles(q="бостандығын") == {"kk"}
    assert titles(q="бостандық") == {"kk"}
    assert titles(q="сайттар") == {"other"}


def test_long_words_match_on_their_first_eight_letters() -> None:
    # The index keeps prefixes up to eight letters; longer stems are cut to that.
    with_fulltext()
    make_incident(title="Журналистку оштрафовали")
    make_incident(title="Журнал закрыт")
    assert titles(q="журналистками") == {"Журналистку оштрафовали"}
    assert titles(q="журнал") == {"Журналистку оштрафовали", "Журнал закрыт"}


def test_words_made_only_of_stopwords_or_symbols_are_ignored() -> None:
    with_fulltext()
    make_incident(title="одно")
    assert titles(q="и в на") == {"одно"}
    assert titles(q='"*) OR (') == {"одно"}


def test_the_summary_names_every_active_part_in_the_visitors_language() -> None:
    with translation.override("ru"):
        flt = IncidentFilter(
            filter_from(
                {
                    "date_from": "2026-10-01",
                    "date_to": "2026-10-31",
                    "region": ["KZ-75"],
                    "perpetrator_state": "state",
                    "provision": "kz-cc:274",
                    "q": "митинг",
                }
            ).data
        )
        text = "; ".join(flt.summary())
    assert "1 октября 2026" in text and "31 октября 2026" in text
    assert "Алматы" in text
    assert "kz-cc:274" in text
    assert "«митинг»" in text
    assert "государствен" in text
