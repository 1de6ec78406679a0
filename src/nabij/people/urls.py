from django.urls import path

from nabij.people import views

app_name = "people"
urlpatterns = [
    path("huishoudens/", views.caseload, name="caseload"),
    path("huishoudens/nieuw/", views.household_create, name="household_create"),
    path("huishoudens/<id:household_id>/", views.household_detail, name="household_detail"),
    path("huishoudens/<id:household_id>/leden/nieuw/", views.member_add, name="member_add"),
    path("huishoudens/<id:household_id>/leden/beeindigen/", views.member_end, name="member_end"),
    path(
        "huishoudens/<id:household_id>/leden/gezag/",
        views.member_authority,
        name="member_authority",
    ),
    path("huishoudens/<id:household_id>/netwerk/nieuw/", views.network_add, name="network_add"),
    path("inwoners/<id:resident_id>/", views.resident_detail, name="resident_detail"),
    path("inwoners/<id:resident_id>/verhuizen/", views.resident_move, name="resident_move"),
    path("inwoners/<id:resident_id>/toegangslog/", views.access_log, name="access_log"),
]
