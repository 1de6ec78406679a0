"""Reserved for the product catalogue (imports); filled by that part or removed if unused."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("costs", "0002_reference_prices")]
    operations: list[migrations.operations.base.Operation] = []
