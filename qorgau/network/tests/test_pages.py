"""The network's pages as people use them: the public directory, joining, profiles, applications,
the duty rota and organisations."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.network.models import (
    ConductAcceptance,
    DutyShift,
    LawyerProfile,
    MembershipApplication,
    Organisation,
)
from qorgau.network.tests.factories import make_application, make_lawyer, make_organisation

pytestmark = pytest.mark.django_db


def _translated(language: str, message: str) -> str:
    with translation.override(language):
        return escape(translation.gettext(message))


@pytest.fixture
def bob_profile(bob: User) -> LawyerProfile:
    return make_lawyer(
        bob.email,
        public_profile_consent=True,
        public_bio_ru="Защищает журналистов в уголовных делах.",
        bar_licence_number="АК-777001",
    )


def test_the_public_directory_shows_consenting_lawyers_without_e_mail_or_licence(
    client: Client, bob_profile: LawyerProfile
) -> None:
    make_lawyer("hidden@qorgau.test", name="Скрытый Юрист", bar_licence_number="АК-000002")
    html = client.get("/ru/network/").content.decode()
    assert "Болат Ермеков" in html
    assert "Защищает журналистов" in html
    assert "Скрытый Юрист" not in html
    assert "@qorgau.test" not in html
    assert "АК-777001" not in html and "АК-000002" not in html


def test_a_biography_in_another_language_says_so(
    client: Client, bob_profile: LawyerProfile
) -> None:
    html = client.get("/en/network/").content.decode()
    assert "Защищает журналистов" in html
    assert "This biography is not available in your language" in html
    assert "not available in your language" not in client.get("/ru/network/").content.decode()


def test_the_directory_filters_by_expertise_and_region(
    client: Client, bob_profile: LawyerProfile
) -> None:
    make_lawyer(
        "copyright@qorgau.test",
        name="Тимур Бекболатов",
        expertise=["copyright"],
        regions=("KZ-15",),
        public_profile_consent=True,
    )
    html = client.get("/ru/network/?expertise=copyright").content.decode()
    assert "Тимур Бекболатов" in html and "Болат Ермеков" not in html
    html = client.get("/ru/network/?region=KZ-75").content.decode()
    assert "Болат Ермеков" in html and "Тимур Бекболатов" not in html


def test_the_public_list_of_organisations_shows_only_public_ones(client: Client) -> None:
    make_organisation("Open Clinic", public=True, description_ru="Клиника цифровых прав.")
    make_organisation("Quiet Partner", public=False)
    html = client.get("/ru/network/organisations/").content.decode()
    assert "Open Clinic" in html and "Клиника цифровых прав." in html
    assert "Quiet Partner" not in html


def _application_form(**overrides: object) -> dict:
    data = {
        "full_name": "Арман Жұмабаев",
        "email": "arman@example.org",
        "bar_licence_number": "31000",
        "bar_licence_body": "Коллегия адвокатов Шымкента",
        "regions": ["KZ-79"],
        "languages": ["kk", "ru"],
        "expertise": ["civil_defamation"],
        "motivation": "Защищаю районную газету.",
    }
    data.update(overrides)
    return data


def test_anyone_can_apply_to_join_without_an_account(client: Client) -> None:
    response = client.post("/kk/network/apply/", _application_form())
    assert response.status_code == 302
    assert response["Location"] == "/kk/network/apply/sent/"
    application = MembershipApplication.objects.get()
    assert application.language == "kk" and application.expertise == ["civil_defamation"]
    assert not User.objects.exists()


def test_an_application_with_errors_keeps_what_was_typed_and_explains_in_the_language(
    client: Client,
) -> None:
    html = client.post(
        "/ru/network/apply/",
        _application_form(licence_valid_until="2001-01-01", expertise=[]),
    ).content.decode()
    assert "Защищаю районную газету." in html
    assert 'value="31000"' in html
    assert _translated("ru", "This licence has expired.") in html
    assert not MembershipApplication.objects.exists()


def test_a_duplicate_application_is_refused_with_a_translated_message(client: Client) -> None:
    make_application(email="arman@example.org")
    html = client.post("/kk/network/apply/", _application_form()).content.decode()
    message = "An application from this e-mail address is already being considered."
    assert _translated("kk", message) in html
    assert _translated("kk", message) != escape(message)  # really in Kazakh
    assert MembershipApplication.objects.count() == 1


def test_a_lawyer_edits_their_own_profile_and_keeps_input_on_error(
    login_as, bob_profile: LawyerProfile
) -> None:
    client = login_as(bob_profile.user)
    url = f"/ru/network/lawyers/{bob_profile.pk}/edit/"
    bad = {
        "regions": ["KZ-71"],
        "languages": ["ru"],
        "expertise": ["copyright"],
        "max_active_cases": "500",
        "public_bio_ru": "Новая биография",
    }
    html = client.post(url, bad).content.decode()
    assert "Новая биография" in html
    bob_profile.refresh_from_db()
    assert bob_profile.public_bio_ru != "Новая биография"
    good = {**bad, "max_active_cases": "4", "accepts_new_cases": "on"}
    assert client.post(url, good).status_code == 302
    bob_profile.refresh_from_db()
    assert bob_profile.max_active_cases == 4 and bob_profile.expertise == ["copyright"]
    assert [r.code for r in bob_profile.regions.all()] == ["KZ-71"]
    assert bob_profile.public_profile_consent is False  # the box was left unticked


def test_a_lawyer_may_not_open_or_edit_another_lawyers_profile(
    login_as, bob_profile: LawyerProfile
) -> None:
    other = make_lawyer("zhanar@qorgau.test")
    client = login_as(bob_profile.user)
    assert client.get(f"/ru/network/lawyers/{other.pk}/").status_code == 403
    assert client.post(f"/ru/network/lawyers/{other.pk}/edit/", {}).status_code == 403
    assert client.get("/ru/network/lawyers/").status_code == 403


def test_a_coordinator_filters_the_staff_directory_and_sees_e_mails(
    login_as, alice: User, bob_profile: LawyerProfile
) -> None:
    away = make_lawyer("away@qorgau.test", name="Дмитрий Ким")
    away.absences.create(starts=timezone.localdate(), ends=timezone.localdate())
    client = login_as(alice)
    html = client.get("/ru/network/lawyers/").content.decode()
    assert "bob@qorgau.test" in html and "away@qorgau.test" in html
    html = client.get("/ru/network/lawyers/?available=on").content.decode()
    assert "bob@qorgau.test" in html and "away@qorgau.test" not in html


def test_my_profile_shows_the_onboarding_checklist(login_as, bob_profile: LawyerProfile) -> None:
    client = login_as(bob_profile.user)
    response = client.get("/en/network/me/")
    assert response["Location"] == f"/en/network/lawyers/{bob_profile.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Code of conduct accepted" in html
    assert "Encryption key pair created" in html


def test_accepting_the_code_of_conduct_needs_the_box_ticked(login_as, bob: User) -> None:
    client = login_as(bob)
    client.post("/ru/network/code-of-conduct/accept/", {})
    assert not ConductAcceptance.objects.exists()
    client.post("/ru/network/code-of-conduct/accept/", {"read": "1"})
    acceptance = ConductAcceptance.objects.get(user=bob)
    assert acceptance.language == "ru"
    assert "Конфиденциальность" in client.get("/ru/network/code-of-conduct/").content.decode()


def test_lawyers_endorse_and_the_coordinator_decides_through_the_pages(
    client: Client, alice: User, bob_profile: LawyerProfile
) -> None:
    from qorgau.conftest import sign_in

    zhanar = make_lawyer("zhanar@qorgau.test")
    application = make_application()
    url = f"/ru/network/applications/{application.pk}/"
    for lawyer in (bob_profile.user, zhanar.user):
        sign_in(client, lawyer)
        assert client.post(url + "endorse/", {"note": "Знаю его работу"}).status_code == 302
    sign_in(client, bob_profile.user)
    html = client.post(url + "endorse/", {}).content.decode()
    assert _translated("ru", "You have already endorsed this application.") in html

    sign_in(client, alice)
    html = client.post(url + "decide/", {"decision": "declined", "reason": ""}).content.decode()
    assert _translated("ru", "Give the reasons for the decision.") in html
    response = client.post(url + "decide/", {"decision": "accepted", "reason": "Два поручителя"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision == "accepted"
    assert Role.LAWYER in User.objects.get(email="arman@example.org").roles


def test_the_duty_rota_is_seen_by_lawyers_and_changed_by_coordinators(
    login_as, client: Client, alice: User, bob_profile: LawyerProfile
) -> None:
    from qorgau.conftest import sign_in

    now = timezone.localtime().replace(second=0, microsecond=0)
    form = {
        "lawyer": bob_profile.pk,
        "starts": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends": (now + datetime.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
    }
    sign_in(client, bob_profile.user)
    assert client.post("/ru/network/duty/add/", form).status_code == 403
    sign_in(client, alice)
    assert client.post("/ru/network/duty/add/", form).status_code == 302
    bad = {**form, "ends": form["starts"]}
    html = client.post("/ru/network/duty/add/", bad).content.decode()
    assert _translated("ru", "The shift ends before it starts.") in html
    assert DutyShift.objects.count() == 1
    sign_in(client, bob_profile.user)
    html = client.get("/ru/network/duty/").content.decode()
    assert "Болат Ермеков" in html
    assert _translated("ru", "Nobody is on duty right now.") not in html


def test_coordinators_add_organisations_and_keep_input_on_error(login_as, alice: User) -> None:
    client = login_as(alice)
    make_organisation("Existing Fund")
    data = {
        "name": "Existing Fund",
        "kind": "international_fund",
        "description_en": "Pays for defence.",
        "referral_areas": ["criminal_defence"],
        "accepts_referrals": "on",
    }
    html = client.post("/en/network/organisations/manage/new/", data).content.decode()
    assert "Pays for defence." in html
    assert Organisation.objects.count() == 1
    data["name"] = "New Fund"
    assert client.post("/en/network/organisations/manage/new/", data).status_code == 302
    assert Organisation.objects.get(name="New Fund").referral_areas == ["criminal_defence"]


def test_someone_with_the_lawyer_role_but_no_profile_creates_it(login_as) -> None:
    lawyer = make_user("new.lawyer@qorgau.test", Role.LAWYER)
    client = login_as(lawyer)
    assert client.get("/en/network/me/").status_code == 200
    response = client.post("/en/network/me/")
    assert response.status_code == 302
    assert LawyerProfile.objects.filter(user=lawyer).exists()


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/ru/network/", "/ru/network/lawyers/?language=ru"])
def test_lawyer_lists_cost_the_same_queries_for_three_lawyers_or_thirty(
    login_as, alice: User, url: str
) -> None:
    client = login_as(alice)
    organisation = make_organisation("Media Lawyers' Association", public=True)
    for number in range(3):
        make_lawyer(
            f"l{number}@qorgau.test", public_profile_consent=True, organisation=organisation
        )
    _queries(client, url)  # the first request of a session also reads what it caches
    few = _queries(client, url)
    for number in range(3, 30):
        make_lawyer(
            f"l{number}@qorgau.test",
            public_profile_consent=True,
            organisation=organisation,
            regions=("KZ-71", "KZ-75"),
        )
    assert _queries(client, url) == few
    assert few <= 16


def test_an_absence_with_errors_keeps_the_note(login_as, bob_profile: LawyerProfile) -> None:
    client = login_as(bob_profile.user)
    response = client.post(
        f"/ru/network/lawyers/{bob_profile.pk}/absences/",
        {"starts": "2030-05-10", "ends": "2030-05-01", "note": "Конференция в Бишкеке"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Конференция в Бишкеке" in html
    assert _translated("ru", "The absence ends before it starts.") in html
    assert not bob_profile.absences.exists()


def test_the_directory_answers_htmx_with_the_results_only(
    client: Client, bob_profile: LawyerProfile
) -> None:
    html = client.get("/ru/network/?language=ru", headers={"HX-Request": "true"}).content.decode()
    assert "Болат Ермеков" in html and "<html" not in html


def test_a_coordinator_records_an_expired_licence_and_the_lawyer_is_no_longer_offered_cases(
    login_as, alice: User, bob_profile: LawyerProfile
) -> None:
    from qorgau.network.queries import lawyers_available

    client = login_as(alice)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = {
        "regions": ["KZ-75"],
        "languages": ["ru"],
        "expertise": ["criminal_defence"],
        "max_active_cases": "3",
        "accepts_new_cases": "on",
        "public_profile_consent": "on",
        "bar_licence_number": "АК-777001",
        "bar_licence_body": "Алматинская городская коллегия адвокатов",
        "licence_valid_until": yesterday.isoformat(),
        "active": "on",
    }
    assert client.post(f"/ru/network/lawyers/{bob_profile.pk}/edit/", form).status_code == 302
    assert not lawyers_available(on=timezone.localdate()).filter(pk=bob_profile.pk).exists()
    html = client.get(f"/ru/network/lawyers/{bob_profile.pk}/").content.decode()
    assert (
        _translated("ru", "The bar licence has expired: no cases are offered until it is renewed.")
        in html
    )


def test_a_lawyer_cannot_extend_their_own_licence_through_the_form(
    login_as, bob_profile: LawyerProfile
) -> None:
    client = login_as(bob_profile.user)
    form = {
        "languages": ["ru"],
        "max_active_cases": "3",
        "licence_valid_until": "2099-01-01",
        "active": "on",
    }
    assert client.post(f"/ru/network/lawyers/{bob_profile.pk}/edit/", form).status_code == 302
    bob_profile.refresh_from_db()
    assert bob_profile.licence_valid_until is None
