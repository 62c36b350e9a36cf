"""Routes of the funding pages."""

from django.urls import path

from coprod.funding import views

urlpatterns = [
    path("funding/", views.overview, name="funding-overview"),
    path("funding/ledger.csv", views.ledger_export, name="funding-ledger-export"),
    path("funding/allocations.csv", views.allocations_export, name="funding-allocations-export"),
    path("funding/initiatives/new/", views.initiative_create, name="funding-initiative-create"),
    path("funding/initiatives/<slug:slug>/", views.initiative_detail, name="funding-initiative"),
    path(
        "funding/initiatives/<slug:slug>/360giving.json",
        views.initiative_360giving,
        name="funding-initiative-360giving",
    ),
    path("funding/initiatives/<slug:slug>/edit/", views.initiative_edit, name="funding-initiative-edit"),
    path(
        "funding/initiatives/<slug:slug>/allocations/new/",
        views.allocation_create,
        name="funding-allocation-create",
    ),
    path("funding/allocations/<int:pk>/edit/", views.allocation_edit, name="funding-allocation-edit"),
    path("funding/allocations/<int:pk>/delete/", views.allocation_delete, name="funding-allocation-delete"),
    path("funding/proposals/", views.proposal_list, name="funding-proposals"),
    path("funding/proposals/new/", views.proposal_create, name="funding-proposal-create"),
    path("funding/proposals/<int:pk>/", views.proposal_detail, name="funding-proposal"),
    path("funding/proposals/<int:pk>/edit/", views.proposal_edit, name="funding-proposal-edit"),
]
