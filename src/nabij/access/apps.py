from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "nabij.access"
    label = "access"
    verbose_name = _("Organisations and teams")

    def ready(self) -> None:
        from nabij.access import middleware  # noqa: F401 - connects the login stamp (a receiver)
