"""API views of public services' records: scoped as the directory is, writes through the services."""

from django.utils import timezone

from coprod.core.api import ServiceViewSet
from coprod.core.periods import Quarter
from coprod.publicservices import services
from coprod.publicservices.api.serializers import (
    CapacityReadingSerializer,
    FrontlineHoursSerializer,
    OfferSerializer,
    PublicBodySerializer,
    ReferralCountSerializer,
)
from coprod.publicservices.selectors import (
    capacity_readings_for_user,
    frontline_hours_for_user,
    offers_for_user,
    public_bodies_for_user,
    referral_counts_for_user,
    with_latest_reading,
    with_quarter_referrals,
)


class OfferViewSet(ServiceViewSet):
    """What community groups offer that services can refer people to, with places a week, whether the
    latest capacity reading found it full, and this financial quarter's referrals and the share declined
    because it was full. The group's team lead keeps them."""

    serializer_class = OfferSerializer
    scope = offers_for_user
    create_service = services.offer_save
    update_service = services.offer_save
    delete_service = services.offer_delete
    instance_name = "offer"
    fixed = ("group",)
    filterset_fields = ["group", "active"]

    def get_queryset(self):
        quarter = Quarter.containing(timezone.localdate())
        return with_quarter_referrals(with_latest_reading(super().get_queryset()), quarter)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["quarter"] = Quarter.containing(timezone.localdate())
        return context

    def _answer_as_listed(self, serializer) -> None:
        """A write answers with the offer as the list reads it: its capacity and the quarter's referrals."""
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._answer_as_listed(serializer)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self._answer_as_listed(serializer)


class CapacityReadingViewSet(ServiceViewSet):
    """How full each offer was on a day: places filled and people waiting."""

    serializer_class = CapacityReadingSerializer
    scope = capacity_readings_for_user
    create_service = services.capacity_reading_save
    update_service = services.capacity_reading_save
    delete_service = services.capacity_reading_delete
    instance_name = "reading"
    fixed = ("offer",)
    filterset_fields = ["offer"]


class ReferralCountViewSet(ServiceViewSet):
    """Referrals to each offer by source and period, as counts only: received, accepted, declined
    because the offer was full, declined for other reasons. Fields it does not have are refused."""

    serializer_class = ReferralCountSerializer
    scope = referral_counts_for_user
    create_service = services.referral_count_save
    update_service = services.referral_count_save
    delete_service = services.referral_count_delete
    instance_name = "count"
    fixed = ("offer",)
    filterset_fields = ["offer", "source"]


class PublicBodyViewSet(ServiceViewSet):
    """Public-service bodies of your region(s): council departments, primary care networks (with their
    NHS ODS code), GP practices, police neighbourhood teams, housing providers, schools, fire and
    rescue, with the authorities they serve. The region's unit managers keep them; one that front-line
    hours rest on cannot be removed (400)."""

    serializer_class = PublicBodySerializer
    scope = public_bodies_for_user
    create_service = services.public_body_save
    update_service = services.public_body_save
    delete_service = services.public_body_delete
    instance_name = "body"
    fixed = ("region",)
    filterset_fields = ["kind"]


class FrontlineHoursViewSet(ServiceViewSet):
    """Hours that public bodies' front-line workers gave to community groups, by body, role,
    neighbourhood and period: kept apart from the team's professional hours, never in the
    volunteer-hour ratio."""

    serializer_class = FrontlineHoursSerializer
    scope = frontline_hours_for_user
    create_service = services.frontline_hours_record
    update_service = services.frontline_hours_record
    delete_service = services.frontline_hours_delete
    instance_name = "record"
    fixed = ("team",)
    filterset_fields = ["public_body"]
