"""Vocabularies of the unit's regional work: how communities are consulted, what a plan is expected to
do to a neighbourhood, and who holds a steering group's seats."""

from django.db import models


class Method(models.TextChoices):
    """How a consultation window hears from communities."""

    LISTENING_MEETING = "listening_meeting", "Listening meeting"
    SURVEY = "survey", "Survey"
    CITIZENS_ASSEMBLY = "citizens_assembly", "Citizens' assembly"
    WORKSHOP = "workshop", "Workshop"
    ONLINE = "online", "Online"


class Effect(models.TextChoices):
    """A plan's expected effect on one side of a neighbourhood's life."""

    NEGATIVE = "negative", "Negative"
    NONE = "none", "None"
    POSITIVE = "positive", "Positive"


class SeatKind(models.TextChoices):
    """Who holds a steering group's seat: residents and community groups are the community's seats."""

    RESIDENT = "resident", "Resident of a neighbourhood"
    COMMUNITY_GROUP = "community_group", "Community group"
    PUBLIC_BODY = "public_body", "Public body"
    OTHER = "other", "Other organisation"


COMMUNITY_SEATS = (SeatKind.RESIDENT, SeatKind.COMMUNITY_GROUP)
