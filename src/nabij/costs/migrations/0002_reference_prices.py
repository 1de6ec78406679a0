"""The default reference prices, and on PostgreSQL a trigger that keeps the ledger append-only."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "reference_prices.json"

CREATE = """
CREATE OR REPLACE FUNCTION nabij_costline_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cost ledger is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER costline_append_only
    BEFORE UPDATE OR DELETE ON costs_costline
    FOR EACH ROW EXECUTE FUNCTION nabij_costline_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS costline_append_only ON costs_costline;
DROP FUNCTION IF EXISTS nabij_costline_append_only();
"""


def load(apps, schema_editor):
    ReferencePrice = apps.get_model("costs", "ReferencePrice")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        ReferencePrice.objects.update_or_create(key=row["key"], defaults=row)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def unload(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("costs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
