"""Mijn Nabij's "Wie keek in ons dossier" and rights pages, and the coordinator's answer to a
correction request (in the portal namespace: ``portal:...``)."""

from django.urls import path

from nabij.portal import views_corrections, views_rights

urlpatterns = [
    path("mijn/inzage/", views_rights.access_log, name="access_log"),
    path("mijn/rechten/", views_rights.rights, name="rights"),
    path("mijn/rechten/correctie/", views_rights.correction_new, name="correction_new"),
    path(
        "mijn/rechten/toestemming/buurthulp/intrekken/",
        views_rights.consent_withdraw,
        name="consent_withdraw",
    ),
    path("mijn/export/", views_rights.export_page, name="export"),
    path("mijn/export.json", views_rights.export_json, name="export_json"),
    path(
        "huishoudens/<id:household_id>/correctieverzoeken/",
        views_corrections.correction_answer,
        name="correction_answer",
    ),
]
