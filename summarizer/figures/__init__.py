"""Who owns each figure: the one place that decides which metric a number of a report measures.

For every number mention `read_figures` gives the metric's name in the report's words, whether
the figure is a change and of which level, the names a 分别 list hands out, whether it is a
share, a per-unit figure or a multi-year total, the threshold kept in its metric (亿元以上项目 vs
100亿元以上项目), and the lexicon's canonical metric id. The rules provider reports what it
reads here, and the cross-check verifies a claim against the same reading, so a figure has one
owner everywhere.

| module | job |
|---|---|
| model.py | `Figure`, `FigureKind` |
| naming.py | a name from the words before / after one figure |
| clause.py | one clause: changes, thresholds, non-results, each figure's own name |
| lists.py | 分别 lists and shared heads written out in every name |
| reader.py | `read_figures`: segments, lists, references back, kinds |
| kinds.py | kind, multi-year, threshold, metric id |
"""

from __future__ import annotations

from summarizer.figures.kinds import scope_of
from summarizer.figures.model import Figure, FigureKind
from summarizer.figures.reader import read_figures
from summarizer.lexicon.metrics import exact_id as metric_id_of

__all__ = ["Figure", "FigureKind", "metric_id_of", "read_figures", "scope_of"]
