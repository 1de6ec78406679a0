"""The register of initiatives and its funding (the ``initiatives`` helper's pages)."""

from django.urls import URLPattern, path

from nabij.initiatives import views

urlpatterns: list[URLPattern] = [
    path("initiatieven/", views.index, name="index"),
    path("initiatieven/<int:initiative_id>/", views.detail, name="detail"),
    path("initiatieven/<int:initiative_id>/beheren/", views.manage, name="manage"),
    path("initiatieven/<int:initiative_id>/financiering/", views.funding, name="funding"),
    path(
        "initiatieven/<int:initiative_id>/financiering/<int:entry_id>/corrigeren/",
        views.funding_reverse,
        name="funding_reverse",
    ),
    path("mijn/initiatieven/", views.mine, name="mine"),
    path("mijn/initiatieven/nieuw/", views.register, name="register"),
    path("gebieden/<str:code>/initiatieven/", views.district, name="district"),
]
