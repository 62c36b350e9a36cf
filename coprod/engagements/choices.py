"""Vocabularies of the engagement log (DOMAIN.md: the four dimensions of capacity building)."""

from django.db import models


class Dimension(models.TextChoices):
    ISOLATED_PEOPLE = "isolated_people", "Drawing isolated people into community activity"
    GROUPS = "groups", "Strengthening community groups"
    SERVICES = "services", "Better community engagement by public and private services"
    CO_PRODUCTION = "co_production", "Co-production with regional regeneration"


class Partner(models.TextChoices):
    COUNCIL = "council", "Council department"
    PCN = "primary_care_network", "Primary care network"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing provider"
    SCHOOL = "school", "School or college"
    BUSINESS = "business", "Business"
    VOLUNTARY = "voluntary_sector", "Voluntary sector body"
    FAITH = "faith", "Faith organisation"
    OTHER = "other", "Other"


class ReturnSource(models.TextChoices):
    OWN_COUNT = "own_count", "The group's own count"
    ESTIMATE = "estimate", "Estimate"
    SURVEY = "survey", "Survey"


ACTIVITY_TYPES = [
    ("outreach", "Outreach"),
    ("one-to-one", "One-to-one support"),
    ("group-development", "Group development session"),
    ("training", "Training"),
    ("networking", "Networking event"),
    ("listening", "Listening meeting"),
    ("brokering", "Brokering with a public body"),
    ("regeneration-proposal", "Regeneration proposal work"),
    ("technical-assistance", "Technical assistance"),
    ("other", "Other"),
]

THEMES = [
    ("housing", "Housing"),
    ("health", "Health and wellbeing"),
    ("young-people", "Young people"),
    ("older-people", "Older people"),
    ("work-money", "Work, money and debt"),
    ("safety", "Crime and safety"),
    ("environment", "Environment and green space"),
    ("transport", "Transport"),
    ("isolation", "Isolation and loneliness"),
    ("spaces", "Community spaces"),
    ("food", "Food"),
    ("other", "Other"),
]
