"""Vocabularies of the 10% ledger, and the one table of the proposal pipeline's allowed moves."""

from django.db import models


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Category(models.TextChoices):
    CAPACITY_BUILDING = "capacity_building", "Community capacity building"
    COMMUNITY_PROPOSED = "community_proposed", "Community-proposed project"
    OTHER = "other", "Other"


# The categories the 10% rule counts (DOMAIN.md, "Money").
QUALIFYING = (Category.CAPACITY_BUILDING, Category.COMMUNITY_PROPOSED)


class AllocationState(models.TextChoices):
    COMMITTED = "committed", "Committed"
    SPENT = "spent", "Spent"


class ProposalStatus(models.TextChoices):
    IDEA = "idea", "Idea"
    IN_DEVELOPMENT = "in_development", "In development"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    FUNDED = "funded", "Funded"
    DELIVERED = "delivered", "Delivered"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = ProposalStatus
# The pipeline, in order, then the two ways out of it.
PIPELINE = (S.IDEA, S.IN_DEVELOPMENT, S.SUBMITTED, S.ACCEPTED, S.FUNDED, S.DELIVERED)
FINAL = (S.DELIVERED, S.DECLINED, S.WITHDRAWN)
# Every allowed move, and only these: forward one stage at a time; declined only by the body a
# proposal was submitted to (from submitted or accepted); withdrawn by the neighbourhood from any
# status that is not final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.IDEA: (S.IN_DEVELOPMENT, S.WITHDRAWN),
    S.IN_DEVELOPMENT: (S.SUBMITTED, S.WITHDRAWN),
    S.SUBMITTED: (S.ACCEPTED, S.DECLINED, S.WITHDRAWN),
    S.ACCEPTED: (S.FUNDED, S.DECLINED, S.WITHDRAWN),
    S.FUNDED: (S.DELIVERED, S.WITHDRAWN),
    S.DELIVERED: (),
    S.DECLINED: (),
    S.WITHDRAWN: (),
}
# Stages from which a proposal counts as won: money was agreed for it.
WON = (S.FUNDED, S.DELIVERED)

FUNDING_STREAMS = [
    ("uk-shared-prosperity-fund", "UK Shared Prosperity Fund"),
    ("levelling-up-fund", "Levelling Up Fund"),
    ("town-deals", "Town Deals"),
    ("community-ownership-fund", "Community Ownership Fund"),
    ("community-infrastructure-levy", "Community Infrastructure Levy"),
    ("devolution-deal-funds", "Devolution deal funds"),
]
