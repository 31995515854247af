"""Pages for a person's encryption keys: create them, open them again, recover them with the
recovery key, and make a new recovery key."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from qorgau.accounts import keys, services
from qorgau.core.permissions import AuthedRequest, login_required, reauth_required


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class RecoverForm(forms.Form):
    recovery_key = forms.CharField(
        label=gettext_lazy("Recovery key"),
        max_length=80,
        help_text=gettext_lazy("25 letters and digits; dashes and spaces do not matter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ConfirmForm(forms.Form):
    written_down = forms.BooleanField(
        label=gettext_lazy("I have written down my recovery key and keep it somewhere safe"),
        required=True,
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return reverse("accounts:profile")


def _password_ok(request: AuthedRequest, form: forms.Form, password: str) -> bool:
    """The password, counted against the sign-in lock like any other attempt."""
    user = request.user
    locked_until = services.login_locked_until(email=user.email)
    if locked_until is None and user.check_password(password):
        return True
    if locked_until is None:
        services.login_failure_record(email=user.email, user=user)
    form.add_error("password", _("This password is not right."))
    return False


def _show_recovery_key(request: HttpRequest, recovery_key: str, *, recovered: bool) -> HttpResponse:
    return render(
        request,
        "accounts/keypair_recovery_key.html",
        {
            "recovery_key": recovery_key,
            "form": ConfirmForm(),
            "next": _next_url(request),
            "recovered": recovered,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def keypair_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not user.is_staff_member:
        raise PermissionDenied
    pair = keys.keypair_of(user)
    if pair is not None and not pair.needs_recovery:
        return redirect("accounts:profile")
    replacing = pair is not None
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        if _password_ok(request, form, password):
            recovery_key = keys.keypair_create(user=user, password=password, replace=replacing)
            keys.keypair_unlock(request, password=password)
            return _show_recovery_key(request, recovery_key, recovered=False)
    return render(
        request,
        "accounts/keypair_create.html",
        {"form": form, "replacing": replacing, "next": _next_url(request)},
    )


@login_required
@require_POST
def keypair_confirm(request: AuthedRequest) -> HttpResponse:
    if not keys.has_keypair(request.user):
        return redirect("accounts:profile")
    if ConfirmForm(request.POST).is_valid():
        keys.keypair_recovery_confirm(user=request.user)
        messages.success(request, _("Your encryption keys are ready."))
        return redirect(_next_url(request))
    messages.warning(
        request,
        _(
            "You did not confirm that you wrote down your recovery key. If you did not, "
            "make a new one now: without it, a forgotten password locks your keys for good."
        ),
    )
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def unlock_keys(request: AuthedRequest) -> HttpResponse:
    pair = keys.keypair_of(request.user)
    if pair is None:
        return redirect("accounts:profile")
    if pair.needs_recovery:
        url = reverse("accounts:keypair-recover") + "?" + urlencode({"next": _next_url(request)})
        return redirect(url)
    if keys.private_key_for(request) is not None:
        return redirect(_next_url(request))
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        if _password_ok(request, form, password):
            if keys.keypair_unlock(request, password=password):
                return redirect(_next_url(request))
            form.add_error(None, _("Your password does not open your keys."))
    return render(request, "accounts/keys_unlock.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def keypair_recover(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not keys.has_keypair(user):
        return redirect("accounts:profile")
    form = RecoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        if _password_ok(request, form, password):
            try:
                keys.keypair_recover(
                    user=user,
                    recovery_key=form.cleaned_data["recovery_key"],
                    new_password=password,
                )
            except keys.KeyPairError:
                services.login_failure_record(email=user.email, user=user)
                form.add_error("recovery_key", _("This recovery key does not open your keys."))
            else:
                keys.keypair_unlock(request, password=password)
                private = keys.private_key_for(request)
                if private is not None:
                    # A recovery key that was typed into a page is spent: here is the next one.
                    recovery_key = keys.keypair_recovery_renew(user=user, private_key=private)
                    return _show_recovery_key(request, recovery_key, recovered=True)
                return redirect(_next_url(request))
    return render(
        request, "accounts/keypair_recover.html", {"form": form, "next": _next_url(request)}
    )


@reauth_required
@require_POST
def keypair_recovery_new(request: AuthedRequest) -> HttpResponse:
    if not keys.has_keypair(request.user):
        return redirect("accounts:profile")
    private = keys.private_key_for(request)
    if private is None:
        here = reverse("accounts:profile")
        return redirect(reverse("accounts:unlock-keys") + "?" + urlencode({"next": here}))
    recovery_key = keys.keypair_recovery_renew(user=request.user, private_key=private)
    return _show_recovery_key(request, recovery_key, recovered=False)


def profile_context(request: AuthedRequest) -> dict[str, Any]:
    """What the account page shows about the keys."""
    pair = keys.keypair_of(request.user)
    return {
        "keypair": pair,
        "keys_open": pair is not None and keys.private_key_for(request) is not None,
        "may_create_keys": request.user.is_staff_member,
    }
