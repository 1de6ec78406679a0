"""DigiD's URLs (namespace ``digid``): the library's SAML views in production, its mock IdP in
the demo and the tests (``DIGID_MOCK``), with Nabij's own answer when a BSN has no account."""

from __future__ import annotations

from digid_eherkenning import views as saml_views
from digid_eherkenning.mock.views import digid as mock_views
from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path
from django.utils.translation import gettext as _

from nabij.access.digid import REFUSAL_ATTRIBUTE


class MockAssertionConsumerService(mock_views.DigiDAssertionConsumerServiceMockView):
    """The mock's return step, saying plainly why a resident cannot log in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = auth.authenticate(request=request, bsn=request.GET.get("bsn", ""))
        if user is None:
            if getattr(request, REFUSAL_ATTRIBUTE, False):
                messages.error(
                    request,
                    _(
                        "You cannot log in to Mijn Nabij with this DigiD. Only members of a "
                        "household that works with a district team can, from the age of 16."
                    ),
                )
            else:
                messages.error(request, _("Logging in with DigiD did not work. Try again."))
            return HttpResponseRedirect(self.get_login_url())
        auth.login(request, user)
        return HttpResponseRedirect(self.get_success_url())


if settings.DIGID_MOCK:
    digid_patterns = [
        path("login/", mock_views.DigiDLoginMockView.as_view(), name="login"),
        path("acs/", MockAssertionConsumerService.as_view(), name="acs"),
        path("logout/", mock_views.DigiDLogoutMockView.as_view(), name="logout"),
    ]
    urlpatterns = [
        path("digid/", include((digid_patterns, "digid"))),
        path("digid/idp/", include("digid_eherkenning.mock.idp.digid_urls")),
    ]
else:
    digid_patterns = [
        path("login/", saml_views.DigiDLoginView.as_view(), name="login"),
        path("acs/", saml_views.DigiDAssertionConsumerServiceView.as_view(), name="acs"),
    ]
    urlpatterns = [
        path("digid/", include((digid_patterns, "digid"))),
        path("digid/metadata/", include("digid_eherkenning.metadata_urls")),
    ]
