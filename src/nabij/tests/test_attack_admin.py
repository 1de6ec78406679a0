"""Issue 9, "the administration is a back door": one class per attack class.

The administrator (who must never see case files) used to change their own role and team in
/beheer/, then read any household of that team; the role change was only in Django's admin
log; the admin offered superuser flags and set other users' passwords.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.access import services_admin
from nabij.access.gate import AccessDenied, Actor
from nabij.access.models import (
    AccessLogEntry,
    AuditEvent,
    AuditKind,
    Organisation,
    Professional,
    Role,
    RoleChangeRequest,
)
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(professional: Professional) -> Client:
    client = Client()
    client.force_login(professional.user)
    return client


def actor(professional: Professional) -> Actor:
    return Actor(user=professional.user, professional=professional, client_address="192.0.2.9")


def change_access(client: Client, professional: Professional, **data: object):
    values = {
        "form": "access",
        "role": professional.role,
        "team": professional.team_id or "",
        "is_active": "on" if professional.user.is_active else "",
        "reason": "test",
    }
    values.update(data)
    if values["is_active"] is False:
        values["is_active"] = ""
    return client.post(f"/beheer/accounts/{professional.pk}/", values)


def dossier_status(professional: Professional, household_id: int) -> int:
    return client_for(professional).get(f"/huishoudens/{household_id}/").status_code


@pytest.fixture
def second_admin(world) -> Professional:
    return f.ProfessionalFactory(
        user__username="admin2", administrator=True, organisation=world.administrator.organisation
    )


@pytest.fixture
def team_a(world):
    return world.household.team


def reload(professional: Professional) -> Professional:
    return Professional.objects.select_related("user").get(pk=professional.pk)


class TestNobodyChangesTheirOwnAccess:
    """The administrator giving themselves a case role or a team is refused, and audited."""

    def test_own_role_and_team_through_the_page(self, world, team_a):
        admin_pro = world.administrator
        client = client_for(admin_pro)
        response = change_access(
            client, admin_pro, role=Role.TEAM_COORDINATOR, team=team_a.pk, reason="even kijken"
        )
        assert response.status_code == 403
        admin_pro = reload(admin_pro)
        assert (admin_pro.role, admin_pro.team_id) == (Role.ADMINISTRATOR, None)
        assert not RoleChangeRequest.objects.exists()
        event = AuditEvent.objects.get(kind=AuditKind.SELF_CHANGE_REFUSED)
        assert event.subject_id == event.actor_id == admin_pro.user_id
        assert event.actor_role == Role.ADMINISTRATOR
        assert event.before["role"] == Role.ADMINISTRATOR
        assert (event.after["role"], event.after["team_id"]) == (Role.TEAM_COORDINATOR, team_a.pk)
        assert event.reason == "even kijken"
        assert event.client_address == "127.0.0.1"
        # And still no dossier.
        assert dossier_status(admin_pro, world.household.pk) in (403, 404)

    @pytest.mark.parametrize(
        "change",
        [
            {"role": Role.PROFESSIONAL},
            {"role": Role.SOCIAL_BROKER},
            {"is_active": False},
        ],
    )
    def test_every_own_change_is_refused_in_the_service(self, world, change):
        admin_pro = world.administrator
        values = {"role": admin_pro.role, "team": None, "is_active": True, **change}
        with pytest.raises(services_admin.AdminRefused):
            services_admin.access_change(actor(admin_pro), admin_pro, reason="x", **values)
        assert reload(admin_pro).role == Role.ADMINISTRATOR
        assert reload(admin_pro).user.is_active
        assert AuditEvent.objects.filter(kind=AuditKind.SELF_CHANGE_REFUSED).count() == 1

    def test_a_professional_cannot_move_their_own_team_either(self, world):
        """Not only administrators: nobody may, whatever their role (the service refuses non-
        administrators before anything else)."""
        other_team = world.other_household.team
        with pytest.raises(AccessDenied):
            services_admin.access_change(
                actor(world.coordinator),
                world.coordinator,
                role=Role.TEAM_COORDINATOR,
                team=other_team,
                is_active=True,
                reason="x",
            )
        assert reload(world.coordinator).team_id == world.household.team_id

    def test_a_colleague_asks_for_me_but_i_cannot_approve_it(self, world, second_admin, team_a):
        request = services_admin.access_change(
            actor(second_admin),
            world.administrator,
            role=Role.TEAM_COORDINATOR,
            team=team_a,
            is_active=True,
            reason="op verzoek",
        )
        assert request is not None
        response = client_for(world.administrator).post(
            f"/beheer/verzoeken/{request.pk}/goedkeuren/"
        )
        assert response.status_code == 403
        request.refresh_from_db()
        assert request.state == RoleChangeRequest.State.REQUESTED
        assert reload(world.administrator).role == Role.ADMINISTRATOR
        assert AuditEvent.objects.filter(
            kind=AuditKind.APPROVAL_REFUSED, actor=world.administrator.user
        ).exists()


class TestWideningWaitsForASecondAdministrator:
    """A change that grants access to case files is a request until another admin approves."""

    def test_role_change_to_coordinator_grants_nothing_until_approved(
        self, world, second_admin, team_a
    ):
        broker = world.broker
        response = change_access(
            client_for(world.administrator),
            broker,
            role=Role.TEAM_COORDINATOR,
            team=team_a.pk,
            reason="nieuwe teamleider",
        )
        assert response.status_code == 302
        request = RoleChangeRequest.objects.get()
        assert request.state == RoleChangeRequest.State.REQUESTED
        assert reload(broker).role == Role.SOCIAL_BROKER
        assert dossier_status(broker, world.household.pk) in (403, 404)
        requested = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGE_REQUESTED)
        assert (requested.actor_id, requested.subject_id) == (
            world.administrator.user_id,
            broker.user_id,
        )
        assert requested.after["role"] == Role.TEAM_COORDINATOR

        # The requester cannot approve it, through the page or the service.
        response = client_for(world.administrator).post(
            f"/beheer/verzoeken/{request.pk}/goedkeuren/"
        )
        assert response.status_code == 403
        with pytest.raises(services_admin.AdminRefused):
            services_admin.request_approve(actor(world.administrator), request.pk)
        assert reload(broker).role == Role.SOCIAL_BROKER
        assert AuditEvent.objects.filter(kind=AuditKind.APPROVAL_REFUSED).count() == 2

        # A second administrator approves: now it takes effect, audited with both names.
        response = client_for(second_admin).post(
            f"/beheer/verzoeken/{request.pk}/goedkeuren/", {"note": "akkoord"}
        )
        assert response.status_code == 302
        broker = reload(broker)
        assert (broker.role, broker.team_id) == (Role.TEAM_COORDINATOR, team_a.pk)
        request.refresh_from_db()
        assert request.state == RoleChangeRequest.State.APPROVED
        assert request.decided_by_id == second_admin.user_id
        approved = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGE_APPROVED)
        assert approved.actor_id == second_admin.user_id
        assert approved.subject_id == broker.user_id
        assert approved.after["requested_by"] == "admin"
        assert approved.after["approved_by"] == "admin2"
        assert approved.before["role"] == Role.SOCIAL_BROKER
        changed = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGED)
        assert changed.object_id == request.pk
        assert "admin" in changed.reason and "admin2" in changed.reason
        assert dossier_status(broker, world.household.pk) == 200
        # A decided request cannot be decided again.
        with pytest.raises(services_admin.DomainError):
            services_admin.request_reject(actor(second_admin), request.pk)

    def test_team_change_of_a_professional_waits(self, world, second_admin):
        colleague = world.colleague
        other_team = world.other_household.team
        request = services_admin.access_change(
            actor(world.administrator),
            colleague,
            role=Role.PROFESSIONAL,
            team=other_team,
            is_active=True,
            reason="verhuisd",
        )
        assert request is not None
        assert reload(colleague).team_id == world.household.team_id
        services_admin.request_approve(actor(second_admin), request.pk)
        assert reload(colleague).team_id == other_team.pk
        assert AuditEvent.objects.filter(kind=AuditKind.TEAM_CHANGED).count() == 1

    def test_reactivating_a_case_account_waits(self, world, second_admin):
        colleague = world.colleague
        assert (
            services_admin.access_change(
                actor(world.administrator),
                colleague,
                role=colleague.role,
                team=colleague.team,
                is_active=False,
                reason="uit dienst",
            )
            is None
        )
        assert not reload(colleague).user.is_active
        request = services_admin.access_change(
            actor(world.administrator),
            reload(colleague),
            role=colleague.role,
            team=colleague.team,
            is_active=True,
            reason="terug",
        )
        assert request is not None
        assert not reload(colleague).user.is_active
        services_admin.request_reject(actor(second_admin), request.pk, note="nee")
        assert not reload(colleague).user.is_active
        assert AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGE_REJECTED).count() == 1

    def test_making_someone_administrator_waits(self, world, second_admin):
        """A second administrator is the power to approve: a sock puppet would defeat four eyes."""
        request = services_admin.access_change(
            actor(world.administrator),
            world.analyst,
            role=Role.ADMINISTRATOR,
            team=None,
            is_active=True,
            reason="helpt mee",
        )
        assert request is not None
        assert reload(world.analyst).role == Role.POLICY_ANALYST

    def test_an_approval_never_applies_to_a_changed_account(self, world, second_admin, team_a):
        request = services_admin.access_change(
            actor(world.administrator),
            world.broker,
            role=Role.PROFESSIONAL,
            team=team_a,
            is_active=True,
            reason="x",
        )
        services_admin.access_change(
            actor(second_admin),
            world.broker,
            role=Role.SOCIAL_BROKER,
            team=None,
            is_active=False,
            reason="uit dienst",
        )
        with pytest.raises(services_admin.DomainError):
            services_admin.request_approve(actor(second_admin), request.pk)
        assert not reload(world.broker).user.is_active
        assert reload(world.broker).role == Role.SOCIAL_BROKER

    def test_narrowing_takes_effect_at_once_and_is_audited(self, world):
        coordinator = world.coordinator
        response = change_access(
            client_for(world.administrator),
            coordinator,
            role=Role.POLICY_ANALYST,
            team="",
            reason="andere functie",
        )
        assert response.status_code == 302
        coordinator = reload(coordinator)
        assert (coordinator.role, coordinator.team_id) == (Role.POLICY_ANALYST, None)
        assert not RoleChangeRequest.objects.exists()
        kinds = set(AuditEvent.objects.values_list("kind", flat=True))
        assert kinds == {AuditKind.ROLE_CHANGED, AuditKind.TEAM_CHANGED}
        assert dossier_status(coordinator, world.household.pk) in (403, 404)

        colleague_client = client_for(world.colleague)
        services_admin.access_change(
            actor(world.administrator),
            world.colleague,
            role=Role.PROFESSIONAL,
            team=world.colleague.team,
            is_active=False,
            reason="uit dienst",
        )
        assert AuditEvent.objects.filter(kind=AuditKind.ACCOUNT_DEACTIVATED).count() == 1
        # The running session of the deactivated account is no longer honoured.
        response = colleague_client.get("/huishoudens/")
        assert response.status_code == 302

    def test_the_database_refuses_self_approval_too(self, world):
        request = RoleChangeRequest.objects.create(
            professional=world.broker,
            role=Role.PROFESSIONAL,
            is_active=True,
            reason="x",
            requested_by=world.administrator.user,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleChangeRequest.objects.filter(pk=request.pk).update(
                state=RoleChangeRequest.State.APPROVED,
                decided_by=world.administrator.user,
                decided_at=timezone.now(),
            )

    def test_one_open_request_per_account(self, world, team_a):
        services_admin.access_change(
            actor(world.administrator),
            world.broker,
            role=Role.PROFESSIONAL,
            team=team_a,
            is_active=True,
            reason="x",
        )
        with pytest.raises(services_admin.DomainError):
            services_admin.access_change(
                actor(world.administrator),
                world.broker,
                role=Role.TEAM_COORDINATOR,
                team=team_a,
                is_active=True,
                reason="y",
            )
        assert RoleChangeRequest.objects.count() == 1


class TestNewAccountsAndPasswords:
    """No administrator chooses or resets anyone's password; a case account waits to be
    approved, and its one-time link goes to the approver, not the requester."""

    def test_a_new_case_account_waits_and_its_owner_sets_the_password(
        self, world, second_admin, team_a
    ):
        client = client_for(world.administrator)
        page = client.get("/beheer/accounts/nieuw/").content.decode()
        for name in ("password", "is_superuser", "is_staff", "user_permissions", "groups"):
            assert f'name="{name}' not in page, name
        response = client.post(
            "/beheer/accounts/nieuw/",
            {
                "username": "nieuwe.coach",
                "first_name": "Nieuwe",
                "last_name": "Coach",
                "email": "",
                "organisation": team_a.organisation_id,
                "role": Role.PROFESSIONAL,
                "team": team_a.pk,
                "expertise": "",
                "reason": "nieuw in dienst",
                "password": "gekozen-door-de-beheerder",
                "is_superuser": "on",
            },
        )
        assert response.status_code == 201
        assert "/account/wachtwoord/" not in response.content.decode()  # not to the requester
        user = User.objects.get(username="nieuwe.coach")
        assert not user.is_active and not user.has_usable_password()
        assert not user.is_superuser and not user.is_staff
        request = RoleChangeRequest.objects.get(professional__user=user)
        with pytest.raises(services_admin.DomainError):
            services_admin.password_link(actor(world.administrator), reload(request.professional))
        assert AuditEvent.objects.filter(kind=AuditKind.ACCOUNT_CREATED, subject=user).exists()

        response = client_for(second_admin).post(f"/beheer/verzoeken/{request.pk}/goedkeuren/")
        assert response.status_code == 200
        link = re.search(
            r"http://testserver(/account/wachtwoord/[^<\s]+)", response.content.decode()
        )
        assert link, "the approver gets the set-password link"
        user.refresh_from_db()
        assert user.is_active
        anonymous = Client()
        form_url = anonymous.get(link.group(1))["Location"]
        response = anonymous.post(
            form_url,
            {"new_password1": "een-eigen-geheim-42", "new_password2": "een-eigen-geheim-42"},
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("een-eigen-geheim-42")
        # One time only.
        assert (
            "no longer valid"
            in Client(HTTP_ACCEPT_LANGUAGE="en").get(link.group(1), follow=True).content.decode()
        )
        # A used account's password is its owner's: no new link for it.
        with pytest.raises(services_admin.DomainError):
            services_admin.password_link(actor(second_admin), reload(request.professional))

    def test_an_analyst_account_starts_at_once_with_a_link(self, world):
        created = services_admin.account_create(
            actor(world.administrator),
            username="nieuwe.analist",
            first_name="A",
            last_name="B",
            email="",
            organisation=world.administrator.organisation,
            role=Role.POLICY_ANALYST,
            team=None,
            expertise="",
            reason="onderzoek",
        )
        assert created.request is None and created.password_link
        assert created.professional.user.is_active

    def test_the_requester_gets_no_link_after_approval_either(self, world, second_admin, team_a):
        created = services_admin.account_create(
            actor(world.administrator),
            username="x.coach",
            first_name="X",
            last_name="Coach",
            email="",
            organisation=team_a.organisation,
            role=Role.PROFESSIONAL,
            team=team_a,
            expertise="",
            reason="nieuw",
        )
        assert created.password_link is None
        services_admin.request_approve(actor(second_admin), created.request.pk)
        with pytest.raises(services_admin.AdminRefused):
            services_admin.password_link(actor(world.administrator), reload(created.professional))


class TestNoSuperuserSwitchOrPasswordScreens:
    """Django's user and group screens are gone; professionals are read-only in the admin."""

    @pytest.mark.parametrize(
        "url",
        [
            "/beheer/auth/",
            "/beheer/auth/user/",
            "/beheer/auth/user/add/",
            "/beheer/auth/user/{uid}/change/",
            "/beheer/auth/user/{uid}/password/",
            "/beheer/auth/group/",
            "/beheer/auth/group/add/",
            "/beheer/otp_totp/totpdevice/",
            "/beheer/otp_totp/totpdevice/1/config/",
            "/beheer/otp_static/staticdevice/",
        ],
    )
    def test_user_screens_are_gone(self, world, url):
        uid = world.coordinator.user_id
        response = client_for(world.administrator).get(url.format(uid=uid))
        assert response.status_code == 404

    def test_user_and_group_are_not_registered(self):
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        assert not admin.site.is_registered(User)
        assert not admin.site.is_registered(Group)
        # nor anyone's second factor: its secret, its QR code, a reset
        assert not admin.site.is_registered(TOTPDevice)
        assert not admin.site.is_registered(StaticDevice)

    def test_professionals_cannot_be_edited_in_the_model_admin(self, world, team_a):
        client = client_for(world.administrator)
        target = world.broker
        url = f"/beheer/access/professional/{target.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200  # read only
        response = client.post(
            url,
            {
                "user": target.user_id,
                "role": Role.TEAM_COORDINATOR,
                "organisation": target.organisation_id,
                "team": team_a.pk,
            },
        )
        assert response.status_code == 403
        assert reload(target).role == Role.SOCIAL_BROKER
        assert client.get("/beheer/access/professional/add/").status_code == 403
        assert client.post(f"/beheer/access/professional/{target.pk}/delete/").status_code == 403

    def test_no_flag_or_password_field_on_any_administration_page(self, world):
        client = client_for(world.administrator)
        for url in (
            "/beheer/",
            "/beheer/accounts/",
            f"/beheer/accounts/{world.coordinator.pk}/",
            "/beheer/accounts/nieuw/",
            f"/beheer/access/professional/{world.coordinator.pk}/change/",
        ):
            html = client.get(url).content.decode()
            for name in ("is_superuser", "is_staff", "user_permissions", 'name="password'):
                assert name not in html, (url, name)

    def test_organisation_writes_go_through_the_service_and_are_audited(self, world):
        response = client_for(world.administrator).post(
            "/beheer/access/organisation/add/",
            {"name": "Stichting Nieuw", "kind": Organisation.Kind.WELFARE, "agb_code": ""},
        )
        assert response.status_code == 302
        event = AuditEvent.objects.get(kind=AuditKind.ORGANISATION_CREATED)
        assert event.after["name"] == "Stichting Nieuw"
        assert event.actor_id == world.administrator.user_id


class TestFlagsWithoutTheRoleOpenNothing:
    """is_staff and is_superuser count for nothing: only the administrator role uses /beheer/."""

    @pytest.mark.parametrize(
        "url",
        [
            "/beheer/",
            "/beheer/accounts/",
            "/beheer/verzoeken/",
            "/beheer/audittrail/",
            "/beheer/access/professional/",
            "/beheer/access/organisation/",
            "/beheer/matching/skill/",
            "/beheer/assessment/instrument/",
        ],
    )
    def test_superuser_coordinator_is_refused(self, world, url):
        user = world.coordinator.user
        user.is_staff = user.is_superuser = True
        user.save()
        assert client_for(world.coordinator).get(url).status_code == 403

    def test_superuser_without_any_role_is_refused(self, world):
        user = User.objects.create_superuser("root", password="correct-horse-battery-9")
        client = Client()
        client.force_login(user)
        assert client.get("/beheer/").status_code == 403
        assert client.get("/beheer/accounts/").status_code == 403

    def test_a_superuser_professional_cannot_approve(self, world, team_a):
        request = services_admin.access_change(
            actor(world.administrator),
            world.broker,
            role=Role.PROFESSIONAL,
            team=team_a,
            is_active=True,
            reason="x",
        )
        user = world.colleague.user
        user.is_staff = user.is_superuser = True
        user.save()
        response = client_for(world.colleague).post(f"/beheer/verzoeken/{request.pk}/goedkeuren/")
        assert response.status_code == 403
        with pytest.raises(AccessDenied):
            services_admin.request_approve(actor(world.colleague), request.pk)
        assert reload(world.broker).role == Role.SOCIAL_BROKER

    def test_anonymous_is_sent_to_the_one_login(self):
        login = reverse("core:login")
        response = Client().get("/beheer/accounts/")
        assert response.status_code == 302
        assert response["Location"].startswith(login)
        response = Client().get("/beheer/login/")
        assert response.status_code == 302
        assert response["Location"].startswith(login)


class TestTheAdministratorNeverReachesADossier:
    """Whatever the administration pages allow, the administrator's own role reads no case."""

    def test_no_dossier_and_the_refusal_is_logged(self, world):
        assert dossier_status(world.administrator, world.household.pk) in (403, 404)
        assert AccessLogEntry.objects.filter(
            user=world.administrator.user, outcome="refused", household_id=world.household.pk
        ).exists()

    def test_no_case_models_in_the_admin(self, world):
        client = client_for(world.administrator)
        for url in (
            "/beheer/people/household/",
            "/beheer/people/resident/",
            "/beheer/plans/plan/",
            "/beheer/access/accesslogentry/",
            "/beheer/access/auditevent/",
        ):
            assert client.get(url).status_code == 404, url


class TestTheAuditTrailCanBeTrusted:
    """Business events are append-only, in their own trail, readable by administrators."""

    def test_rows_are_append_only(self, world):
        services_admin.access_change(
            actor(world.administrator),
            world.coordinator,
            role=Role.PROFESSIONAL,
            team=world.coordinator.team,
            is_active=True,
            reason="x",
        )
        event = AuditEvent.objects.get()
        event.reason = "anders"
        with pytest.raises(PermissionError):
            event.save()
        with pytest.raises(PermissionError):
            event.delete()
        with pytest.raises(PermissionError):
            AuditEvent.objects.filter(pk=event.pk).update(reason="anders")
        with pytest.raises(PermissionError):
            AuditEvent.objects.all().delete()

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL only")
    def test_postgres_trigger_refuses_raw_updates(self, world):
        services_admin.access_change(
            actor(world.administrator),
            world.coordinator,
            role=Role.PROFESSIONAL,
            team=world.coordinator.team,
            is_active=True,
            reason="x",
        )
        for sql in ("UPDATE access_auditevent SET reason = 'x'", "DELETE FROM access_auditevent"):
            with (
                pytest.raises(Exception, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql)
        assert AuditEvent.objects.count() == 1

    def test_the_page_filters_by_subject_and_is_for_administrators_only(self, world):
        for target in (world.coordinator, world.analyst):
            services_admin.access_change(
                actor(world.administrator),
                target,
                role=Role.POLICY_ANALYST,
                team=None,
                is_active=False,
                reason=f"weg-{target.user.username}",
            )
        client = client_for(world.administrator)
        html = client.get("/beheer/audittrail/", {"subject": "coordinator"}).content.decode()
        assert "weg-coordinator" in html
        assert "weg-analyst" not in html
        html = client.get("/beheer/audittrail/").content.decode()
        assert "weg-coordinator" in html and "weg-analyst" in html
        assert client_for(world.broker).get("/beheer/audittrail/").status_code == 403

    def test_role_changes_are_not_in_the_access_log(self, world):
        """The access log stays for access to personal data."""
        before = AccessLogEntry.objects.count()
        services_admin.access_change(
            actor(world.administrator),
            world.coordinator,
            role=Role.PROFESSIONAL,
            team=world.coordinator.team,
            is_active=True,
            reason="x",
        )
        assert AccessLogEntry.objects.count() == before
        assert AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGED).count() == 1


class TestTheAdministrationBelongsToNabij:
    """Nabij beheer speaks Dutch, looks like Nabij and links to where money is managed."""

    def test_pages_are_dutch_and_link_to_funds_and_prices(self, world, second_admin, team_a):
        request = services_admin.access_change(
            actor(world.administrator),
            world.broker,
            role=Role.PROFESSIONAL,
            team=team_a,
            is_active=True,
            reason="x",
        )
        services_admin.request_approve(actor(second_admin), request.pk)
        services_admin.access_change(
            actor(world.administrator),
            world.analyst,
            role=Role.ADMINISTRATOR,
            team=None,
            is_active=True,
            reason="y",
        )
        client = client_for(world.administrator)
        index = client.get("/beheer/").content.decode()
        assert "Nabij beheer" in index and "nabij/admin.css" in index
        assert reverse("funds:index") in index and reverse("costs:prices") in index
        assert reverse("funds:allocate") in index
        for url, words in (
            ("/beheer/accounts/", "Accounts en rollen"),
            ("/beheer/verzoeken/", "Wacht op goedkeuring"),
            ("/beheer/audittrail/", "Auditspoor"),
            (f"/beheer/accounts/{world.broker.pk}/", "Toegang wijzigen"),
            (f"/beheer/access/districtteam/{team_a.pk}/change/", "Nabij beheer"),
            ("/beheer/access/organisation/add/", "Nabij beheer"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert words in response.content.decode(), url

    def test_district_team_writes_are_audited(self, world, team_a):
        response = client_for(world.administrator).post(
            f"/beheer/access/districtteam/{team_a.pk}/change/",
            {"name": "Wijkteam Heechterp-Schieringen", "organisation": team_a.organisation_id},
        )
        assert response.status_code == 302
        event = AuditEvent.objects.get(kind=AuditKind.DISTRICT_TEAM_CHANGED)
        assert event.before["name"] == "Wijkteam Heechterp"
        assert event.after["name"] == "Wijkteam Heechterp-Schieringen"
