"""The demo's Gladys: a long access log by several professionals over months (with a refused
attempt by an outsider), parental authority over her children, and an open correction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nabij.access.models import AccessLogEntry, Assignment
from nabij.demo.residents_rights import residents_rights_load
from nabij.portal.models import CorrectionRequest, one_month_after
from nabij.portal.tests.conftest import signed_in, years_ago
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def test_gladys_gets_months_of_reads_a_refusal_and_an_open_correction(world):
    today = timezone.localdate()
    h = world.household
    Assignment.objects.filter(household=h).update(started_on=today - dt.timedelta(days=300))
    for name in ("debt", "youth", "school"):
        pro = f.ProfessionalFactory(user__username=f"pro-{name}", team=world.assigned.team)
        f.AssignmentFactory(
            household=h,
            professional=pro,
            kind="involved",
            started_on=today - dt.timedelta(days=300),
        )
    world.child.date_of_birth = years_ago(10)
    world.child.save(update_fields=["date_of_birth"])
    residents_rights_load({"gladys": h}, today)

    rows = AccessLogEntry.objects.filter(household_id=h.pk)
    granted = rows.filter(outcome="granted")
    assert granted.count() > 500
    assert granted.values("user_id").distinct().count() >= 5  # four professionals and the lead
    first = min(granted.values_list("occurred_at", flat=True))
    assert (timezone.now() - first).days > 200
    assert max(rows.values_list("occurred_at", flat=True)) <= timezone.now()
    refused = rows.filter(outcome="refused")
    assert set(refused.values_list("username", flat=True)) == {
        world.other_professional.user.username
    }

    assert world.resident.memberships.get().parental_authority is True
    request = CorrectionRequest.objects.get(household=h)
    assert request.status == "open" and request.resident == world.resident
    assert request.due_on == one_month_after(today - dt.timedelta(days=12))

    body = signed_in(world.resident_user).get("/api/v1/me/access-log").json()
    assert len(body["lines"]) == 40 and body["next_cursor"]
    assert any(line["about"] == ["u", "Noor"] for line in body["lines"])
