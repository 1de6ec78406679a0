"""Pages of area outcomes: profiles, the indicator map, area plans (under /gebieden/)."""

from django.urls import URLPattern, path  # noqa: F401 - path: the pages are added here

from nabij.outcomes import urls_plans

app_name = "outcomes"
urlpatterns: list[URLPattern] = [
    *urls_plans.urlpatterns,
]
