"""Offers published in the Open Referral HSDS 3.1 shape: each offer a service, with its group as the
organization (groups.exports.hsds_organization), its schedule, its neighbourhood as the service area,
and its capacity (service_capacity: places available of the places a week, by the latest reading).

Like the directory's HSDS export it holds no personal data, and a group that asked to be anonymous is
anonymous here too. The caller scopes the offers (offers_for_user).
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from coprod.core.hsds import Ids, compact, rfc3339, stable_id
from coprod.groups.exports import hsds_organization
from coprod.groups.models import CommunityGroup
from coprod.publicservices.models import Offer
from coprod.publicservices.selectors import OfferCapacity, offer_capacity

# The unit an offer's capacity is counted in (HSDS unit): the same for every offer.
PLACES_WEEK = {"id": stable_id("unit", "places-a-week"), "name": "Places a week"}


def _capacity(capacity: OfferCapacity, service_id: str) -> list[dict]:
    """The offer's capacity by its latest reading; nothing when it has not been read."""
    if capacity.available is None or capacity.recorded_at is None or capacity.read_on is None:
        return []
    offer = capacity.offer
    funded = f"; {offer.places_funded} of them funded" if offer.places_funded else ""
    return [
        {
            "id": stable_id("service_capacity", offer.pk),
            "service_id": service_id,
            "unit": PLACES_WEEK,
            "unit_id": PLACES_WEEK["id"],
            "available": capacity.available,
            "maximum": capacity.places_week,
            "description": (
                f"On {capacity.read_on.day} {capacity.read_on:%B %Y}: {capacity.filled} of "
                f"{capacity.places_week} places a week filled, {capacity.waiting} waiting{funded}."
            ),
            "updated": rfc3339(capacity.recorded_at),
        }
    ]


def hsds_services(offers: QuerySet[Offer], *, on: datetime.date) -> list[dict]:
    """Each offer as an HSDS service with its organization and its capacity as it stood on a day."""
    ids = Ids()
    groups = CommunityGroup.objects.prefetch_related("areas_of_work")
    offers = offers.select_related("neighbourhood").prefetch_related(Prefetch("group", queryset=groups))
    services = []
    for capacity in sorted(offer_capacity(offers, on=on), key=lambda c: (c.offer.name, c.offer.pk)):
        offer = capacity.offer
        service_id = stable_id("service", offer.pk)
        organization = hsds_organization(offer.group, ids)
        hood = offer.neighbourhood
        services.append(
            compact(
                {
                    "id": service_id,
                    "organization_id": organization["id"],
                    "name": offer.name,
                    "status": "active" if offer.active else "inactive",
                    "eligibility_description": offer.who_for,
                    "last_modified": rfc3339(offer.updated_at),
                    "schedules": [
                        {
                            "id": stable_id("schedule", offer.pk),
                            "service_id": service_id,
                            "description": offer.schedule,
                        }
                    ]
                    if offer.schedule
                    else [],
                    "service_areas": [
                        {
                            "id": stable_id("service_area", hood.pk),
                            "service_id": service_id,
                            "name": hood.name,
                        }
                    ]
                    if hood is not None
                    else [],
                    "capacities": _capacity(capacity, service_id),
                    "organization": organization,
                }
            )
        )
    return services
