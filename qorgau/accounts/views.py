"""Sign-in with two factors, the account page, re-authentication and API tokens."""

from __future__ import annotations

import base64
import time
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from qorgau.accounts import keys, keys_views, services
from qorgau.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    ProfileForm,
    ReauthForm,
    SecondFactorForm,
    TotpConfirmForm,
)
from qorgau.accounts.models import ApiToken, User
from qorgau.core.models import AuditEvent
from qorgau.core.permissions import (
    AuthedRequest,
    login_required,
    mark_recently_authenticated,
    reauth_required,
)
from qorgau.core.services import audit_record

PENDING_KEY = "qorgau_pending_login"
PENDING_SECONDS = 300
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next_url(request: HttpRequest, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return default or reverse("core:home")


def _locked_message(until: Any) -> str:
    minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
    return _(
        "Sign-in for this address is paused after several failed attempts. "
        "Try again in %(minutes)d min, or reset your password."
    ) % {"minutes": minutes}


def _complete_login(request: HttpRequest, user: User, device: Any, method: str) -> HttpResponse:
    next_url = request.session.get(PENDING_KEY, {}).get("next") or _next_url(request)
    login(request, user, backend=BACKEND)
    if device is not None:
        otp_login(request, device)
    mark_recently_authenticated(request)
    services.login_success_record(user=user, method=method)
    _keypair_notice(request, user)
    return HttpResponseRedirect(next_url)


def _keypair_notice(request: HttpRequest, user: User) -> None:
    if keys.keypair_needs_recovery(user):
        messages.warning(
            request,
            _(
                "Your encryption keys stay locked: your password no longer opens them. "
                "Open them with your recovery key on your account page."
            ),
        )


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        locked_until = services.login_locked_until(email=email)
        user = None
        if locked_until is None:
            user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if locked_until is not None:
            form.add_error(None, _locked_message(locked_until))
        elif user is None:
            known = User.objects.filter(email__iexact=email).first()
            locked_until = services.login_failure_record(email=email, user=known)
            form.add_error(
                None,
                _locked_message(locked_until)
                if locked_until
                else _("The e-mail address or the password is not right."),
            )
        elif services.has_second_factor(user):
            keys.keypair_unlock(request, password=form.cleaned_data["password"], user=user)
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "at": int(time.time()),
                "next": _next_url(request),
            }
            return redirect("accounts:login-verify")
        else:
            keys.keypair_unlock(request, password=form.cleaned_data["password"], user=user)
            return _complete_login(request, user, None, "password")
    wants_next = request.POST.get("next") or request.GET.get("next")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next_url(request) if wants_next else ""},
    )


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


@require_http_methods(["GET", "POST"])
def login_verify(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locked_until = services.login_locked_until(email=user.email)
        device, method = (
            (None, "")
            if locked_until
            else services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        )
        if device is not None:
            response = _complete_login(request, user, device, method)
            request.session.pop(PENDING_KEY, None)
            if method == "recovery":
                left = services.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You used a recovery code. %(left)d are left: make new ones on your account page."
                    )
                    % {"left": left},
                )
            return response
        locked_until = locked_until or services.login_failure_record(email=user.email, user=user)
        form.add_error(
            "code",
            _locked_message(locked_until)
            if locked_until
            else _("This code is not right or has expired."),
        )
    has_keys = user.security_keys.exists()
    return render(request, "accounts/login_verify.html", {"form": form, "has_keys": has_keys})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action=AuditEvent.Action.LOGOUT, obj=request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("core:home")


def _totp_qr_svg(uri: str) -> str:
    qr = segno.make(uri, error="m")
    svg = qr.svg_inline(scale=5, dark="#111", light="#fff", omitsize=True)
    return svg


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthedRequest) -> HttpResponse:
    user = request.user
    device = services.totp_enrolment_start(user=user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_enrolment_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            otp_login(request, device)
            mark_recently_authenticated(request)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request, reverse("accounts:profile"))},
            )
        form.add_error(
            "code",
            _("This code does not match. Check the time on your phone and try the newest code."),
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "form": form,
        "qr_svg": _totp_qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "next": _next_url(request, reverse("accounts:profile")),
        "required": user.is_staff_member,
    }
    return render(request, "accounts/otp_setup.html", context)


@reauth_required
@require_POST
def recovery_codes_regenerate(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if services.totp_device_for(user) is None:
        return redirect("accounts:otp-setup")
    codes = services.recovery_codes_regenerate(user=user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:profile")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reauth(request: AuthedRequest) -> HttpResponse:
    user = request.user
    needs_code = services.totp_device_for(user) is not None
    form = ReauthForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        locked_until = services.login_locked_until(email=user.email)
        ok = locked_until is None and user.check_password(form.cleaned_data["password"])
        if ok and needs_code:
            ok = (
                services.second_factor_verify(user=user, code=form.cleaned_data["code"])[0]
                is not None
            )
        if ok:
            if keys.private_key_for(request) is None:  # the password opens the keys as well
                keys.keypair_unlock(request, password=form.cleaned_data["password"])
            mark_recently_authenticated(request)
            audit_record(actor=user, action=AuditEvent.Action.REAUTH, obj=user)
            return redirect(_next_url(request))
        locked_until = locked_until or services.login_failure_record(email=user.email, user=user)
        if locked_until:
            logout(request)
            messages.error(request, _locked_message(locked_until))
            return redirect("accounts:login")
        form.add_error(None, _("The password or the code is not right."))
    return render(request, "accounts/reauth.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "has_totp": services.totp_device_for(user) is not None,
        "recovery_left": services.recovery_codes_left(user),
        "security_keys": user.security_keys.all(),
        "tokens": user.api_tokens.filter(revoked_at__isnull=True).count()
        if user.is_staff_member
        else None,
        **keys_views.profile_context(request),
    }
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():  # the private key follows the password, or neither changes
            keys.keypair_rewrap(
                user=form.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
            response = super().form_valid(form)
        user = cast(User, self.request.user)  # the view requires a signed-in user
        audit_record(actor=user, action=AuditEvent.Action.PASSWORD_CHANGE, obj=user)
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is not None:
            audit_record(actor=None, action=AuditEvent.Action.PASSWORD_RESET, obj=user)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():  # the old password must open no key pair any more
            response = super().form_valid(form)
            keys.keypair_password_forgotten(user=form.user)
        audit_record(actor=form.user, action=AuditEvent.Action.PASSWORD_CHANGE, obj=form.user)
        services.login_throttle_clear(email=form.user.email)
        return response


# --- Personal API tokens (staff only).


def _staff_only(request: AuthedRequest) -> None:
    from django.core.exceptions import PermissionDenied

    if not request.user.is_staff_member:
        raise PermissionDenied


@login_required
def token_list(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at")
    return render(request, "accounts/tokens.html", {"tokens": tokens, "form": ApiTokenForm()})


@reauth_required
@require_http_methods(["GET", "POST"])
def token_create(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["days"],
        )
        expires = date_format(timezone.localtime(issued.token.expires_at), "DATE_FORMAT")
        return render(
            request, "accounts/token_created.html", {"issued": issued, "expires": expires}
        )
    return render(request, "accounts/token_create.html", {"form": form})


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
