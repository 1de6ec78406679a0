"""The maintained register of rules a breakthrough can set aside: laws, local ordinances, policy
rules and organisations' own rules, each with the organisation that owns it. Breakthroughs pick
from it, so the council can see which rules block most (issue 14)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.core.validators import no_control_characters, validate_plain_text


class Rule(models.Model):
    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        ORDINANCE = "ordinance", _("Local ordinance")
        POLICY = "policy", _("Policy rule")
        ORGANISATION = "organisation", _("Organisation's own rule")

    name = models.CharField(_("name"), max_length=200, validators=[validate_plain_text])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The article or section, e.g. "Participatiewet, art. 13 lid 1 onder a".
    reference = models.CharField(
        _("article or section"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    owner = models.ForeignKey(
        "access.Organisation",
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("organisation that owns it"),
    )
    description = models.TextField(_("what the rule says, in plain words"), max_length=2000)
    # Retired rules stay for history (breakthroughs point at them) but are no longer offered.
    active = models.BooleanField(_("in force"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules register")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="rule_unique_per_owner"),
            no_control_characters("name", name="rule_name_plain"),
        ]

    def __str__(self) -> str:
        return self.name
