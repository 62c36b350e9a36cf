"""HTML routes of the group directory and venues."""

from django.urls import path

from coprod.groups import views

urlpatterns = [
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/export.csv", views.group_export_csv, name="group-export-csv"),
    path("groups/export.json", views.group_export_hsds, name="group-export-hsds"),
    path("groups/import/", views.group_import, name="group-import"),
    path("groups/import/<str:token>/", views.group_import_confirm, name="group-import-confirm"),
    path("groups/import/<str:token>/report.csv", views.group_import_report, name="group-import-report"),
    path("groups/duplicates/", views.duplicate_list, name="duplicate-list"),
    path("groups/figures/", views.directory_figures_page, name="directory-figures"),
    path("groups/duplicates/<int:pk>/", views.duplicate_resolve, name="duplicate-resolve"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
    path("groups/<int:pk>/delete/", views.group_delete, name="group-delete"),
    path("groups/<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path("groups/<int:pk>/contacts/<int:contact_pk>/remove/", views.contact_remove, name="contact-remove"),
    path("groups/<int:pk>/links/", views.link_add, name="link-add"),
    path("venues/", views.venue_list, name="venue-list"),
    path("venues/new/", views.venue_create, name="venue-create"),
    path("venues/<int:pk>/", views.venue_detail, name="venue-detail"),
    path("venues/<int:pk>/edit/", views.venue_edit, name="venue-edit"),
]
