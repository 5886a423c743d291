import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

SHIPPED = Path(__file__).resolve().parent.parent / "content" / "instruments" / "vt-self-check.json"


def load(apps, schema_editor):
    Instrument = apps.get_model("insights", "Instrument")
    definition = json.loads(SHIPPED.read_text(encoding="utf-8"))
    Instrument.objects.update_or_create(
        slug=definition["slug"],
        defaults={
            "name": definition["name"],
            "version": definition["version"],
            "definition": definition,
            "is_active": True,
            "loaded_at": timezone.now(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
