"""Admin for the engagement log's vocabularies: administrators extend activity types and themes here.

Contacts themselves are changed on the log pages and through the API (services keep the rules and
the deletion record); their notes are personal data, so they are not shown here.
"""

from django.contrib import admin

from coprod.core.admin import VocabularyAdmin
from coprod.engagements.models import ActivityType, Theme

admin.site.register(ActivityType, VocabularyAdmin)
admin.site.register(Theme, VocabularyAdmin)
