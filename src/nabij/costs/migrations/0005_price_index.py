"""The consumer price index (CBS CPI) per year, 2015 = 100, so reference prices can be indexed.

CBS publishes the yearly change of the CPI ("jaarmutatie", % against the year before, one
decimal): StatLine table 83131NED "Consumentenprijzen; prijsindex 2015=100" and the CBS news
release "Inflatie 3,8 procent in 2023" (cbs.nl, February 2024); 2024: 3.3% (CBS figure, found via teltel.nl, which republishes the CBS series).
The levels below are chained from those published changes with 2015 = 100, so they can differ
from CBS's own index levels by rounding (checked: 2013 against 2015 differs by 0.02% from the
2006 = 100 series 71311NED, 114.71 / 116.58). A municipality may replace them on the reference
price page; rows that already exist are left alone.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

BASE_YEAR = 2015
YEARLY_CHANGE_PERCENT = {
    2006: "1.1",
    2007: "1.6",
    2008: "2.5",
    2009: "1.2",
    2010: "1.3",
    2011: "2.3",
    2012: "2.5",
    2013: "2.5",
    2014: "1.0",
    2015: "0.6",
    2016: "0.3",
    2017: "1.4",
    2018: "1.7",
    2019: "2.6",
    2020: "1.3",
    2021: "2.7",
    2022: "10.0",
    2023: "3.8",
    2024: "3.3",
}
SOURCE = (
    "CBS, consumentenprijsindex (CPI), jaarmutaties (StatLine 83131NED; persberichten "
    "inflatie 2023 en 2024); reeks 2015=100 hieruit geketend"
)


def levels() -> dict[int, Decimal]:
    factor = {y: 1 + Decimal(p) / 100 for y, p in YEARLY_CHANGE_PERCENT.items()}
    index = {BASE_YEAR: Decimal(100)}
    for year in range(BASE_YEAR + 1, max(factor) + 1):
        index[year] = index[year - 1] * factor[year]
    for year in range(BASE_YEAR - 1, min(factor) - 2, -1):
        index[year] = index[year + 1] / factor[year + 1]
    return {y: v.quantize(Decimal("0.001"), ROUND_HALF_UP) for y, v in index.items()}


def load(apps, schema_editor):
    PriceIndex = apps.get_model("costs", "PriceIndex")
    for year, value in sorted(levels().items()):
        PriceIndex.objects.get_or_create(year=year, defaults={"index": value, "source": SOURCE})


def unload(apps, schema_editor):
    PriceIndex = apps.get_model("costs", "PriceIndex")
    PriceIndex.objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("costs", "0003_product_catalogue")]
    operations = [migrations.RunPython(load, unload)]
