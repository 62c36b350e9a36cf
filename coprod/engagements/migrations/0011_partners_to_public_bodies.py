"""Existing contacts' partners, recorded as kinds of partner (police, a primary care network...), point
at the public bodies now named in coprod: a contact whose partners include a public kind is linked to
the body of that kind its team's contacts can name (of the team's region, serving an authority the team
covers, or the whole region), when there is exactly one such body. Where there are none or several, the
contact is left as it was: its partner kinds stay, so nothing recorded is lost, and a person can name
the body on the contact's page. Historical models only."""

from collections import defaultdict

from django.db import migrations

# Kinds of partner on a contact and the kinds of public body they are.
BODY_KIND_OF_PARTNER = {
    "council": "council_department",
    "primary_care_network": "primary_care_network",
    "police": "police_neighbourhood_team",
    "housing": "housing_provider",
    "school": "school",
}


def link_partners(apps, schema_editor):
    Engagement = apps.get_model("engagements", "Engagement")
    PublicBody = apps.get_model("places", "PublicBody")
    Team = apps.get_model("units", "Team")
    through = Engagement.public_bodies.through
    # The bodies each team's contacts can name, by kind.
    nameable: dict[tuple[int, str], list[int]] = defaultdict(list)
    for team in Team.objects.select_related("unit"):
        covered = set(team.authorities.values_list("pk", flat=True))
        for body in PublicBody.objects.filter(region_id=team.unit.region_id).prefetch_related("authorities"):
            served = {a.pk for a in body.authorities.all()}
            if not served or served & covered:
                nameable[(team.pk, body.kind)].append(body.pk)
    links = []
    contacts = Engagement.objects.exclude(partners=[]).values_list("pk", "team_id", "partners")
    for pk, team_id, partners in contacts.iterator(chunk_size=2000):
        bodies = set()
        for partner in partners or []:
            candidates = nameable.get((team_id, BODY_KIND_OF_PARTNER.get(partner, "")), [])
            if len(candidates) == 1:
                bodies.add(candidates[0])
        links += [through(engagement_id=pk, publicbody_id=body) for body in sorted(bodies)]
        if len(links) >= 5000:
            through.objects.bulk_create(links, ignore_conflicts=True)
            links = []
    through.objects.bulk_create(links, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0010_contact_public_bodies"),
        ("places", "0003_publicbody"),
        ("units", "0001_initial"),
    ]

    operations = [migrations.RunPython(link_partners, migrations.RunPython.noop)]
