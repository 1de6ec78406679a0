from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Sturen op de wijk: narrative accountability (verantwoording) per district and year."""

    name = "nabij.reports"
    label = "reports"
    verbose_name = _("Area accounts")
