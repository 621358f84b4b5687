from django.urls import path

from marketplace.accounts.views import auth, identity, mfa, profile

app_name = "accounts"

urlpatterns = [
    path("", profile.home, name="home"),
    path("register/", auth.register, name="register"),
    path("register/check-email/", auth.register_done, name="register_done"),
    path("verify/<str:token>/", auth.verify_email, name="verify_email"),
    path("login/", auth.sign_in, name="login"),
    path("login/code/", auth.sign_in_mfa, name="login_mfa"),
    path("logout/", auth.sign_out, name="logout"),
    path("password/reset/", auth.password_reset, name="password_reset"),
    path("password/reset/sent/", auth.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<str:uidb64>/<str:token>/",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("settings/", profile.preferences, name="preferences"),
    path("settings/email/", profile.change_email, name="change_email"),
    path("settings/email/<str:token>/", profile.confirm_email_change, name="confirm_email_change"),
    path("settings/password/", profile.change_password, name="change_password"),
    path("sign-ins/", profile.sign_ins, name="sign_ins"),
    path("session/extend/", profile.extend_session, name="extend_session"),
    path("mfa/", mfa.overview, name="mfa"),
    path("mfa/setup/", mfa.setup, name="mfa_setup"),
    path("mfa/recovery-codes/", mfa.new_recovery_codes, name="mfa_recovery_codes"),
    path("mfa/disable/", mfa.disable, name="mfa_disable"),
    path("identity/", identity.start, name="identity"),
    path("identity/questions/", identity.questions, name="identity_questions"),
    path("identity/document/", identity.upload, name="identity_upload"),
    path("identity/document/<uuid:public_id>/", identity.own_document, name="identity_document"),
]
