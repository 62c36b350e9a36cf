"""Charts read on a phone: their smallest text is at least 12 pixels in a 330-pixel column, the
values they write do not pile onto each other, and the axis labels fit under their points."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from coprod.core.charts import Reference, Series, bar_chart, line_chart, tick_labels

MONTHS = ["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
          "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026"]  # fmt: skip
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (coprod's own chart, drawn in the test)


def texts(svg: str) -> list[tuple[str, float]]:
    """Each piece of text in the chart with its size in the SVG's own units."""
    root = parse(svg)
    found = []
    for node in root.iter(f"{SVG}text"):
        size = re.search(r"font-size:\s*([\d.]+)px", node.get("style", ""))
        assert size, node.attrib
        found.append(("".join(node.itertext()), float(size.group(1))))
    return found


def smallest_on_a_phone(svg: str) -> float:
    """The smallest text in pixels when the chart is shown at its own size (points are 4/3 of a
    pixel), shrunk to fit a 330-pixel column (coprod.css)."""
    root = parse(svg)
    units = float(root.get("viewBox").split()[2])
    shown = min(float(root.get("width").removesuffix("pt")) * 4 / 3, 330)
    return min(size for _, size in texts(svg)) * shown / units


def test_chart_text_is_at_least_12_pixels_in_a_phone_column():
    line = line_chart(
        series=[Series("Professional hours", list(zip(MONTHS, range(10, 130, 10), strict=True)))],
        references=[Reference("benchmark", 15)],
        y_label="Hours",
    )
    bar = bar_chart(
        bars=[("Stoke-on-Trent CCB team", Decimal("4.2")), ("Redcar and Cleveland CCB", None)],
        references=[Reference("benchmark", 15)],
        x_label="Volunteer hours per professional hour",
    )
    for svg in (line, bar):
        assert smallest_on_a_phone(svg) >= 12


def test_a_long_line_writes_the_first_last_highest_and_lowest_values_only():
    values = [12.5, 40, 33, 51.5, 0, 22, 80, 95.5, 60, 71, 44, 101]
    svg = line_chart(series=[Series("Hours", list(zip(MONTHS, values, strict=True)))])
    written = {text for text, _ in texts(svg)}
    assert {"12.5", "0", "101"} <= written
    assert not {"40", "33", "51.5", "95.5", "44"} & written
    short = line_chart(series=[Series("Ratio", [("Q1", 3.5), ("Q2", 12), ("Q3", 8.1)])])
    assert {"3.5", "12", "8.1"} <= {text for text, _ in texts(short)}


def test_axis_labels_stay_level_wrap_or_turn_upright_to_fit():
    assert tick_labels(["Q1", "Q2", "Q3", "Q4"]) == (["Q1", "Q2", "Q3", "Q4"], True)
    quarters = ["2025/26 Q4", "2026/27 Q1", "2026/27 Q2", "2026/27 Q3"]
    assert tick_labels(quarters) == ([q.replace(" ", "\n") for q in quarters], True)
    assert tick_labels(MONTHS) == (MONTHS, False)
    # A team's long name wraps onto two lines beside its bar.
    bar = bar_chart(bars=[("Redcar and Cleveland CCB", Decimal("1"))])
    assert "Redcar and" in {text for text, _ in texts(bar)}
