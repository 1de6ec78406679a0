"""Pages of the area fund (wijkkas)."""

from django.urls import path

from nabij.funds import views

app_name = "funds"
A = "wijkkas/afspraken/<id:agreement_id>/"
urlpatterns = [
    path("wijkkas/", views.index, name="index"),
    path("wijkkas/budget/", views.allocate, name="allocate"),
    path("wijkkas/besparingen/", views.savings, name="savings"),
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
]
