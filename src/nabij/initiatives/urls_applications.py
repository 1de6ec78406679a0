"""Applications (subsidy, area-fund contribution) and the right to challenge (uitdaagrecht)."""

from django.urls import URLPattern, path

from nabij.core import ids  # noqa: F401 - the <id:...> converter
from nabij.initiatives import views_applications as views

urlpatterns: list[URLPattern] = [
    path(
        "initiatieven/<id:initiative_id>/aanvragen/nieuw/",
        views.apply,
        name="apply",
    ),
    path(
        "initiatieven/<id:initiative_id>/aanvragen/<id:application_id>/",
        views.application,
        name="application",
    ),
    path(
        "initiatieven/<id:initiative_id>/aanvragen/<id:application_id>/besluit/",
        views.decide,
        name="decide",
    ),
    path(
        "initiatieven/<id:initiative_id>/aanvragen/<id:application_id>/verantwoording/",
        views.account,
        name="account",
    ),
    path(
        "initiatieven/<id:initiative_id>/aanvragen/<id:application_id>/intrekken/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "initiatieven/<id:initiative_id>/uitdagen/",
        views.challenge_create,
        name="challenge_create",
    ),
    path("initiatieven/uitdaagrecht/", views.challenges, name="challenges"),
    path(
        "initiatieven/uitdaagrecht/<id:challenge_id>/",
        views.challenge,
        name="challenge",
    ),
    path(
        "initiatieven/uitdaagrecht/<id:challenge_id>/stap/",
        views.challenge_step,
        name="challenge_step",
    ),
    path(
        "initiatieven/uitdaagrecht/<id:challenge_id>/intrekken/",
        views.challenge_withdraw,
        name="challenge_withdraw",
    ),
]
