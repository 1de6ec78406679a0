from django.urls import path

from nabij.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("health/", views.health, name="health"),
]
