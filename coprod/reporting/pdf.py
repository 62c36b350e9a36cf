"""The progress report as a tagged PDF (PDF/UA-1), drawn with WeasyPrint from frozen figures.

The renderer fetches nothing: every chart is inline SVG, the styles are inline, fonts come from the
machine and are embedded, and any URL in the text stays text.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetchingError

from coprod.core.charts import Reference, Series, bar_chart, line_chart
from coprod.groups.choices import SupportIntensity
from coprod.outcomes.choices import OutcomeCategory, Reading


def refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher: nothing is fetched, ever."""
    raise URLFetchingError(f"coprod reports fetch nothing ({url[:40]})")


def _d(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def summary_sentences(figures: dict) -> list[str]:
    """The cover's plain-language summary, from the same frozen figures as the tables."""
    total = figures["total"]
    sentences = [
        f"From {_date(figures['start'])} to {_date(figures['end'])}, the {len(figures['teams'])} "
        f"team{'s' if len(figures['teams']) != 1 else ''} of {figures['unit']} logged "
        f"{total['professional_hours']} hours of capacity-building work and drew {total['new_people']} "
        "people into community activity for the first time."
    ]
    if total["ratio"] is not None:
        ratio, benchmark = Decimal(total["ratio"]), Decimal(figures["benchmark"])
        side = "at or above" if ratio >= benchmark else "below"
        sentences.append(
            f"Each professional hour went with {total['ratio']} hours of volunteering in the groups the teams"
            f" worked with, {side} the benchmark of {figures['benchmark']}."
        )
    targets = total.get("targets") or {}
    if targets:
        sentences.append(
            f"Of {sum(targets.values())} targets, {targets.get(Reading.ACHIEVED, 0)} are achieved, "
            f"{targets.get(Reading.ON_TRACK, 0)} on track and {targets.get(Reading.BEHIND, 0)} behind."
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
    """The report's charts, from the same chart functions as the dashboard."""
    teams = figures["teams"]
    return {
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
            width=6.0,
        ),
    }


def render_pdf(figures: dict, *, generated_on: datetime.date) -> bytes:
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
    return HTML(string=html, url_fetcher=refuse_fetch, base_url="about:blank").write_pdf(
        pdf_variant="pdf/ua-1"
    )
