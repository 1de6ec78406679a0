from django.urls import path

from nabij.access import views

app_name = "access"
urlpatterns = [
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<id:token_id>/intrekken/", views.token_revoke, name="token_revoke"),
    path(
        "huishoudens/<id:household_id>/verzoeken/",
        views.recorded_requests,
        name="requests",
    ),
    path(
        "account/wachtwoord/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("account/wachtwoord/ingesteld/", views.set_password_done, name="set_password_done"),
]
