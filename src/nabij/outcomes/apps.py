from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """Sturen op de wijk: indicators per area and period (CBS open data and Nabij's own
    figures), area profiles and maps, area plans."""

    name = "nabij.outcomes"
    verbose_name = _("Area outcomes")
