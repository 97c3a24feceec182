"""The cross-check: every figure and quote a provider claims, checked against the source text.

A summary of a government report is worthless if one figure in it is invented, so each claimed
figure (a metric's value, its change, a target's value) is matched against the number mentions
the numbers stage found: those of its own section first, then of the whole report. Both sides
are normalised to base units (15.93亿元 = 1593000000元 = 159300万元) and the claim gets one
status (see `models.CheckStatus`).

One module per job:

| module | job |
|---|---|
| claims.py | a provider's figure as a claim in base units, with how it was printed |
| matching.py | how a claim relates to a mention; the best explanation of it |
| derived.py | recomputing a figure the provider says it computed |
| messages.py | the reason a reviewer reads (templates in summarizer/labels.py) |
| checker.py | `check_report`: quotes located, every claim judged, coverage |
| reask.py | `numbers_not_in_text`: the LLM validator's "is the number there at all?" |

Which metric a source figure belongs to is decided in summarizer/figures.py, the same place the
rules provider asks. Every evidence quote is located at character level (summarizer/quotes.py);
one that is not in the source is a `quote_not_found` check and its item keeps no span.
"""

from __future__ import annotations

from summarizer.quotes import locate_quote
from summarizer.verify.checker import check_report
from summarizer.verify.reask import numbers_not_in_text

__all__ = ["check_report", "locate_quote", "numbers_not_in_text"]
