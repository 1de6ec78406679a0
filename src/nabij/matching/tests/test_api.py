"""The register through the API: the broker's whole path, validation, versions, and every
endpoint by every role."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.access.services import api_token_create
from nabij.matching.models import Participant, Proposal
from nabij.matching.tests.conftest import register
from nabij.matching.tests.helpers import sample_register
from nabij.tests.openapi import assert_matches_schema
from nabij.tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db


def api_for(professional) -> Client:
    token = api_token_create(user=professional.user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(api: Client, url: str, body: dict):
    return api.post(url, json.dumps(body, default=str), content_type="application/json")


def person(town, first: str, offers: list, needs: list, **extra) -> dict:
    return {
        "first_name": first,
        "last_name": "Postma" if first == "Jesse" else "Hiemstra",
        "neighbourhood_code": town.schieringen.code,
        "languages": ["nl"],
        "offers": [{"skill": s} for s in offers],
        "needs": [{"skill": s, "urgency": 3} for s in needs],
        "consent": True,
        "consent_by": "orally",
        **extra,
    }


def test_the_brokers_path_through_the_api(world, town):
    api = api_for(world.broker)
    response = post(
        api,
        "/api/v1/matching/participants",
        person(town, "Willem", ["administratie"], ["tuin"], phone="06 1"),
    )
    assert response.status_code == 201, response.content
    assert_matches_schema(response, "post", "/api/v1/matching/participants")
    willem = response.json()
    jesse = post(
        api,
        "/api/v1/matching/participants",
        person(town, "Jesse", ["tuin"], ["administratie"], phone="06 2"),
    ).json()
    response = post(api, "/api/v1/matching/runs", {"max_cycle": 3, "max_chain": 2})
    assert response.status_code == 201
    assert_matches_schema(response, "post", "/api/v1/matching/runs")
    (proposal_id,) = response.json()["proposal_ids"]
    url = f"/api/v1/matching/proposals/{proposal_id}"
    proposal = api.get(url).json()
    assert proposal["kind"] == "swap"
    assert {p["phone"] for p in proposal["parties"]} == {None}  # not before everyone agrees
    assert {(g["giver_id"], g["receiver_id"]) for g in proposal["gifts"]} == {
        (willem["id"], jesse["id"]),
        (jesse["id"], willem["id"]),
    }
    for who in (willem, jesse):
        response = post(
            api,
            url + "/responses",
            {
                "version": proposal["version"],
                "participant_id": who["id"],
                "agrees": True,
            },
        )
        assert response.status_code == 200, response.content
        proposal = response.json()
    assert proposal["status"] == "agreed"
    assert {p["phone"] for p in proposal["parties"]} == {"06 1", "06 2"}
    stale = post(api, url + "/introduction", {"version": 1, "follow_up_on": "2099-01-01"})
    assert stale.status_code == 409
    follow_up = timezone.localdate() + dt.timedelta(days=14)
    proposal = post(
        api, url + "/introduction", {"version": proposal["version"], "follow_up_on": follow_up}
    ).json()
    assert proposal["status"] == "introduced"
    response = post(
        api,
        url + "/end",
        {
            "version": proposal["version"],
            "feedback": [
                {"participant_id": willem["id"], "rating": "good", "hours": "8"},
                {"participant_id": jesse["id"], "rating": "mixed"},
            ],
        },
    )
    assert response.status_code == 200 and response.json()["status"] == "ended"
    assert_matches_schema(response, "post", "/api/v1/matching/proposals/{proposal_id}/end")


@pytest.mark.parametrize(
    "change",
    [
        {"consent": False},
        {"consent_by": "team"},
        {"capacity": 0},
        {"radius_km": "0.1"},
        {"languages": []},
        {"neighbourhood_code": "BU99999999"},
        {"offers": [{"skill": "vliegen"}]},
        {"needs": [{"skill": "tuin", "urgency": 9}]},
        {"offers": [{"skill": "tuin"}], "needs": [{"skill": "tuin"}]},
        {"colour": "blue"},
    ],
)
def test_bad_registrations_are_422_with_a_message_and_write_nothing(world, town, change):
    response = post(
        api_for(world.broker),
        "/api/v1/matching/participants",
        {**person(town, "Willem", ["administratie"], []), **change},
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["message"]
    assert not Participant.objects.exists()


def test_a_duplicate_is_refused_until_said_otherwise(world, town):
    api = api_for(world.broker)
    body = person(town, "Willem", ["administratie"], [])
    assert post(api, "/api/v1/matching/participants", body).status_code == 201
    again = post(api, "/api/v1/matching/participants", body)
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "not_a_duplicate"
    other = post(api, "/api/v1/matching/participants", {**body, "not_a_duplicate": True})
    assert other.status_code == 201


def test_a_stale_profile_update_is_409(world, town):
    api = api_for(world.broker)
    willem = post(
        api, "/api/v1/matching/participants", person(town, "Willem", ["administratie"], [])
    ).json()
    body = {
        k: v
        for k, v in person(town, "Willem", ["tuin"], []).items()
        if k not in ("consent", "consent_by")
    }
    url = f"/api/v1/matching/participants/{willem['id']}"
    assert (
        api.put(
            url, json.dumps({**body, "version": 1}), content_type="application/json"
        ).status_code
        == 200
    )
    stale = api.put(
        url, json.dumps({**body, "version": 1, "note": "x"}), content_type="application/json"
    )
    assert stale.status_code == 409
    assert Participant.objects.get().note == ""


def endpoints(ids: dict[str, int]) -> list[tuple[str, str, dict | None]]:
    """Every endpoint with a well-formed body, so that only the right to act decides."""
    p, r, x = ids["participant_id"], ids["run_id"], ids["proposal_id"]
    profile = {
        "first_name": "Ada",
        "last_name": "Bos",
        "neighbourhood_code": "BU00000000",
        "languages": ["nl"],
        "offers": [{"skill": "koken"}],
    }
    return [
        ("get", "/api/v1/matching/participants", None),
        ("get", f"/api/v1/matching/participants/{p}", None),
        ("put", f"/api/v1/matching/participants/{p}", {**profile, "version": 1}),
        ("post", f"/api/v1/matching/participants/{p}/withdraw-consent", None),
        (
            "post",
            "/api/v1/matching/participants",
            {**profile, "consent": True, "consent_by": "orally"},
        ),
        ("post", "/api/v1/matching/runs", {"max_cycle": 2}),
        ("get", f"/api/v1/matching/runs/{r}", None),
        ("get", "/api/v1/matching/proposals", None),
        ("get", f"/api/v1/matching/proposals/{x}", None),
        (
            "post",
            f"/api/v1/matching/proposals/{x}/responses",
            {"version": 1, "participant_id": p, "agrees": True},
        ),
        (
            "post",
            f"/api/v1/matching/proposals/{x}/introduction",
            {"version": 1, "follow_up_on": "2099-01-01"},
        ),
        ("post", f"/api/v1/matching/proposals/{x}/follow-up", {"version": 1, "note": "x"}),
        ("post", f"/api/v1/matching/proposals/{x}/end", {"version": 1, "feedback": []}),
        ("post", f"/api/v1/matching/proposals/{x}/withdrawal", {"version": 1}),
    ]


# A referrer gets no API token at all (referrals/tests/test_views.py: test_referrers_get_no_token).
@pytest.mark.parametrize("who", [r for r in ROLES if r not in ("broker", "referrer")])
def test_only_the_broker_uses_the_register(world, who):
    ids = sample_register(world)
    api = api_for(world.by_key(who))
    username = world.by_key(who).user.username
    before = (
        list(Participant.objects.values_list("status", "version")),
        list(Proposal.objects.values_list("status", "version")),
    )
    for method, url, body in endpoints(ids):
        refused = AccessLogEntry.objects.filter(username=username, outcome="refused").count()
        kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
        response = getattr(api, method)(url, **kwargs)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        assert AccessLogEntry.objects.filter(username=username, outcome="refused").count() > (
            refused
        ), (method, url)
    assert before == (
        list(Participant.objects.values_list("status", "version")),
        list(Proposal.objects.values_list("status", "version")),
    )


def test_the_broker_reaches_every_endpoint(world):
    ids = sample_register(world)
    api = api_for(world.broker)
    for method, url, body in endpoints(ids):
        kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
        status = getattr(api, method)(url, **kwargs).status_code
        assert status in (200, 201, 409, 422), (method, url, status)


def test_a_team_member_reads_only_their_own_residents_profile(world, town):
    karima = register(
        world.assigned,
        "Karima",
        "El Amrani",
        town.heechterp,
        offers=("koken",),
        resident=world.resident,
    )
    url = f"/api/v1/matching/participants/{karima.pk}"
    response = api_for(world.assigned).get(url)
    assert response.status_code == 200
    assert_matches_schema(response, "get", "/api/v1/matching/participants/{participant_id}")
    assert api_for(world.other_professional).get(url).status_code == 404
    body = {
        "version": 1,
        "first_name": "K",
        "last_name": "E",
        "languages": ["nl"],
        "neighbourhood_code": town.heechterp.code,
        "offers": [{"skill": "tuin"}],
    }
    changed = api_for(world.assigned).put(url, json.dumps(body), content_type="application/json")
    assert changed.status_code == 403  # only the broker changes a profile
    row = AccessLogEntry.objects.filter(username="assigned", event="matching.profile.view").get()
    assert (row.participant_id, row.resident_id, row.channel) == (
        karima.pk,
        world.resident.pk,
        "api",
    )


@pytest.mark.parametrize(
    "change",
    [
        {"gender": "x"},
        {"prefers_gender": "child"},
        {"email": "not-an-address"},
        {"phone": "1" * 31},
        {"reach": "everywhere"},
    ],
)
def test_every_profile_field_is_checked(world, town, change):
    response = post(
        api_for(world.broker),
        "/api/v1/matching/participants",
        {**person(town, "Willem", ["administratie"], []), **change},
    )
    assert response.status_code == 422, response.content
    assert not Participant.objects.exists()
