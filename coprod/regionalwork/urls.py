"""URLs of the unit's regional work: plans, consultation windows, "you said, we did" (and its public
page), impact assessments, steering groups with their seats, and meetings with their actions."""

from django.urls import path

from coprod.regionalwork import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/rules/<slug:slug>/", views.regional_rules, name="regional-rules"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/windows/new/", views.window_create, name="window-create"),
    path("plans/<int:pk>/assessments/new/", views.assessment_create, name="assessment-create"),
    path("windows/<int:pk>/", views.window_detail, name="window-detail"),
    path("windows/<int:pk>/edit/", views.window_edit, name="window-edit"),
    path("windows/<int:pk>/you-said/", views.you_said_edit, name="you-said-edit"),
    path("windows/<int:pk>/you-said/publish/", views.you_said_publish, name="you-said-publish"),
    path("you-said-we-did/<int:pk>/", views.you_said_public, name="you-said-public"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("assessments/<int:pk>/edit/", views.assessment_edit, name="assessment-edit"),
    path("assessments/<int:pk>/sign-off/", views.assessment_sign_off, name="assessment-sign-off"),
    path("assessments/<int:pk>/supersede/", views.assessment_supersede, name="assessment-supersede"),
    path("steering-groups/", views.steering_group_list, name="steering-group-list"),
    path("steering-groups/new/", views.steering_group_create, name="steering-group-create"),
    path("steering-groups/<int:pk>/", views.steering_group_detail, name="steering-group-detail"),
    path("steering-groups/<int:pk>/edit/", views.steering_group_edit, name="steering-group-edit"),
    path("steering-groups/<int:pk>/seats/new/", views.seat_add, name="seat-add"),
    path("steering-groups/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("seats/<int:pk>/remove/", views.seat_remove, name="seat-remove"),
    path("meetings/new/", views.unit_meeting_create, name="unit-meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/actions/new/", views.meeting_action_add, name="meeting-action-add"),
]
