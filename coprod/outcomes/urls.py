"""Routes of the outcome pages."""

from django.urls import path

from coprod.outcomes import views

urlpatterns = [
    path("outcomes/", views.outcomes_overview, name="outcomes"),
    path("outcomes/indicators/", views.indicator_list, name="indicator-list"),
    path("outcomes/import/", views.measurement_import, name="measurement-import"),
    path(
        "outcomes/import/<str:token>/confirm/",
        views.measurement_import_confirm,
        name="measurement-import-confirm",
    ),
    path(
        "outcomes/import/<str:token>/report/",
        views.measurement_import_report,
        name="measurement-import-report",
    ),
    path(
        "neighbourhoods/<slug:slug>/outcomes/",
        views.neighbourhood_outcomes_page,
        name="neighbourhood-outcomes",
    ),
    path("neighbourhoods/<slug:slug>/outcomes/results/new/", views.measurement_add, name="measurement-add"),
    path("neighbourhoods/<slug:slug>/outcomes/targets/new/", views.target_add, name="target-add"),
    path(
        "neighbourhoods/<slug:slug>/outcomes/involvement/new/", views.involvement_add, name="involvement-add"
    ),
    path("neighbourhoods/<slug:slug>/outcomes/stories/new/", views.story_add, name="story-add"),
    path(
        "neighbourhoods/<slug:slug>/outcomes/baseline/", views.baseline_take, name="baseline-take-indicators"
    ),
    path("groups/<int:pk>/outcomes/new/", views.group_outcome_add, name="group-outcome-add"),
]
