"""Vocabularies of the community group directory (DOMAIN.md, "The community group directory")."""

from django.db import models


class LegalForm(models.TextChoices):
    REGISTERED_CHARITY = "registered_charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation"
    CIC = "cic", "Community interest company"
    COOP = "coop_community_benefit", "Co-operative or community benefit society"
    CLG = "company_limited_by_guarantee", "Company limited by guarantee"
    PARISH_COUNCIL = "parish_town_council", "Parish or town council"
    UNINCORPORATED = "unincorporated_association", "Unincorporated association"
    INFORMAL = "informal_group", "Informal group (no constitution)"


class IncomeBand(models.TextChoices):
    MICRO = "micro", "Micro (under £10k)"
    SMALL = "small", "Small (£10k to £100k)"
    MEDIUM = "medium", "Medium (£100k to £1m)"
    LARGE = "large", "Large (£1m to £10m)"
    MAJOR = "major", "Major (over £10m)"
    UNKNOWN = "unknown", "Not known"


class EstimateSource(models.TextChoices):
    OWN_COUNT = "own_count", "The group's own count"
    ESTIMATE = "estimate", "Estimate"
    SURVEY = "survey", "Survey"


class SpatialFocus(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    REGION = "region", "Region"


class StatutoryRelationship(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
    NONE = "none", "Few or no dealings"
    UNKNOWN = "unknown", "Not known"


class UserGroupKind(models.TextChoices):
    TENANTS = "tenants_association", "Tenants' or residents' association"
    FRIENDS_OF_PARK = "friends_of_park", "Friends of a park"
    GP_PPG = "gp_patient_group", "GP patient participation group"
    PTA = "parent_teacher_association", "Parent-teacher association"
    POLICE_LIAISON = "police_liaison", "Police liaison group"
    OTHER = "other", "Other public-service user group"


class Premises(models.TextChoices):
    OWN = "own", "Own premises"
    RENTED = "rented", "Rented"
    COMMUNITY_VENUE = "community_venue", "Uses a community venue"
    NONE = "none", "No premises"
    ONLINE = "online", "Online only"


class GroupStatus(models.TextChoices):
    FORMING = "forming", "Forming"
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    FOLDED = "folded", "Folded"


class SupportIntensity(models.TextChoices):
    INTENSIVE = "intensive", "Intensive"
    MODERATE = "moderate", "Moderate"
    LIGHT = "light", "Light"
    NONE = "none", "None"


class TrackedField(models.TextChoices):
    STATUS = "status", "Status"
    SUPPORT_INTENSITY = "support_intensity", "Support intensity"


class LinkKind(models.TextChoices):
    MEMBER_OF = "member_of", "Member of (network or federation)"
    MENTORED_BY = "mentored_by", "Mentored by"


class VenueKind(models.TextChoices):
    COMMUNITY_CENTRE = "community_centre", "Community centre"
    LIBRARY = "library", "Library"
    YOUTH_CLUB = "youth_club", "Youth club"
    HALL = "hall", "Hall"
    PARK = "park", "Park or green space"
    PLACE_OF_WORSHIP = "place_of_worship", "Place of worship"
    SCHOOL = "school", "School"
    OTHER = "other", "Other"


class VenueStatus(models.TextChoices):
    OPEN = "open", "Open"
    AT_RISK = "at_risk", "At risk"
    CLOSED = "closed", "Closed"
    TRANSFERRED = "transferred", "Transferred to community ownership"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "To review"
    DISMISSED = "dismissed", "Not a duplicate"
    MERGED = "merged", "Merged"


# The National Survey of Charities and Social Enterprises (2010) areas of work, seeded into the
# AreaOfWork table; administrators can add more.
NSCSE_AREAS = [
    ("community-development", "Community development and mutual aid"),
    ("cohesion", "Cohesion and civic participation"),
    ("culture-arts", "Culture and arts"),
    ("leisure-sport", "Leisure, sport and recreation"),
    ("economic-wellbeing", "Economic wellbeing"),
    ("housing", "Accommodation and housing"),
    ("education", "Education and lifelong learning"),
    ("training", "Training"),
    ("environment", "Environment"),
    ("equalities", "Equalities and civil rights"),
    ("heritage", "Heritage"),
    ("health-wellbeing", "Health and wellbeing"),
    ("international-development", "International development"),
    ("faith", "Religious or faith-based"),
    ("criminal-justice", "Criminal justice"),
    ("animal-welfare", "Animal welfare"),
    ("support-voluntary", "Support for other voluntary organisations"),
    ("other", "Other"),
]
