"""The official texts in ../shared/data/kz-law import completely (skipped when they are absent)."""

import pytest

from qorgau.library import services
from qorgau.library.demo import OFFICIAL_TEXTS, shared_texts
from qorgau.library.models import Act, Provision, ProvisionText

pytestmark = pytest.mark.django_db

if not shared_texts().is_dir():
    pytest.skip("../shared/data/kz-law is not here", allow_module_level=True)


SMALL = [(c, lang, n) for c, lang, n, _d in OFFICIAL_TEXTS if "code" not in n]  # codes: bench/


@pytest.mark.parametrize(("code", "language", "name"), SMALL)
def test_every_small_official_text_imports(code: str, language: str, name: str) -> None:
    services.register_load()
    act = Act.objects.get(code=code)
    text = (shared_texts() / name).read_text(encoding="utf-8")
    report = services.edition_import(
        act=act, language=language, valid_from=act.date, text=text, source=name
    )
    assert report.counts["article"] > 10
    assert (
        ProvisionText.objects.filter(edition=report.edition, provision__kind="article").count()
        == report.counts["article"]
    )


def test_the_mass_media_law_has_9_chapters_and_70_articles_in_both_languages() -> None:
    services.register_load()
    act = Act.objects.get(code="kz-mml")
    for language, name in (("ru", "mass_media_2024.txt"), ("kk", "mass_media_2024_kz.txt")):
        text = (shared_texts() / name).read_text(encoding="utf-8")
        report = services.edition_import(
            act=act, language=language, valid_from=act.date, text=text, source=name
        )
        assert report.counts["chapter"] == 9
        assert report.counts["article"] == 70
    assert Provision.objects.filter(act=act, kind="article").count() == 70
