"""The register side of linking: current members of households at given addresses, read in one
query. Called by the import and the decision page, which have been through the gate.

Every addition at the postcode and house number is read for an address: creditors write the
addition as "A", "a", "-a", "1" or leave it out, so the linker weighs it
(``linking.addition_weight``) rather than the query filtering on it. A different house number
is a different address."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from nabij.people.models import Membership
from nabij.signals.linking import Address, Candidate, address_of


def candidates_at(addresses: Iterable[Address]) -> dict[Address, list[Candidate]]:
    """Current members of the households at each address (any addition at its postcode and
    house number), keyed by the address as asked. One query for all addresses."""
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
    by_number: dict[tuple[str, int], list[Address]] = {}
    for address in wanted:
        by_number.setdefault(address[:2], []).append(address)
    for hh, res, first, last, born, postcode, number, addition in rows.iterator(chunk_size=2000):
        key = address_of(postcode, number, addition)
        for asked in by_number.get(key[:2], ()):
            out[asked].append(Candidate(hh, res, first, last, born, key[0], number, key[2]))
    return out
