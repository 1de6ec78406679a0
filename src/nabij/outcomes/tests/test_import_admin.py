"""Nabij beheer lists the indicator imports, read only, for the administrator only."""

from __future__ import annotations

import pytest

from nabij.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_the_imports_and_cannot_change_them(world, client):
    old = f.IndicatorImportFactory(table_id="85984NED", period=2024, values_count=188)
    new = f.IndicatorImportFactory(table_id="85984NED", period=2024, values_count=190)
    old.replaced_by = new
    old.save()
    client.force_login(world.administrator.user)
    page = client.get("/beheer/outcomes/indicatorimport/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "85984NED" in text
    assert "188" in text
    assert "190" in text
    assert client.get(f"/beheer/outcomes/indicatorimport/{old.pk}/change/").status_code == 200
    assert client.get("/beheer/outcomes/indicatorimport/add/").status_code == 403
    assert client.post(f"/beheer/outcomes/indicatorimport/{old.pk}/delete/").status_code == 403
    old.refresh_from_db()
    assert old.replaced_by == new

    client.force_login(world.analyst.user)
    assert client.get("/beheer/outcomes/indicatorimport/").status_code == 403
