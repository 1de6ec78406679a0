"""A background job's page (``/taken/<id>/``) and its status for the page's script."""

from django.urls import path

from nabij.jobs import views

app_name = "jobs"
urlpatterns = [
    path("taken/<id:job_id>/", views.job_detail, name="job"),
    path("taken/<id:job_id>/status/", views.job_status, name="status"),
]
