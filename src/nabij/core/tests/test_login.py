"""Login: throttling, CSRF, safe redirects; POST-only logout; the language switch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nabij.access.models import LoginThrottle
from nabij.tests import factories as f

PASSWORD = "correct-horse-battery"
pytestmark = pytest.mark.django_db


@pytest.fixture
def karin():
    return f.ProfessionalFactory(user__username="karin")


def _post_login(client: Client, username: str, password: str, **extra: str):
    data = {"username": username, "password": password, **extra}
    return client.post(reverse("core:login"), data, HTTP_ACCEPT_LANGUAGE="en")


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_correct_password_logs_in(client, karin):
    response = _post_login(client, "karin", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_wrong_password_is_refused_with_a_message(client, karin):
    response = _post_login(client, "karin", "wrong-password-123")
    assert response.status_code == 401
    assert b"Unknown username or wrong password." in response.content
    assert not _logged_in(client)


def test_five_failures_lock_the_username_until_the_window_passes(client, karin):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert _post_login(client, "karin", "wrong-password-123").status_code == 401

    response = _post_login(client, "karin", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed attempts. Try again in 15 minutes." in response.content
    assert not _logged_in(client)
    # another spelling of the same username is the same username
    assert _post_login(client, "KARIN", PASSWORD).status_code == 429

    # the window passes: the correct password works again
    past = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    LoginThrottle.objects.update(window_started_at=past)
    response = _post_login(client, "karin", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_four_failures_do_not_lock(client, karin):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _post_login(client, "karin", "wrong-password-123")
    assert _post_login(client, "karin", PASSWORD).status_code == 302


def test_lockout_message_follows_the_configured_window(client, karin, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 600
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _post_login(client, "karin", "wrong-password-123")
    response = _post_login(client, "karin", PASSWORD)
    assert b"Try again in 10 minutes." in response.content


def test_one_address_trying_many_usernames_is_locked(client, karin):
    for n in range(settings.LOGIN_MAX_FAILURES * 4):
        _post_login(client, f"guess{n}", "wrong-password-123")
    response = _post_login(client, "karin", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_login_post_requires_a_csrf_token(karin):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("core:login"), {"username": "karin", "password": PASSWORD})
    assert response.status_code == 403
    assert not _logged_in(client)

    page = client.get(reverse("core:login"))
    assert b'name="csrfmiddlewaretoken"' in page.content
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("core:login"),
        {"username": "karin", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert _logged_in(client)


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/huishoudens/", "/huishoudens/"),
        ("/huishoudens/?pagina=2", "/huishoudens/?pagina=2"),
        ("https://evil.example/steal", "/"),
        ("//evil.example/steal", "/"),
        ("http://testserver.evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_login_redirects_only_to_this_host(client, karin, next_url, expected):
    response = _post_login(client, "karin", PASSWORD, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_next_survives_the_login_form(client):
    response = client.get(reverse("core:login"), {"next": "/huishoudens/"})
    assert b'name="next" value="/huishoudens/"' in response.content


def test_logout_is_post_only(client, karin):
    client.force_login(karin.user)
    response = client.get(reverse("core:logout"))
    assert response.status_code == 405
    assert _logged_in(client)

    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login")
    assert not _logged_in(client)


def test_language_switch_changes_the_page_language(client):
    page = client.get(reverse("core:login"))
    assert b'<html lang="nl">' in page.content

    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("core:login")})
    assert response.status_code == 302
    page = client.get(reverse("core:login"))
    assert b'<html lang="en">' in page.content
    assert b"Log in to Nabij" in page.content
