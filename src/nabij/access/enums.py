"""The access vocabulary every app may use: roles, and the purpose and outcome of an access-log
row. Kept apart from the models so that views and API handlers of other apps can name a role or
log through the gate without importing ``access.models`` (see the import contracts)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("District-team professional")
    TEAM_COORDINATOR = "team_coordinator", _("Team coordinator")
    SOCIAL_BROKER = "social_broker", _("Social broker")
    POLICY_ANALYST = "policy_analyst", _("Policy analyst")
    ADMINISTRATOR = "administrator", _("Administrator")


class Purpose(models.TextChoices):
    CARE = "care", _("Support of the household")
    COORDINATION = "coordination", _("Team coordination")
    ACCOUNTABILITY = "accountability", _("Access accountability")
    ADMINISTRATION = "administration", _("Administration")
    MATCHING = "matching", _("Matching offers and needs")


class LegalBasis(models.TextChoices):
    """Why a third party may ask a district team for a household's data."""

    COURT_ORDER = "court_order", _("Court order")
    COMPULSORY_EDUCATION = "compulsory_education", _("Compulsory education officer (Leerplichtwet)")
    CHILD_PROTECTION = "child_protection", _("Child Protection Board (Jeugdwet)")
    SAFE_AT_HOME = "safe_at_home", _("Veilig Thuis (Wmo 2015, reporting code)")
    PROSECUTION = "prosecution", _("Public prosecutor's demand (Wetboek van Strafvordering)")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class AssignmentKind(models.TextChoices):
    """The kind of an assignment: the household's coordinator, or another professional involved."""

    COORDINATOR = "coordinator", _("Coordinator")
    INVOLVED = "involved", _("Involved professional")
