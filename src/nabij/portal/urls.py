from django.urls import path

from nabij.portal import urls_rights, views, views_plan

app_name = "portal"
urlpatterns = [
    path("mijn/", views.home, name="home"),
    path("mijn/inloggen/", views.login_page, name="login"),
    path("mijn/uitloggen/", views.logout_view, name="logout"),
    path("mijn/overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
]

# Ons plan (views_plan)
urlpatterns += [
    path("mijn/plan/", views_plan.plan, name="plan"),
    path("mijn/plan/belangrijkste/", views_plan.priority, name="plan_priority"),
    path("mijn/plan/doelen/nieuw/", views_plan.goal_add, name="plan_goal_add"),
    path("mijn/plan/doelen/<id:goal_id>/woorden/", views_plan.goal_text, name="plan_goal_text"),
    path(
        "mijn/plan/doelen/<id:goal_id>/verplaatsen/",
        views_plan.goal_move,
        name="plan_goal_move",
    ),
    path(
        "mijn/plan/acties/<id:action_id>/klaar/",
        views_plan.action_done,
        name="plan_action_done",
    ),
    path(
        "mijn/plan/acties/<id:action_id>/reactie/",
        views_plan.action_comment,
        name="plan_action_comment",
    ),
    path("mijn/plan/ondertekenen/", views_plan.sign, name="plan_sign"),
    path(
        "mijn/plan/voorstellen/<id:wording_id>/",
        views_plan.wording_decide,
        name="plan_wording",
    ),
]
urlpatterns += urls_rights.urlpatterns
