"""Admin for reference geography: searchable, read-mostly lists for administrators."""

from django.contrib import admin

from coprod.places.models import LSOA, Deprivation, LocalAuthority, Region, Ward


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "tier", "region"]
    list_filter = ["tier", "region", "year"]
    search_fields = ["code", "name"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "local_authority"]
    list_filter = ["year"]
    search_fields = ["code", "name"]
    raw_id_fields = ["local_authority"]


@admin.register(LSOA)
class LSOAAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "vintage", "local_authority", "ward"]
    list_filter = ["vintage"]
    search_fields = ["code", "name"]
    raw_id_fields = ["local_authority", "ward"]


@admin.register(Deprivation)
class DeprivationAdmin(admin.ModelAdmin):
    list_display = ["lsoa", "edition", "rank", "decile", "population"]
    list_filter = ["edition", "decile"]
    search_fields = ["lsoa__code", "lsoa__name"]
    raw_id_fields = ["lsoa"]
