"""The progress report as a tagged PDF (PDF/UA-1), drawn with WeasyPrint from frozen figures.

The renderer fetches nothing: every chart is inline SVG, the styles are inline, fonts come from the
machine and are embedded, and any URL in the text stays text.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from coprod.core.charts import Reference, Series, bar_chart, data_uri, line_chart
from coprod.groups.choices import SupportIntensity
from coprod.outcomes.choices import OutcomeCategory, Reading
from coprod.reporting.templatetags.reporting import figure

CHART_PREFIX = "data:image/svg+xml;base64,"


class ChartsOnly(URLFetcher):
    """WeasyPrint's fetcher for reports: nothing leaves the process. Only the charts' own data:
    addresses are read; any other address, whatever a note or story says, is refused."""

    def __init__(self):
        super().__init__(allowed_protocols=["data"], allow_redirects=False)

    def fetch(self, url, headers=None):
        if not url.startswith(CHART_PREFIX):
            raise URLFetchingError(f"coprod reports fetch nothing ({url[:40]})")
        return super().fetch(url, headers)


def _d(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def summary_sentences(figures: dict) -> list[str]:
    """The cover's plain-language summary, from the same frozen figures as the tables."""
    total = figures["total"]
    sentences = [
        f"From {_date(figures['start'])} to {_date(figures['end'])}, the {len(figures['teams'])} "
        f"team{'s' if len(figures['teams']) != 1 else ''} of {figures['unit']} logged "
        f"{figure(total['professional_hours'])} hours of capacity-building work and drew "
        f"{figure(total['new_people'])} "
        "people into community activity for the first time."
    ]
    if total["ratio"] is not None:
        ratio, benchmark = Decimal(total["ratio"]), Decimal(figures["benchmark"])
        side = "at or above" if ratio >= benchmark else "below"
        sentences.append(
            f"Each professional hour went with {figure(total['ratio'])} hours of volunteering in the groups"
            f" the teams worked with, {side} the benchmark of {figure(figures['benchmark'])}."
        )
    targets = total.get("targets") or {}
    if targets:
        sentences.append(
            f"Of {figure(sum(targets.values()))} targets, {figure(targets.get(Reading.ACHIEVED, 0))} are "
            f"achieved, {figure(targets.get(Reading.ON_TRACK, 0))} on track and "
            f"{figure(targets.get(Reading.BEHIND, 0))} behind."
        )
    ten = figures.get("ten_percent") or {}
    if ten.get("share_percent") is not None:
        if ten.get("meets_ten_percent"):
            sentences.append(
                f"{ten['share_percent']}% of the region's regional funds went to community capacity building "
                "and community-proposed projects, meeting the 10% promise."
            )
        else:
            sentences.append(
                f"{ten['share_percent']}% of the region's regional funds went to community capacity building "
                f"and community-proposed projects: £{Decimal(ten['shortfall']):,.2f} short of 10%."
            )
    return sentences


def _date(text: str) -> str:
    return datetime.date.fromisoformat(text).strftime("%-d %B %Y")


def charts(figures: dict) -> dict[str, str]:
    """The charts of the dashboard and the report, as SVG image addresses, drawn by the same functions."""
    teams = figures["teams"]
    svgs = {
        "ratio": bar_chart(
            bars=[(t["label"], _d(t["ratio"])) for t in teams],
            references=[Reference("benchmark", Decimal(figures["benchmark"]))],
            x_label="Volunteer hours per professional hour",
        ),
        "hours": line_chart(
            series=[
                Series(
                    "Professional hours",
                    [(p["label"], _d(p["professional_hours"])) for p in figures["trend"]],
                )
            ],
            y_label="Hours",
        ),
    }
    return {name: data_uri(svg) for name, svg in svgs.items()}


def render_pdf(figures: dict, *, generated_on: datetime.date) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    html = render_to_string(
        "reporting/report_pdf.html",
        {
            "f": figures,
            "summary": summary_sentences(figures),
            "charts": charts(figures),
            "generated_on": generated_on,
            "categories": OutcomeCategory.choices,
            "intensities": [
                (v, label) for v, label in SupportIntensity.choices if v != SupportIntensity.NONE
            ],
            "readings": Reading.choices,
        },
    )
    document = HTML(string=html, url_fetcher=ChartsOnly(), base_url="about:blank").render(
        pdf_variant="pdf/ua-1"
    )
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
