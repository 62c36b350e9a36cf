"""Time logging one contact through the API at scale: the rollups kept by adding the new contact
(rollups.add_contact, what coprod does) against recomputing its team-month and quarter from the
records (rollups.refresh, the baseline), alternated in the same run on the same data.

Both leave every rollup equal to the records (tests/engagements); this measures what each costs a
write. Makes the data with `manage.py bench_data` if it is not there (not timed), then logs contacts
as a worker of the bench unit with the in-process test client, each with one or two of the team's
groups and a neighbourhood drawn at random, and prints the median and 90th percentile of each and
their ratio. Every contact logged stays in the database.

    bash scripts/with-postgres.sh .venv/bin/python bench/log_write.py [--engagements 1000000]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
tmp = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.test")
os.environ.setdefault("CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from coprod.engagements import rollups  # noqa: E402
from coprod.engagements.models import ActivityType, Engagement, Theme  # noqa: E402
from coprod.groups.models import CommunityGroup  # noqa: E402
from coprod.neighbourhoods.models import Neighbourhood  # noqa: E402
from coprod.units.choices import Role  # noqa: E402
from coprod.units.models import Membership  # noqa: E402


def recompute_instead(engagement, group_ids) -> None:
    """The baseline: recompute the contact's team-month (and the quarters it changes) from the records."""
    rollups.refresh([(engagement.team_id, engagement.date)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=40, help="contacts logged each way")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("bench_data", engagements=args.engagements, groups=args.groups)
    member = (
        Membership.objects.filter(team__unit__slug="bench", role=Role.WORKER, end_date__isnull=True)
        .select_related("user", "team")
        .order_by("pk")
        .first()
    )
    team = member.team
    groups = list(CommunityGroup.objects.filter(team=team).values_list("pk", flat=True))
    hoods = list(Neighbourhood.objects.filter(team=team).values_list("slug", flat=True))
    activities = list(ActivityType.objects.values_list("slug", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    rng = random.Random(2026)  # noqa: S311  (repeatable made-up contacts)
    client = Client()
    client.force_login(member.user)

    def log() -> float:
        payload = {
            "team": team.slug, "neighbourhood": rng.choice(hoods), "activity_type": rng.choice(activities),
            "dimension": "groups", "minutes": rng.choice([15, 30, 45, 60, 90]), "people_present": 5,
            "groups": rng.sample(groups, rng.randint(1, 2)), "themes": rng.sample(themes, 1),
            "notes": "Met the group at the community centre.",
        }  # fmt: skip
        began = time.perf_counter()
        response = client.post(
            "/api/v1/engagements/", payload, content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), HTTP_HOST="localhost",
        )  # fmt: skip
        assert response.status_code == 201, response.content[:300]
        return (time.perf_counter() - began) * 1000

    adding = rollups.add_contact
    for _ in range(3):  # warm: connection, first queries
        log()
    times: dict[str, list[float]] = {"add the contact": [], "recompute the month": []}
    for _ in range(args.repeat):  # alternate, so both see the same machine and the same data
        rollups.add_contact = adding
        times["add the contact"].append(log())
        rollups.add_contact = recompute_instead
        times["recompute the month"].append(log())
    rollups.add_contact = adding

    print(
        f"logging a contact through the API, {Engagement.objects.filter(team=team).count():,} contacts in "
        f"the team, {Engagement.objects.count():,} in all, {args.repeat} each way:"
    )
    medians = {}
    for name, found in times.items():
        medians[name] = statistics.median(found)
        print(
            f"  {name:<22} median {medians[name]:.1f} ms, "
            f"90th percentile {statistics.quantiles(found, n=10)[-1]:.1f} ms"
        )
    ratio = medians["add the contact"] / medians["recompute the month"]
    print(f"  adding / recomputing: {ratio:.2f}")


if __name__ == "__main__":
    main()
