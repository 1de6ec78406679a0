"""Every personal-data page and endpoint by every role: only assigned professionals and the
household's own team coordinator get in; every refusal and every granted read is logged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create

ALLOWED = {"assigned", "coordinator"}
ROLES = [
    "assigned",
    "colleague",
    "coordinator",
    "other_coordinator",
    "other_professional",
    "broker",
    "analyst",
    "administrator",
    "referrer",  # a partner's referrer: never a case file (and no API token at all)
]
TOKEN_ROLES = [r for r in ROLES if r != "referrer"]


def page_urls(w) -> dict[str, str]:
    h, r = w.household.pk, w.resident.pk
    return {
        "dossier": reverse("people:household_detail", args=[h]),
        "member form": reverse("people:member_add", args=[h]),
        "network form": reverse("people:network_add", args=[h]),
        "resident": reverse("people:resident_detail", args=[r]),
        "resident bsn": reverse("people:resident_detail", args=[r]) + "?bsn=1",
        "access log": reverse("people:access_log", args=[r]),
        "plan editor": reverse("plans:plan_edit", args=[h]),
        "breakthrough form": reverse("plans:breakthrough_create", args=[h]),
        "threat form": reverse("plans:threat_add", args=[h]),
        "assessment form": reverse("assessment:assessment_create", args=[r]),
        "assessment list": reverse("assessment:assessment_list", args=[r]),
        "priority form": reverse("assessment:priority_create", args=[h]),
    }


def api_urls(w) -> dict[str, str]:
    h, r = w.household.pk, w.resident.pk
    return {
        "household": f"/api/v1/households/{h}",
        "network": f"/api/v1/households/{h}/network",
        "plan": f"/api/v1/households/{h}/plan",
        "threats": f"/api/v1/households/{h}/threats",
        "assignments": f"/api/v1/households/{h}/assignments",
        "priorities": f"/api/v1/households/{h}/priorities",
        "resident": f"/api/v1/residents/{r}",
        "access log": f"/api/v1/residents/{r}/access-log",
        "assessments": f"/api/v1/residents/{r}/assessments",
    }


def post_pages(w) -> dict[str, tuple[str, dict]]:
    """Writes: a refused actor must be stopped before any validation happens."""
    h = w.household.pk
    return {
        "goal add": (
            reverse("plans:goal_add", args=[h]),
            {"goal-version": 1, "goal-text": "x", "goal-author": "professional"},
        ),
        "threat add": (
            reverse("plans:threat_add", args=[h]),
            {"kind": "eviction", "deadline": "2027-01-01"},
        ),
        # goal add above made it version 2
        "plan kind": (reverse("plans:plan_kind", args=[h]), {"version": 2, "kind": "standard"}),
    }


def refused_rows(username: str) -> int:
    return AccessLogEntry.objects.filter(username=username, outcome="refused").count()


def granted_rows(username: str, resident_ids: set[int]) -> int:
    return AccessLogEntry.objects.filter(
        username=username, outcome="granted", resident_id__in=resident_ids
    ).count()


def check(world, who: str, fetch: Callable[[], int], allowed: set[str] = ALLOWED) -> None:
    professional = world.by_key(who)
    username = professional.user.username
    residents = {world.resident.pk, world.child.pk}
    refused_before = refused_rows(username)
    granted_before = granted_rows(username, residents)
    status = fetch()
    if who in allowed:
        assert status in (200, 201, 302), status
        assert granted_rows(username, residents) > granted_before, "granted read not logged"
    else:
        # a household the actor may not see answers as an unknown one (404); a visible one's
        # forbidden action is a 403
        assert status == (403 if who in ALLOWED else 404), status
        assert refused_rows(username) > refused_before, "refusal not logged"
        assert granted_rows(username, residents) == granted_before, "refused actor got a grant"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_pages(world, client, who):
    client.force_login(world.by_key(who).user)
    for name, url in page_urls(world).items():
        try:
            check(world, who, lambda url=url: client.get(url).status_code)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({url}) as {who}: {exc}") from exc


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_assignment_page_is_for_the_team_coordinator(world, client, who):
    client.force_login(world.by_key(who).user)
    url = reverse("plans:assignment_add", args=[world.household.pk])
    check(world, who, lambda: client.get(url).status_code, allowed={"coordinator"})


@pytest.mark.django_db
@pytest.mark.parametrize("who", ROLES)
def test_page_writes(world, client, who):
    client.force_login(world.by_key(who).user)
    for name, (url, data) in post_pages(world).items():
        try:
            check(world, who, lambda url=url, data=data: client.post(url, data).status_code)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({url}) as {who}: {exc}") from exc


@pytest.mark.django_db
@pytest.mark.parametrize("who", TOKEN_ROLES)
def test_api(world, who):
    token = api_token_create(user=world.by_key(who).user, name="matrix")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for name, url in api_urls(world).items():
        try:
            check(world, who, lambda url=url: api.get(url).status_code)
        except AssertionError as exc:
            raise AssertionError(f"{name} ({url}) as {who}: {exc}") from exc


@pytest.mark.django_db
def test_refused_rows_carry_nen7513_fields(world, client):
    client.force_login(world.broker.user)
    client.get(reverse("people:household_detail", args=[world.household.pk]))
    row = AccessLogEntry.objects.filter(username="broker").latest("id")
    assert row.event == "dossier.view"
    assert row.outcome == "refused"
    assert row.role == "social_broker"
    assert row.resident_id in {world.resident.pk, world.child.pk}
    assert row.household_id == world.household.pk
    assert row.purpose
    assert row.occurred_at is not None
    assert row.client_address == "127.0.0.1"


@pytest.mark.django_db
def test_free_text_on_behalf_of_never_reaches_the_log(world):
    """The header names a recorded request by number; text is refused (see
    test_attack_gate.TestOnBehalfOf for the register itself)."""
    token = api_token_create(user=world.assigned.user, name="t")
    response = Client(
        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_ON_BEHALF_OF="wijkteam-loket"
    ).get(f"/api/v1/households/{world.household.pk}")
    assert response.status_code == 422
    assert not AccessLogEntry.objects.filter(on_behalf_of__contains="loket").exists()


@pytest.mark.django_db
def test_caseload_lists_only_allowed_households(world, client):
    for who, expected in [
        ("assigned", {"Huishouden El Amrani"}),
        ("coordinator", {"Huishouden El Amrani"}),
        ("other_coordinator", {"Huishouden De Vries"}),
        ("colleague", set()),
    ]:
        client.force_login(world.by_key(who).user)
        html = client.get(reverse("people:caseload")).content.decode()
        shown = {n for n in ("Huishouden El Amrani", "Huishouden De Vries") if n in html}
        assert shown == expected, who
    for who in ("broker", "analyst", "administrator"):
        client.force_login(world.by_key(who).user)
        assert client.get(reverse("people:caseload")).status_code == 403


@pytest.mark.django_db
def test_caseload_logs_each_listed_member(world, client):
    client.force_login(world.assigned.user)
    client.get(reverse("people:caseload"))
    logged = set(
        AccessLogEntry.objects.filter(event="caseload.list", username="assigned").values_list(
            "resident_id", flat=True
        )
    )
    assert logged == {world.resident.pk, world.child.pk}


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(world, client):
    for url in page_urls(world).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("core:login"))


@pytest.mark.django_db
def test_access_log_is_append_only(world):
    from nabij.access.gate import Actor, log

    log(
        Actor(user=world.assigned.user, professional=world.assigned),
        event="t",
        outcome="granted",
        purpose="care",
    )
    entry = AccessLogEntry.objects.latest("id")
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.update(event="x")
