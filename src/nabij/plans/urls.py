from django.urls import path

from nabij.plans import views

app_name = "plans"
H = "huishoudens/<id:household_id>/"
urlpatterns = [
    path(H + "plan/", views.plan_edit, name="plan_edit"),
    path(H + "plan/doelen/nieuw/", views.goal_add, name="goal_add"),
    path(H + "plan/doelen/<id:goal_id>/", views.goal_edit, name="goal_edit"),
    path(H + "plan/doelen/<id:goal_id>/verplaatsen/", views.goal_move, name="goal_move"),
    path(H + "plan/doelen/<id:goal_id>/formulering/", views.goal_wording, name="goal_wording"),
    path(H + "plan/doelen/<id:goal_id>/acties/nieuw/", views.action_add, name="action_add"),
    path(H + "plan/acties/<id:action_id>/status/", views.action_status, name="action_status"),
    path(H + "plan/acties/<id:action_id>/reactie/", views.action_comment, name="action_comment"),
    path(H + "plan/soort/", views.plan_kind, name="plan_kind"),
    path(H + "plan/ondertekenen/", views.plan_sign_off, name="plan_sign_off"),
    path(H + "dreigingen/nieuw/", views.threat_add, name="threat_add"),
    path(H + "dreigingen/<id:threat_id>/status/", views.threat_status, name="threat_status"),
    path(H + "doorbraken/nieuw/", views.breakthrough_create, name="breakthrough_create"),
    path(
        H + "doorbraken/<id:breakthrough_id>/mandaat/",
        views.breakthrough_mandate,
        name="breakthrough_mandate",
    ),
    path(
        H + "doorbraken/<id:breakthrough_id>/",
        views.breakthrough_detail,
        name="breakthrough_detail",
    ),
    path(
        H + "doorbraken/<id:breakthrough_id>/verloop/",
        views.breakthrough_update_add,
        name="breakthrough_update_add",
    ),
    path(
        H + "doorbraken/<id:breakthrough_id>/afsluiten/",
        views.breakthrough_close,
        name="breakthrough_close",
    ),
    path(
        H + "doorbraken/<id:breakthrough_id>/heropenen/",
        views.breakthrough_reopen,
        name="breakthrough_reopen",
    ),
    path(H + "betrokkenen/nieuw/", views.assignment_add, name="assignment_add"),
    path(
        H + "betrokkenen/<id:assignment_id>/beeindigen/",
        views.assignment_end,
        name="assignment_end",
    ),
    path("doorbraken/", views.breakthrough_register, name="breakthrough_register"),
]
