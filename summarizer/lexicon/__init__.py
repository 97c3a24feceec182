"""One vocabulary: every Chinese word the tool understands, as data, read by every stage.

The TOML files beside this module hold the words; a typed module per family builds them once
into frozen objects:

| file | module | what |
|---|---|---|
| units.toml | quantities.py | units (canonical form, printed forms, dimension, guards), scale words |
| qualifiers.toml | quantities.py | 近/超/以上/左右 … → bound, and where each stands |
| changes.toml | quantities.py | increase / decrease / flat cues, comparison bases, fillers |
| kinds.toml | quantities.py | per-unit, share, total and multi-year markers |
| names.toml | words.py | how a figure's metric name is read from the words around it |
| items.toml | words.py | achievement, target and problem cues, categories, problem areas |
| metrics.toml | metrics.py | canonical metric ids and their synonyms |
| frame.toml | frame.py | a report's frame: kinds, levels, periods, part and paragraph cues |

No stage keeps a private word list: the numbers stage builds its regex from `units()` and
`qualifiers()`, the cross-check and figures.py read the same objects, the renderers place a
qualifier where `qualifiers()` says it stands. `tests/test_lexicon.py` walks every entry
through every stage and fails when two disagree.

A new family of words gets a TOML file here and a small typed module that reads it with the
checked getters of `loader` (`table`, `strings`, `string`, `tables` …) inside a
`functools.cache` function. This package knows no stage: it imports nothing else of the
project.
"""

from __future__ import annotations

from summarizer.lexicon.loader import LexiconError, table
from summarizer.lexicon.quantities import changes, kinds, qualifiers, units
from summarizer.lexicon.words import items, names

__all__ = [
    "LexiconError",
    "changes",
    "items",
    "kinds",
    "names",
    "qualifiers",
    "table",
    "units",
]
