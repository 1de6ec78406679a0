from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    """The practice library (3D-lab): anonymised stories of breakthroughs, shared between
    municipalities in an open JSON format."""

    name = "nabij.practices"
    label = "practices"
    verbose_name = _("Practice library")
