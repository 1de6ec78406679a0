"""Rows that data migrations load (instruments, reference prices, products, price index,
skills, the register of processing, the rules register's laws).

A transactional test ends with a flush that empties every table, these rows included.
pytest-django runs transactional tests after all others, so restoring the rows at the start of
each transactional test (committed, with the migrations' own idempotent loaders, only where
missing) gives every test the database a fresh install has.
"""

from __future__ import annotations

import importlib
import json


def restore_seed_rows() -> None:
    from django.apps import apps

    from nabij.assessment.models import Instrument
    from nabij.costs.models import PriceIndex, Product, ReferencePrice
    from nabij.learning.models import Rule
    from nabij.matching.models import Skill
    from nabij.portal.models import Processing

    def migration(app: str, name: str):  # type: ignore[no-untyped-def]
        return importlib.import_module(f"nabij.{app}.migrations.{name}")

    if not Instrument.objects.exists():
        migration("assessment", "0002_default_instruments").add_instruments(apps, None)
    if not ReferencePrice.objects.exists():
        data = migration("costs", "0002_reference_prices").DATA
        for row in json.loads(data.read_text(encoding="utf-8")):
            ReferencePrice.objects.update_or_create(key=row["key"], defaults=row)
    if not Product.objects.exists():
        migration("costs", "0003_product_catalogue").load_products(apps, None)
    if not PriceIndex.objects.exists():
        migration("costs", "0005_price_index").load(apps, None)
    if not Skill.objects.exists():
        migration("matching", "0002_skills").load_skills(apps, None)
    if not Processing.objects.exists():
        migration("portal", "0002_register_of_processing_seed").seed(apps, None)
    if not Rule.objects.exists():
        migration("learning", "0002_e_seed_rules").seed(apps, None)
    referral = importlib.import_module("nabij.referrals.migrations.0002_processing_referral")
    if not Processing.objects.filter(name=referral.ROW["name"]).exists():
        referral.seed(apps, None)
    if not Processing.objects.filter(name="Vroegsignalering van betalingsachterstanden").exists():
        migration("portal", "0003_b_processing_signals").add(apps, None)
