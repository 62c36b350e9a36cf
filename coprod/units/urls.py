"""Account routes (sign in and out) and the pages of teams and their people."""

from django.contrib.auth import views as auth_views
from django.urls import path

from coprod.units import views

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="units/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("teams/", views.team_list, name="team-list"),
    path("teams/<slug:slug>/", views.team_detail, name="team-detail"),
    path("teams/<slug:slug>/people/new/", views.team_member_add, name="team-member-add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
]
