"""The audit trail: append-only, filterable, exportable only after re-authentication."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.utils import translation

from qorgau.accounts.models import User
from qorgau.core.models import AuditEvent
from qorgau.core.services import audit_record

pytestmark = pytest.mark.django_db


def test_an_event_cannot_be_changed_or_deleted_through_the_application(dana: User) -> None:
    event = audit_record(actor=dana, action=AuditEvent.Action.EXPORT, object_type="x", object_id=1)
    event.action = AuditEvent.Action.VIEW
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="view")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.EXPORT


def test_the_database_itself_refuses_to_change_an_event(dana: User) -> None:
    event = audit_record(actor=dana, action=AuditEvent.Action.EXPORT)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'view' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.EXPORT


def test_an_anonymous_visitor_is_recorded_without_identity() -> None:
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(
        actor=AnonymousUser(), action=AuditEvent.Action.CREATE, object_type="helpdesk.x"
    )
    assert event.actor is None
    assert event.context == {}


def test_the_audit_page_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get("/en/staff/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_the_audit_page_is_forbidden_to_everyone_but_administrators(
    login_as, who: str, request
) -> None:
    assert login_as(request.getfixturevalue(who)).get("/en/staff/audit/").status_code == 403


def test_administrators_filter_the_audit_trail(login_as, dana: User, bob: User) -> None:
    audit_record(actor=bob, action=AuditEvent.Action.LOGIN, obj=bob)
    audit_record(actor=dana, action=AuditEvent.Action.EXPORT, object_type="core.auditevent")
    client = login_as(dana)
    html = client.get("/en/staff/audit/", {"action": "login"}).content.decode()
    assert "bob@qorgau.test" in html
    assert "core.auditevent" not in html
    fragment = client.get("/en/staff/audit/", {"actor": "dana"}, HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert "core.auditevent" in fragment.content.decode()


def test_an_impossible_date_range_shows_a_translated_error_and_keeps_the_input(
    login_as, dana: User
) -> None:
    with translation.override("ru"):
        message = translation.gettext("The start date is after the end date.")
    html = (
        login_as(dana)
        .get("/ru/staff/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
        .content.decode()
    )
    assert message in html
    assert 'value="2026-05-02"' in html


def test_the_export_asks_for_the_password_again(login_as, dana: User) -> None:
    response = login_as(dana, recent=False).get("/en/staff/audit/export.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauth/")


def test_the_export_is_the_filtered_list_and_is_itself_audited(
    login_as, dana: User, bob: User
) -> None:
    audit_record(actor=bob, action=AuditEvent.Action.LOGIN, obj=bob)
    audit_record(actor=dana, action=AuditEvent.Action.OTP_RESET, obj=bob)
    response = login_as(dana).get("/en/staff/audit/export.csv", {"action": "login"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["actor"] for row in rows] == ["bob@qorgau.test"]
    export = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).get()
    assert export.actor == dana
    assert export.context == {"filter": {"action": "login"}}


def test_the_audit_list_costs_the_same_queries_for_5_or_50_events(
    login_as, dana: User, django_assert_max_num_queries
) -> None:
    client = login_as(dana)
    for _ in range(5):
        audit_record(actor=dana, action=AuditEvent.Action.VIEW, object_type="x")
    client.get("/en/staff/audit/")  # warm the session
    with django_assert_max_num_queries(8) as small:
        client.get("/en/staff/audit/")
    for _ in range(45):
        audit_record(actor=dana, action=AuditEvent.Action.VIEW, object_type="x")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/en/staff/audit/")
