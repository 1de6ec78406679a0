from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referrals from finding places (vindplaatsen): a school, a GP practice, a housing
    corporation or the police refers a household to its district team and sees only the
    status; the team's coordinator takes it on (links or creates the household, assigns a
    coordinator) or refers it on."""

    name = "nabij.referrals"
    verbose_name = _("Referrals")
