"""The published account as a PDF and through the API: the frozen publication only."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from nabij.access.services import api_token_create
from nabij.reports import pdf
from nabij.reports.models import AreaAccount
from nabij.reports.tests.helpers import YEAR, districts, published_account, written_account
from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def _with_indicators(world):
    district, _ = districts(world)
    f.IndicatorValueFactory(
        indicator=f.IndicatorFactory(code="Bijstand", name="Bijstandsuitkeringen", unit="%"),
        area_code=district.code,
        period=2024,
        value="4.3",
    )
    f.IndicatorValueFactory(
        indicator=f.IndicatorFactory(code="Veiligheid", name="Veiligheidsgevoel", unit=""),
        area_code=district.code,
        period=2025,
        value=7,
        quality="synthetic",
    )


def test_the_pdf_is_a4_with_page_numbers_sources_and_the_stories(world):
    _with_indicators(world)
    account = published_account(world)
    response = Client().get(reverse("reports:pdf", args=[account.district.code, YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Eerst de schulden" in flat and "Samen koken" in flat
    assert "Bron: CBS 2024" in flat or "Source: CBS 2024" in flat
    assert "synthetisch" in flat or "synthetic" in flat
    assert f"1 van {len(reader.pages)}" in flat or f"1 of {len(reader.pages)}" in flat
    assert "Karima" not in flat


def test_the_pdf_is_made_once_and_kept(world, monkeypatch):
    account = published_account(world)
    calls = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda a: calls.append(1) or real(a))
    address = reverse("reports:pdf", args=[account.district.code, YEAR])
    first = Client().get(address).content
    second = Client().get(address).content
    assert first == second and len(calls) == 1
    assert AreaAccount.objects.get(pk=account.pk).published_pdf


def test_the_fetcher_serves_only_the_apps_static_files():
    body, mime = pdf.fetch_local(pdf.STATIC_PREFIX + "reports/account_pdf.css")
    assert b"@page" in body and mime == "text/css"
    for url in (
        "http://example.com/tracker.png",
        "https://fonts.example.com/font.woff2",
        "file:///etc/passwd",
        pdf.STATIC_PREFIX + "../../settings.py",
        pdf.STATIC_PREFIX + "reports/nothing-here.css",
    ):
        with pytest.raises(pdf.RefusedURL):
            pdf.fetch_local(url)


def test_weasyprint_asks_the_fetcher_and_never_the_network(monkeypatch):
    from weasyprint import HTML

    asked: list[str] = []
    real = pdf.fetch_local

    def spy(url):
        asked.append(url)
        return real(url)

    monkeypatch.setattr(pdf, "fetch_local", spy)
    html = (
        '<link rel="stylesheet" href="/static/reports/account_pdf.css">'
        '<img src="http://example.com/x.png"><p>Hallo</p>'
    )
    HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.local_fetcher()).write_pdf()
    assert pdf.STATIC_PREFIX + "reports/account_pdf.css" in asked
    assert "http://example.com/x.png" in asked  # asked, and refused


def _api(world):
    token = api_token_create(user=world.analyst.user, name="t")
    return {"Authorization": f"Bearer {token}"}


def test_the_api_lists_and_returns_published_accounts_only(client, world):
    _with_indicators(world)
    published = published_account(world)
    written_account(world, year=YEAR - 1)  # a draft: never through the API
    code = published.district.code
    listed = client.get(f"/api/v1/areas/{code}/accounts", headers=_api(world))
    assert listed.status_code == 200
    assert [a["year"] for a in listed.json()] == [YEAR]
    assert listed.json()[0]["pdf_url"].endswith(f"/verantwoording/{code}/{YEAR}.pdf")
    detail = client.get(f"/api/v1/areas/{code}/accounts/{YEAR}", headers=_api(world)).json()
    assert detail["lessons"].startswith("We leerden")
    assert [s["title"] for s in detail["stories"]] == ["Eerst de schulden", "Samen koken"]
    assert detail["figures"]["year"] == YEAR
    assert {i["code"] for i in detail["figures"]["indicators"]} == {"Bijstand", "Veiligheid"}
    assert "household_id" not in str(detail)
    draft = client.get(f"/api/v1/areas/{code}/accounts/{YEAR - 1}", headers=_api(world))
    assert draft.status_code == 404
    assert client.get(f"/api/v1/areas/{code}/accounts").status_code == 401
    assert client.get("/api/v1/areas/WK000000/accounts", headers=_api(world)).status_code == 404
