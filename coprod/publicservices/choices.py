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
