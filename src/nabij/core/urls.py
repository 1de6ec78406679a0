from django.urls import path

from nabij.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_code, name="login_code"),
    path("inloggen/tweestaps-instellen/", views.login_enroll, name="login_enroll"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("health/", views.health, name="health"),
]
