"""Joining the network, profiles, the rota, the code of conduct and organisations, through the
services every page and command calls."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from qorgau.accounts.models import Role, User
from qorgau.conftest import make_user
from qorgau.core.models import AuditEvent, Region
from qorgau.network import services
from qorgau.network.models import (
    CODE_OF_CONDUCT_VERSION,
    ConductAcceptance,
    LawyerProfile,
    MembershipApplication,
    Organisation,
)
from qorgau.network.queries import onboarding_for
from qorgau.network.services import NetworkError
from qorgau.network.tests.factories import make_application, make_lawyer

pytestmark = pytest.mark.django_db

BASE_URL = "https://qorgau.test"


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are matched in English; the pages test the translations."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def bob_profile(bob: User) -> LawyerProfile:
    return make_lawyer(bob.email)


@pytest.fixture
def zhanar() -> LawyerProfile:
    return make_lawyer("zhanar@qorgau.test", name="Жанар Тоқтарова")


def _submit(**overrides: object) -> MembershipApplication:
    values: dict = {
        "full_name": "Арман Жұмабаев",
        "email": "Arman@Example.org",
        "bar_licence_number": "31000",
        "bar_licence_body": "Коллегия адвокатов Шымкента",
        "licence_valid_until": None,
        "regions": Region.objects.filter(code="KZ-79"),
        "languages": ["kk", "ru"],
        "expertise": ["civil_defamation"],
        "motivation": "Защищаю районную газету.",
        "language": "kk",
    }
    values.update(overrides)
    return services.application_submit(**values)


def test_an_application_is_recorded_without_an_account_and_without_the_visitor() -> None:
    application = _submit()
    assert application.email == "arman@example.org"
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert [r.code for r in application.regions.all()] == ["KZ-79"]
    event = AuditEvent.objects.get(object_type="network.membershipapplication")
    assert event.actor is None
    assert not User.objects.exists()


def test_a_second_open_application_from_the_same_address_is_refused() -> None:
    _submit()
    with pytest.raises(NetworkError):
        _submit(email="ARMAN@example.org")
    assert MembershipApplication.objects.count() == 1


def test_an_application_with_an_unknown_expertise_saves_nothing() -> None:
    with pytest.raises(NetworkError):
        _submit(expertise=["tax"])
    assert not MembershipApplication.objects.exists()


def test_two_distinct_endorsements_are_needed_before_accepting(
    alice: User, bob_profile: LawyerProfile, zhanar: LawyerProfile
) -> None:
    application = make_application()
    services.application_endorse(endorser=bob_profile.user, application=application)
    with pytest.raises(NetworkError):
        services.application_endorse(endorser=bob_profile.user, application=application)
    with pytest.raises(NetworkError, match="two members"):
        services.application_decide(
            actor=alice, application=application, accept=True, reason="Опыт", base_url=BASE_URL
        )
    application.refresh_from_db()
    assert application.is_open and application.status == MembershipApplication.Status.ENDORSING

    services.application_endorse(endorser=zhanar.user, application=application, note="Знаю.")
    services.application_decide(
        actor=alice, application=application, accept=True, reason="Опыт", base_url=BASE_URL
    )
    application.refresh_from_db()
    assert application.decision == MembershipApplication.Decision.ACCEPTED


def test_an_applicant_cannot_endorse_their_own_application(bob_profile: LawyerProfile) -> None:
    application = make_application(email="BOB@qorgau.test")
    with pytest.raises(NetworkError, match="your own"):
        services.application_endorse(endorser=bob_profile.user, application=application)
    assert not application.endorsements.exists()


def test_only_current_network_lawyers_endorse(
    alice: User, charlie: User, bob_profile: LawyerProfile
) -> None:
    application = make_application()
    for outsider in (alice, charlie):
        with pytest.raises(NetworkError):
            services.application_endorse(endorser=outsider, application=application)
    bob_profile.active = False
    bob_profile.save(update_fields=["active"])
    with pytest.raises(NetworkError):
        services.application_endorse(endorser=bob_profile.user, application=application)
    assert not application.endorsements.exists()


def test_declining_needs_reasons(alice: User) -> None:
    application = make_application()
    with pytest.raises(NetworkError):
        services.application_decide(
            actor=alice, application=application, accept=False, reason="  ", base_url=BASE_URL
        )
    services.application_decide(
        actor=alice,
        application=application,
        accept=False,
        reason="Нет опыта в делах СМИ.",
        base_url=BASE_URL,
    )
    application.refresh_from_db()
    assert application.decision == MembershipApplication.Decision.DECLINED
    assert application.decision_reason == "Нет опыта в делах СМИ."
    assert application.decided_by == alice and application.decided_at is not None
    assert not User.objects.filter(email=application.email).exists()


def test_accepting_invites_the_lawyer_with_the_role_and_a_profile_from_the_application(
    alice: User,
    bob_profile: LawyerProfile,
    zhanar: LawyerProfile,
    django_capture_on_commit_callbacks,
) -> None:
    application = make_application(licence_valid_until=datetime.date(2031, 5, 1))
    for lawyer in (bob_profile, zhanar):
        services.application_endorse(endorser=lawyer.user, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            actor=alice,
            application=application,
            accept=True,
            reason="Два поручителя.",
            base_url=BASE_URL,
        )
    member = User.objects.get(email="arman@example.org")
    assert Role.LAWYER in member.roles
    assert not member.has_usable_password()  # chooses one through the invitation
    profile = member.lawyer_profile
    assert profile.active and profile.licence_valid_until == datetime.date(2031, 5, 1)
    assert profile.expertise == ["civil_defamation"]
    assert [r.code for r in profile.regions.all()] == ["KZ-79"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["arman@example.org"]
    application.refresh_from_db()
    assert application.member == member
    with pytest.raises(NetworkError):  # decided once and for all
        services.application_decide(
            actor=alice, application=application, accept=False, reason="x", base_url=BASE_URL
        )


def test_accepting_someone_who_already_has_an_account_adds_the_lawyer_role(
    alice: User, charlie: User, bob_profile: LawyerProfile, zhanar: LawyerProfile
) -> None:
    application = make_application(email=charlie.email)
    for lawyer in (bob_profile, zhanar):
        services.application_endorse(endorser=lawyer.user, application=application)
    services.application_decide(
        actor=alice, application=application, accept=True, reason="Да.", base_url=BASE_URL
    )
    charlie = User.objects.get(pk=charlie.pk)
    assert charlie.roles == {Role.MEMBER, Role.LAWYER}
    assert LawyerProfile.objects.filter(user=charlie, active=True).exists()


def test_a_lawyer_cannot_decide_or_change_licence_fields(bob_profile: LawyerProfile) -> None:
    application = make_application()
    with pytest.raises(NetworkError):
        services.application_decide(
            actor=bob_profile.user,
            application=application,
            accept=False,
            reason="x",
            base_url=BASE_URL,
        )
    with pytest.raises(NetworkError):
        services.profile_update(
            actor=bob_profile.user,
            profile=bob_profile,
            data={"licence_valid_until": datetime.date(2099, 1, 1)},
        )


def test_a_lawyer_updates_their_own_profile_but_not_someone_elses(
    bob_profile: LawyerProfile, zhanar: LawyerProfile
) -> None:
    services.profile_update(
        actor=bob_profile.user,
        profile=bob_profile,
        data={"expertise": ["copyright", "criminal_defence"], "max_active_cases": 5},
        regions=Region.objects.filter(code__in=["KZ-71", "KZ-75"]),
    )
    bob_profile.refresh_from_db()
    assert bob_profile.expertise == ["criminal_defence", "copyright"]  # in the canonical order
    assert bob_profile.max_active_cases == 5
    assert {r.code for r in bob_profile.regions.all()} == {"KZ-71", "KZ-75"}
    event = AuditEvent.objects.get(object_type="network.lawyerprofile")
    assert set(event.context["fields"]) == {"expertise", "max_active_cases", "regions"}
    with pytest.raises(NetworkError):
        services.profile_update(
            actor=bob_profile.user, profile=zhanar, data={"max_active_cases": 9}
        )


def test_absences_are_added_and_removed_by_the_lawyer(bob_profile: LawyerProfile) -> None:
    day = datetime.date(2030, 3, 2)
    with pytest.raises(NetworkError):
        services.absence_add(
            actor=bob_profile.user, lawyer=bob_profile, starts=day, ends=day - datetime.timedelta(1)
        )
    absence = services.absence_add(actor=bob_profile.user, lawyer=bob_profile, starts=day, ends=day)
    assert bob_profile.absent_on(day)
    services.absence_remove(actor=bob_profile.user, absence=absence)
    assert not bob_profile.absences.exists()


def test_coordinators_keep_the_rota_without_overlapping_shifts(
    alice: User, bob_profile: LawyerProfile
) -> None:
    starts = timezone.now().replace(microsecond=0)
    services.duty_shift_add(
        actor=alice, lawyer=bob_profile, starts=starts, ends=starts + datetime.timedelta(hours=12)
    )
    with pytest.raises(NetworkError):  # overlaps the first
        services.duty_shift_add(
            actor=alice,
            lawyer=bob_profile,
            starts=starts + datetime.timedelta(hours=6),
            ends=starts + datetime.timedelta(hours=18),
        )
    with pytest.raises(NetworkError):  # lawyers do not change the rota
        services.duty_shift_add(
            actor=bob_profile.user,
            lawyer=bob_profile,
            starts=starts + datetime.timedelta(days=2),
            ends=starts + datetime.timedelta(days=2, hours=1),
        )
    assert bob_profile.duty_shifts.count() == 1


def test_accepting_the_code_of_conduct_is_recorded_once_with_its_version(bob: User) -> None:
    first = services.code_of_conduct_accept(user=bob, language="ru")
    again = services.code_of_conduct_accept(user=bob, language="kk")
    assert first.pk == again.pk and first.language == "ru"
    assert ConductAcceptance.objects.get().version == CODE_OF_CONDUCT_VERSION
    with pytest.raises(NetworkError):
        services.code_of_conduct_accept(user=bob, language="ru", version="1999-1")


def test_the_onboarding_checklist_follows_what_the_lawyer_has_done(bob: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    steps = {step.key: step.done for step in onboarding_for(bob)}
    assert steps == {"second_factor": False, "keypair": False, "conduct": False}
    TOTPDevice.objects.create(user=bob, name="authenticator", confirmed=True)
    services.code_of_conduct_accept(user=bob, language="ru")
    steps = {step.key: step.done for step in onboarding_for(bob)}
    assert steps["second_factor"] and steps["conduct"]


def test_organisations_are_saved_by_coordinators_only(alice: User, bob: User) -> None:
    data = {"name": "Digital Rights Clinic", "kind": "legal_ngo", "referral_areas": ["copyright"]}
    organisation = services.organisation_save(actor=alice, organisation=None, data=data)
    with pytest.raises(NetworkError):
        services.organisation_save(actor=alice, organisation=None, data=data)  # same name
    with pytest.raises(NetworkError):
        services.organisation_save(actor=bob, organisation=organisation, data={"public": True})
    assert Organisation.objects.get().public is False


def test_profile_create_needs_the_lawyer_role(charlie: User) -> None:
    with pytest.raises(NetworkError):
        services.profile_create(actor=charlie, user=charlie)
    lawyer = make_user("new.lawyer@qorgau.test", Role.LAWYER)
    assert services.profile_create(actor=lawyer, user=lawyer).user == lawyer


def test_the_key_pair_step_is_done_once_the_lawyer_created_one(bob: User) -> None:
    keys = pytest.importorskip("qorgau.accounts.keys")
    from qorgau.conftest import PASSWORD

    keys.keypair_create(user=bob, password=PASSWORD)
    assert {step.key: step.done for step in onboarding_for(bob)}["keypair"]
