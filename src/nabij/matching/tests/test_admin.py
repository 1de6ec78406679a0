"""The skills taxonomy is editable data; profiles and proposals never appear in the admin."""

from __future__ import annotations

import pytest
from django.contrib import admin

from nabij.matching.models import (
    BlockedPair,
    Gift,
    Need,
    Notice,
    Offer,
    Participant,
    Proposal,
    Skill,
)
from nabij.matching.tests.conftest import register


def test_no_profiles_in_the_admin():
    registered = set(admin.site._registry)
    for model in (Participant, Offer, Need, Proposal, Gift, BlockedPair, Notice):
        assert model not in registered, model
    assert Skill in registered


@pytest.mark.django_db
def test_the_administrator_edits_the_taxonomy_but_cannot_delete_a_skill_in_use(world, town, client):
    user = world.administrator.user
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    assert Skill.objects.count() == 15  # shipped by the data migration
    tuin = Skill.objects.get(code="tuin")
    assert client.get(f"/beheer/matching/skill/{tuin.pk}/change/").status_code == 200
    register(world.broker, "Ada", "de Boer", town.heechterp, offers=("tuin",))
    skill_admin = admin.site._registry[Skill]
    assert not skill_admin.has_delete_permission(None, tuin)
    assert skill_admin.has_delete_permission(None, Skill.objects.get(code="dieren"))
    assert client.get("/beheer/matching/participant/").status_code == 404
