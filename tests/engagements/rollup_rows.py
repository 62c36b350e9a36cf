"""Every rollup's rows as plain values, to compare with what rebuilding them from the records gives."""

from collections import Counter

from coprod.engagements.models import (
    ContactDay,
    ContactMonth,
    EngagedGroupMonth,
    EngagedGroupQuarter,
    QuarterGroups,
    QuarterReturns,
)
from coprod.groups.models import GroupCount

ROLLUPS = {
    ContactDay: ("team_id", "neighbourhood_id", "day", "minutes", "new_people"),
    ContactMonth: ("team_id", "neighbourhood_id", "month", "minutes", "new_people", "contacts"),
    EngagedGroupMonth: ("team_id", "neighbourhood_id", "group_id", "month"),
    EngagedGroupQuarter: ("team_id", "neighbourhood_id", "group_id", "quarter", "foreign"),
    QuarterGroups: ("team_id", "quarter", "level", "neighbourhood_id", "groups"),
    QuarterReturns: (
        "team_id",
        "quarter",
        "level",
        "neighbourhood_id",
        "return_start",
        "return_end",
        "tenths",
    ),
    GroupCount: ("team_id", "neighbourhood_id", "status", "support_intensity", "n"),
}


def rows() -> dict:
    """Each rollup's rows (a Counter, so a key held twice shows)."""
    return {model: Counter(model.objects.values_list(*fields)) for model, fields in ROLLUPS.items()}
