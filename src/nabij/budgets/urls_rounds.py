"""The round's public pages (``/buurtbudget/``) and the district team's (``/gebieden/<code>/
buurtbudget/``); what residents do (propose, support, vote, results) is in ``urls_voting``."""

from django.urls import URLPattern, path

from nabij.budgets import views_rounds as views
from nabij.core import ids  # noqa: F401 - the <id:...> converter

R = "gebieden/<str:code>/buurtbudget/<id:round_id>/"
P = R + "voorstellen/<id:budget_proposal_id>/"
urlpatterns: list[URLPattern] = [
    path("buurtbudget/", views.index, name="index"),
    path("buurtbudget/<id:round_id>/", views.round_detail, name="round"),
    path(
        "buurtbudget/<id:round_id>/voorstellen/<id:budget_proposal_id>/",
        views.proposal_detail,
        name="proposal",
    ),
    path("buurtbudget/foto/<id:update_id>/", views.photo, name="photo"),
    path("gebieden/<str:code>/buurtbudget/", views.manage, name="manage"),
    path("gebieden/<str:code>/buurtbudget/nieuw/", views.round_create, name="round_create"),
    path(R, views.round_manage, name="round_manage"),
    path(R + "bewerken/", views.round_edit, name="round_edit"),
    path(R + "fase/", views.round_advance, name="round_advance"),
    path(P + "toets/", views.proposal_check, name="proposal_check"),
    path(P + "uitvoering/", views.execution, name="execution"),
]
