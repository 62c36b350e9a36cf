"""The rules of the unit's regional work, in one place: when a consultation window gives communities
room to be heard, and when a steering group is led by its communities.

Plain functions of plain values: the models' clean(), the services, the API's verdict fields and the
figures all call these. The thresholds are each unit's to set (RegionalWorkRules); these are the
defaults.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_WEEKS_OPEN = 6
MIN_WEEKS_NOTICE = 4
COMMUNITY_SHARE_PERCENT = 50

STAGES = (
    ("idea_on", "idea"),
    ("design_on", "design"),
    ("design_freeze_on", "design freeze"),
    ("approval_on", "approval"),
    ("delivery_on", "delivery"),
    ("evaluation_on", "evaluation"),
)

CLOSES_BEFORE_OPENS = "A window cannot close before it opens."
SIGNED_OFF = "This assessment is signed off and frozen: supersede it with a new one to change it."
NOT_TOUCHED = "Choose a neighbourhood the plan touches."
UNMITIGATED = "Give a mitigation for every negative effect before signing off: {fields}."


@dataclass(frozen=True)
class WindowRule:
    """A unit's rule for consultation windows and steering groups."""

    min_weeks_open: int = MIN_WEEKS_OPEN
    min_weeks_notice: int = MIN_WEEKS_NOTICE
    community_share_percent: int = COMMUNITY_SHARE_PERCENT


DEFAULT = WindowRule()


def stage_errors(stages: dict[str, datetime.date | None]) -> dict[str, str]:
    """Each stage that falls before one it follows (stages left blank are skipped)."""
    errors: dict[str, str] = {}
    last: tuple[str, datetime.date] | None = None
    for field, label in STAGES:
        day = stages.get(field)
        if day is None:
            continue
        if last is not None and day < last[1]:
            errors[field] = f"The {label} cannot come before the {last[0]} ({last[1]:%-d %B %Y})."
        else:
            last = (label, day)
    return errors


def weeks(days: int) -> Decimal:
    """Days as weeks, to one decimal place."""
    return (Decimal(days) / 7).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class WindowVerdict:
    """What the rule says of one window: how long it is open, how much notice it leaves before the
    plan's design freeze, and which part of the rule it fails."""

    days_open: int
    days_notice: int | None  # None: the plan has no design freeze date yet
    too_short: bool
    too_late: bool  # closes with less notice than the rule asks (or after the freeze)
    after_freeze: bool

    @property
    def meets(self) -> bool | None:
        """Whether it meets the rule: None while the plan has no design freeze to judge it by."""
        if self.days_notice is None:
            return None if not self.too_short else False
        return not (self.too_short or self.too_late)

    @property
    def problems(self) -> list[str]:
        said = []
        if self.too_short:
            said.append("too short")
        if self.after_freeze:
            said.append("closes after the design freeze")
        elif self.too_late:
            said.append("closes too close to the design freeze")
        return said


def window_verdict(
    *, opens: datetime.date, closes: datetime.date, freeze: datetime.date | None, rule: WindowRule = DEFAULT
) -> WindowVerdict:
    days_open = (closes - opens).days
    notice = None if freeze is None else (freeze - closes).days
    return WindowVerdict(
        days_open=days_open,
        days_notice=notice,
        too_short=days_open < 7 * rule.min_weeks_open,
        too_late=notice is not None and notice < 7 * rule.min_weeks_notice,
        after_freeze=notice is not None and notice < 0,
    )


@dataclass(frozen=True)
class PlanVerdict:
    """What the rule says of a plan: whether a window closed before its design freeze, whether one
    met the rule, and the notice the last window before the freeze gave (in days)."""

    window_before_freeze: bool
    met_rule: bool
    days_notice: int | None

    @property
    def problem(self) -> str:
        if not self.window_before_freeze:
            return "no consultation window before the design freeze"
        if not self.met_rule:
            return "no window met the rule"
        return ""


def plan_verdict(
    *, freeze: datetime.date | None, windows: Iterable[tuple[datetime.date, datetime.date]], rule: WindowRule
) -> PlanVerdict | None:
    """A plan's verdict from its windows' (opens, closes); None while it has no design freeze."""
    if freeze is None:
        return None
    windows = list(windows)
    before = [closes for _opens, closes in windows if closes <= freeze]
    met = any(
        window_verdict(opens=opens, closes=closes, freeze=freeze, rule=rule).meets
        for opens, closes in windows
    )
    return PlanVerdict(
        window_before_freeze=bool(before),
        met_rule=met,
        days_notice=(freeze - max(before)).days if before else None,
    )


def median_weeks(days: Sequence[int]) -> Decimal | None:
    return weeks(statistics.median(days)) if days else None  # type: ignore[arg-type]


def seats_meet_rule(*, community: int, total: int, rule: WindowRule = DEFAULT) -> bool:
    """Whether residents and community groups hold at least the rule's share of the seats."""
    return total > 0 and community * 100 >= rule.community_share_percent * total


def unmitigated(effects: dict[str, tuple[str, str]]) -> list[str]:
    """The sides (field names) with a negative effect and no mitigation, of {field: (effect, mitigation)}."""
    return [
        field
        for field, (effect, mitigation) in effects.items()
        if effect == "negative" and not mitigation.strip()
    ]


MAX_THEMES = 50


def themes_error(themes: object) -> str:
    """What is wrong with a "you said" record's themes, or "": a list of {"theme": text, "count": n}."""
    shape = 'Give the themes as a list of {"theme": "...", "count": 12}.'
    if not isinstance(themes, list) or len(themes) > MAX_THEMES:
        return shape if isinstance(themes, list) is False else f"Give {MAX_THEMES} themes at most."
    seen: set[str] = set()
    for n, item in enumerate(themes, start=1):
        if not isinstance(item, dict) or set(item) != {"theme", "count"}:
            return f"Theme {n}: {shape}"
        theme, count = item["theme"], item["count"]
        if not isinstance(theme, str) or not theme.strip() or len(theme) > 200:
            return f"Theme {n}: give its name, in 200 characters at most."
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 1_000_000:
            return (
                f"Theme {n} ({theme}): give the count as a whole number from 0 to 1,000,000, not {count!r}."
            )
        if theme.strip().lower() in seen:
            return f"Theme {n} ({theme}) is given twice."
        seen.add(theme.strip().lower())
    return ""


def seat_label(*, kind: str, organisation: str, group: str, body: str, neighbourhood: str) -> str:
    if kind == "resident":
        return f"Resident of {neighbourhood}"
    return group or body or organisation


def seat_errors(
    *, kind: str, organisation: str, group: bool, body: bool, neighbourhood: bool
) -> dict[str, str]:
    """A resident's seat names a neighbourhood and no organisation; a community group's seat names the
    group; a public body's the body; another organisation's seat its name."""
    if kind == "resident":
        errors = {} if neighbourhood else {"neighbourhood": "Name the neighbourhood the resident lives in."}
        if organisation or group or body:
            errors["kind"] = "A resident's seat names their neighbourhood, not an organisation."
        return errors
    if kind == "community_group" and not group:
        return {"group": "Choose the community group that holds the seat."}
    if kind == "public_body" and not body:
        return {"public_body": "Choose the public body that holds the seat."}
    if kind == "other" and not organisation.strip():
        return {"organisation": "Name the organisation that holds the seat."}
    return {}
