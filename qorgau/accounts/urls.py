from django.contrib.auth import views as auth_views
from django.urls import path

from qorgau.accounts import keys_views, views, webauthn

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="login-verify"),
    path("logout/", views.logout_view, name="logout"),
    path("reauth/", views.reauth, name="reauth"),
    path("", views.profile, name="profile"),
    path("2fa/setup/", views.otp_setup, name="otp-setup"),
    path("2fa/recovery-codes/", views.recovery_codes_regenerate, name="recovery-codes"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("encryption/new/", keys_views.keypair_create, name="keypair-create"),
    path("encryption/confirm/", keys_views.keypair_confirm, name="keypair-confirm"),
    path("encryption/unlock/", keys_views.unlock_keys, name="unlock-keys"),
    path("encryption/recover/", keys_views.keypair_recover, name="keypair-recover"),
    path("encryption/recovery-key/", keys_views.keypair_recovery_new, name="keypair-recovery-new"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("keys/register/begin/", webauthn.register_begin, name="key-register-begin"),
    path("keys/register/finish/", webauthn.register_finish, name="key-register-finish"),
    path("keys/<int:pk>/remove/", webauthn.key_remove, name="key-remove"),
    path("login/key/begin/", webauthn.login_begin, name="key-login-begin"),
    path("login/key/finish/", webauthn.login_finish, name="key-login-finish"),
]
