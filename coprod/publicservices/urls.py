"""URLs of public services' pages."""

from django.urls import path

from coprod.publicservices import views

urlpatterns = [
    path("offers/", views.offer_list, name="offer-list"),
    path("regions/<str:code>/nowhere-to-go/", views.nowhere_to_go, name="nowhere-to-go"),
    path("offers/referrals/import/", views.referral_import, name="referral-import"),
    path(
        "offers/referrals/import/<str:token>/", views.referral_import_confirm, name="referral-import-confirm"
    ),
    path(
        "offers/referrals/import/<str:token>/report.csv",
        views.referral_import_report,
        name="referral-import-report",
    ),
    path("offers/export.json", views.offer_export_hsds, name="offer-export-hsds"),
    path("offers/<int:pk>/", views.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer-edit"),
    path("offers/<int:pk>/capacity/new/", views.capacity_add, name="capacity-add"),
    path("offers/<int:pk>/referrals/new/", views.referral_add, name="referral-add"),
    path("groups/<int:pk>/offers/new/", views.offer_add, name="offer-add"),
    path("public-bodies/", views.public_body_list, name="public-body-list"),
    path("public-bodies/new/", views.public_body_create, name="public-body-create"),
    path("public-bodies/<int:pk>/edit/", views.public_body_edit, name="public-body-edit"),
    path("frontline-hours/new/", views.frontline_hours_add, name="frontline-hours-add"),
]
