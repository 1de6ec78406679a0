from django.urls import path

from nabij.referrals import views

app_name = "referrals"
urlpatterns = [
    # the referrer (a partner organisation)
    path("verwijzingen/", views.mine, name="mine"),
    path("verwijzingen/nieuw/", views.new, name="new"),
    # the district team
    path("wijkteam/verwijzingen/", views.queue, name="queue"),
    path("wijkteam/verwijzingen/<id:referral_id>/", views.detail, name="detail"),
    path("wijkteam/verwijzingen/<id:referral_id>/aannemen/", views.accept, name="accept"),
    path("wijkteam/verwijzingen/<id:referral_id>/contact/", views.contact, name="contact"),
    path("wijkteam/verwijzingen/<id:referral_id>/afsluiten/", views.close, name="close"),
    path(
        "wijkteam/verwijzingen/<id:referral_id>/doorverwijzen/",
        views.refer_on,
        name="refer_on",
    ),
]
