"""What residents do in a budget round (``views_voting``): propose, support, withdraw, vote,
vote with a code on paper, the coordinator's voting codes, and the result."""

from django.urls import URLPattern, path

from nabij.budgets import views_voting as views

urlpatterns: list[URLPattern] = [
    path(
        "buurtbudget/<int:round_id>/voorstellen/nieuw/",
        views.proposal_create,
        name="proposal_create",
    ),
    path(
        "buurtbudget/<int:round_id>/voorstellen/<int:budget_proposal_id>/steunen/",
        views.proposal_support,
        name="proposal_support",
    ),
    path(
        "buurtbudget/<int:round_id>/voorstellen/<int:budget_proposal_id>/intrekken/",
        views.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("buurtbudget/<int:round_id>/stemmen/", views.ballot, name="ballot"),
    path("buurtbudget/<int:round_id>/stemcode/", views.ballot_code, name="ballot_code"),
    path(
        "gebieden/<str:code>/buurtbudget/<int:round_id>/stemcodes/",
        views.voting_codes,
        name="voting_codes",
    ),
    path("buurtbudget/<int:round_id>/uitslag/", views.results, name="results"),
]
