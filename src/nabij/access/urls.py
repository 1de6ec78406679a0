from django.urls import path

from nabij.access import views

app_name = "access"
urlpatterns = [
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<id:token_id>/intrekken/", views.token_revoke, name="token_revoke"),
]
