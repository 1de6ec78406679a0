from django.urls import path

from nabij.portal import views, views_messages, views_neighbourhood, views_network

app_name = "portal"
urlpatterns = [
    path("mijn/", views.home, name="home"),
    path("mijn/inloggen/", views.login_page, name="login"),
    path("mijn/uitloggen/", views.logout_view, name="logout"),
    path("mijn/overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
]

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
