"""DigiD's URLs (namespace ``digid``): the library's SAML views in production, its mock IdP in
the demo and the tests (``DIGID_MOCK``), with Nabij's own answer when a BSN has no account.

Both sets are defined here (``saml_urlpatterns``, ``mock_urlpatterns``); ``DIGID_MOCK`` picks
one. The SAML configuration (IdP metadata, the service provider's certificate) is written by
``nabij manage digid_configure`` from the environment.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from digid_eherkenning import views as saml_views
from digid_eherkenning.mock.views import digid as mock_views
from digid_eherkenning.models import DigidConfiguration
from digid_eherkenning.saml2.digid import generate_digid_metadata
from digid_eherkenning.views.metadata import MetadataView
from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import include, path
from django.utils.translation import gettext as _
from onelogin.saml2.utils import OneLogin_Saml2_ValidationError

from nabij.access.digid import REFUSAL_ATTRIBUTE

logger = logging.getLogger("nabij.digid")


def refusal_message(request: HttpRequest) -> str:
    """Why this DigiD login opened nothing, in plain words."""
    if getattr(request, REFUSAL_ATTRIBUTE, False):
        return _(
            "You cannot log in to Mijn Nabij with this DigiD. Only members of a "
            "household that works with a district team can, from the age of 16."
        )
    return _("Logging in with DigiD did not work. Try again.")


class MockAssertionConsumerService(mock_views.DigiDAssertionConsumerServiceMockView):
    """The mock's return step, saying plainly why a resident cannot log in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = auth.authenticate(request=request, bsn=request.GET.get("bsn", ""))
        if user is None:
            messages.error(request, refusal_message(request))
            return HttpResponseRedirect(self.get_login_url())
        auth.login(request, user)
        return HttpResponseRedirect(self.get_success_url())


class LoginView(saml_views.DigiDLoginView):
    """The library's AuthnRequest (HTTP-POST binding), asking for ``DIGID_LOA`` at least.

    The page posts itself to the IdP, so its Content-Security-Policy lets forms go there
    (``form-action``); everything else stays ``'self'``.
    """

    def get_level_of_assurance(self) -> Any:
        return settings.DIGID_LOA

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = super().get(request, *args, **kwargs)
            context = response.context_data  # type: ignore[attr-defined]
        # The library raises whatever its configuration gives (no certificate, no metadata,
        # an unreadable file): the resident gets a plain answer, the log the reason.
        except Exception:
            logger.exception("DigiD login: the SAML configuration is not usable")
            messages.error(
                request, _("Logging in with DigiD is not possible right now. Try again later.")
            )
            return HttpResponseRedirect(resolve_url("portal:login"))
        url = urlsplit(str(context["url"]))
        response._csp_update = {"form-action": [f"{url.scheme}://{url.netloc}"]}  # type: ignore[attr-defined]
        return response


class AssertionConsumerService(saml_views.DigiDAssertionConsumerServiceView):
    """The library's artifact resolution; back to Mijn Nabij (never the professionals' login),
    saying plainly why a resident cannot log in."""

    def get_login_url(self, **kwargs: Any) -> str:
        return resolve_url("portal:login")

    def get_success_url(self) -> str:
        return self.get_redirect_url() or resolve_url("portal:home")

    def get(self, request: HttpRequest) -> HttpResponse:
        errors: list[Exception] = []
        user = auth.authenticate(
            request=request, digid=True, saml_art=request.GET.get("SAMLart"), errors=errors
        )
        if user is None:
            cancelled = bool(errors) and getattr(errors[0], "code", None) == (
                OneLogin_Saml2_ValidationError.STATUS_CODE_AUTHNFAILED
            )
            message = (
                _("You stopped logging in with DigiD.") if cancelled else refusal_message(request)
            )
            messages.error(request, message)
            return HttpResponseRedirect(self.get_login_url())
        auth.login(request, user)
        return HttpResponseRedirect(self.get_success_url())


mock_urlpatterns = [
    path(
        "digid/",
        include(
            (
                [
                    path("login/", mock_views.DigiDLoginMockView.as_view(), name="login"),
                    path("acs/", MockAssertionConsumerService.as_view(), name="acs"),
                    path("logout/", mock_views.DigiDLogoutMockView.as_view(), name="logout"),
                ],
                "digid",
            )
        ),
    ),
    path("digid/idp/", include("digid_eherkenning.mock.idp.digid_urls")),
]

# No single logout (SLO): the library's SLO views look residents up by a BSN on the user model,
# which Nabij's accounts do not carry; a resident logs out of Mijn Nabij (everywhere, if they
# like), and digid_configure switches SLO off so the SP metadata does not offer it.
saml_urlpatterns = [
    path(
        "digid/",
        include(
            (
                [
                    path("login/", LoginView.as_view(), name="login"),
                    path("acs/", AssertionConsumerService.as_view(), name="acs"),
                    path(
                        "metadata/",
                        MetadataView.as_view(
                            config_model=DigidConfiguration,
                            metadata_generator=generate_digid_metadata,
                            filename="digid-metadata.xml",
                        ),
                        name="metadata",
                    ),
                ],
                "digid",
            )
        ),
    ),
]

urlpatterns = mock_urlpatterns if settings.DIGID_MOCK else saml_urlpatterns
