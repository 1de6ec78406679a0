"""What residents do in a budget round (``views_voting``): propose, support, withdraw, vote,
vote with a code on paper, the coordinator's voting codes, and the result."""

from django.urls import URLPattern, path

from nabij.budgets import views_voting as views
from nabij.core import ids  # noqa: F401 - the <id:...> converter

urlpatterns: list[URLPattern] = [
    path(
        "buurtbudget/<id:round_id>/voorstellen/nieuw/",
        views.proposal_create,
        name="proposal_create",
    ),
    path(
        "buurtbudget/<id:round_id>/voorstellen/<id:budget_proposal_id>/steunen/",
        views.proposal_support,
        name="proposal_support",
    ),
    path(
        "buurtbudget/<id:round_id>/voorstellen/<id:budget_proposal_id>/intrekken/",
        views.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("buurtbudget/<id:round_id>/stemmen/", views.ballot, name="ballot"),
    path("buurtbudget/<id:round_id>/stemcode/", views.ballot_code, name="ballot_code"),
    path(
        "gebieden/<str:code>/buurtbudget/<id:round_id>/stemcodes/",
        views.voting_codes,
        name="voting_codes",
    ),
    path("buurtbudget/<id:round_id>/uitslag/", views.results, name="results"),
]
