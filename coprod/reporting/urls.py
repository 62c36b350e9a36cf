"""Routes of the dashboard and the progress reports."""

from django.urls import path

from coprod.reporting import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_request, name="report-request"),
    path("reports/<int:pk>/download/", views.report_download, name="report-download"),
]
