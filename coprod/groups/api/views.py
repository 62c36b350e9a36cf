"""API views of the group directory: scoped like the pages, writes through the services."""

from rest_framework import viewsets

from coprod.core.api import ServiceViewSet
from coprod.groups import services
from coprod.groups.api.serializers import AreaOfWorkSerializer, CommunityGroupSerializer, VenueSerializer
from coprod.groups.filtersets import GroupFilterSet, VenueFilterSet
from coprod.groups.selectors import areas_of_work_for_user, groups_for_user, venues_for_user


class AreaOfWorkViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AreaOfWorkSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return areas_of_work_for_user(self.request.user)


class CommunityGroupViewSet(ServiceViewSet):
    """Groups of the teams you reach; the team's workers and lead add and change them, the lead deletes."""

    serializer_class = CommunityGroupSerializer
    filterset_class = GroupFilterSet
    scope = groups_for_user
    create_service = services.group_create
    update_service = services.group_update
    delete_service = services.group_delete
    instance_name = "group"
    fixed = ("team",)

    def get_queryset(self):
        return self.scoped(self.request.user).prefetch_related("areas_of_work", "neighbourhoods", "contacts")


class VenueViewSet(viewsets.ModelViewSet):
    serializer_class = VenueSerializer
    filterset_class = VenueFilterSet

    def get_queryset(self):
        return venues_for_user(self.request.user).prefetch_related("groups").order_by("name", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        team = data.pop("team")
        groups = data.pop("groups", None)
        serializer.instance = services.venue_save(actor=self.request.user, team=team, groups=groups, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        team = data.pop("team", serializer.instance.team)
        groups = data.pop("groups", None)
        venue = serializer.instance
        serializer.instance = services.venue_save(
            actor=self.request.user, team=team, venue=venue, groups=groups, **data
        )

    def perform_destroy(self, instance):
        services.venue_delete(actor=self.request.user, venue=instance)
