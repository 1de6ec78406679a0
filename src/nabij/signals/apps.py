from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "nabij.signals"
    verbose_name = _("Early signals of payment arrears")

    def ready(self) -> None:
        # The retention job's aggregates (issue 14, helper D): kept out of models.py.
        from nabij.signals import models_statistics  # noqa: F401
