"""The broker's pages through the test client: what they show, what they refuse, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nabij.access.models import AccessLogEntry
from nabij.jobs.models import Job
from nabij.jobs.services import jobs_run_waiting
from nabij.matching import services
from nabij.matching.models import Notice, Participant, Proposal, Skill
from nabij.matching.tests.conftest import actor_of, willem_and_jesse

pytestmark = pytest.mark.django_db


def profile_post(town, **extra):
    data = {
        "first_name": "Willem",
        "last_name": "Hiemstra",
        "neighbourhood": town.schieringen.pk,
        "phone": "06 11112222",
        "languages": ["nl", "fy"],
        "reach": "radius",
        "radius_km": "2,0",
        "capacity": "1",
        "consent": "on",
        "consent_by": "orally",
    }
    administratie = Skill.objects.get(code="administratie").pk
    tuin = Skill.objects.get(code="tuin").pk
    data.update({f"offer_{administratie}": "on", f"offer_hours_{administratie}": "3"})
    data.update({f"need_{tuin}": "on", f"need_urgency_{tuin}": "3", f"need_hours_{tuin}": "2"})
    data.update(extra)
    return data


def test_a_broker_registers_someone_with_the_form(world, town, login):
    client = login(world.broker)
    response = client.post(reverse("matching:participant_new"), profile_post(town))
    willem = Participant.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("matching:participant", args=[willem.pk])
    assert willem.languages == ["fy", "nl"] and willem.registered_by == world.broker.user
    assert [n.skill.code for n in willem.needs.all()] == ["tuin"]
    page = client.get(response.url).content.decode()
    assert "Willem Hiemstra" in page and "Administratie en geldzaken" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consent": ""}, "toestemming"),
        ({"capacity": "0"}, "pauze"),
        ({"radius_km": "0,1"}, "0,5"),
        ({"radius_km": "veel"}, "getal"),
        ({"languages": []}, "taal"),
        ({"neighbourhood": "999999"}, "keuze"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(world, town, login, change, message):
    client = login(world.broker)
    response = client.post(reverse("matching:participant_new"), profile_post(town, **change))
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not Participant.objects.exists()


def test_offering_and_asking_the_same_is_refused_with_its_name(world, town, login):
    tuin = Skill.objects.get(code="tuin").pk
    client = login(world.broker)
    response = client.post(
        reverse("matching:participant_new"),
        profile_post(town, **{f"offer_{tuin}": "on"}),
    )
    assert response.status_code == 400
    assert "Tuin" in response.content.decode()
    assert not Participant.objects.exists()


def test_a_duplicate_shows_a_link_to_the_existing_profile(world, town, login):
    client = login(world.broker)
    client.post(reverse("matching:participant_new"), profile_post(town))
    response = client.post(reverse("matching:participant_new"), profile_post(town, phone=""))
    existing = Participant.objects.get()
    body = response.content.decode()
    assert response.status_code == 400
    assert reverse("matching:participant", args=[existing.pk]) in body
    assert 'name="not_a_duplicate"' in body
    response = client.post(
        reverse("matching:participant_new"), profile_post(town, phone="", not_a_duplicate="on")
    )
    assert response.status_code == 302 and Participant.objects.count() == 2


def test_a_stale_edit_keeps_the_input_and_says_so(world, town, login):
    client = login(world.broker)
    client.post(reverse("matching:participant_new"), profile_post(town))
    willem = Participant.objects.get()
    url = reverse("matching:participant_edit", args=[willem.pk])
    assert client.post(url, profile_post(town, version="1", note="eerste")).status_code == 302
    response = client.post(url, profile_post(town, version="1", note="mijn tekst"))
    assert response.status_code == 409
    assert "mijn tekst" in response.content.decode()
    willem.refresh_from_db()
    assert willem.note == "eerste"


def test_overview_shows_open_needs_map_and_results(world, town, login):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    client = login(world.broker)
    page = client.get(reverse("matching:overview")).content.decode()
    assert "Willem Hiemstra" in page and "Tuin" in page
    assert 'id="needs-map-title"' in page and 'id="offers-map-title"' in page
    logged = set(
        AccessLogEntry.objects.filter(event="matching.overview").values_list(
            "participant_id", flat=True
        )
    )
    assert logged == {willem.pk, jesse.pk}
    # per district
    page = client.get(reverse("matching:overview") + f"?gebied={town.far_district.pk}")
    assert "Willem Hiemstra" not in page.content.decode()


def test_run_page_proposes_and_the_proposal_page_walks_the_workflow(world, town, login):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    client = login(world.broker)
    response = client.post(
        reverse("matching:run_new"), {"max_cycle": 3, "max_chain": 3, "time_limit": 5}
    )
    assert response.status_code == 302
    job = Job.objects.get()
    assert response.url == reverse("jobs:job", args=[job.pk])
    waiting = client.get(response.url).content.decode()
    assert "<progress" in waiting and 'http-equiv="refresh"' in waiting
    assert not Proposal.objects.exists(), "the page solved inside the request"
    # the same request again while the job waits: the same job
    again = client.post(
        reverse("matching:run_new"), {"max_cycle": 3, "max_chain": 3, "time_limit": 5}
    )
    assert again.url == response.url and Job.objects.count() == 1
    assert jobs_run_waiting() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.reason
    done = client.get(response.url).content.decode()
    assert "<progress" not in done
    run_url = reverse("matching:run", args=[job.summary["run_id"]])
    assert job.result_url == run_url and run_url in done
    run_page = client.get(run_url).content.decode()
    proposal = Proposal.objects.get()
    assert reverse("matching:proposal", args=[proposal.pk]) in run_page
    url = reverse("matching:proposal", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert "06 11112222" not in page, "contact details before everyone agreed"
    for who in (willem, jesse):
        proposal.refresh_from_db()
        response = client.post(
            reverse("matching:respond", args=[proposal.pk]),
            {"version": proposal.version, "participant": who.pk, "answer": "agree"},
        )
        assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "06 11112222" in page and "06 33334444" in page
    proposal.refresh_from_db()
    stale = client.post(
        reverse("matching:introduce", args=[proposal.pk]),
        {"version": proposal.version - 1, "follow_up_on": "2099-01-01"},
    )
    assert stale.status_code == 409
    follow_up = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    response = client.post(
        reverse("matching:introduce", args=[proposal.pk]),
        {"version": proposal.version, "follow_up_on": follow_up},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.INTRODUCED
    response = client.post(
        reverse("matching:end", args=[proposal.pk]),
        {
            "version": proposal.version,
            f"rating_{willem.pk}": "good",
            f"hours_{willem.pk}": "10",
            f"rating_{jesse.pk}": "no_answer",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ENDED
    overview = client.get(reverse("matching:overview")).content.decode()
    assert "10" in overview


def test_a_decline_without_reason_is_refused_on_the_page(world, town, login):
    _willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    services.run_matching(actor=actor_of(world.broker))
    proposal = Proposal.objects.get()
    client = login(world.broker)
    response = client.post(
        reverse("matching:respond", args=[proposal.pk]),
        {"version": proposal.version, "participant": jesse.pk, "answer": "decline"},
    )
    assert response.status_code == 400
    assert "waarom" in response.content.decode().lower()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_consent_withdrawal_page_and_the_neutral_notice(world, town, login):
    willem, jesse = willem_and_jesse(world.broker, town.schieringen)
    services.run_matching(actor=actor_of(world.broker))
    client = login(world.broker)
    url = reverse("matching:consent_withdraw", args=[jesse.pk])
    assert "1" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    overview = client.get(reverse("matching:overview")).content.decode()
    notices = overview[overview.index('id="notices-heading"') : overview.index("answer-heading")]
    assert "Willem Hiemstra" in notices and "Jesse" not in notices
    notice = Notice.objects.get()
    assert client.post(reverse("matching:notice_told", args=[notice.pk])).status_code == 302
    notice.refresh_from_db()
    assert notice.told_by == world.broker.user
    assert willem.pk == notice.participant_id


@pytest.mark.parametrize(
    "data",
    [
        {"max_cycle": "9", "max_chain": "3", "time_limit": "5"},
        {"max_cycle": "x", "max_chain": "3", "time_limit": "5"},
        {"max_cycle": "3", "max_chain": "3", "time_limit": "3601"},
        {"max_cycle": "3", "max_chain": "3", "time_limit": "0"},
        {"max_cycle": "3", "max_chain": "3", "time_limit": "5", "district": "abc"},
    ],
)
def test_bad_run_settings_are_refused(world, login, data):
    response = login(world.broker).post(reverse("matching:run_new"), data)
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_a_run_may_take_longer_than_a_request(world, login):
    """The page's run is a job: a broker may give a city-wide run up to an hour."""
    response = login(world.broker).post(
        reverse("matching:run_new"), {"max_cycle": "3", "max_chain": "3", "time_limit": "1800"}
    )
    assert response.status_code == 302
    assert Job.objects.get().params["time_limit"] == 1800


def test_junk_posts_never_give_a_server_error(world, town, login):
    willem, _jesse = willem_and_jesse(world.broker, town.schieringen)
    services.run_matching(actor=actor_of(world.broker))
    proposal = Proposal.objects.get()
    client = login(world.broker)
    junk = [
        {},
        {"version": "x"},
        {"version": "1", "participant": "abc", "answer": "maybe"},
        {"version": "1", "participant": "999999", "answer": "agree"},
    ]
    for name in ("respond", "introduce", "follow_up", "end", "withdraw"):
        for data in junk:
            status = client.post(reverse(f"matching:{name}", args=[proposal.pk]), data).status_code
            assert status in (302, 400, 409), (name, data, status)
    assert (
        client.post(reverse("matching:participant_pause", args=[willem.pk]), {}).status_code == 302
    )
    assert client.get(reverse("matching:proposal", args=[999999])).status_code == 404
    assert client.get(reverse("matching:participant", args=[999999])).status_code == 404
    assert client.post(reverse("matching:block_lift", args=[999999]), {}).status_code == 404


def test_a_districts_map_shows_only_its_neighbourhoods(world, town, login):
    willem_and_jesse(world.broker, town.schieringen)
    client = login(world.broker)
    whole = client.get(reverse("matching:overview")).content.decode()
    one = client.get(reverse("matching:overview") + f"?gebied={town.district.pk}").content.decode()
    assert f'data-code="{town.far.code}"' in whole
    assert f'data-code="{town.far.code}"' not in one
    assert f'data-code="{town.schieringen.code}"' in one
