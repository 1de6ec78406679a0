"""Routes of the household's cost page and its scenarios (under the dossier's URL)."""

from django.urls import URLPattern, path

from nabij.costs import views_household as views

H = "huishoudens/<id:household_id>/"
S = H + "scenarios/<id:scenario_id>/"

urlpatterns: list[URLPattern] = [
    path(H + "kosten/", views.household, name="household"),
    path(H + "kosten/regel/", views.household_line_add, name="household_line_add"),
    path(H + "kosten/schatting/", views.household_estimate_add, name="household_estimate_add"),
    path(
        H + "kosten/regels/<id:line_id>/corrigeren/",
        views.household_line_correct,
        name="household_line_correct",
    ),
    path(H + "scenarios/", views.scenario_list, name="scenario_list"),
    path(H + "scenarios/nieuw/", views.scenario_create, name="scenario_create"),
    path(S, views.scenario_detail, name="scenario_detail"),
    path(S + "bewerken/", views.scenario_edit, name="scenario_edit"),
    path(S + "aannames/nieuw/", views.assumption_add, name="assumption_add"),
    path(S + "aannames/kengetal/", views.assumption_add_reference, name="assumption_add_reference"),
    path(S + "aannames/<id:assumption_id>/", views.assumption_edit, name="assumption_edit"),
    path(S + "aannames/verwijderen/", views.assumption_remove, name="assumption_remove"),
]
