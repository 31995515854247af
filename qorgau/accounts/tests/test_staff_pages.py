"""Administration of people: invite, roles, second-factor reset, deactivation."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from qorgau.accounts.models import Role, User
from qorgau.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ADMIN_GETS = ["/en/staff/users/", "/en/staff/users/invite/", "/en/staff/calendar/"]


@pytest.mark.parametrize("url", ADMIN_GETS)
def test_administration_sends_anonymous_visitors_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ADMIN_GETS)
@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_administration_is_forbidden_to_other_roles(login_as, request, url: str, who: str) -> None:
    assert login_as(request.getfixturevalue(who)).get(url).status_code == 403


def test_the_user_detail_page_is_forbidden_to_other_roles(login_as, alice: User, bob: User) -> None:
    client = login_as(alice)
    assert client.get(f"/en/staff/users/{bob.pk}/").status_code == 403
    assert client.post(f"/en/staff/users/{bob.pk}/roles/", {"roles": ["admin"]}).status_code == 403
    assert Role.ADMIN not in User.objects.get(pk=bob.pk).roles


def test_administrators_find_people_by_role(login_as, dana: User, alice: User, bob: User) -> None:
    html = login_as(dana).get("/en/staff/users/", {"role": "lawyer"}).content.decode()
    assert "bob@qorgau.test" in html
    assert "alice@qorgau.test" not in html


def test_an_invitation_creates_the_account_and_mails_a_link(
    login_as, dana: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    form = {
        "email": "Zhanna@Qorgau.test",
        "full_name": "Жанна Әбдіқызы",
        "language": "kk",
        "roles": ["lawyer"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(dana).post("/en/staff/users/invite/", form)
    invited = User.objects.get(email="zhanna@qorgau.test")
    assert response["Location"] == f"/en/staff/users/{invited.pk}/"
    assert invited.roles == {"lawyer"}
    assert not invited.has_usable_password()
    assert len(mailoutbox) == 1
    assert "/kk/accounts/password/reset/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(
        actor=dana, action="invite", object_id=str(invited.pk)
    ).exists()


def test_an_invitation_to_an_existing_address_keeps_what_was_typed(
    login_as, dana: User, bob: User
) -> None:
    html = (
        login_as(dana)
        .post(
            "/en/staff/users/invite/",
            {
                "email": "bob@qorgau.test",
                "full_name": "Another Bob",
                "language": "ru",
                "roles": ["monitor"],
            },
        )
        .content.decode()
    )
    assert "already has an account" in html
    assert 'value="Another Bob"' in html
    assert User.objects.filter(email="bob@qorgau.test").count() == 1


def test_changing_roles_asks_for_reauthentication(login_as, dana: User, bob: User) -> None:
    response = login_as(dana, recent=False).post(
        f"/en/staff/users/{bob.pk}/roles/", {"roles": ["monitor"]}
    )
    assert response["Location"].startswith("/en/accounts/reauth/")
    assert User.objects.get(pk=bob.pk).roles == {"lawyer"}


def test_administrators_change_roles_and_the_change_is_audited(
    login_as, dana: User, bob: User
) -> None:
    login_as(dana).post(f"/en/staff/users/{bob.pk}/roles/", {"roles": ["lawyer", "coordinator"]})
    assert User.objects.get(pk=bob.pk).roles == {"lawyer", "coordinator"}
    event = AuditEvent.objects.get(action="roles_change")
    assert event.context == {"before": ["lawyer"], "after": ["coordinator", "lawyer"]}


def test_an_administrator_cannot_remove_their_own_admin_role(login_as, dana: User) -> None:
    login_as(dana).post(f"/en/staff/users/{dana.pk}/roles/", {"roles": ["lawyer"]})
    assert Role.ADMIN in User.objects.get(pk=dana.pk).roles


def test_resetting_a_second_factor_makes_the_person_enrol_again(
    login_as, dana: User, bob: User
) -> None:
    TOTPDevice.objects.create(user=bob, name="authenticator", confirmed=True)
    login_as(dana).post(f"/en/staff/users/{bob.pk}/second-factor/reset/")
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert AuditEvent.objects.filter(action="otp_reset", object_id=str(bob.pk)).exists()


def test_deactivation_signs_the_person_out_everywhere(login_as, dana: User, bob: User) -> None:
    bob_client = Client()
    from qorgau.conftest import sign_in

    sign_in(bob_client, bob)
    assert bob_client.get("/en/accounts/").status_code == 200
    login_as(dana).post(f"/en/staff/users/{bob.pk}/active/", {"active": "0"})
    assert not User.objects.get(pk=bob.pk).is_active
    assert bob_client.get("/en/accounts/").status_code == 302


def test_the_calendar_page_adds_and_removes_corrections(login_as, dana: User) -> None:
    from qorgau.core.models import CalendarOverride

    client = login_as(dana)
    client.post(
        "/ru/staff/calendar/",
        {
            "date": "2026-08-31",
            "kind": "day_off",
            "reason_kk": "Қаулы",
            "reason_ru": "Постановление",
            "reason_en": "Decree",
        },
    )
    override = CalendarOverride.objects.get()
    assert "Постановление" in client.get("/ru/staff/calendar/").content.decode()
    client.post(f"/ru/staff/calendar/{override.pk}/delete/")
    assert not CalendarOverride.objects.exists()
    assert AuditEvent.objects.filter(object_type="core.calendaroverride").count() == 2


def test_a_calendar_correction_with_missing_reasons_keeps_what_was_typed(
    login_as, dana: User
) -> None:
    html = (
        login_as(dana)
        .post(
            "/en/staff/calendar/", {"date": "2026-08-31", "kind": "day_off", "reason_en": "Decree"}
        )
        .content.decode()
    )
    assert 'value="Decree"' in html
    assert "This field is required." in html


@pytest.fixture
def database_queue(settings):
    """The default backend of `make run`: tasks wait in the database until a worker runs them."""
    from asgiref.local import Local
    from django.tasks import task_backends

    def reset() -> None:
        task_backends.__dict__.pop("settings", None)
        task_backends._settings = None
        task_backends._connections = Local(False)

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    reset()
    yield
    reset()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_the_invitation_waits_in_the_database_queue_until_a_worker_sends_it(
    dana: User, mailoutbox, database_queue
) -> None:
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from qorgau.accounts import services

    user = services.user_invite(
        actor=dana,
        email="aigerim@qorgau.test",
        full_name="Айгерім",
        roles=["monitor"],
        language="kk",
        base_url="https://qorgau.example",
    )
    queued = DBTaskResult.objects.get()
    assert "/accounts/password/reset/" not in str(queued.args_kwargs)
    assert mailoutbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "https://qorgau.example/kk/accounts/password/reset/" in mailoutbox[0].body


def test_after_confirming_identity_the_administrator_returns_to_the_page_of_the_form(
    login_as, dana: User, bob: User
) -> None:
    client = login_as(dana, recent=False)
    page = f"/en/staff/users/{bob.pk}/"
    response = client.post(f"/en/staff/users/{bob.pk}/active/", {"active": "0", "next": page})
    assert response["Location"] == "/en/accounts/reauth/?next=" + page.replace("/", "%2F")
    assert User.objects.get(pk=bob.pk).is_active


def test_the_people_list_costs_the_same_queries_for_3_or_30_people(
    login_as, dana: User, django_assert_max_num_queries
) -> None:
    from qorgau.conftest import make_user

    client = login_as(dana)
    make_user("one@qorgau.test", Role.LAWYER)
    client.get("/en/staff/users/")
    with django_assert_max_num_queries(10) as small:
        client.get("/en/staff/users/")
    for n in range(27):
        make_user(f"p{n}@qorgau.test", Role.MONITOR, Role.EDITOR)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/en/staff/users/").content.decode()
    assert "p26@qorgau.test" in html
