"""Group density and directory shares, against worked examples."""

from decimal import Decimal

from coprod.groups.models import CommunityGroup
from coprod.groups.selectors import (
    authority_directory_figures,
    directory_figures,
    neighbourhood_directory_figures,
)
from coprod.neighbourhoods.services import neighbourhood_update
from tests.groups.factories import GroupFactory


def test_bolton_worked_example(world):
    """Bolton: 1,418 groups for 280,000 people is about 5 per 1,000 (DOMAIN.md)."""
    team = world["teams"]["a1"]
    CommunityGroup.objects.bulk_create(
        [
            GroupFactory.build(team=team, local_authority=team.host_authority, org_identifier=f"XI-B-{i}")
            for i in range(1418)
        ]
    )
    figures = directory_figures(CommunityGroup.objects.filter(team=team), population=280_000)
    assert figures.active_groups == 1418
    assert figures.density_per_1000 == Decimal("5.06")
    assert figures.reference_per_1000 == Decimal("1.8")


def test_neighbourhood_density_counts_active_groups_serving_it(world):
    team, hood, lead = world["teams"]["a1"], world["hoods"]["a1"], world["people"]["lead"]
    neighbourhood_update(actor=lead, neighbourhood=hood, population_entered=6_400)
    bands = ["micro", "micro", "micro", "small", "unknown"]
    relations = ["none", "none", "positive", "negative", "unknown"]
    for band, relation in zip(bands, relations, strict=True):
        GroupFactory(team=team, income_band=band, statutory_relationship=relation).neighbourhoods.add(hood)
    GroupFactory(team=team, status="folded").neighbourhoods.add(hood)  # not active: not counted
    GroupFactory(team=team)  # active but serving no neighbourhood
    figures = neighbourhood_directory_figures(world["people"]["worker"], hood)
    assert figures.active_groups == 5
    assert figures.density_per_1000 == Decimal("0.78")  # 5 / 6,400 × 1,000
    assert figures.micro_share == Decimal("75.0")  # 3 of the 4 with a known band
    assert figures.no_dealings_share == Decimal("50.0")  # 2 of the 4 with a known relationship


def test_authority_figures_are_scoped_and_need_a_population(world):
    team = world["teams"]["a1"]
    GroupFactory(team=team)
    GroupFactory(team=world["teams"]["b1"], local_authority=team.host_authority)  # another unit's sentinel
    figures = authority_directory_figures(world["people"]["worker"], team.host_authority)
    assert figures.active_groups == 1
    assert figures.density_per_1000 is None  # the factory LSOAs have no population


def test_figures_page(client, world):
    client.force_login(world["people"]["worker"])
    response = client.get("/groups/figures/")
    assert response.status_code == 200
    assert (
        "Group density" in response.content.decode()
        and world["hoods"]["a1"].name in response.content.decode()
    )
