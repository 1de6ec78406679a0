"""The register of initiatives and its funding (the ``initiatives`` helper's pages)."""

from django.urls import URLPattern, path

from nabij.core import ids  # noqa: F401 - the <id:...> converter
from nabij.initiatives import views

urlpatterns: list[URLPattern] = [
    path("initiatieven/", views.index, name="index"),
    path("initiatieven/<id:initiative_id>/", views.detail, name="detail"),
    path("initiatieven/<id:initiative_id>/beheren/", views.manage, name="manage"),
    path("initiatieven/<id:initiative_id>/financiering/", views.funding, name="funding"),
    path(
        "initiatieven/<id:initiative_id>/financiering/<id:entry_id>/corrigeren/",
        views.funding_reverse,
        name="funding_reverse",
    ),
    path("mijn/initiatieven/", views.mine, name="mine"),
    path("mijn/initiatieven/nieuw/", views.register, name="register"),
    path("gebieden/<str:code>/initiatieven/", views.district, name="district"),
]
