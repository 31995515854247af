"""Background work of triage and cases: content-free notifications, deadline reminders, expiry.

Task arguments are stored in the queue, so they carry ids only, never content.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from qorgau.accounts.models import User


def _site_url(path: str) -> str:
    site = str(getattr(settings, "HELPDESK_SITE_URL", "")).rstrip("/")
    if not site:
        hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
        site = f"https://{hosts[0]}" if hosts else "http://localhost:8000"
    return site + path


@task()
def notify_case_activity(*, case_id: int, user_ids: list[int], kind: str = "activity") -> None:
    """Tell people that something happened in a case, and nothing more: the mail says which link
    to open, never what happened or to whom (mail servers and inboxes are outside our control)."""
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        with translation.override(user.preferred_language):
            if kind == "offer":
                link = _site_url(reverse("helpdesk:offers"))
            elif kind == "disclosure":
                link = _site_url(reverse("helpdesk:disclosures"))
            else:
                link = _site_url(reverse("helpdesk:case-detail", args=[case_id]))
            context = {"user": user, "link": link, "kind": kind}
            subject = render_to_string("helpdesk/cases/email/activity_subject.txt", context)
            body = render_to_string("helpdesk/cases/email/activity.txt", context)
        send_mail(subject.strip(), body, None, [user.email])


@task()
def notify_lawyers() -> int:
    """Tell each lawyer whose requester wrote since the last run, and clear the flags. Neither
    the task (queued without arguments) nor the mail (a link to the lawyer's list of cases) names
    the case: both are timed to the second, and the message itself keeps only the day."""
    from qorgau.helpdesk.models import RequestMessage

    # The flags read now: a message written while the mail goes out waits for the next run.
    flagged = RequestMessage.objects.filter(
        pk__in=list(
            RequestMessage.objects.filter(lawyer_to_be_told=True).values_list("pk", flat=True)
        )
    )
    lawyers = set(
        flagged.filter(
            request__case__accepted_at__isnull=False, request__case__shredded_at__isnull=True
        ).values_list("request__case__lawyer_id", flat=True)
    ) - {None}
    for user in User.objects.filter(pk__in=lawyers, is_active=True):
        with translation.override(user.preferred_language):
            context = {
                "user": user,
                "link": _site_url(reverse("helpdesk:cases")),
                "kind": "message",
            }
            subject = render_to_string("helpdesk/cases/email/activity_subject.txt", context)
            body = render_to_string("helpdesk/cases/email/activity.txt", context)
        send_mail(subject.strip(), body, None, [user.email])
    flagged.update(lawyer_to_be_told=False)
    return len(lawyers)


@task()
def notify_coordinators(*, kind: str, count: int) -> None:
    """A content-free note to every coordinator: requests about to expire, dates unreviewed."""
    from qorgau.accounts.models import Role

    people = User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)
    for user in people.distinct():
        with translation.override(user.preferred_language):
            context = {
                "user": user,
                "kind": kind,
                "count": count,
                "link": _site_url(reverse("helpdesk:queue")),
            }
            subject = render_to_string("helpdesk/cases/email/coordinators_subject.txt", context)
            body = render_to_string("helpdesk/cases/email/coordinators.txt", context)
        send_mail(subject.strip(), body, None, [user.email])


@task()
def send_reminders() -> int:
    """Reminders 7, 3 and 1 days before each open critical date (run daily)."""
    from qorgau.helpdesk.critical_dates import reminders_send

    return reminders_send()


@task()
def expire() -> dict[str, int]:
    """Crypto-shred requests and cases past their retention period (run daily)."""
    from qorgau.helpdesk.retention import retention_run

    return retention_run()
