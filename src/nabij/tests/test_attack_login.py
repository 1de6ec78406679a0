"""Attacks on the login, one class each (issue 9): a second login beside the throttle, races
past the throttle, lock-out floods, forged client addresses, and a password alone for the roles
that need two factors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from nabij.access import throttle, two_factor
from nabij.access.gate import Actor
from nabij.access.models import AccessLogEntry, LoginEvent, LoginThrottle
from nabij.core.client import client_address
from nabij.tests import factories as f

PASSWORD = "correct-horse-battery"
WRONG = "wrong-password-123"


def post_login(client: Client, username: str, password: str, **extra):
    data = {"username": username, "password": password}
    return client.post(reverse("core:login"), data, HTTP_ACCEPT_LANGUAGE="en", **extra)


def post_code(client: Client, code: str, **extra):
    return client.post(reverse("core:login_code"), {"code": code}, **extra)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def enrolled(professional) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=professional.user, name="test", confirmed=True)
    two_factor.backup_codes_create(professional.user, ["backup-one", "backup-two"])
    return device


def fresh_code(device: TOTPDevice) -> str:
    """The app's current code; django-otp accepts each time step once, so a test that logs in
    twice moves the device's clock reference back instead of waiting 30 seconds."""
    device.refresh_from_db()
    if device.last_t >= 0:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        device.refresh_from_db()
    return two_factor.current_code(device)


def full_login(client: Client, professional, device: TOTPDevice | None = None) -> None:
    response = post_login(client, professional.user.username, PASSWORD)
    assert response.status_code == 302, response.status_code
    if device is not None:
        assert response["Location"] == reverse("core:login_code")
        response = post_code(client, fresh_code(device))
        assert response.status_code == 302, response.status_code
    assert logged_in(client)


@pytest.fixture(autouse=True)
def _no_otp_backoff(settings):
    """django-otp's own back-off (1 s after a wrong code) is left on in production; here it
    would hide what Nabij's throttle does."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.mark.django_db
class TestSecondLogin:
    """/beheer/login/ was a second password form without the throttle."""

    def test_admin_login_page_sends_to_the_apps_login_with_next(self, client):
        response = client.get("/beheer/login/?next=/beheer/auth/user/")
        assert response.status_code == 302
        assert response["Location"] == reverse("core:login") + "?next=" + quote(
            "/beheer/auth/user/", safe=""
        )

    def test_admin_login_never_takes_a_password(self, client):
        admin = f.ProfessionalFactory(administrator=True, user__is_staff=True)
        response = client.post(
            "/beheer/login/", {"username": admin.user.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))
        assert not logged_in(client)

    def test_admin_login_refuses_a_foreign_next(self, client):
        response = client.get("/beheer/login/?next=https://evil.example/")
        assert response["Location"] == reverse("core:login") + "?next=" + quote("/beheer/", safe="")

    def test_the_administration_sends_anonymous_visitors_to_the_apps_login(self, client):
        response = client.get("/beheer/", follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("core:login"))
        assert b'name="password"' in response.content
        assert b"csrfmiddlewaretoken" in response.content

    def test_an_account_locked_in_the_app_cannot_log_in_through_the_administration(self, client):
        admin = f.ProfessionalFactory(administrator=True, user__is_staff=True)
        enrolled(admin)
        for _ in range(settings.LOGIN_MAX_FAILURES):
            assert post_login(client, admin.user.username, WRONG).status_code == 401
        # the administration's form: no login
        client.post("/beheer/login/", {"username": admin.user.username, "password": PASSWORD})
        assert not logged_in(client)
        # the app's own form: locked
        assert post_login(client, admin.user.username, PASSWORD).status_code == 429
        assert not logged_in(client)
        assert DEVICE_ID_SESSION_KEY not in client.session
        assert client.get("/beheer/").status_code == 302


@pytest.mark.django_db
class TestThrottleRace:
    """Counting the failures and then recording one let concurrent wrong passwords pass."""

    def test_a_full_bucket_refuses_and_counts_nothing_elsewhere(self):
        limit = settings.LOGIN_MAX_FAILURES
        buckets = throttle.buckets_for(
            username="karin", client_address="203.0.113.7", device_id=None
        )
        address = next(b for b in buckets if b.kind == throttle.ADDRESS)
        LoginThrottle.objects.create(
            key=address.key, failures=address.limit, window_started_at=timezone.now()
        )
        refused = throttle.attempt_reserve(buckets)
        assert refused == address
        # all or nothing: the account was not counted for the refused attempt
        assert not LoginThrottle.objects.filter(key="account:karin", failures__gt=0).exists()
        assert limit > 0

    def test_the_limit_holds_however_the_attempts_interleave_sequentially(self):
        buckets = throttle.buckets_for(username="karin", client_address=None, device_id=None)
        tries = settings.LOGIN_MAX_FAILURES + 3
        results = [throttle.attempt_reserve(buckets) for _ in range(tries)]
        assert results.count(None) == settings.LOGIN_MAX_FAILURES
        # a success gives its attempt back, so it makes room for exactly one more
        throttle.attempt_release(buckets)
        assert throttle.attempt_reserve(buckets) is None
        assert throttle.attempt_reserve(buckets) is not None

    def test_counters_past_their_window_are_purged(self):
        old = throttle.buckets_for(username="old", client_address=None, device_id=None)
        new = throttle.buckets_for(username="new", client_address=None, device_id=None)
        throttle.attempt_reserve(old)
        past = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
        LoginThrottle.objects.update(window_started_at=past)
        throttle.attempt_reserve(new)
        assert throttle.counters_purge() == 1
        assert list(LoginThrottle.objects.values_list("key", flat=True)) == ["account:new"]

    def test_a_row_purged_meanwhile_is_not_taken_for_a_full_counter(self, monkeypatch):
        ensure = throttle._counters_ensure
        calls: list[list[str]] = []

        def purged_after_insert(keys, now):
            calls.append(keys)
            if len(calls) > 1:  # the first insert is "purged" before the update runs
                ensure(keys, now)

        monkeypatch.setattr(throttle, "_counters_ensure", purged_after_insert)
        buckets = throttle.buckets_for(username="karin", client_address=None, device_id=None)
        assert throttle.attempt_reserve(buckets) is None
        assert LoginThrottle.objects.get(key="account:karin").failures == 1

    def test_the_window_restarts_the_count(self):
        buckets = throttle.buckets_for(username="karin", client_address=None, device_id=None)
        for _ in range(settings.LOGIN_MAX_FAILURES):
            assert throttle.attempt_reserve(buckets) is None
        assert throttle.attempt_reserve(buckets) is not None
        past = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
        LoginThrottle.objects.update(window_started_at=past)
        assert throttle.attempt_reserve(buckets) is None
        assert LoginThrottle.objects.get(key="account:karin").failures == 1


@pytest.mark.django_db(transaction=True)
class TestThrottleRaceConcurrent:
    """Real concurrency: threads with their own database connections, on PostgreSQL."""

    THREADS = 16

    @pytest.fixture(autouse=True)
    def _postgres_only(self):
        if connection.vendor != "postgresql":
            pytest.skip(
                "SQLite's in-memory test database is one shared-cache file that reports table "
                "locks instead of waiting, and SQLite runs one writer at a time (BEGIN "
                "IMMEDIATE) anyway; run with DATABASE_URL=postgres://… for the race"
            )

    def _race(self, work) -> list:
        barrier = threading.Barrier(self.THREADS)
        results: list = [None] * self.THREADS
        errors: list[BaseException] = []

        def run(index: int) -> None:
            try:
                barrier.wait(timeout=30)
                results[index] = work(index)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        return results

    def test_concurrent_reservations_never_pass_the_limit(self):
        buckets = throttle.buckets_for(
            username="karin", client_address="203.0.113.7", device_id=None
        )
        results = self._race(lambda _: throttle.attempt_reserve(buckets))
        assert results.count(None) == settings.LOGIN_MAX_FAILURES
        assert LoginThrottle.objects.get(key="account:karin").failures == (
            settings.LOGIN_MAX_FAILURES
        )

    def test_concurrent_wrong_passwords_through_the_login_page(self):
        karin = f.ProfessionalFactory(user__username="karin")
        statuses = self._race(lambda _: post_login(Client(), "karin", WRONG).status_code)
        assert statuses.count(401) == settings.LOGIN_MAX_FAILURES, statuses
        assert statuses.count(429) == self.THREADS - settings.LOGIN_MAX_FAILURES
        # the password was checked only for the attempts within the limit
        assert LoginEvent.objects.filter(kind=LoginEvent.Kind.WRONG_PASSWORD).count() == (
            settings.LOGIN_MAX_FAILURES
        )
        assert post_login(Client(), "karin", PASSWORD).status_code == 429
        del karin


@pytest.mark.django_db
class TestLockoutFlood:
    """Made-up usernames from one address locked out a real coordinator behind it."""

    def test_a_flood_does_not_lock_out_a_user_with_a_device_cookie(self):
        coordinator = f.ProfessionalFactory(user__username="karin", coordinator=True)
        device = enrolled(coordinator)
        browser = Client()
        full_login(browser, coordinator, device)
        assert throttle.DEVICE_COOKIE in browser.cookies
        browser.post(reverse("core:logout"))

        stranger = Client()  # the same address (127.0.0.1), no device cookie
        for n in range(settings.LOGIN_MAX_FAILURES * throttle.ADDRESS_FACTOR):
            post_login(stranger, f"made-up-{n}", WRONG)
        for _ in range(settings.LOGIN_MAX_FAILURES):
            post_login(stranger, "karin", WRONG)
        assert post_login(stranger, "karin", PASSWORD).status_code == 429
        assert post_login(Client(), "karin", PASSWORD).status_code == 429  # no cookie: locked

        full_login(browser, coordinator, device)  # the coordinator's own browser still works
        assert LoginEvent.objects.filter(
            kind=LoginEvent.Kind.LOCKED_OUT, username="karin", detail=throttle.ADDRESS
        ).exists()

    def test_the_device_cookie_is_bound_to_its_account(self):
        karin = f.ProfessionalFactory(user__username="karin")
        f.ProfessionalFactory(user__username="piet")
        browser = Client()
        full_login(browser, karin)
        for _ in range(settings.LOGIN_MAX_FAILURES):
            assert post_login(Client(), "piet", WRONG).status_code == 401
        # karin's cookie gives no own bucket for piet's account
        assert post_login(browser, "piet", PASSWORD).status_code == 429

    def test_a_forged_device_cookie_is_ignored(self):
        f.ProfessionalFactory(user__username="karin")
        for _ in range(settings.LOGIN_MAX_FAILURES):
            post_login(Client(), "karin", WRONG)
        forger = Client()
        forger.cookies[throttle.DEVICE_COOKIE] = '{"u":"karin","d":"mine"}'
        assert post_login(forger, "karin", PASSWORD).status_code == 429

    def test_wrong_passwords_in_the_users_own_browser_lock_that_browser(self):
        karin = f.ProfessionalFactory(user__username="karin")
        browser = Client()
        full_login(browser, karin)
        browser.post(reverse("core:logout"))
        for _ in range(settings.LOGIN_MAX_FAILURES):
            assert post_login(browser, "karin", WRONG).status_code == 401
        assert post_login(browser, "karin", PASSWORD).status_code == 429
        # strangers' counters were not touched: a new browser still may try
        assert post_login(Client(), "karin", PASSWORD).status_code == 302

    def test_failures_and_lockouts_are_audit_events_not_access_log_rows(self):
        f.ProfessionalFactory(user__username="karin")
        for _ in range(settings.LOGIN_MAX_FAILURES + 1):
            post_login(Client(), "karin", WRONG)
        kinds = list(LoginEvent.objects.values_list("kind", flat=True))
        assert kinds.count(LoginEvent.Kind.WRONG_PASSWORD) == settings.LOGIN_MAX_FAILURES
        assert kinds.count(LoginEvent.Kind.LOCKED_OUT) == 1
        assert not AccessLogEntry.objects.exists()
        with pytest.raises(PermissionError):
            LoginEvent.objects.update(username="someone-else")


@pytest.mark.django_db
class TestProxyAddress:
    """A proxy's address was taken as the client's, and X-Forwarded-For must not be believed
    from anyone but a trusted proxy."""

    def _request(self, remote: str, forwarded: str | None = None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = []
        assert client_address(self._request("198.51.100.4", "203.0.113.9")) == "198.51.100.4"

    def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
        request = self._request("10.0.0.5", "6.6.6.6, 203.0.113.9, 192.0.2.1")
        assert client_address(request) == "203.0.113.9"  # the client's own "6.6.6.6" ignored
        assert client_address(self._request("10.0.0.5", "203.0.113.9:4711")) == "203.0.113.9"
        assert client_address(self._request("10.0.0.5", "[2001:db8::1]")) == "2001:db8::1"
        # a hop no proxy writes: nothing left of it is believed
        assert client_address(self._request("10.0.0.5", "203.0.113.9, junk")) == "10.0.0.5"
        assert client_address(self._request("10.0.0.5")) == "10.0.0.5"

    def test_an_untrusted_sender_cannot_choose_its_address(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_address(self._request("198.51.100.4", "10.0.0.9")) == "198.51.100.4"

    def test_the_access_log_takes_the_same_address(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        request = self._request("10.0.0.5", "203.0.113.9")
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        assert Actor.from_request(request).client_address == "203.0.113.9"

    def test_rotating_the_header_does_not_dodge_the_address_throttle(self, settings):
        settings.TRUSTED_PROXIES = []
        client = Client()
        for n in range(settings.LOGIN_MAX_FAILURES * throttle.ADDRESS_FACTOR):
            post_login(client, f"guess{n}", WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        f.ProfessionalFactory(user__username="karin")
        response = post_login(client, "karin", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert response.status_code == 429
        assert set(LoginEvent.objects.values_list("client_address", flat=True)) == {"127.0.0.1"}

    def test_behind_the_proxy_two_clients_are_throttled_apart(self, settings):
        settings.TRUSTED_PROXIES = ["127.0.0.1"]
        f.ProfessionalFactory(user__username="karin")
        attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.66")
        for n in range(settings.LOGIN_MAX_FAILURES * throttle.ADDRESS_FACTOR):
            post_login(attacker, f"guess{n}", WRONG)
        assert post_login(attacker, "karin", PASSWORD).status_code == 429
        colleague = Client(HTTP_X_FORWARDED_FOR="198.51.100.20")
        assert post_login(colleague, "karin", PASSWORD).status_code == 302

    def test_a_bad_trusted_proxies_setting_refuses_to_start(self):
        env = {**os.environ, "TRUSTED_PROXIES": "10.0.0.0/8,not-an-address"}
        result = subprocess.run(
            [sys.executable, "-c", "import nabij.config.settings"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert "TRUSTED_PROXIES" in result.stderr


@pytest.mark.django_db
class TestTwoFactor:
    """Administrators and team coordinators need a code after the password."""

    @pytest.fixture
    def coordinator(self):
        return f.ProfessionalFactory(user__username="karin", coordinator=True)

    def test_the_password_alone_does_not_log_a_coordinator_in(self, client, coordinator):
        enrolled(coordinator)
        response = post_login(client, "karin", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:login_code")
        assert not logged_in(client)
        assert client.get(reverse("people:caseload")).status_code == 302

    def test_the_code_completes_the_login(self, client, coordinator):
        device = enrolled(coordinator)
        post_login(client, "karin", PASSWORD)
        response = post_code(client, two_factor.current_code(device))
        assert response.status_code == 302
        assert logged_in(client)
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
        assert LoginEvent.objects.filter(kind=LoginEvent.Kind.SUCCEEDED, user=coordinator.user)

    def test_an_administrator_needs_the_code_too(self, client):
        admin = f.ProfessionalFactory(administrator=True, user__is_staff=True)
        device = enrolled(admin)
        response = post_login(client, admin.user.username, PASSWORD)
        assert response["Location"] == reverse("core:login_code")
        assert not logged_in(client)
        post_code(client, two_factor.current_code(device))
        assert logged_in(client)

    def test_a_professional_logs_in_with_the_password(self, client):
        f.ProfessionalFactory(user__username="piet")
        assert post_login(client, "piet", PASSWORD).status_code == 302
        assert logged_in(client)

    def test_a_code_is_accepted_once(self, client, coordinator):
        device = enrolled(coordinator)
        code = two_factor.current_code(device)
        post_login(client, "karin", PASSWORD)
        post_code(client, code)
        assert logged_in(client)
        other = Client()
        post_login(other, "karin", PASSWORD)
        assert post_code(other, code).status_code == 401
        assert not logged_in(other)

    def test_wrong_codes_are_throttled_like_passwords(self, client, coordinator):
        device = enrolled(coordinator)
        post_login(client, "karin", PASSWORD)
        current = int(two_factor.current_code(device))
        for n in range(settings.LOGIN_MAX_FAILURES):
            wrong = f"{(current + 111_111 * (n + 1)) % 1_000_000:06d}"
            assert post_code(client, wrong).status_code == 401
        assert post_code(client, two_factor.current_code(device)).status_code == 429
        assert not logged_in(client)
        assert LoginEvent.objects.filter(kind=LoginEvent.Kind.WRONG_CODE).count() == (
            settings.LOGIN_MAX_FAILURES
        )
        # and the account is locked for the password step too
        assert post_login(Client(), "karin", PASSWORD).status_code == 429

    def test_a_backup_code_works_once(self, client, coordinator):
        enrolled(coordinator)
        post_login(client, "karin", PASSWORD)
        assert post_code(client, "BACKUP-ONE").status_code == 302
        assert logged_in(client)
        other = Client()
        post_login(other, "karin", PASSWORD)
        assert post_code(other, "backup-one").status_code == 401

    def test_the_code_step_needs_the_password_step(self, client, coordinator):
        device = enrolled(coordinator)
        response = post_code(client, two_factor.current_code(device))
        assert response.status_code == 302
        assert response["Location"] == reverse("core:login")
        assert not logged_in(client)

    def test_the_code_must_follow_the_password_soon(self, client, coordinator):
        device = enrolled(coordinator)
        post_login(client, "karin", PASSWORD)
        session = client.session
        session["nabij_login_pending"]["at"] -= 301
        session.save()
        response = post_code(client, two_factor.current_code(device))
        assert response["Location"] == reverse("core:login")
        assert not logged_in(client)

    def test_first_login_sets_up_the_authenticator(self, client, coordinator):
        response = post_login(client, "karin", PASSWORD)
        assert response["Location"] == reverse("core:login_enroll")
        page = client.get(reverse("core:login_enroll"))
        assert page.status_code == 200
        assert b'src="data:image/svg+xml' in page.content
        device = TOTPDevice.objects.get(user=coordinator.user, confirmed=False)
        assert two_factor.secret_base32(device).encode() in page.content
        assert (
            client.get(reverse("core:login_enroll")).content.count(
                two_factor.secret_base32(device).encode()
            )
            == 1
        )  # a reload shows the same secret

        wrong = f"{(int(two_factor.current_code(device)) + 500_000) % 1_000_000:06d}"
        response = client.post(reverse("core:login_enroll"), {"code": wrong})
        assert response.status_code == 401
        assert not logged_in(client)

        response = client.post(
            reverse("core:login_enroll"), {"code": two_factor.current_code(device)}
        )
        assert response.status_code == 200
        assert logged_in(client)
        device.refresh_from_db()
        assert device.confirmed
        codes = coordinator.user.staticdevice_set.get().token_set.values_list("token", flat=True)
        assert len(codes) == two_factor.BACKUP_CODES
        for code in codes:
            assert code.encode() in response.content
        assert LoginEvent.objects.filter(kind=LoginEvent.Kind.DEVICE_ENROLLED).count() == 1

    def test_an_enrolled_account_cannot_enroll_another_device(self, client, coordinator):
        enrolled(coordinator)
        post_login(client, "karin", PASSWORD)
        response = client.get(reverse("core:login_enroll"))
        assert response["Location"] == reverse("core:login_code")
        assert not TOTPDevice.objects.filter(confirmed=False).exists()

    def test_the_demo_accounts_are_enrolled_and_their_codes_printed(self, client):
        from nabij.demo import two_factor as demo
        from nabij.demo.world import DEMO_PASSWORD

        teamleider = f.ProfessionalFactory(user__username="teamleider", coordinator=True)
        teamleider.user.set_password(DEMO_PASSWORD)
        teamleider.user.save()
        demo.demo_second_factors_ensure()
        lines = "\n".join(demo.demo_second_factor_lines())
        assert "NABI JDEM OTEA MLEI" in lines
        assert "teamleider-1" in lines

        assert post_login(client, "teamleider", DEMO_PASSWORD).status_code == 302
        assert post_code(client, demo.demo_totp_code("teamleider")).status_code == 302
        assert logged_in(client)

    def test_the_totp_command_refuses_accounts_without_the_demo_secret(self):
        from nabij.demo import two_factor as demo

        teamleider = f.ProfessionalFactory(user__username="teamleider", coordinator=True)
        TOTPDevice.objects.create(user=teamleider.user, name="own", confirmed=True)
        with pytest.raises(demo.DemoTwoFactorError):
            demo.demo_totp_code("teamleider")
        with pytest.raises(demo.DemoTwoFactorError):
            demo.demo_totp_code("wijkcoach")

    def test_the_totp_command_refuses_in_production(self, settings):
        from nabij.demo import two_factor as demo

        f.ProfessionalFactory(user__username="teamleider", coordinator=True)
        demo.demo_second_factors_ensure()
        assert len(demo.demo_totp_code("teamleider")) == 6
        settings.PRODUCTION = True
        with pytest.raises(demo.DemoTwoFactorError):
            demo.demo_totp_code("teamleider")

    def test_the_readme_gives_the_demo_keys_and_backup_codes(self):
        from pathlib import Path

        from nabij.demo.two_factor import DEMO_SECOND_FACTORS

        readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
        for spec in DEMO_SECOND_FACTORS:
            assert spec.secret_grouped in readme
            assert all(code in readme for code in spec.backup_codes)
        assert "uv run nabij totp teamleider" in readme
