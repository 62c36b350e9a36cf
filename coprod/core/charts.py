"""Charts, drawn once for pages and PDFs alike, with matplotlib as SVG.

Charts must read without colour: each series has its own marker and line style, values are labelled
on the chart, and reference lines are named in text. Pages put a data table beside each chart for
screen readers (templates/includes/chart.html).
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import overload

import matplotlib
from matplotlib.figure import Figure

STYLES = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-.")]
INK = "#0b0c0c"
SECONDARY = "#505a5f"

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: selectable, searchable, read back from PDFs
        "svg.hashsalt": "coprod",  # the same chart draws the same SVG
        "font.family": "sans-serif",
        "font.size": 9,
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


def line_chart(
    *,
    series: Sequence[Series],
    references: Sequence[Reference] = (),
    y_label: str = "",
    width: float = 4.2,
    height: float = 1.9,
) -> str:
    """An SVG line chart: the x axis takes each series' point labels in order.

    Drawing takes tens of milliseconds, so the same chart (same data) is drawn once per process.
    """
    frozen_series = tuple(Series(s.name, tuple(s.points)) for s in series)
    return _line_chart(frozen_series, tuple(references), y_label, width, height)


@functools.lru_cache(maxsize=1024)
def _line_chart(series, references, y_label, width, height) -> str:
    labels: list[str] = []
    for s in series:
        for label, _ in s.points:
            if label not in labels:
                labels.append(label)
    # A Figure of its own (not pyplot's shared state): charts draw in any thread, with no lock.
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.subplots()
    for index, s in enumerate(series):
        marker, linestyle = STYLES[index % len(STYLES)]
        xs = [labels.index(label) for label, value in s.points if value is not None]
        ys = [_number(value) for _, value in s.points if value is not None]
        ax.plot(xs, ys, marker=marker, linestyle=linestyle, color=INK, label=s.name, linewidth=1.4)
        for x, y in zip(xs, ys, strict=True):
            ax.annotate(_label(y), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
    for reference in references:
        value = _number(reference.value)
        ax.axhline(value, color=SECONDARY, linestyle=(0, (4, 3)), linewidth=1)
        ax.annotate(
            f"{reference.name} {_label(value)}",
            (len(labels) - 1 if labels else 0, value),
            textcoords="offset points",
            xytext=(0, -10),
            ha="right",
            fontsize=7,
            color=SECONDARY,
        )
    ax.set_xticks(range(len(labels)), labels, rotation=0, fontsize=7)
    if len(labels) > 4:
        for tick in ax.get_xticklabels():
            tick.set_rotation(30)
            tick.set_horizontalalignment("right")
    if y_label:
        ax.set_ylabel(y_label, fontsize=8)
    ax.margins(x=0.08, y=0.25)
    if len(series) > 1:
        ax.legend(fontsize=7, frameon=False)
    fig.subplots_adjust(left=0.16, right=0.97, top=0.92, bottom=0.3 if len(labels) > 4 else 0.2)
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
    width: float = 6.0,
) -> str:
    """An SVG horizontal bar chart, one bar per label, each value written at its bar's end."""
    return _bar_chart(tuple(bars), tuple(references), x_label, width)


@functools.lru_cache(maxsize=512)
def _bar_chart(bars, references, x_label, width) -> str:
    height = 0.6 + 0.32 * max(len(bars), 1)
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.subplots()
    labels = [label for label, _ in bars]
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
            fontsize=7,
        )
    ax.set_yticks(positions, labels, fontsize=7)
    for reference in references:
        value = _number(reference.value)
        ax.axvline(value, color=SECONDARY, linestyle=(0, (4, 3)), linewidth=1)
        ax.annotate(
            f"{reference.name} {_label(value)}", (value, positions[0] if positions else 0),
            textcoords="offset points", xytext=(-3, 8), ha="right", fontsize=7, color=SECONDARY,
        )  # fmt: skip
    if x_label:
        ax.set_xlabel(x_label, fontsize=8)
    ax.margins(x=0.15)
    fig.subplots_adjust(left=0.35, right=0.97, top=0.88, bottom=0.6 / height if x_label else 0.25 / height)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
