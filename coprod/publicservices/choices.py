"""Vocabularies of public services' work with community groups."""

from django.db import models


class ReferralSource(models.TextChoices):
    """Who sent the people referred to an offer."""

    SOCIAL_PRESCRIBING = "social_prescribing", "Social prescribing link worker"
    GP_PRACTICE = "gp_practice", "GP practice"
    COUNCIL = "council", "Council"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing provider"
    SELF = "self", "Self-referral"
    OTHER = "other", "Other"


class BodyKind(models.TextChoices):
    """Kinds of public-service body that work with community groups."""

    COUNCIL = "council_department", "Council department"
    PCN = "primary_care_network", "Primary care network"
    GP_PRACTICE = "gp_practice", "GP practice"
    POLICE = "police_neighbourhood_team", "Police neighbourhood team"
    HOUSING = "housing_provider", "Housing provider"
    SCHOOL = "school", "School"
    FIRE = "fire_and_rescue", "Fire and rescue"
    OTHER = "other", "Other"
