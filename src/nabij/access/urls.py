from django.urls import path

from nabij.access import views

app_name = "access"
urlpatterns = [
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:token_id>/intrekken/", views.token_revoke, name="token_revoke"),
    path(
        "huishoudens/<int:household_id>/verzoeken/",
        views.recorded_requests,
        name="requests",
    ),
]
