"""Seed the indicator registry: the Community Life Survey items and the computed indicators."""

from django.db import migrations

from coprod.outcomes.choices import COMMUNITY_LIFE_SURVEY, COMPUTED_INDICATORS, Source, Unit

CLS_NOTE = "Community Life Survey 2020/21, % of respondents: least deprived areas, most deprived areas."


def seed(apps, schema_editor):
    Indicator = apps.get_model("outcomes", "Indicator")
    for position, (code, name, direction, least, most) in enumerate(COMMUNITY_LIFE_SURVEY, start=1):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "definition": f"Percentage of survey respondents in the neighbourhood who say they: {name.lower()}.",
                "unit": Unit.PERCENT,
                "direction": direction,
                "level": "neighbourhood",
                "source": Source.COMMUNITY_LIFE_SURVEY,
                "reference_least_deprived": least,
                "reference_most_deprived": most,
                "reference_note": CLS_NOTE,
                "position": position,
            },
        )
    for position, (code, name, definition, unit, direction, source) in enumerate(
        COMPUTED_INDICATORS, start=50
    ):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "definition": definition,
                "unit": unit,
                "direction": direction,
                "level": "neighbourhood",
                "source": source,
                "computed": True,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    codes = [row[0] for row in COMMUNITY_LIFE_SURVEY] + [row[0] for row in COMPUTED_INDICATORS]
    apps.get_model("outcomes", "Indicator").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
