"""The product catalogue imports check declarations against, and an index for reference lookups.

The product categories are the national iJw (JZ020) and iWmo (WMO020) code lists, release 3.2;
product codes are agreed per municipality, so only the demo municipality's few codes ship, each
row saying where it comes from (``costs/data/products.json``).
"""

import json
from pathlib import Path
from typing import Any

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data" / "products.json"


def load_products(apps: Any, schema_editor: Any) -> None:
    Product = apps.get_model("costs", "Product")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    sources = data["sources"]
    rows = [
        Product(category=category, code="", stream=stream, name=name, source=sources[source])
        for category, stream, source, name in data["categories"]
    ]
    rows += [
        Product(category=category, code=code, stream=stream, name=name, source=sources[source])
        for category, code, stream, source, name in data["codes"]
    ]
    Product.objects.bulk_create(rows)


def unload_products(apps: Any, schema_editor: Any) -> None:
    apps.get_model("costs", "Product").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("costs", "0002_reference_prices")]
    operations = [
        migrations.AddField(
            model_name="product",
            name="source",
            field=models.CharField(blank=True, max_length=300, verbose_name="source"),
        ),
        migrations.AddIndex(
            model_name="costline",
            index=models.Index(fields=["provider", "external_ref"], name="costline_provider_ref"),
        ),
        migrations.RunPython(load_products, unload_products),
    ]
