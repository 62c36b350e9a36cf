"""Admin for the group directory's vocabularies: administrators extend the areas of work here.

Groups and venues are changed on the directory pages and through the API, which go through the
services (history, duplicate flags, scoping); here they are read-only, and contacts are not shown.
"""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin, VocabularyAdmin
from coprod.groups.models import AreaOfWork, CommunityGroup, Venue

admin.site.register(AreaOfWork, VocabularyAdmin)


@admin.register(CommunityGroup)
class CommunityGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "team", "status", "support_intensity", "org_identifier"]
    list_filter = ["status", "support_intensity", "team"]
    search_fields = ["name", "org_identifier", "charity_number"]
    exclude = ["notes"]


@admin.register(Venue)
class VenueAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "status", "asset_of_community_value", "team"]
    list_filter = ["status", "kind"]
