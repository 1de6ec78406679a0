from django.urls import path

from nabij.assessment import views

app_name = "assessment"
urlpatterns = [
    path(
        "inwoners/<int:resident_id>/zelfredzaamheid/",
        views.assessment_list,
        name="assessment_list",
    ),
    path(
        "inwoners/<int:resident_id>/zelfredzaamheid/nieuw/",
        views.assessment_create,
        name="assessment_create",
    ),
    path(
        "huishoudens/<int:household_id>/prioriteit/",
        views.priority_create,
        name="priority_create",
    ),
]
