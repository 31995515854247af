"""WebAuthn security keys as an optional second factor: adding and removing keys on the account
page, and signing in with one after the password step. The browser side is qorgau/webauthn.js."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from qorgau.accounts import services
from qorgau.accounts.models import SecurityKey, User
from qorgau.accounts.views import PENDING_KEY, _complete_login, _locked_message, _pending_user
from qorgau.core.permissions import reauth_required, recently_authenticated

RP_NAME = "Qorgau"
REGISTER_STATE_KEY = "qorgau_webauthn_register"
LOGIN_STATE_KEY = "qorgau_webauthn_login"
CHALLENGE_SECONDS = 300
TIMEOUT_MS = 120_000
NAME_MAX_LENGTH = 80
# The key is a second factor after the password, so no PIN or fingerprint is asked for.
USER_VERIFICATION = UserVerificationRequirement.DISCOURAGED


# --- Small helpers shared by both ceremonies.


def _error(code: str, message: str, status: int = 400, **extra: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)


def _options_response(options: Any) -> HttpResponse:
    return HttpResponse(options_to_json(options), content_type="application/json")


def _json_body(request: HttpRequest) -> dict[str, Any] | None:
    if not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _rp_id(request: HttpRequest) -> str:
    configured: str = settings.WEBAUTHN_RP_ID
    return configured or split_domain_port(request.get_host())[0]


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _user_handle(user: User) -> bytes:
    # Stable per account, and opaque as WebAuthn asks: it must not say who the person is.
    return salted_hmac("qorgau.accounts.webauthn.user", str(user.pk), algorithm="sha256").digest()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    ids = user.security_keys.values_list("credential_id", flat=True)
    return [PublicKeyCredentialDescriptor(id=bytes(credential_id)) for credential_id in ids]


def _challenge_store(request: HttpRequest, key: str, challenge: bytes, user: User) -> None:
    request.session[key] = {
        "challenge": bytes_to_base64url(challenge),
        "user": user.pk,
        "at": int(time.time()),
    }


def _challenge_take(request: HttpRequest, key: str, user: User) -> bytes | None:
    """The challenge issued to this user by the begin step; each can be answered only once."""
    state = request.session.pop(key, None)
    if (
        not isinstance(state, dict)
        or state.get("user") != user.pk
        or time.time() - int(state.get("at", 0)) > CHALLENGE_SECONDS
    ):
        return None
    return base64url_to_bytes(state["challenge"])


# --- Adding a key (signed in, identity confirmed in the last few minutes).


def _registration_gate(request: HttpRequest) -> JsonResponse | None:
    if not request.user.is_authenticated:
        return _error(
            "login",
            _("Please sign in again."),
            status=401,
            redirect=reverse("accounts:login"),
        )
    if not recently_authenticated(request):
        next_url = reverse("accounts:profile")
        return _error(
            "reauth",
            _("Confirm it is you before adding a security key."),
            status=403,
            redirect=reverse("accounts:reauth") + "?" + urlencode({"next": next_url}),
        )
    return None


@require_POST
def register_begin(request: HttpRequest) -> HttpResponse:
    if (refusal := _registration_gate(request)) is not None:
        return refusal
    user: User = request.user  # type: ignore[assignment]
    options = generate_registration_options(
        rp_id=_rp_id(request),
        rp_name=RP_NAME,
        user_id=_user_handle(user),
        user_name=user.email,
        user_display_name=user.get_full_name(),
        timeout=TIMEOUT_MS,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=USER_VERIFICATION,
        ),
    )
    _challenge_store(request, REGISTER_STATE_KEY, options.challenge, user)
    return _options_response(options)


@require_POST
def register_finish(request: HttpRequest) -> HttpResponse:
    if (refusal := _registration_gate(request)) is not None:
        return refusal
    user: User = request.user  # type: ignore[assignment]
    body = _json_body(request)
    challenge = _challenge_take(request, REGISTER_STATE_KEY, user)
    if body is None or not isinstance(body.get("credential"), dict):
        return _error("invalid", _("The request could not be read. Reload the page and try again."))
    if challenge is None:
        return _error("expired", _("This attempt has expired. Try again."))
    try:
        verified = verify_registration_response(
            credential=body["credential"],
            expected_challenge=challenge,
            expected_rp_id=_rp_id(request),
            expected_origin=_origin(request),
        )
    except WebAuthnException:
        return _error("refused", _("The security key did not answer or was refused. Try again."))
    if SecurityKey.objects.filter(credential_id=verified.credential_id).exists():
        return _error("duplicate", _("This security key is already registered."))
    typed = body.get("name")
    name = (typed.strip() if isinstance(typed, str) else "")[:NAME_MAX_LENGTH] or _("Security key")
    key = services.security_key_add(
        user=user,
        name=name,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    messages.success(request, _("The security key “%(name)s” is added.") % {"name": key.name})
    return JsonResponse({"id": key.pk, "name": key.name}, status=201)


# --- Removing a key.


@reauth_required
@require_POST
def key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    key = get_object_or_404(SecurityKey, pk=pk, user=user)
    is_last_factor = (
        services.totp_device_for(user) is None
        and user.security_keys.exclude(pk=key.pk).count() == 0
    )
    if user.is_staff_member and is_last_factor:
        messages.error(
            request,
            _(
                "This is your only second factor, and staff accounts need one. "
                "Set up an authenticator app or add another key first."
            ),
        )
        return redirect("accounts:profile")
    services.security_key_remove(user=user, key=key)
    messages.success(request, _("The security key “%(name)s” is removed.") % {"name": key.name})
    return redirect("accounts:profile")


# --- Signing in with a key, after the password step.


def _login_gate(request: HttpRequest) -> User | JsonResponse:
    """The person who passed the password step a few minutes ago, unless paused by failures."""
    user = _pending_user(request)
    if user is None:
        return _error("no_pending", _("Please sign in again."), redirect=reverse("accounts:login"))
    locked_until = services.login_locked_until(email=user.email)
    if locked_until is not None:
        return _error("locked", _locked_message(locked_until), status=403)
    return user


@require_POST
def login_begin(request: HttpRequest) -> HttpResponse:
    user = _login_gate(request)
    if isinstance(user, JsonResponse):
        return user
    allowed = _descriptors(user)
    if not allowed:
        return _error("no_keys", _("No security key is registered for this account."))
    options = generate_authentication_options(
        rp_id=_rp_id(request),
        timeout=TIMEOUT_MS,
        allow_credentials=allowed,
        user_verification=USER_VERIFICATION,
    )
    _challenge_store(request, LOGIN_STATE_KEY, options.challenge, user)
    return _options_response(options)


def _assertion_check(request: HttpRequest, user: User, body: dict[str, Any] | None) -> bool:
    """Verify the signed answer and move the key's counter forward; False if anything is off."""
    challenge = _challenge_take(request, LOGIN_STATE_KEY, user)
    credential = body.get("credential") if body else None
    if challenge is None or not isinstance(credential, dict):
        return False
    try:
        credential_id = base64url_to_bytes(str(credential.get("rawId", "")))
    except ValueError:
        return False
    with transaction.atomic():
        key = (
            SecurityKey.objects.select_for_update()
            .filter(user=user, credential_id=credential_id)
            .first()
        )
        if key is None:
            return False
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=_rp_id(request),
                expected_origin=_origin(request),
                credential_public_key=bytes(key.public_key),
                credential_current_sign_count=key.sign_count,
            )
        except WebAuthnException:
            return False
        key.sign_count = verified.new_sign_count
        key.last_used_at = timezone.now()
        key.save(update_fields=["sign_count", "last_used_at"])
    return True


@require_POST
def login_finish(request: HttpRequest) -> HttpResponse:
    user = _login_gate(request)
    if isinstance(user, JsonResponse):
        return user
    if not _assertion_check(request, user, _json_body(request)):
        locked_until = services.login_failure_record(email=user.email, user=user)
        if locked_until is not None:
            return _error("locked", _locked_message(locked_until), status=403)
        return _error("refused", _("The security key was refused. Try again or use a code."))
    response = _complete_login(request, user, None, "webauthn")
    request.session.pop(PENDING_KEY, None)
    # django-otp knows nothing of WebAuthn: a token-less static device marks the session verified.
    marker, _created = StaticDevice.objects.get_or_create(user=user, name="webauthn")
    otp_login(request, marker)
    return JsonResponse({"redirect": response["Location"]})
