"""Reserved for scenario changes (household costs); the scenario models of 0001 sufficed."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("costs", "0003_product_catalogue")]
    operations = []  # type: ignore[var-annotated]
