"""What a reader would put first among a report's achievements: `AchievementItem.rank`.

Ids stay in document order (review decisions key on them); `rank` (1 = first) orders them by
what an analyst reads first:
1. achievements that report a key indicator of the catalogue (GDP, fiscal revenue, fixed-asset
   investment …, lexicon/metrics.toml `headline`), in the catalogue's order;
2. the report's own word on a field of work: a review sub-heading with its lead sentence
   ((一)经济运行稳中向好), in report order;
3. other achievements with figures of the economy and of projects (their category), sums of
   money first;
4. other achievements with figures;
5. work done without a figure (建成…, 完成…, 处置了…);
6. last, case handling and fines (items.toml `headline.last_resort`).
Within a tier the reviewed period's results come before five-year totals and averages, then
report order.
"""

from __future__ import annotations

from summarizer.clauses import has_any
from summarizer.headline import headline_figures, several_years
from summarizer.lexicon import items
from summarizer.lexicon.metrics import catalog
from summarizer.models import AchievementItem, ReportSummary, SectionSummary

__all__ = ["rank_achievements"]

_ITEMS = items()
_MONEY = "元"


def rank_achievements(summary: ReportSummary) -> None:
    """Set `rank` on every achievement of `summary`."""
    sections = {section.id: section for section in summary.sections}
    ranks = {metric.id: i for i, metric in enumerate(catalog())}
    key_rank: dict[str, int] = {}
    for row in headline_figures(summary):
        if row.metric_id is not None and row.metric_id in ranks:
            best = key_rank.get(row.item_id, len(ranks))
            key_rank[row.item_id] = min(best, ranks[row.metric_id])
    keyed: list[tuple[tuple[int, int, int, int], AchievementItem]] = []
    for position, item in enumerate(summary.achievements):
        section = sections.get(item.section_id)
        tier, order = _tier(item, section, key_rank)
        keyed.append(((tier, several_years(item, section), order, position), item))
    for rank, (_, item) in enumerate(sorted(keyed, key=lambda pair: pair[0]), 1):
        item.rank = rank


def _tier(
    item: AchievementItem, section: SectionSummary | None, key_rank: dict[str, int]
) -> tuple[int, int]:
    if item.id in key_rank:
        return 0, key_rank[item.id]
    if has_any(item.evidence, _ITEMS.headline_last_resort):
        return 5, 0
    if not item.metrics:
        return (1, 0) if _is_sub_heading(item, section) else (4, 0)
    money = any(_MONEY in (m.unit or "") for m in item.metrics)
    if item.category in _ITEMS.headline_first_categories:
        return 2, 0 if money else 1
    return 3, 0


def _is_sub_heading(item: AchievementItem, section: SectionSummary | None) -> bool:
    """The achievement the rules provider (or a model) made of the section's own heading."""
    if section is None or not section.heading_path:
        return False
    heading = section.heading_path[-1].rstrip("…")
    return bool(heading) and (item.summary in heading or heading.endswith(item.summary))
