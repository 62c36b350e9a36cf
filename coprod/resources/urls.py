"""Routes of the long-term resources pages."""

from django.urls import path

from coprod.resources import views

urlpatterns = [
    *(
        path(
            f"resources/{kind.path}/<int:pk>/{verb}/",
            view,
            {"kind": kind.path},
            name=f"resources-{kind.name}-{verb}",
        )
        for kind in views.KINDS.values()
        for verb, view in (("edit", views.record_edit), ("delete", views.record_delete))
    ),
    path("resources/", views.index, name="resources"),
    path("resources/growth-dividend/<int:pk>/", views.growth_rule_detail, name="resources-growth-rule"),
    path("resources/savings-claims/<int:pk>/", views.savings_claim_detail, name="resources-savings-claim"),
    path("resources/levy-receipts/<int:pk>/", views.levy_receipt_detail, name="resources-levy-receipt"),
    path("resources/remittances/<int:pk>/", views.remittance_detail, name="resources-remittance"),
    path(
        "resources/local-opportunity/<int:pk>/",
        views.local_opportunity_detail,
        name="resources-local-opportunity",
    ),
    path("resources/<str:code>/", views.region_resources, name="resources-region"),
    path(
        "resources/<str:code>/growth-dividend.csv",
        views.growth_dividend_export,
        name="resources-growth-dividend-export",
    ),
    path("resources/<str:code>/savings-claims.csv", views.savings_export, name="resources-savings-export"),
    path(
        "resources/<str:code>/local-opportunity.csv",
        views.local_opportunity_export,
        name="resources-local-opportunity-export",
    ),
    *(
        path(
            f"resources/<str:code>/{kind.path}/new/",
            views.record_create,
            {"kind": kind.path},
            name=kind.create_route,
        )
        for kind in views.KINDS.values()
    ),
]
