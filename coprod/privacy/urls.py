"""Routes of the audit trail and personal data requests."""

from django.urls import path

from coprod.privacy import views

urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("personal-data/", views.personal_data, name="personal-data"),
    path("personal-data/access/", views.subject_access, name="subject-access"),
    path("personal-data/erase/", views.erasure, name="erasure"),
]
