"""Admin building blocks shared by the apps."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records whose rules live in services: the admin may look, not write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VocabularyAdmin(admin.ModelAdmin):
    """For the lists administrators extend (areas of work, activity types, themes)."""

    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
