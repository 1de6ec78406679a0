"""Pages of the area fund (wijkkas) and the area budget (gebiedsbudget)."""

from django.urls import path

from nabij.funds import views, views_budget, views_review

app_name = "funds"
A = "wijkkas/afspraken/<id:agreement_id>/"
urlpatterns = [
    path("wijkkas/", views.index, name="index"),
    path("wijkkas/budget/", views.allocate, name="allocate"),
    path("wijkkas/besparingen/", views.savings, name="savings"),
    path("wijkkas/prognoses/", views_review.projections, name="projections"),
    path("wijkkas/vrije-ruimte/", views_review.frontline_limit, name="frontline_limit"),
    path(A, views.agreement, name="agreement"),
    path(A + "aflossing/", views.repayment, name="repayment"),
    path(A + "uren/", views.hours, name="hours"),
    path(
        A + "boekingen/<id:transaction_id>/terugdraaien/",
        views.transaction_reverse,
        name="reverse",
    ),
    path("wijkkas/<str:code>/", views.fund, name="fund"),
    path("wijkkas/<str:code>/toekennen/", views.agreement_new, name="agreement_new"),
    path("gebiedsbudget/", views_budget.area_budgets, name="area_budgets"),
    path("gebiedsbudget/<str:code>/", views_budget.area_budget, name="area_budget"),
    path(
        "gebiedsbudget/<str:code>/instellen/",
        views_budget.area_budget_set,
        name="area_budget_set",
    ),
]
