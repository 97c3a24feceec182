"""The briefing chart: growth rates of the shared headline metrics, with their targets.

One horizontal bar per report and metric, grouped by metric *and* kind of period (a half-year
growth rate never sits in the same group as a full-year one); targets are hatched bars in the
group they belong to. Chinese labels need a CJK font; without one the chart still comes out,
labelled with canonical metric ids and report file names, and the user is told once.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI; must precede pyplot

import matplotlib.pyplot as plt
from matplotlib import font_manager

from summarizer.render.brief_labels import labels, span_label
from summarizer.render.brief_model import Briefing, Span, infer_target_span

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
    """The bars to draw, in display order; empty when there is nothing to compare."""
    bars: list[Bar] = []
    lab = labels(lang if cjk else "en")
    targets: dict[tuple[str, Span | None], list[Bar]] = {}
    for row in briefing.target_rows:
        figure = row.target.figure
        if figure is None or figure.ref is None or figure.ref.measure != "growth":
            continue
        if figure.value is None:
            continue
        report = briefing.report(row.report_key)
        span = infer_target_span(row.target, report)
        who = report.label if cjk else report.key
        targets.setdefault((row.metric.id, span), []).append(
            Bar("", f"{who} {lab['chart_target']}", float(figure.value), report.key, True)
        )
    for group in briefing.comparison:
        name = group.metric.name(lang) if cjk else group.metric.id
        period = span_label(group.span, lang if cjk else "en")
        title = f"{name} · {period}" if cjk else f"{name} - {period}"
        own = [
            Bar(
                title,
                (cell.report_label if cjk else cell.report_key)
                + (f" {cell.period}" if cjk and cell.period else ""),
                float(cell.growth),
                cell.report_key,
                False,
            )
            for cell in group.cells
            if cell.growth is not None and cell.growth_unit == "%"
        ]
        extra = [
            Bar(title, bar.label, bar.value, bar.report_key, True)
            for bar in targets.get((group.metric.id, group.span), [])
        ]
        if own:
            bars.extend(own + extra)
    return bars


def render_chart(briefing: Briefing, lang: str = "zh") -> bytes | None:
    """The chart as PNG bytes, or None when no shared metric has a growth rate."""
    family = cjk_font()
    if family is None:
        _warn_no_font()
    bars = chart_bars(briefing, lang, cjk=family is not None)
    if not bars:
        return None
    keys = [report.key for report in briefing.reports]
    colours = {key: _PALETTE[i % len(_PALETTE)] for i, key in enumerate(keys)}
    families = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    with plt.rc_context({"axes.unicode_minus": False, "font.size": 9, "font.family": families}):
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
