"""Charts, drawn once for pages and PDFs alike, with matplotlib as SVG.

Charts must read without colour: each series has its own marker and line style, values are labelled
on the chart, and reference lines are named in text. Pages put a data table beside each chart for
screen readers.

Every chart is drawn WIDTH inches wide with its text TEXT points high, so that on the narrowest
screen coprod is laid out for (a 360-pixel phone, whose column is 330 pixels wide) the smallest text
still reads at 12 pixels; a page shows a chart at its own size where there is room and shrinks it
only to fit a phone's column (coprod.css), and the report prints it at its own size.
"""

from __future__ import annotations

import base64
import functools
import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import overload

import matplotlib
from matplotlib.figure import Figure

WIDTH = 4.2  # inches: 302.4 points, the SVG's own width
PHONE_COLUMN = 330  # pixels: a 360-pixel screen less the page's margins
SMALLEST_TEXT = 12  # pixels, on that screen
TEXT = math.ceil(SMALLEST_TEXT * WIDTH * 72 / PHONE_COLUMN * 10) / 10  # 11.0 points

STYLES = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-.")]
INK = "#0b0c0c"
SECONDARY = "#505a5f"

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: selectable, searchable, read back from PDFs
        "svg.hashsalt": "coprod",  # the same chart draws the same SVG
        "font.family": "sans-serif",
        "font.size": TEXT,
        "axes.edgecolor": SECONDARY,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[str, Decimal | float | int | None]]


@dataclass(frozen=True)
class Reference:
    name: str
    value: Decimal | float | int


@overload
def _number(value: None) -> None: ...
@overload
def _number(value: Decimal | float | int) -> float: ...
@overload
def _number(value: Decimal | float | int | None) -> float | None: ...
def _number(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def _label(value: float) -> str:
    return (
        f"{value:,.0f}"
        if value == int(value) and abs(value) >= 100
        else f"{value:,.2f}".rstrip("0").rstrip(".")
    )


MOST_LABELLED = 6  # points whose values all fit above them at TEXT points on WIDTH inches


def labelled(xs: Sequence[int], ys: Sequence[float]) -> list[tuple[int, float]]:
    """The points whose values are written on a line chart: all of them up to MOST_LABELLED; beyond,
    the first, the last, the highest and the lowest (the page's table beside the chart gives all)."""
    points = list(zip(xs, ys, strict=True))
    if len(points) <= MOST_LABELLED:
        return points
    keep = {0, len(points) - 1, ys.index(max(ys)), ys.index(min(ys))}
    return [point for index, point in enumerate(points) if index in keep]


def tick_labels(labels: Sequence[str]) -> tuple[list[str], bool]:
    """The x axis's labels as they fit under their points at TEXT points: as they are, else on two
    lines (broken at their last space), else turned upright; and whether they stay level."""
    slot = 0.78 * WIDTH * 72 / max(len(labels), 1)  # points of axis under each label

    def fits(texts: list[str]) -> bool:
        return all(len(line) * 0.62 * TEXT <= slot * 0.9 for text in texts for line in text.split("\n"))

    if fits(list(labels)):
        return list(labels), True
    wrapped = ["\n".join(label.rsplit(" ", 1)) for label in labels]
    if fits(wrapped):
        return wrapped, True
    return list(labels), False


def line_chart(
    *,
    series: Sequence[Series],
    references: Sequence[Reference] = (),
    y_label: str = "",
    height: float = 1.8,
) -> str:
    """An SVG line chart: the x axis takes each series' point labels in order.

    Drawing takes tens of milliseconds, so the same chart (same data) is drawn once per process.
    """
    frozen_series = tuple(Series(s.name, tuple(s.points)) for s in series)
    return _line_chart(frozen_series, tuple(references), y_label, height)


@functools.lru_cache(maxsize=1024)
def _line_chart(series, references, y_label, height) -> str:
    labels: list[str] = []
    for s in series:
        for label, _ in s.points:
            if label not in labels:
                labels.append(label)
    shown, upright = tick_labels(labels)
    lines = max((label.count("\n") + 1 for label in shown), default=1)
    below = (lines * 1.25 * TEXT if upright else max(map(len, shown), default=0) * 0.62 * TEXT) + 12
    # A Figure of its own (not pyplot's shared state): charts draw in any thread, with no lock. The
    # labels under the axis add to its height, so the plot keeps its own.
    fig = Figure(figsize=(WIDTH, height + below / 72), dpi=100)
    ax = fig.subplots()
    for index, s in enumerate(series):
        marker, linestyle = STYLES[index % len(STYLES)]
        xs = [labels.index(label) for label, value in s.points if value is not None]
        ys = [_number(value) for _, value in s.points if value is not None]
        ax.plot(xs, ys, marker=marker, linestyle=linestyle, color=INK, label=s.name, linewidth=1.4)
        for x, y in labelled(xs, ys):
            ax.annotate(
                _label(y), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=TEXT
            )
    for reference in references:
        value = _number(reference.value)
        ax.axhline(value, color=SECONDARY, linestyle=(0, (4, 3)), linewidth=1)
        ax.annotate(
            f"{reference.name} {_label(value)}",
            (len(labels) - 1 if labels else 0, value),
            textcoords="offset points",
            xytext=(0, -10),
            ha="right",
            fontsize=TEXT,
            color=SECONDARY,
        )
    ax.set_xticks(range(len(labels)), shown, rotation=0 if upright else 90, fontsize=TEXT)
    if y_label:
        ax.set_ylabel(y_label, fontsize=TEXT)
    ax.margins(x=0.08, y=0.25)
    if len(series) > 1:
        ax.legend(fontsize=TEXT, frameon=False)
    fig.subplots_adjust(left=0.19, right=0.97, top=0.92, bottom=below / (height * 72 + below))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


@functools.lru_cache(maxsize=1024)
def data_uri(svg: str) -> str:
    """A chart as an image address for pages: the strict content security policy blocks the style
    attributes of inline SVG, but not those inside an image."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# Line hatches only: dotted ones are drawn as thousands of tiny curves, which made each chart in a
# report cost seconds to lay out.
HATCHES = ["", "///", "\\\\\\", "xxx"]


def bar_chart(
    *,
    bars: Sequence[tuple[str, Decimal | float | int | None]],
    references: Sequence[Reference] = (),
    x_label: str = "",
) -> str:
    """An SVG horizontal bar chart, one bar per label (wrapped onto two lines where it is long), each
    value written at its bar's end."""
    return _bar_chart(tuple(bars), tuple(references), x_label)


@functools.lru_cache(maxsize=512)
def _bar_chart(bars, references, x_label) -> str:
    labels = [textwrap.fill(label, 16, max_lines=2, placeholder="…") for label, _ in bars]
    row = 0.42 if any("\n" in label for label in labels) else 0.3
    height = 0.7 + row * max(len(bars), 1)
    fig = Figure(figsize=(WIDTH, height), dpi=100)
    ax = fig.subplots()
    values = [_number(value) or 0.0 for _, value in bars]
    positions = list(range(len(bars)))[::-1]
    rects = ax.barh(positions, values, color="#ffffff", edgecolor=INK, linewidth=1, height=0.6)
    for index, rect in enumerate(rects):
        rect.set_hatch(HATCHES[index % 2 + 1])
    for position, (_, value) in zip(positions, bars, strict=True):
        text = "not known" if value is None else _label(_number(value))
        ax.annotate(
            text,
            (_number(value) or 0.0, position),
            textcoords="offset points",
            xytext=(4, -3),
            fontsize=TEXT,
        )
    ax.set_yticks(positions, labels, fontsize=TEXT)
    for reference in references:
        value = _number(reference.value)
        ax.axvline(value, color=SECONDARY, linestyle=(0, (4, 3)), linewidth=1)
        ax.annotate(
            f"{reference.name} {_label(value)}", (value, positions[0] if positions else 0),
            textcoords="offset points", xytext=(-3, 8), ha="right", fontsize=TEXT, color=SECONDARY,
        )  # fmt: skip
    if x_label:
        ax.set_xlabel(x_label, fontsize=TEXT)
    ax.margins(x=0.15)
    bottom = (0.62 if x_label else 0.25) / height
    fig.subplots_adjust(left=0.36, right=0.95, top=1 - 0.3 / height, bottom=bottom)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
