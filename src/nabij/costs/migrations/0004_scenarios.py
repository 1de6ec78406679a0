"""Reserved for scenario changes (household costs); filled by that part or removed if unused."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("costs", "0003_product_catalogue")]
    operations: list[migrations.operations.base.Operation] = []
