"""Pages of area outcomes: profiles, the indicator map, area plans (under /gebieden/)."""

from django.urls import URLPattern, path

from nabij.outcomes import urls_plans, views

app_name = "outcomes"
urlpatterns: list[URLPattern] = [
    *urls_plans.urlpatterns,
    path("gebieden/", views.index, name="index"),
    path("gebieden/kaart/", views.indicator_map, name="map"),
    path("gebieden/kaart.svg", views.map_svg, name="map_svg"),
    path("gebieden/<str:code>/", views.profile, name="profile"),
]
