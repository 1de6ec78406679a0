"""``nabij manage import_cbs_areas``: import a municipality's CBS districts and neighbourhoods."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nabij.areas import services


class Command(BaseCommand):
    help = (
        "Import districts (wijken) and neighbourhoods (buurten) with CBS key figures for one "
        "municipality. Without file options the Leeuwarden data shipped with Nabij are used. "
        "Everything is checked before anything is written; re-running updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--municipality",
            default=services.LEEUWARDEN_CODE,
            help="CBS municipality code, e.g. GM0080",
        )
        parser.add_argument(
            "--name", default=None, help="municipality name (default: Leeuwarden for GM0080)"
        )
        parser.add_argument(
            "--districts",
            default=str(services.LEEUWARDEN_DISTRICTS),
            help="GeoJSON FeatureCollection of the districts (wijken)",
        )
        parser.add_argument(
            "--neighbourhoods",
            default=str(services.LEEUWARDEN_NEIGHBOURHOODS),
            help="GeoJSON FeatureCollection of the neighbourhoods (buurten)",
        )
        parser.add_argument(
            "--kwb",
            default=str(services.LEEUWARDEN_KWB),
            help="CBS Kerncijfers wijken en buurten as JSON keyed by area code",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["municipality"]
        name = options["name"]
        if name is None:
            if code != services.LEEUWARDEN_CODE:
                raise CommandError("Give the municipality's name with --name.")
            name = services.LEEUWARDEN_NAME
        try:
            result = services.areas_import(
                municipality_code=code,
                municipality_name=name,
                districts_geojson=options["districts"],
                neighbourhoods_geojson=options["neighbourhoods"],
                kwb_json=options["kwb"],
            )
        except services.AreaImportError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(f"Imported {result.summary()}."))
