from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Buurtkracht: citizen initiatives and neighbourhood cooperatives with hybrid funding."""

    name = "nabij.initiatives"
    label = "initiatives"
    verbose_name = _("Citizen initiatives")
