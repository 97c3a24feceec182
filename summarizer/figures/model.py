"""The Figure: one number mention of a report with the metric it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

# level: the metric itself; growth: its change; share: a part of a whole or a contribution;
# per_unit: a per-person / per-mu level; total: a sum over several years or a running total.
from summarizer.models import Direction, NumberMention
from summarizer.models import FigureKind as FigureKind


@dataclass(slots=True, eq=False)
class Figure:
    """A mention with what it measures. Offsets (of the mention, clause, segment) index the text
    the figures were read from."""

    mention: NumberMention
    # The metric, in the report's words ("" when nothing names it).
    name: str = ""
    # The source words the name was read from: from the clause start (or the figure before) up
    # to this one, and from this one to the next figure or the clause end.
    words: str = ""
    tail: str = ""
    # The words before the first figure of the list this one ends (比1997年分别增长|35.6%和17.2%):
    # what a cue or basis says of the first, it says of the list.
    lead: str = ""
    # The segment (up to ；or a sentence end) up to the figure.
    before: str = ""
    clause: tuple[int, int] = (0, 0)
    segment: tuple[int, int] = (0, 0)
    is_change: bool = False
    direction: Direction | None = None
    # A change's level (…15.93亿元，同比增长10.6%), and a level's change.
    level: Figure | None = None
    change: Figure | None = None
    # A size class inside a name (亿元以上 in 亿元以上重大项目): part of the name, no figure of
    # its own to own or to report.
    threshold: bool = False
    # A number that names (20周年, 15分钟…圈): not a quantity at all.
    quantity: bool = True
    # False for a figure that says when (9天完成…) or compares with a wider area (全区31个): it
    # keeps its clause but measures no result of the reporting body.
    result: bool = True
    kind: FigureKind = "level"
    multi_year: bool = False
    # The threshold printed as part of the metric: 规上, 限额以上, 亿元以上, 10亿元以上, 市级以上.
    scope: str | None = None
    metric_id: str | None = None
    # Named through a 分别 list (A、B分别增长X、Y) or a list of figures that pairs with one.
    respectively: bool = False
    # The figure's own words named it (not inherited from a list, a level or a subject).
    named_here: bool = True
    # The names a 均 list gives this one figure each (A、B均增长10%): A, B. Empty otherwise;
    # `name` stays what the reader made of the words.
    each: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end

    @property
    def owned(self) -> bool:
        """A figure a summary may report: a quantity, not a threshold, measuring a result."""
        return self.quantity and not self.threshold and self.result
