from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Sturen op de wijk: narrative accountability (verantwoording) per district and year."""

    name = "nabij.reports"
    label = "reports"
    verbose_name = _("Area accounts")

    def ready(self) -> None:
        """A resident or address saved or deleted here: the kept register is out of date."""
        from django.db.models.signals import post_delete, post_save

        from nabij.reports.selectors import forget_register

        for model in ("people.Resident", "areas.Address"):
            post_save.connect(forget_register, sender=model, dispatch_uid=f"reports-{model}-s")
            post_delete.connect(forget_register, sender=model, dispatch_uid=f"reports-{model}-d")
