"""Routes of the long-term resources pages."""

from django.urls import path

from coprod.resources import views

urlpatterns = [
    path("resources/", views.index, name="resources"),
    path("resources/growth-dividend/<int:pk>/", views.growth_rule_detail, name="resources-growth-rule"),
    path("resources/savings-claims/<int:pk>/", views.savings_claim_detail, name="resources-savings-claim"),
    path("resources/<str:code>/", views.region_resources, name="resources-region"),
    path(
        "resources/<str:code>/growth-dividend/new/",
        views.growth_rule_create,
        name="resources-growth-rule-create",
    ),
    path("resources/<str:code>/unit-costs/new/", views.unit_cost_create, name="resources-unit-cost-create"),
    path(
        "resources/<str:code>/savings-claims/new/",
        views.savings_claim_create,
        name="resources-savings-claim-create",
    ),
    path(
        "resources/<str:code>/remittance-agreements/new/",
        views.remittance_agreement_create,
        name="resources-remittance-create",
    ),
]
