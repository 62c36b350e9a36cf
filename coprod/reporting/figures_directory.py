"""The directory's and the residents' figures of a unit, its teams and neighbourhoods, for unit_figures.

Each function fills the rows (AreaFigures) of reporting.selectors from one or two grouped queries, so
the number of queries stays the same whatever the number of groups, records, teams or neighbourhoods.

- Groups started: groups started with a team's help (CommunityGroup.started_with_team) on a day in the
  period (started_with_team_on), counted for that team, whichever directory holds the group and
  whatever its status now. Only the teams shown count.
- Groups added (counted in reporting.selectors): groups added to a team's directory in the period,
  by the local day of created_at, whether typed in or imported.
- Resident involvement and people using groups' services: for each neighbourhood, the involvement
  record that stood at the end of the period (outcomes.selectors.latest_involvement: the one whose own
  period ended last on or before the period's end); a team's and the unit's figures are the sums of
  their neighbourhoods'.
- Volunteer hours a week: the current estimates of the directory's active groups, summed, with their
  full-time equivalents (full_time_equivalents). A team's are its own directory's groups, the unit's
  the sum of its teams'; a neighbourhood's are those of the active groups serving it, each in full, as
  in group density, so neighbourhoods' hours need not add up to their team's.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from coprod.groups.selectors import ActiveGroupCounts, started_with_team_by_team
from coprod.outcomes.selectors import latest_involvement

# One full-time equivalent is 37 hours a week (DOMAIN.md: Bolton's 100,900 hours a week are 2,727 jobs).
FTE_HOURS_WEEK = Decimal(37)
HOURS = Decimal("0.1")


def full_time_equivalents(hours_week: Decimal | int | None) -> int:
    """Hours a week as full-time jobs: hours ÷ 37, rounded to a whole number, halves up (100,900 → 2,727)."""
    if not hours_week:
        return 0
    return int((Decimal(hours_week) / FTE_HOURS_WEEK).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fill_groups_started(total, team_rows, team_pks, *, start, end) -> None:
    """groups_started: groups started with the team's help on a day in the period, for each team shown
    and the unit."""
    for team_id, n in started_with_team_by_team(team_pks, start=start, end=end).items():
        if team_id in team_rows:
            team_rows[team_id].groups_started = n
            total.groups_started += n


def fill_involvement(total, team_rows, hood_rows, hoods_qs, team_of: dict[int, int], *, end) -> None:
    """Residents involved intensively, regularly and occasionally, and people using groups' services,
    from each neighbourhood's involvement record standing at the end of the period, summed for its team
    and the unit. involvement_counted says how many neighbourhoods had a record to count."""
    for hood_id, record in latest_involvement(hoods_qs, on=end).items():
        if hood_id not in hood_rows:
            continue
        hood = hood_rows[hood_id]
        hood.involvement_start, hood.involvement_end = record.period_start, record.period_end
        for row in (hood, team_rows[team_of[hood_id]], total):
            row.residents_intensive += record.intensive
            row.residents_regular += record.regular
            row.residents_occasional += record.occasional
            row.service_users += record.service_users
            row.involvement_counted += 1


def _take_hours(row, hours: Decimal, estimates: int) -> None:
    row.volunteer_hours_week = Decimal(hours).quantize(HOURS)
    row.volunteer_estimates = estimates
    row.volunteer_fte = full_time_equivalents(row.volunteer_hours_week)


def fill_volunteer_hours_week(total, team_rows, hood_rows, counts: ActiveGroupCounts) -> None:
    """Volunteer hours a week of the active groups and their full-time equivalents: each team's own
    directory, the unit as the sum of its teams, each neighbourhood the groups serving it. A row's
    full-time equivalents are worked out from its own hours, so teams' may not add up to the unit's."""
    unit_hours, unit_estimates = Decimal("0.0"), 0
    for team_id, (hours, estimates) in counts.hours_by_team.items():
        _take_hours(team_rows[team_id], hours, estimates)
        unit_hours += hours
        unit_estimates += estimates
    _take_hours(total, unit_hours, unit_estimates)
    for hood_id, (hours, estimates) in counts.hours_serving.items():
        if hood_id in hood_rows:
            _take_hours(hood_rows[hood_id], hours, estimates)
