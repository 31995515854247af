"""The case page and its forms, as the lawyer uses them: notes, parties, dates, documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qorgau.accounts.models import User
from qorgau.helpdesk.models import CaseDocumentVersion
from qorgau.helpdesk.tests.cases_support import accepted_case, lawyer
from qorgau.helpdesk.tests.intake_support import jpeg_with_exif, unlock

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files_folder(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bobs_case(alice: User):
    bob = lawyer("bob@qorgau.test", name="Болат Ермеков")
    case, _key = accepted_case(alice, bob)
    return bob, case


def test_the_lawyer_adds_a_note_and_reads_it_back(bobs_case, login_as) -> None:
    bob, case = bobs_case
    client = unlock(login_as(bob), bob)
    url = f"/ru/help/cases/{case.pk}/"
    response = client.post(url + "do/note/", {"kind": "strategy", "body": "Заявить отвод судье"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Заявить отвод судье" in page
    assert case.events.filter(kind="note").exists()


def test_a_note_without_unlocked_keys_is_refused_and_nothing_is_saved(bobs_case, login_as) -> None:
    bob, case = bobs_case
    client = login_as(bob)
    client.post(f"/ru/help/cases/{case.pk}/do/note/", {"kind": "strategy", "body": "x"})
    assert not case.notes.exists()


def test_a_party_is_added_with_a_conflict_check(bobs_case, login_as) -> None:
    bob, case = bobs_case
    client = unlock(login_as(bob), bob)
    client.post(
        f"/en/help/cases/{case.pk}/do/party/",
        {"role": "opposing", "kind": "person", "name": "Аскар Жумабаев"},
    )
    page = client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Аскар Жумабаев" in page and "opposing party" in page
    assert case.conflicts.count() == 1


def test_a_critical_date_from_a_rule_shows_its_computation(bobs_case, login_as) -> None:
    bob, case = bobs_case
    client = unlock(login_as(bob), bob)
    client.post(
        f"/en/help/cases/{case.pk}/do/date/",
        {"kind": "appeal", "rule": "kz-cpc-appeal", "start": "2026-03-13"},
    )
    page = client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "waiting for a second person" in page
    assert "Saturday" in page or "not a working day" in page


def test_a_bad_citation_gets_a_clear_error(bobs_case, login_as) -> None:
    bob, case = bobs_case
    client = unlock(login_as(bob), bob)
    response = client.post(
        f"/en/help/cases/{case.pk}/do/citation/", {"key": "article 274"}, follow=True
    )
    assert "not a citation key" in response.content.decode()
    client.post(f"/en/help/cases/{case.pk}/do/citation/", {"key": "kz-cc:274:2"})
    assert list(case.citations.values_list("key", flat=True)) == ["kz-cc:274:2"]


def test_a_document_is_stored_encrypted_with_versions_and_a_cleaned_copy(
    bobs_case, login_as, tmp_path
) -> None:
    bob, case = bobs_case
    client = unlock(login_as(bob), bob)
    photo = jpeg_with_exif("Болат Ермеков")
    upload = SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")
    client.post(
        f"/en/help/cases/{case.pk}/do/document/", {"title": "Фото повестки", "file": upload}
    )
    version = CaseDocumentVersion.objects.get()
    stored = version.file.path().read_bytes()
    assert photo not in stored and b"Canon" not in stored
    original = client.get(f"/en/help/cases/{case.pk}/documents/{version.pk}/")
    assert original.content == photo
    cleaned = client.get(f"/en/help/cases/{case.pk}/documents/{version.pk}/?cleaned=1")
    assert b"Canon" not in cleaned.content and cleaned.content[:2] == b"\xff\xd8"
    again = SimpleUploadedFile("photo2.jpg", jpeg_with_exif("x"), content_type="image/jpeg")
    client.post(
        f"/en/help/cases/{case.pk}/do/document/",
        {"title": "-", "file": again, "document": version.document_id},
    )
    assert list(version.document.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(f"/en/help/cases/{case.pk}/").content.decode()
    assert "Фото повестки" in page and "version 2" in page


def test_an_unknown_action_is_not_found(bobs_case, login_as) -> None:
    bob, case = bobs_case
    assert login_as(bob).post(f"/en/help/cases/{case.pk}/do/delete-everything/").status_code == 404


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    # The session middleware saves the session now and then: not the page's cost.
    return sum(
        1
        for query in captured.captured_queries
        if "django_session" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    )


def test_the_queue_and_the_case_list_cost_the_same_queries_for_many_rows(
    alice: User, login_as
) -> None:
    from qorgau.helpdesk.tests.cases_support import open_case, region
    from qorgau.helpdesk.tests.intake_support import submit

    client = login_as(alice)
    submit("a", region_id=region().pk, detained=True)
    open_case(alice)
    few = (_queries(client, "/en/help/queue/"), _queries(client, "/en/help/cases/"))
    for _ in range(5):
        submit("b", region_id=region().pk)
        open_case(alice)
    many = (_queries(client, "/en/help/queue/"), _queries(client, "/en/help/cases/"))
    assert few == many


def test_a_partner_gets_only_cleaned_copies_with_the_access_code(
    bobs_case, login_as, django_capture_on_commit_callbacks
) -> None:
    import re

    from django.test import Client

    from qorgau.helpdesk.models import CaseReferral
    from qorgau.network.models import Organisation

    bob, case = bobs_case
    partner = Organisation.objects.create(name="Legal Defence Fund", kind="international_fund")
    client = unlock(login_as(bob), bob)
    photo = SimpleUploadedFile("photo.jpg", jpeg_with_exif("Болат Ермеков"))
    client.post(f"/en/help/cases/{case.pk}/do/document/", {"title": "Фото", "file": photo})
    version = CaseDocumentVersion.objects.get()
    page = client.get(f"/en/help/cases/{case.pk}/refer/").content.decode()
    assert "Фото (v1)" in page
    response = client.post(
        f"/en/help/cases/{case.pk}/refer/",
        {"organisation": partner.pk, "versions": [version.pk], "days": 7},
    )
    code = re.search(r'id="access-code">([^<]+)<', response.content.decode()).group(1)
    referral = CaseReferral.objects.get()
    assert code not in referral.code_hash
    shared_row = referral.files.get()
    assert b"Canon" not in shared_row.path().read_bytes()

    outsider = Client()
    assert "opens nothing" in outsider.post("/en/help/shared/", {"code": "wrong"}).content.decode()
    listing = outsider.post("/en/help/shared/", {"code": code}).content.decode()
    assert "photo.jpg" in listing
    download = outsider.post("/en/help/shared/", {"code": code, "file": shared_row.uid})
    assert download.content[:2] == b"\xff\xd8" and b"Canon" not in download.content
    assert case.events.filter(kind="referral").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/help/cases/{case.pk}/refer/{referral.pk}/withdraw/")
    assert not shared_row.path().exists()
    assert "opens nothing" in outsider.post("/en/help/shared/", {"code": code}).content.decode()
