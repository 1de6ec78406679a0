from django.urls import path

from nabij.signals import views_outreach as views

app_name = "signals_outreach"
C = "vroegsignalering/<id:case_id>/"
urlpatterns = [
    path("vroegsignalering/", views.case_list, name="list"),
    path(C, views.case_detail, name="case"),
    path(C + "poging/", views.attempt_add, name="attempt"),
    path(C + "afsluiten/", views.case_close, name="close"),
]
