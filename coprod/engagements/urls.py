"""Routes of the engagement log."""

from django.urls import path

from coprod.engagements import views

urlpatterns = [
    path("sw.js", views.service_worker, name="service-worker"),
    path("log/", views.engagement_log_page, name="engagement-log"),
    path("log/new/", views.quick_log, name="quick-log"),
    path("log/<int:pk>/logged/", views.engagement_logged, name="engagement-logged"),
    path("log/<int:pk>/edit/", views.engagement_edit, name="engagement-edit"),
    path("log/<int:pk>/delete/", views.engagement_delete, name="engagement-delete"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow-up-done"),
    path("work-programmes/", views.work_programmes, name="work-programmes"),
    path("volunteer-hours/", views.volunteer_returns, name="volunteer-returns"),
    path("figures/", views.figures, name="engagement-figures"),
]
