"""Template context: whether the signed-in person may read the audit trail or handle personal-data
requests, for navigation."""

from django.utils.functional import SimpleLazyObject

from coprod.privacy.selectors import can_handle_personal_data, can_read_audit


def audit(request):
    return {
        "user_reads_audit": SimpleLazyObject(lambda: can_read_audit(request.user)),
        "user_handles_personal_data": SimpleLazyObject(lambda: can_handle_personal_data(request.user)),
    }
