"""Pages of the social broker (Buurthulp) and the dossier's link to it."""

from django.urls import path

from nabij.matching import views

app_name = "matching"
P = "buurthulp/deelnemers/<id:participant_id>/"
V = "buurthulp/voorstellen/<id:proposal_id>/"
urlpatterns = [
    path("buurthulp/", views.overview, name="overview"),
    path("buurthulp/deelnemers/", views.participant_list, name="participants"),
    path("buurthulp/deelnemers/nieuw/", views.participant_new, name="participant_new"),
    path(P, views.participant_detail, name="participant"),
    path(P + "bewerken/", views.participant_edit, name="participant_edit"),
    path(P + "pauze/", views.participant_pause, name="participant_pause"),
    path(P + "toestemming-intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("buurthulp/koppelen/", views.run_new, name="run_new"),
    path("buurthulp/rondes/<id:run_id>/", views.run_detail, name="run"),
    path("buurthulp/voorstellen/", views.proposal_list, name="proposals"),
    path(V, views.proposal_detail, name="proposal"),
    path(V + "antwoord/", views.proposal_respond, name="respond"),
    path(V + "kennismaking/", views.proposal_introduce, name="introduce"),
    path(V + "nabellen/", views.proposal_follow_up, name="follow_up"),
    path(V + "afsluiten/", views.proposal_end, name="end"),
    path(V + "intrekken/", views.proposal_withdraw, name="withdraw"),
    path("buurthulp/meldingen/<id:notice_id>/verteld/", views.notice_told, name="notice_told"),
    path("buurthulp/blokkades/<id:block_id>/opheffen/", views.block_lift, name="block_lift"),
    path(
        "huishoudens/<id:household_id>/buurthulp/aanmelden/<id:resident_id>/",
        views.team_register,
        name="team_register",
    ),
    path(
        "huishoudens/<id:household_id>/buurthulp/<id:proposal_id>/in-plan/",
        views.record_in_plan,
        name="record_in_plan",
    ),
]
