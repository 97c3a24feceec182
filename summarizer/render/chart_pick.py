"""Which comparisons the briefing chart draws (kept apart from chart.py, which loads
matplotlib: the HTML writer asks this without drawing anything)."""

from __future__ import annotations

from summarizer.render.brief_compare import ComparisonGroup
from summarizer.render.brief_model import Briefing

# A chart a person can read: at most this many comparisons, bars, and bars in one comparison
# (its top-ranked reports). Hundreds of reports give hundreds of groups; the table holds them.
MAX_GROUPS = 6
MAX_BARS = 48
MAX_PER_GROUP = 12


def chart_groups(briefing: Briefing) -> list[ComparisonGroup]:
    """The growth comparisons to draw (a year's or half-year's growth in %, no totals): the
    ones most reports share, as many as fit, in the briefing's order."""
    growth = [
        group
        for group in briefing.comparison
        if group.measure == "growth"
        and not group.multi_year
        and group.unit in ("%", "％")
        and group.achievements
    ]
    chosen: list[ComparisonGroup] = []
    bars = 0
    for group in sorted(growth, key=lambda g: -len(g.cells)):
        size = min(len(group.cells), MAX_PER_GROUP + len(group.targets))
        if len(chosen) >= MAX_GROUPS or bars + size > MAX_BARS:
            continue
        chosen.append(group)
        bars += size
    order = {id(group): index for index, group in enumerate(briefing.comparison)}
    return sorted(chosen, key=lambda g: order[id(g)])
