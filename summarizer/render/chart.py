"""The briefing chart: growth rates of the shared headline metrics, with their targets.

One horizontal bar per report, grouped exactly as the comparison table ranks: one metric, one
period, one scope (a half-year growth rate never sits beside a full-year one, nor 1999's beside
2003's); targets for the same metric and period are hatched bars in the group. A large briefing
draws only the comparisons most reports share, a bounded number of bars. Chinese labels need a CJK font; without one the chart still comes out,
labelled with canonical metric ids and report file names, and the user is told once.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib import font_manager

from summarizer.render.brief_compare import ComparisonCell
from summarizer.render.brief_labels import labels, term
from summarizer.render.brief_model import Briefing
from summarizer.render.chart_pick import MAX_PER_GROUP, chart_groups

# Families that cover CJK, in order of preference (Debian: fonts-wqy-microhei, fonts-noto-cjk).
CJK_FAMILIES: tuple[str, ...] = (
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)
_PALETTE = ("#3b6ea5", "#d9822b", "#3f9a5b", "#b8453d", "#7b5ea7", "#8c6d46", "#c05f9c", "#6b7b8c")


@dataclass(frozen=True, slots=True)
class Bar:
    group: str
    label: str
    value: float
    report_key: str
    target: bool


@cache
def cjk_font() -> str | None:
    """The first installed CJK font family matplotlib can use, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return None


_warned = False


def _warn_no_font() -> None:
    global _warned
    if not _warned:
        _warned = True
        print(
            "warning: no CJK font found for the chart (install fonts-wqy-microhei or "
            "fonts-noto-cjk); labelling it with metric ids",
            file=sys.stderr,
        )


def chart_bars(briefing: Briefing, lang: str, *, cjk: bool) -> list[Bar]:
    """The bars to draw, in display order; empty when there is nothing to compare. Without a
    CJK font every label is ASCII: the metric id, the period, the scope in English, and a
    report as its file name or, when that is Chinese, its number in the overview (#12)."""
    bars: list[Bar] = []
    lab = labels(lang if cjk else "en")
    number = {report.key: index for index, report in enumerate(briefing.reports, start=1)}

    def who(cell: ComparisonCell) -> str:
        if cjk:
            return cell.report_label
        return cell.report if cell.report.isascii() else f"#{number.get(cell.report_key, 0)}"

    for group in chart_groups(briefing):
        if cjk:
            parts = (group.name(lang), group.period.label, group.scope)
        else:
            span = "" if group.period.span == "Y" else f" {group.period.span}"
            scope = term(group.scope, "en") if group.scope else None
            parts = (group.metric_id, f"{group.period.year}{span}", scope)
        title = (" · " if cjk else " - ").join(part for part in parts if part)
        shown = group.achievements[:MAX_PER_GROUP]
        keys = {cell.report_key for cell in shown}
        for cell in shown:
            bars.append(Bar(title, who(cell), float(cell.value), cell.report_key, False))
        for cell in group.targets:
            if cell.report_key in keys or len(shown) < MAX_PER_GROUP:
                label = f"{who(cell)} {lab['chart_target']}"
                bars.append(Bar(title, label, float(cell.value), cell.report_key, True))
    return bars


def render_chart(briefing: Briefing, lang: str = "zh") -> bytes | None:
    """The chart as PNG bytes, or None when no shared metric has a growth rate."""
    family = cjk_font()
    if family is None:
        _warn_no_font()
    bars = chart_bars(briefing, lang, cjk=family is not None)
    if not bars:
        return None
    keys = list(dict.fromkeys(bar.report_key for bar in bars))
    colours = {key: _PALETTE[i % len(_PALETTE)] for i, key in enumerate(keys)}
    families = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    # Whatever matplotlib would say (a layout it cannot tighten, a glyph a font lacks) is no
    # business of the person reading the briefing: it never reaches the terminal.
    with (
        warnings.catch_warnings(),
        _quiet("matplotlib"),
        plt.rc_context({"axes.unicode_minus": False, "font.size": 9, "font.family": families}),
    ):
        warnings.simplefilter("ignore")
        height = 1.0 + 0.3 * (len(bars) + len({b.group for b in bars}))
        fig, ax = plt.subplots(figsize=(8.5, height), dpi=110)
        try:
            _draw(ax, bars, colours)
            title = labels(lang if family else "en")["chart_title"]
            ax.set_title(title, loc="left", fontsize=11)
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
        finally:
            plt.close(fig)
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _draw(ax: Any, bars: list[Bar], colours: dict[str, str]) -> None:
    """Bars top to bottom; each group opens with a header row naming metric and period."""
    positions: list[float] = []
    headers: list[tuple[float, str]] = []
    bands: list[tuple[float, float]] = []
    y = 0.0
    previous: str | None = None
    for bar in bars:
        if bar.group != previous:
            if previous is not None:
                bands[-1] = (bands[-1][0], y - 0.5)
                y += 0.3
            headers.append((y, bar.group))
            bands.append((y - 0.5, y))
            y += 1
            previous = bar.group
        positions.append(y)
        y += 1
    if bands:
        bands[-1] = (bands[-1][0], y - 0.5)
    for shade, (start, end) in enumerate(bands):
        if shade % 2 == 0:
            ax.axhspan(start, end, color="#f1f3f6", zorder=0)
    for position, bar in zip(positions, bars, strict=True):
        colour = colours.get(bar.report_key, "#888888")
        ax.barh(
            [position],
            [bar.value],
            color="white" if bar.target else colour,
            edgecolor=colour,
            hatch="///" if bar.target else None,
            height=0.72,
            zorder=2,
        )
        ax.annotate(
            f"{Decimal(repr(bar.value)).normalize():f}%",
            (bar.value, position),
            xytext=(3 if bar.value >= 0 else -3, 0),
            textcoords="offset points",
            ha="left" if bar.value >= 0 else "right",
            va="center",
            fontsize=8,
            zorder=4,
        )
    for position, group in headers:
        ax.annotate(
            group,
            (0, position),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color="#222222",
            zorder=5,
        )
    ax.set_yticks(positions)
    ax.set_yticklabels([bar.label for bar in bars])
    ax.set_ylim(y - 0.5, -0.8)  # top to bottom, in reading order
    ax.axvline(0, color="#555555", linewidth=0.8, zorder=1)
    values = [bar.value for bar in bars]
    low, high = min(0.0, *values), max(0.0, *values)
    pad = (high - low) * 0.15 or 1.0
    ax.set_xlim(low - (pad if low < 0 else 0), high + pad)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
