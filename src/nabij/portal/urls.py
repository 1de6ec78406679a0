from django.urls import path

from nabij.portal import urls_rights, views

app_name = "portal"
urlpatterns = [
    path("mijn/", views.home, name="home"),
    path("mijn/inloggen/", views.login_page, name="login"),
    path("mijn/uitloggen/", views.logout_view, name="logout"),
    path("mijn/overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
]
urlpatterns += urls_rights.urlpatterns
