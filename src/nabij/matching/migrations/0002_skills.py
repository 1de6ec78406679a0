"""Load the shipped skills taxonomy (data/skills.json) once; afterwards it is the
municipality's data, edited in the administration."""

import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "skills.json"


def load_skills(apps: Any, schema_editor: Any) -> None:
    skill = apps.get_model("matching", "Skill")
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    for position, row in enumerate(rows, start=1):
        skill.objects.get_or_create(code=row["code"], defaults={**row, "position": position})


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial")]

    operations = [migrations.RunPython(load_skills, migrations.RunPython.noop)]
