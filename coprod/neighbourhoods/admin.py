"""Admin views of neighbourhoods and baselines: read-only, since their rules live in services.

Team leads create and change neighbourhoods and baselines on the pages and through the API, which
both go through coprod.neighbourhoods.services.
"""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin
from coprod.neighbourhoods.models import Baseline, Neighbourhood


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ReadOnlyAdmin):
    list_display = ["name", "team", "settlement", "priority"]
    list_filter = ["team", "settlement", "priority"]
    search_fields = ["name", "slug"]


@admin.register(Baseline)
class BaselineAdmin(ReadOnlyAdmin):
    list_display = ["neighbourhood", "taken_on", "status", "signed_off_by", "supersedes"]
    list_filter = ["status"]
