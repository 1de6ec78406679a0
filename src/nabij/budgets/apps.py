from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    """Buurtkracht: neighbourhood budgets (buurtbudget) that residents propose for and vote on."""

    name = "nabij.budgets"
    label = "budgets"
    verbose_name = _("Neighbourhood budgets")
