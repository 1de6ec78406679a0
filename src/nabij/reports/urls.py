"""Pages of the area account: the team's (under the district) and the published ones."""

from django.urls import path

from nabij.reports import views

app_name = "reports"
A = "gebieden/<str:code>/verantwoording/<int:year>/"
S = A + "verhalen/<id:story_id>/"
urlpatterns = [
    path("verantwoording/", views.index, name="index"),
    path("verantwoording/<str:code>/<int:year>/", views.public, name="public"),
    path("verantwoording/<str:code>/<int:year>.pdf", views.account_pdf, name="pdf"),
    path("gebieden/<str:code>/verantwoording/", views.district_accounts, name="district"),
    path(A, views.account, name="account"),
    path(A + "verhalen/", views.story_add, name="story_add"),
    path(S, views.story_edit, name="story_edit"),
    path(S + "verwijderen/", views.story_remove, name="story_remove"),
    path(S + "toestemming/", views.consent, name="consent"),
    path(A + "indienen/", views.submit, name="submit"),
    path(A + "terugsturen/", views.return_to_draft, name="return"),
    path(A + "publiceren/", views.publish, name="publish"),
    path(A + "heropenen/", views.reopen, name="reopen"),
]
