from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    """Berichten: each household member's secure message thread with the household's
    professionals, inside the product (Mijn Nabij and the dossier)."""

    name = "nabij.conversations"
    verbose_name = _("Messages")
