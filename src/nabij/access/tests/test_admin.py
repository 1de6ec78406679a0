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
    assert client.get(f"/huishoudens/{world.household.pk}/").status_code == 404
    assert client.get("/beheer/people/resident/").status_code == 404


@pytest.mark.django_db
def test_the_first_administrator_comes_from_the_command_line():
    from io import StringIO

    from django.core.management import call_command

    from nabij.access.models import AuditEvent, AuditKind, Professional, Role

    out = StringIO()
    call_command("create_administrator", "eerste", organisation="Gemeente Leeuwarden", stdout=out)
    professional = Professional.objects.select_related("user").get(user__username="eerste")
    assert professional.role == Role.ADMINISTRATOR
    assert not professional.user.has_usable_password()
    assert not professional.user.is_staff and not professional.user.is_superuser
    assert out.getvalue().startswith("/account/wachtwoord/")
    event = AuditEvent.objects.get(kind=AuditKind.ACCOUNT_CREATED)
    assert (event.actor_username, event.subject_username) == ("system", "eerste")
