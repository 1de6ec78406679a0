"""The product's URLconf as production has it (``DIGID_MOCK`` off): the library's SAML views
and the service provider's metadata instead of the mock IdP. For tests only."""

from nabij.access import urls_digid
from nabij.config.urls import handler403, handler404, handler500  # noqa: F401
from nabij.config.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    *(p for p in product_urlpatterns if getattr(p, "urlconf_name", None) is not urls_digid),
    *urls_digid.saml_urlpatterns,
]
