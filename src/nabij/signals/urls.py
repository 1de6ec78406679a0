from django.urls import URLPattern, path

from nabij.signals import views

app_name = "signals"

urlpatterns: list[URLPattern] = [
    path("signalen/", views.overview, name="index"),
    path("signalen/importeren/", views.upload, name="upload"),
    path("signalen/uitkomsten/", views.export, name="export"),
]
