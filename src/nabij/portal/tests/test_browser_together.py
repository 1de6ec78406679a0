"""Living together in Mijn Nabij in Chromium, at 320, 390 and 1366 px: Ons netwerk, Buurthulp and
Berichten fit a phone (nothing wider than the screen), and a member adds someone to the
network, says yes to a proposal and writes to the coach by clicking."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nabij.conversations import services as conversations
from nabij.conversations.models import Message
from nabij.matching import services as matching
from nabij.matching.models import ProposalParty
from nabij.matching.tests.conftest import actor_of, register
from nabij.people import services as people
from nabij.people.models import NetworkMember
from nabij.portal.tests.together import add_partner, give_authority, make_child
from nabij.tests.browser import (  # noqa: F401
    assert_accessible,
    browser_page,
    resident_log_in,
    screenshot,
)

WIDTHS = (320, 390, 1366)
PAGES = {
    "home": "/mijn/",
    "network": "/mijn/netwerk/",
    "network-add": "/mijn/netwerk/nieuw/",
    "neighbourhood-help": "/mijn/buurthulp/",
    "messages": "/mijn/berichten/",
}


def sign_in(page, resident) -> None:
    """Through the DigiD demo, as a resident does."""
    base = page.url.split("/mijn/")[0] if "/mijn/" in page.url else ""
    if not base:
        page.goto("/mijn/inloggen/")
        base = page.url.split("/mijn/")[0]
    page.context.clear_cookies()
    resident_log_in(page, base, resident.bsn)


def setting(world):
    make_child(world, years=4)
    give_authority(world.resident)
    partner, _user = add_partner(world)
    people.network_member_add(
        household=world.household,
        name="Samira El Amrani",
        relation="family",
        relation_detail="tante",
        can_do="meegaan naar bezichtigingen, oppassen op Noor",
        household_view="Mijn tante is er altijd voor me, ook als het moeilijk gaat.",
    )
    people.network_member_add(
        household=world.household,
        name="Amal",
        relation="friend",
        can_do="luisteren",
        private_to=world.resident,
    )
    from nabij.access.gate import Actor

    coach = Actor(user=world.assigned.user, professional=world.assigned)
    conversations.message_from_professional(
        actor=coach,
        household=world.household,
        resident_id=world.resident.pk,
        body="Hoi Karima, de aanvraag voor urgentie is verstuurd. Binnen zes weken hoor ik iets.",
    )
    from nabij.matching.models import Skill
    from nabij.matching.services import OwnChoices, own_register

    skills = {s.code: s.pk for s in Skill.objects.all()}
    own_register(
        actor=Actor(user=world.resident_user, professional=None, resident=world.resident),
        household=world.household,
        choices=OwnChoices(
            offers=[skills["koken"]], needs={skills["administratie"]: 3}, languages=["nl"]
        ),
        consent_given=True,
    )
    register(
        world.broker,
        "Jesse",
        "Postma",
        world.household.neighbourhood,
        offers=("administratie",),
        needs=(("koken", 2),),
    )
    matching.run_matching(actor=actor_of(world.broker))
    return partner


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
def test_the_pages_fit_a_phone_and_work_by_clicking(browser_page, world):  # noqa: F811
    page = browser_page
    partner = setting(world)
    sign_in(page, world.resident)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in PAGES.items():
            page.goto(url)
            assert page.locator("h1").count() == 1, f"{name} at {width}px"
            assert fits(page), f"{name} is wider than {width}px"
            assert_accessible(page, f"{name} at {width}px")
            screenshot(page, f"together-{name}-{width}")
    page.set_viewport_size({"width": 320, "height": 800})

    # Add someone to the network, kept for herself.
    page.goto(PAGES["network-add"])
    page.get_by_label("Naam").fill("Lotte Bosma")
    page.get_by_label("Wie is het?").select_option("friend")
    page.get_by_label("Waarmee kan deze persoon helpen?").fill("oppassen op schooldagen")
    page.get_by_label("Alleen voor mij").check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/mijn/netwerk/")
    assert "Lotte Bosma" in page.locator("main").inner_text()
    assert NetworkMember.objects.get(name="Lotte Bosma").private_to_id == world.resident.pk

    # Say yes to the broker's proposal.
    page.goto(PAGES["neighbourhood-help"])
    page.get_by_role("button", name="Ja, dat wil ik").click()
    page.wait_for_url("**/mijn/buurthulp/")
    party = ProposalParty.objects.get(participant__resident=world.resident)
    assert (party.response, party.answered_via) == ("agreed", "mijn_nabij")
    screenshot(page, "together-neighbourhood-help-answered-320")

    # Write to the coach.
    page.goto(PAGES["messages"])
    page.get_by_role("textbox", name="Uw bericht").fill(
        "Dank je! Bel me na drie uur, dan is Noor wakker."
    )
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/mijn/berichten/")
    assert Message.objects.filter(author_kind="resident").count() == 1
    assert "Bel me na drie uur" in page.locator("main").inner_text()
    assert fits(page)

    # Her partner: his own door, without what she keeps for herself; he can take part himself.
    sign_in(page, partner)
    page.goto(PAGES["network"])
    text = page.locator("main").inner_text()
    assert "Samira" in text and "Amal" not in text and "Lotte" not in text
    page.goto(PAGES["home"])
    assert "Noor" not in page.locator("main").inner_text()  # no parental authority
    page.goto(PAGES["neighbourhood-help"])
    assert "Ik wil meedoen" in page.locator("main").inner_text()
    assert fits(page)
    assert_accessible(page, "neighbourhood help, registering, at 320px")
    screenshot(page, "together-neighbourhood-register-320")
    page.get_by_role("button", name="Meedoen").click()  # nothing ticked: told plainly
    assert "Zet een vinkje" in page.locator("main").inner_text()
    assert_accessible(page, "neighbourhood help with errors at 320px")


@pytest.mark.browser
def test_the_coach_answers_on_the_dossier(browser_page, world):  # noqa: F811
    from nabij.tests.browser import log_in

    page = browser_page
    from nabij.access.gate import Actor

    conversations.message_from_resident(
        actor=Actor(user=world.resident_user, professional=None, resident=world.resident),
        household=world.household,
        body="Kunnen we een keer met z'n tweeën praten?",
        private=True,
    )
    log_in(page, "assigned", "correct-horse-battery")
    page.goto(reverse("people:household_detail", args=[world.household.pk]))
    page.get_by_role("link", name="Berichten lezen en beantwoorden").click()
    assert "alleen voor Karima" in page.locator("main").inner_text()
    assert_accessible(page, "the dossier's messages")
    screenshot(page, "together-dossier-messages-1366")
    page.get_by_label("Bericht aan Karima").fill("Ja, donderdag om tien uur?")
    page.get_by_label("Alleen voor Karima: de andere leden zien het niet").check()
    page.get_by_role("button", name="Versturen aan Karima").click()
    page.wait_for_url("**/berichten/")
    answer = Message.objects.get(author_kind="professional")
    assert (answer.private, answer.thread.resident_id) == (True, world.resident.pk)
