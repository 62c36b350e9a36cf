"""Template context: whether the signed-in person may read the audit trail, for navigation."""

from django.utils.functional import SimpleLazyObject

from coprod.privacy.selectors import can_read_audit


def audit(request):
    return {"user_reads_audit": SimpleLazyObject(lambda: can_read_audit(request.user))}
