"""The register side of linking: current members of households at given addresses, read in one
query. Called by the import and the decision page, which have been through the gate."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from nabij.people.models import Membership
from nabij.signals.linking import Address, Candidate, address_of


def candidates_at(addresses: Iterable[Address]) -> dict[Address, list[Candidate]]:
    wanted = set(addresses)
    out: dict[Address, list[Candidate]] = {a: [] for a in wanted}
    if not wanted:
        return out
    postcodes = {p for p, _, _ in wanted} | {p.replace(" ", "") for p, _, _ in wanted}
    rows = (
        Membership.objects.filter(ended_on__isnull=True, household__address__postcode__in=postcodes)
        .filter(~Q(household__address__isnull=True))
        .values_list(
            "household_id",
            "resident_id",
            "resident__first_name",
            "resident__last_name",
            "resident__date_of_birth",
            "household__address__postcode",
            "household__address__house_number",
            "household__address__addition",
        )
    )
    for hh, res, first, last, born, postcode, number, addition in rows.iterator(chunk_size=2000):
        key = address_of(postcode, number, addition)
        if key in out:
            out[key].append(Candidate(hh, res, first, last, born, key[0], number, key[2]))
    return out
