from django.urls import path

from nabij.learning import views_analysis, views_rules

urlpatterns = [
    path("regels/", views_rules.rule_list, name="rules"),
    path("regels/nieuw/", views_rules.rule_create, name="rule_create"),
    path("regels/<id:rule_id>/", views_rules.rule_edit, name="rule_edit"),
    path("regels/<id:rule_id>/intrekken/", views_rules.rule_retire, name="rule_retire"),
    path("regels/analyse/", views_analysis.analysis_page, name="analysis"),
    path(
        "regels/analyse/export.csv",
        views_analysis.analysis_export,
        {"fmt": "csv"},
        name="analysis_csv",
    ),
    path(
        "regels/analyse/export.json",
        views_analysis.analysis_export,
        {"fmt": "json"},
        name="analysis_json",
    ),
]
