"""Reserved for price index data (reference prices); filled by that part or removed if unused."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("costs", "0004_scenarios")]
    operations: list[migrations.operations.base.Operation] = []
