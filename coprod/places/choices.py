"""Vocabularies for places: authority tiers, LSOA vintages, IMD editions and code patterns."""

import re

from django.db import models


class Tier(models.TextChoices):
    UNITARY = "unitary", "Unitary authority"
    NON_METROPOLITAN_DISTRICT = "non_metropolitan_district", "Non-metropolitan district"
    METROPOLITAN_BOROUGH = "metropolitan_borough", "Metropolitan borough"
    LONDON_BOROUGH = "london_borough", "London borough"
    WELSH_UNITARY = "welsh_unitary", "Welsh principal area"


# The ONS code prefix says what kind of authority a code names.
TIER_BY_PREFIX = {
    "E06": Tier.UNITARY,
    "E07": Tier.NON_METROPOLITAN_DISTRICT,
    "E08": Tier.METROPOLITAN_BOROUGH,
    "E09": Tier.LONDON_BOROUGH,
    "W06": Tier.WELSH_UNITARY,
}


class LsoaVintage(models.IntegerChoices):
    V2011 = 2011, "2011 boundaries"
    V2021 = 2021, "2021 boundaries"


class ImdEdition(models.IntegerChoices):
    E2015 = 2015, "IMD 2015"
    E2019 = 2019, "IMD 2019"
    E2025 = 2025, "IMD 2025"


# Each IMD edition ranks the LSOAs of one boundary vintage.
VINTAGE_OF_EDITION = {
    ImdEdition.E2015: LsoaVintage.V2011,
    ImdEdition.E2019: LsoaVintage.V2011,
    ImdEdition.E2025: LsoaVintage.V2021,
}

# The seven IMD domains, as they begin in the published files' headers.
IMD_DOMAINS = {
    "income": "income",
    "employment": "employment",
    "education": "education, skills and training",
    "health": "health deprivation and disability",
    "crime": "crime",
    "housing": "barriers to housing and services",
    "living_environment": "living environment",
}

REGION_CODE = re.compile(r"E12\d{6}|W92000004")
# Wales has no English region: its authorities (W06) belong to the country, which a unit covers as it
# would a region.
WALES = ("W92000004", "Wales")
AUTHORITY_CODE = re.compile(r"(E0[6-9]|W06)\d{6}")
WARD_CODE = re.compile(r"[EW]05\d{6}")
LSOA_CODE = re.compile(r"[EW]01\d{6}")


def tier_for_code(code: str) -> str | None:
    """The tier an authority code implies, or None when it is not an authority code."""
    if AUTHORITY_CODE.fullmatch(code) is None:
        return None
    return TIER_BY_PREFIX[code[:3]]


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
