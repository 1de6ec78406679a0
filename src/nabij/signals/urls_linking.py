"""The linking decision's pages, included by config/urls.py at /signalen/koppelen/."""

from django.urls import path

from nabij.signals import views_linking as views

app_name = "signals_linking"
urlpatterns = [
    path("", views.uncertain_list, name="list"),
    path("<id:signal_id>/", views.decide, name="decide"),
]
