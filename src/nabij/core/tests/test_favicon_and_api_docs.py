"""Issue 13: ``/favicon.ico`` is answered, and the API documentation page has a language and a
way back to the app."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from nabij.core.views import FAVICON


@pytest.mark.django_db
def test_favicon_ico_is_served_without_login():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = response.content
    assert body == FAVICON.read_bytes()
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert "max-age" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "lang", "back"), [("nl", "nl", "Terug naar Nabij"), ("en", "en", "Back to Nabij")]
)
def test_api_docs_page_has_lang_and_a_way_back(accept, lang, back):
    response = Client(HTTP_ACCEPT_LANGUAGE=accept).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'<html lang="{lang}">', html)
    home = reverse("core:home")
    assert re.search(rf'<a href="{re.escape(home)}">← {back}</a>', html)
    assert "swagger-ui-bundle.js" in html  # still the documentation
