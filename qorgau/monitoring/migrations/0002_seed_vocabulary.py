"""Seed the violation types, perpetrator kinds and warning signs from data/vocabulary.json.
Rows that already exist are left as the administrators edited them."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "vocabulary.json"


def seed(apps, schema_editor):
    group_model = apps.get_model("monitoring", "ViolationGroup")
    type_model = apps.get_model("monitoring", "ViolationType")
    kind_model = apps.get_model("monitoring", "PerpetratorKind")
    sign_model = apps.get_model("monitoring", "WarningSign")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for group_order, group in enumerate(data["groups"], start=1):
        group_row, _created = group_model.objects.get_or_create(
            code=group["code"],
            defaults={
                "name_kk": group["kk"],
                "name_ru": group["ru"],
                "name_en": group["en"],
                "order": group_order,
                "is_online_violence": group["online"],
            },
        )
        for order, kind in enumerate(group["types"], start=1):
            type_model.objects.get_or_create(
                code=kind["code"],
                defaults={
                    "group": group_row,
                    "name_kk": kind["kk"],
                    "name_ru": kind["ru"],
                    "name_en": kind["en"],
                    "rollup": kind["rollup"],
                    "sdg_16_10_1": kind["sdg"],
                    "order": order,
                },
            )
    for order, kind in enumerate(data["perpetrators"], start=1):
        kind_model.objects.get_or_create(
            code=kind["code"],
            defaults={
                "name_kk": kind["kk"],
                "name_ru": kind["ru"],
                "name_en": kind["en"],
                "is_state": kind["state"],
                "order": order,
            },
        )
    for order, sign in enumerate(data["warning_signs"], start=1):
        sign_model.objects.get_or_create(
            code=sign["code"],
            defaults={
                "text_kk": sign["kk"],
                "text_ru": sign["ru"],
                "text_en": sign["en"],
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
