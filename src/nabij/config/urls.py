from django.contrib import admin
from django.urls import include, path

from nabij.config.api import api

handler403 = "nabij.core.views.error_403"
handler404 = "nabij.core.views.error_404"
handler500 = "nabij.core.views.error_500"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("", include("nabij.core.urls")),
    path("", include("nabij.people.urls")),
    path("", include("nabij.plans.urls")),
    path("", include("nabij.assessment.urls")),
    path("", include("nabij.areas.urls")),
    path("", include("nabij.access.urls")),
]
