"""Shared set-up: a breakthrough of Karima's household (``world.household``), a rule."""

from __future__ import annotations

from nabij.access.gate import Actor
from nabij.access.models import Professional
from nabij.funds.tests.helpers import breakthrough_for
from nabij.practices import services
from nabij.practices.models import PracticeStory

TEXT = "Een man had geen geldig paspoort. Het team betaalde de leges voor, hij kookt 40 uur."


def actor_of(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional)


def a_rule(name="Geen voorschot zonder identiteitsbewijs", owner_name="Rijksoverheid"):
    from nabij.access.models import Organisation
    from nabij.learning.models import Rule

    owner, _ = Organisation.objects.get_or_create(name=owner_name)
    return Rule.objects.create(
        name=name, kind=Rule.Kind.LAW, reference="art. 17", owner=owner, description=name
    )


def data(**kw) -> services.StoryData:
    base = {
        "title": "Een paspoort",
        "text": TEXT,
        "outcome": "solved",
        "domains": ["financien"],
        "cost_before_cents": 1_000_000,
        "cost_after_cents": 40_000,
    }
    base.update(kw)
    return services.StoryData(**base)


def drafted(world, **kw) -> PracticeStory:
    bt = breakthrough_for(world.household, world.coordinator)
    return services.draft_create(actor=actor_of(world.assigned), data=data(**kw), breakthrough=bt)


def published(world, **kw) -> PracticeStory:
    story = services.draft_create(actor=actor_of(world.assigned), data=data(**kw))
    services.publish(actor=actor_of(world.assigned), story=story, expected_version=story.version)
    story.refresh_from_db()
    return story
