"""The start page, login and logout. They keep the ``core`` namespace they always had (every
template links to ``core:login``), but the views live in ``access``: ``core`` imports no app."""

from django.urls import path

from nabij.access import views_login
from nabij.core import views

app_name = "core"
urlpatterns = [
    path("", views_login.home, name="home"),
    path("inloggen/", views_login.login_view, name="login"),
    path("inloggen/code/", views_login.login_code, name="login_code"),
    path("inloggen/tweestaps-instellen/", views_login.login_enroll, name="login_enroll"),
    path("uitloggen/", views_login.logout_view, name="logout"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
]
