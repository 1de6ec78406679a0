from django.urls import path

from nabij.assessment import views

app_name = "assessment"
urlpatterns = [
    path(
        "inwoners/<id:resident_id>/zelfredzaamheid/",
        views.assessment_list,
        name="assessment_list",
    ),
    path(
        "inwoners/<id:resident_id>/zelfredzaamheid/nieuw/",
        views.assessment_create,
        name="assessment_create",
    ),
    path(
        "huishoudens/<id:household_id>/prioriteit/",
        views.priority_create,
        name="priority_create",
    ),
]
