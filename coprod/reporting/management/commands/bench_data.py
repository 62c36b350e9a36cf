"""manage.py bench_data --engagements 1000000: a made-up unit at scale, for timing the dashboard.

One unit ("bench", its own region and authority) with 30 teams of 10 neighbourhoods (300), 20,000
groups, two volunteer-hour returns a year for each group, signed-off baselines, survey results and
targets, two regional initiatives, and the engagements asked for over the last two years, about 40%
of them with a group. Rows stream into COPY on PostgreSQL. Run once; --replace drops an earlier copy.
"""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from coprod.core.bulk import RowStream, paused_gc
from coprod.engagements import rollups
from coprod.engagements.models import ActivityType, Engagement, VolunteerHourReturn, WorkProgramme
from coprod.funding.models import Allocation, FundingStream, RegionalInitiative
from coprod.groups import rollups as group_rollups
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Baseline, Neighbourhood
from coprod.outcomes.models import Indicator, Measurement, Target
from coprod.places.models import LocalAuthority, Region
from coprod.units.choices import Role
from coprod.units.models import CoProductionUnit, Membership, Team

TEAMS, HOODS_PER_TEAM = 30, 10
PASSWORD = "bench-password-2026"  # noqa: S105  (made-up people of a made-up unit)
ENGAGEMENT_COLUMNS = [
    "id", "date", "worker_id", "team_id", "neighbourhood_id", "activity_type_id", "dimension", "minutes",
    "people_present", "new_people", "partners", "tags", "notes", "sensitive", "work_programme_id",
    "idempotency_key", "created_at", "updated_at",
]  # fmt: skip
DIMENSIONS = ["isolated_people", "groups", "services", "co_production"]


class Command(BaseCommand):
    help = "Make a unit at scale (300 neighbourhoods, 20,000 groups, N engagements) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--engagements", type=int, default=1_000_000)
        parser.add_argument("--groups", type=int, default=20_000)
        parser.add_argument("--replace", action="store_true", help="Remove an earlier bench unit first")

    def handle(self, *args, engagements: int, groups: int, replace: bool, **options):
        if CoProductionUnit.objects.filter(slug="bench").exists():
            if not replace:
                self.stdout.write("The bench unit is already there (use --replace to make it again).")
                return
            raise SystemExit(
                "--replace: drop the database and migrate again; bench data is not deleted row by row."
            )
        rng = random.Random(2026)  # noqa: S311  (repeatable made-up data)
        today = timezone.localdate()
        with transaction.atomic(), paused_gc():
            unit, teams, hoods, workers = self._structure(rng)
            group_ids = self._groups(rng, teams, hoods, groups, today)
            self._engagements(rng, teams, hoods, workers, group_ids, engagements, today)
            self._outcomes(rng, hoods, teams, today)
            self._funding(unit)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"bench unit: {len(teams)} teams, {len(hoods)} neighbourhoods, {len(group_ids)} groups, "
            f"{engagements} engagements; manager login bench.manager / {PASSWORD}"
        )

    def _structure(self, rng):
        region = Region.objects.create(code="E12000099", name="Bench region")
        authority = LocalAuthority.objects.create(
            code="E06000999", year=2019, name="Bench authority", tier="unitary", region=region
        )
        unit = CoProductionUnit.objects.create(name="Bench Co-Production Unit", slug="bench", region=region)
        users = get_user_model().objects
        manager = users.create_user("bench.manager", password=PASSWORD)
        Membership.objects.create(
            user=manager, role=Role.UNIT_MANAGER, unit=unit, start_date=datetime.date(2020, 1, 1)
        )
        teams: list[Team] = []
        hoods: list[Neighbourhood] = []
        workers: dict[int, list[int]] = {}  # team -> its workers' user ids
        for t in range(TEAMS):
            team = Team.objects.create(
                unit=unit, name=f"Bench team {t:02d}", slug=f"bench-{t:02d}", host_authority=authority
            )
            team.authorities.add(authority)
            teams.append(team)
            workers[team.pk] = []
            for w in range(2):
                user = users.create_user(f"bench.{t:02d}.{w}", password=PASSWORD)
                Membership.objects.create(
                    user=user, role=Role.WORKER, team=team, start_date=datetime.date(2020, 1, 1)
                )
                workers[team.pk].append(user.pk)
            for h in range(HOODS_PER_TEAM):
                hoods.append(
                    Neighbourhood.objects.create(
                        team=team,
                        name=f"Bench {t:02d}-{h}",
                        slug=f"bench-{t:02d}-{h}",
                        population_entered=rng.randint(5000, 10000),
                    )  # fmt: skip
                )
        return unit, teams, hoods, workers

    def _groups(self, rng, teams, hoods, count, today):
        hoods_of: dict[int, list[int]] = {}
        for hood in hoods:
            hoods_of.setdefault(hood.team_id, []).append(hood.pk)
        levels = ["intensive", "moderate", "light", "none", "none"]
        objs = []
        for i in range(count):
            team = teams[i % len(teams)]
            objs.append(
                CommunityGroup(
                    team=team,
                    local_authority_id=team.host_authority_id,
                    name=f"Bench group {i}",
                    search_name=f"bench group {i}",
                    org_identifier=f"360G-coprod-bench-{i}",
                    status="active",
                    status_since=today,
                    support_intensity=rng.choice(levels),
                    support_intensity_since=today,
                )  # fmt: skip
            )
        CommunityGroup.objects.bulk_create(objs, batch_size=5000)
        ids = list(
            CommunityGroup.objects.filter(team__unit__slug="bench")
            .order_by("pk")
            .values_list("pk", "team_id")
        )
        through = CommunityGroup.neighbourhoods.through
        with RowStream(through, ["communitygroup_id", "neighbourhood_id"]) as links:
            for pk, team_id in ids:
                links.write((pk, rng.choice(hoods_of[team_id])))
        group_rollups.refresh_teams([team.pk for team in teams])  # loaded in bulk, not by the services
        now = timezone.now()
        with RowStream(
            VolunteerHourReturn,
            ["group_id", "start", "end", "hours", "volunteers", "source", "created_at", "updated_at"],
        ) as returns:
            for pk, _ in ids:
                for year in (today.year - 1, today.year):
                    returns.write(
                        (pk, datetime.date(year, 1, 1), datetime.date(year, 12, 31),
                         Decimal(rng.randint(50, 2000)), rng.randint(2, 30), "estimate", now, now)
                    )  # fmt: skip
        return ids

    def _engagements(self, rng, teams, hoods, workers, group_ids, count, today):
        activity_ids = list(ActivityType.objects.values_list("pk", flat=True))
        hoods_of: dict[int, list[int]] = {}
        groups_of: dict[int, list[int]] = {}
        for hood in hoods:
            hoods_of.setdefault(hood.team_id, []).append(hood.pk)
        for pk, team_id in group_ids:
            groups_of.setdefault(team_id, []).append(pk)
        first_id = (Engagement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        start = today - datetime.timedelta(days=730)
        now = timezone.now()
        links = []
        with RowStream(Engagement, ENGAGEMENT_COLUMNS) as rows:
            for n in range(count):
                team = teams[n % len(teams)]
                present = rng.randint(1, 20)
                pk = first_id + n
                rows.write(
                    (pk, start + datetime.timedelta(days=rng.randint(0, 730)), rng.choice(workers[team.pk]),
                     team.pk, rng.choice(hoods_of[team.pk]), rng.choice(activity_ids), rng.choice(DIMENSIONS),
                     rng.choice((15, 30, 45, 60, 90, 120)), present, rng.randint(0, present // 4), [], [], "",
                     False, None, uuid.UUID(int=rng.getrandbits(128)), now, now)
                )  # fmt: skip
                if rng.random() < 0.4:
                    links.append((pk, rng.choice(groups_of[team.pk])))
        with RowStream(Engagement.groups.through, ["engagement_id", "communitygroup_id"]) as stream:
            for link in links:
                stream.write(link)
        rollups.rebuild([team.pk for team in teams])  # the contacts came in by COPY, not the services
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('engagements_engagement', 'id'), "
                    "(SELECT MAX(id) FROM engagements_engagement))"
                )

    def _outcomes(self, rng, hoods, teams, today):
        density = Indicator.objects.get(code="group-density")
        belong = Indicator.objects.get(code="cls-belong")
        new_people = Indicator.objects.get(code="new-people")
        manager = get_user_model().objects.get(username="bench.manager")
        taken_on = today - datetime.timedelta(days=365)
        Baseline.objects.bulk_create(
            Baseline(
                neighbourhood=hood,
                taken_on=taken_on,
                status="signed_off",
                taken_by=manager,
                signed_off_by=manager,
                signed_off_at=timezone.now(),
                snapshot={
                    "indicators": {
                        density.code: {
                            "name": density.name,
                            "value": f"{rng.uniform(1, 6):.2f}",
                            "as_at": taken_on.isoformat(),
                        }
                    }
                },
            )  # fmt: skip
            for hood in hoods
        )
        programmes = {
            team.pk: WorkProgramme.objects.create(
                team=team,
                name="Bench programme",
                start=taken_on,
                end=today + datetime.timedelta(days=365),
                planned_hours=Decimal(1000),
            )  # fmt: skip
            for team in teams
        }
        measurements, targets = [], []
        for hood in hoods:
            for months_ago in (12, 3):
                end = today - datetime.timedelta(days=30 * months_ago)
                measurements.append(
                    Measurement(
                        indicator=belong,
                        neighbourhood=hood,
                        period_start=end - datetime.timedelta(days=30),
                        period_end=end,
                        value=Decimal(rng.randint(45, 70)),
                        source="Bench survey",
                        sample_size=120,
                        recorded_by=manager,
                    )  # fmt: skip
                )
            for indicator, baseline, target in ((belong, 50, 65), (new_people, 0, 40)):
                targets.append(
                    Target(
                        work_programme=programmes[hood.team_id],
                        indicator=indicator,
                        neighbourhood=hood,
                        baseline_value=Decimal(baseline),
                        baseline_on=taken_on,
                        target_value=Decimal(target),
                        target_on=today + datetime.timedelta(days=300),
                    )  # fmt: skip
                )
        Measurement.objects.bulk_create(measurements)
        Target.objects.bulk_create(targets)

    def _funding(self, unit):
        stream = FundingStream.objects.order_by("pk").first()
        assert stream is not None, "the funding streams are loaded by the migrations"
        today = timezone.localdate()
        for slug, capital, cb, cp in (
            ("bench-fund-a", 1_500_000, 100_000, 60_000),
            ("bench-fund-b", 800_000, 30_000, 20_000),
        ):
            initiative = RegionalInitiative.objects.create(
                region=unit.region, title=slug.replace("-", " ").title(), slug=slug, funding_stream=stream,
                lead_body="Bench combined authority", capital=Decimal(capital), revenue=Decimal(0),
                start=today.replace(month=4, day=1),
                end=today.replace(month=4, day=1) + datetime.timedelta(days=1000),
            )  # fmt: skip
            Allocation.objects.create(
                initiative=initiative, amount=Decimal(cb), date=today, category="capacity_building"
            )
            Allocation.objects.create(
                initiative=initiative, amount=Decimal(cp), date=today, category="community_proposed"
            )
