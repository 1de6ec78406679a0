from django.urls import path

from nabij.people import views

app_name = "people"
urlpatterns = [
    path("huishoudens/", views.caseload, name="caseload"),
    path("huishoudens/nieuw/", views.household_create, name="household_create"),
    path("huishoudens/<int:household_id>/", views.household_detail, name="household_detail"),
    path("huishoudens/<int:household_id>/leden/nieuw/", views.member_add, name="member_add"),
    path("huishoudens/<int:household_id>/leden/beeindigen/", views.member_end, name="member_end"),
    path("huishoudens/<int:household_id>/netwerk/nieuw/", views.network_add, name="network_add"),
    path("inwoners/<int:resident_id>/", views.resident_detail, name="resident_detail"),
    path("inwoners/<int:resident_id>/verhuizen/", views.resident_move, name="resident_move"),
    path("inwoners/<int:resident_id>/toegangslog/", views.access_log, name="access_log"),
]
