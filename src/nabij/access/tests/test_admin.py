import pytest
from django.contrib import admin

from nabij.assessment.models import Assessment
from nabij.people.models import Household, NetworkMember, Resident
from nabij.plans.models import Breakthrough, Plan


def test_no_case_files_in_the_admin():
    registered = set(admin.site._registry)
    for model in (Resident, Household, NetworkMember, Plan, Breakthrough, Assessment):
        assert model not in registered, model
    from nabij.access.models import AccessLogEntry

    assert AccessLogEntry not in registered


@pytest.mark.django_db
def test_administrator_manages_users_but_gets_no_dossier(world, client):
    # The role decides, not the flags: an administrator without is_staff uses /beheer/.
    assert not world.administrator.user.is_staff
    client.force_login(world.administrator.user)
    assert client.get("/beheer/access/professional/").status_code == 200
    assert client.get("/beheer/accounts/").status_code == 200
    # Django's own user screens (superuser switch, anyone's password) are gone (issue 9).
    assert client.get("/beheer/auth/user/").status_code == 404
    assert client.get(f"/huishoudens/{world.household.pk}/").status_code == 403
    assert client.get("/beheer/people/resident/").status_code == 404
