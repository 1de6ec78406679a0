from django.urls import path

from nabij.portal import (
    urls_rights,
    views,
    views_messages,
    views_neighbourhood,
    views_network,
    views_plan,
)

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

# Ons netwerk (views_network)
urlpatterns += [
    path("mijn/netwerk/", views_network.network, name="network"),
    path("mijn/netwerk/nieuw/", views_network.network_add, name="network_add"),
    path("mijn/netwerk/<id:member_id>/", views_network.network_edit, name="network_edit"),
    path("mijn/netwerk/<id:member_id>/stoppen/", views_network.network_end, name="network_end"),
]

# Berichten (views_messages)
urlpatterns += [
    path("mijn/berichten/", views_messages.messages_page, name="messages"),
    path("mijn/berichten/e-mail/", views_messages.notification_email, name="notification_email"),
]

# Buurthulp zelf (views_neighbourhood)
urlpatterns += [
    path("mijn/buurthulp/", views_neighbourhood.neighbourhood_help, name="neighbourhood_help"),
    path(
        "mijn/buurthulp/voorstellen/<id:proposal_id>/antwoord/",
        views_neighbourhood.neighbourhood_answer,
        name="neighbourhood_answer",
    ),
    path(
        "mijn/buurthulp/stoppen/", views_neighbourhood.neighbourhood_stop, name="neighbourhood_stop"
    ),
]
