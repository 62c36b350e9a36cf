"""The dashboard's figures through the API: the same unit_figures as the page and the PDF."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from coprod.core.periods import PeriodError, Quarter
from coprod.publicservices.selectors import services_summary
from coprod.regionalwork.selectors import regional_work_figures
from coprod.reporting.selectors import dashboard_scope, unit_figures


class FiguresView(APIView):
    """GET /api/v1/figures/?period=2026-27-Q3[&unit=slug][&team=slug]: every figure of the dashboard
    for a financial quarter (the current one by default; a quarter not yet over runs to today), for
    whom the dashboard shows them: a unit's managers and directors the unit, a team lead the team, a
    worker their own contacts. Money and figures are strings, as in the report's frozen figures. A
    unit's or a team's figures carry the report's public services section too (offers, capacity,
    referrals, dealings with public bodies, front-line hours)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="A financial-year quarter, e.g. 2026-27-Q3"),
            OpenApiParameter("unit", str, description="A unit's slug (unit managers and directors)"),
            OpenApiParameter("team", str, description="One team of the unit, by slug"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        asked = request.query_params.get("period")
        try:
            quarter = Quarter.parse(asked) if asked else Quarter.containing(today)
        except PeriodError as exc:
            raise ValidationError({"period": [str(exc)]}) from None
        chosen = dashboard_scope(
            request.user, unit=request.query_params.get("unit"), team=request.query_params.get("team")
        )
        end = min(quarter.end, today) if quarter.start <= today else quarter.end
        figures = unit_figures(
            chosen.unit, start=quarter.start, end=end, today=today, teams=chosen.teams, worker=chosen.worker
        )
        body = {"quarter": quarter.code, "scope": chosen.scope, **figures.as_json()}
        if chosen.worker is None:  # the report's public services section, for the quarter's referrals
            teams = chosen.teams if chosen.teams is not None else chosen.unit.teams.all()
            body["public_services"] = services_summary(
                teams.values_list("pk", flat=True), start=quarter.start, end=quarter.end, as_at=end
            )
        if chosen.worker is None and chosen.teams is None:  # the unit's regional work, as the dashboard's
            body["regional_work"] = regional_work_figures(chosen.unit, start=quarter.start, end=end).as_json()
        return Response(body)
