from django.urls import path

from coprod.profiles import views

urlpatterns = [
    path("profiles/", views.profile_index, name="profiles"),
    path("profiles/n/<slug:slug>/", views.neighbourhood_profile_page, name="profile-neighbourhood"),
    path(
        "profiles/n/<slug:slug>/profile.csv",
        views.neighbourhood_profile_download,
        {"fmt": "csv"},
        name="profile-neighbourhood-csv",
    ),
    path(
        "profiles/n/<slug:slug>/profile.json",
        views.neighbourhood_profile_download,
        {"fmt": "json"},
        name="profile-neighbourhood-json",
    ),
    path("profiles/<str:code>/", views.place_profile, name="profile"),
    path("profiles/<str:code>/profile.csv", views.place_profile_download, {"fmt": "csv"}, name="profile-csv"),
    path(
        "profiles/<str:code>/profile.json", views.place_profile_download, {"fmt": "json"}, name="profile-json"
    ),
]
