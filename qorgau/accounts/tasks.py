"""Background work of accounts. Task arguments are stored in the queue, so they carry ids only:
the invitation link (a secret) is made when the message is sent, never stored."""

from __future__ import annotations

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from qorgau.accounts.models import User


@task()
def send_invitation(*, user_id: int, inviter_id: int, base_url: str) -> None:
    from qorgau.accounts.services import set_password_path

    user = User.objects.get(pk=user_id)
    inviter = User.objects.get(pk=inviter_id)
    with translation.override(user.preferred_language):
        context = {"user": user, "actor": inviter, "link": base_url + set_password_path(user)}
        body = render_to_string("accounts/email/invitation.txt", context)
        subject = render_to_string("accounts/email/invitation_subject.txt").strip()
    send_mail(subject, body, None, [user.email])
