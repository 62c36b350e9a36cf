"""What an audit entry records."""

from django.db import models


class Event(models.TextChoices):
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    DELETED = "deleted", "Deleted"
    EXPORTED = "exported", "Exported"
    DOWNLOADED = "downloaded", "Downloaded"
    IMPORTED = "imported", "Imported"
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGNED_OUT = "signed_out", "Signed out"
    SUBJECT_ACCESS = "subject_access", "Subject access export"
    ERASED = "erased", "Personal data erased"
    RETENTION = "retention", "Retention rule applied"


# django-auditlog's numeric actions, for the events it writes itself.
FROM_ACTION = {0: Event.CREATED, 1: Event.CHANGED, 2: Event.DELETED}
