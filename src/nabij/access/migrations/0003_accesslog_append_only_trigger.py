"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION nabij_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accesslog_append_only
    BEFORE UPDATE OR DELETE ON access_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION nabij_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS accesslog_append_only ON access_accesslogentry;
DROP FUNCTION IF EXISTS nabij_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
