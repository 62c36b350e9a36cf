"""HTML routes for neighbourhoods, baselines, regions and authorities."""

from django.urls import path

from coprod.neighbourhoods import views

urlpatterns = [
    path("", views.home, name="home"),
    path("neighbourhoods/", views.neighbourhood_list, name="neighbourhood-list"),
    path("neighbourhoods/new/", views.neighbourhood_create, name="neighbourhood-create"),
    path("neighbourhoods/<slug:slug>/", views.neighbourhood_detail, name="neighbourhood-detail"),
    path("neighbourhoods/<slug:slug>/edit/", views.neighbourhood_edit, name="neighbourhood-edit"),
    path("neighbourhoods/<slug:slug>/baselines/", views.baseline_take, name="baseline-take"),
    path("baselines/<int:pk>/sign-off/", views.baseline_sign_off, name="baseline-sign-off"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("authorities/<str:code>/", views.authority_detail, name="authority-detail"),
]
