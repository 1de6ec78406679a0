from django.contrib import admin
from django.urls import include, path, re_path

from nabij.access.views_login import admin_login
from nabij.config.api import api
from nabij.core.views import api_not_found

handler403 = "nabij.core.views.error_403"
handler404 = "nabij.core.views.error_404"
handler500 = "nabij.core.views.error_500"

urlpatterns = [
    path("api/v1/", api_not_found),  # the API's bare root: problem+json, not Ninja's page
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", api_not_found),  # unknown API paths: problem+json 404, not a page
    path("i18n/", include("django.conf.urls.i18n")),
    # One login for the whole product: the administration's own form is never served.
    path("beheer/login/", admin_login, name="admin_login_redirect"),
    path("beheer/", admin.site.urls),
    path("", include("nabij.access.urls_login")),
    path("", include("nabij.access.urls_digid")),
    path("", include("nabij.portal.urls")),
    path("", include("nabij.people.urls")),
    path("", include("nabij.plans.urls")),
    path("", include("nabij.assessment.urls")),
    path("", include("nabij.areas.urls")),
    path("", include("nabij.costs.urls")),
    path("", include("nabij.signals.urls")),
    path("", include("nabij.funds.urls")),
    path("", include("nabij.matching.urls")),
    path("", include("nabij.conversations.urls")),
    path("", include("nabij.outcomes.urls")),
    path("", include("nabij.reports.urls")),
    path("", include("nabij.practices.urls")),
    path("", include("nabij.budgets.urls")),
    path("", include("nabij.initiatives.urls")),
    path("", include("nabij.signals.urls_outreach")),
    path("", include("nabij.jobs.urls")),
    path("signalen/koppelen/", include("nabij.signals.urls_linking")),
    path("", include("nabij.learning.urls")),
    path("", include("nabij.referrals.urls")),
    path("", include("nabij.access.urls")),
]
