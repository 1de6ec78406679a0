from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Mijn Nabij: the household's own door to its plan, its file and its rights."""

    name = "nabij.portal"
    verbose_name = _("Mijn Nabij")
