"""Vocabularies of outcomes (DOMAIN.md, "Measures")."""

from django.db import models


class Unit(models.TextChoices):
    PERCENT = "percent", "Percent"
    COUNT = "count", "Count"
    PER_1000 = "per_1000", "Per 1,000 residents"
    RATIO = "ratio", "Ratio"
    HOURS = "hours", "Hours"
    SCORE = "score", "Score"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Level(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    GROUP = "group", "Community group"
    TEAM = "team", "Team"


class Source(models.TextChoices):
    COMMUNITY_LIFE_SURVEY = "cls", "Community Life Survey"
    IMD = "imd", "Index of Multiple Deprivation"
    COMPUTED = "computed", "Computed from coprod's records"
    COMMUNITY_DEFINED = "community", "Community-defined"
    OTHER = "other", "Other"


class SurveyMethod(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", "Door to door"
    POSTAL = "postal", "Postal"
    ONLINE = "online", "Online"
    TELEPHONE = "telephone", "Telephone"
    EVENT = "event", "At a community event"
    MIXED = "mixed", "Mixed methods"
    OTHER = "other", "Other"


class OutcomeCategory(models.TextChoices):
    """What groups achieve (DOMAIN.md: the Wrexham outcome categories)."""

    MUTUAL_AID = "mutual_aid", "Mutual aid"
    SERVICES_TO_OTHERS = "services_to_others", "Services to others"
    PARTICIPATION = "community_participation", "Community participation"
    FUNDRAISING = "fundraising", "Fundraising"
    INFLUENCE_AUTHORITIES = "influence_on_authorities", "Influence on authorities"
    STIMULATING = "stimulating_development", "Stimulating other local development"
    ADDITIONAL_GROUPS = "additional_groups", "Setting up additional groups"
    INFLUENCE_POLICIES = "influence_on_policies", "Influence on policies"


class Reading(models.TextChoices):
    """How a target stands: the progress rule's answer."""

    ACHIEVED = "achieved", "Achieved"
    ON_TRACK = "on_track", "On track"
    BEHIND = "behind", "Behind"
    NO_DATA = "no_data", "Not yet measured"


# The Community Life Survey items, % of respondents in the least and most deprived areas, 2020/21.
COMMUNITY_LIFE_SURVEY = [
    # code, name, direction, least deprived, most deprived
    ("cls-belong", "Feel they belong to their neighbourhood", Direction.HIGHER, 72, 57),
    ("cls-satisfied", "Satisfied with the area as a place to live", Direction.HIGHER, 90, 62),
    ("cls-chat", "Chat to their neighbours at least once a month", Direction.HIGHER, 80, 66),
    ("cls-get-on", "Agree people from different backgrounds get on well together", Direction.HIGHER, 90, 75),
    ("cls-company", "Have someone to call on for company", Direction.HIGHER, 96, 88),
    ("cls-isolated", "Feel isolated from others", Direction.LOWER, 6, 14),
    ("cls-lonely", "Feel lonely often or always", Direction.LOWER, 4, 10),
    ("cls-informal-volunteer", "Volunteer informally at least once a month", Direction.HIGHER, 36, 30),
    ("cls-formal-volunteer", "Volunteer formally at least once a month", Direction.HIGHER, 23, 12),
    ("cls-charity", "Gave to charity in the last four weeks", Direction.HIGHER, 67, 60),
]

# The indicators coprod computes from its records (coprod/outcomes/computed.py holds how).
COMPUTED_INDICATORS = [
    # code, name, definition, unit, direction, source
    ("group-density", "Community group density",
     "Active community groups serving the neighbourhood per 1,000 residents.",
     Unit.PER_1000, Direction.HIGHER, Source.COMPUTED),
    ("volunteer-hour-ratio", "Volunteer-hour ratio",
     "Volunteer hours of the groups engaged in the neighbourhood in the period, divided by the "
     "professional hours logged there in it. The benchmark is 15.",
     Unit.RATIO, Direction.HIGHER, Source.COMPUTED),
    ("imd-decile-1-share", "Share of LSOAs in IMD decile 1",
     "The neighbourhood's LSOAs in the most deprived tenth of England, as a percentage of its LSOAs, "
     "in the IMD edition coprod uses.",
     Unit.PERCENT, Direction.LOWER, Source.IMD),
    ("professional-hours", "Professional hours",
     "Hours of capacity-building work logged in the neighbourhood in the period.",
     Unit.HOURS, Direction.HIGHER, Source.COMPUTED),
    ("new-people", "New people drawn in",
     "People taking part for the first time at contacts logged in the neighbourhood in the period.",
     Unit.COUNT, Direction.HIGHER, Source.COMPUTED),
    ("groups-started", "Groups started with the team's help",
     "Active groups serving the neighbourhood that the team helped to start, by the end of the period.",
     Unit.COUNT, Direction.HIGHER, Source.COMPUTED),
    ("groups-intensive", "Groups helped intensively",
     "Active groups serving the neighbourhood that the team supports intensively.",
     Unit.COUNT, Direction.HIGHER, Source.COMPUTED),
    ("groups-moderate", "Groups helped moderately",
     "Active groups serving the neighbourhood that the team supports moderately.",
     Unit.COUNT, Direction.HIGHER, Source.COMPUTED),
]  # fmt: skip
