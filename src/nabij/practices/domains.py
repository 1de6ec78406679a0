"""The life domains a practice story is tagged with: the eleven domains of the default
self-reliance matrix (``zrm-11``, shipped by ``assessment``'s migration 0002), by their stable
codes. The codes are the contract of the exchange format; the names are shown."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LIFE_DOMAINS: tuple[tuple[str, str | Promise], ...] = (
    ("financien", _("Finances")),
    ("dagbesteding", _("Daytime activities")),
    ("huisvesting", _("Housing")),
    ("huiselijke-relaties", _("Domestic relations")),
    ("geestelijke-gezondheid", _("Mental health")),
    ("lichamelijke-gezondheid", _("Physical health")),
    ("verslaving", _("Addiction")),
    ("adl", _("Activities of daily living")),
    ("sociaal-netwerk", _("Social network")),
    ("maatschappelijke-participatie", _("Participation in society")),
    ("justitie", _("Justice")),
)
DOMAIN_CODES: tuple[str, ...] = tuple(code for code, _name in LIFE_DOMAINS)
