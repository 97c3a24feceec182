"""The rules provider's view of the lexicon: the word tables its readers use, by name.

Every word lives in summarizer/lexicon/ (names.toml, items.toml, units.toml, qualifiers.toml,
changes.toml, kinds.toml); this module only gives the tables the names the readers use.
"""

from __future__ import annotations

from typing import cast

from summarizer.lexicon import changes, items, kinds, names, qualifiers, units
from summarizer.lexicon.metrics import scope_words
from summarizer.models import Category

_NAMES = names()
_ITEMS = items()
_UNITS = units()
_CHANGES = changes()
_KINDS = kinds()

# ----------------------------------------------------------------------- clause segmentation

# Sentence ends, and the separators that end a clause inside a sentence. The reports mix
# full-width and ASCII punctuation freely.
SENTENCE_ENDS = frozenset("。！？!?\n")
SEGMENT_ENDS = SENTENCE_ENDS | frozenset("；;")
CLAUSE_ENDS = SEGMENT_ENDS | frozenset("，,：:")
# Brackets and quotes: a separator inside them does not end a clause
# (“引进一个、带来一批、发展一片” is one phrase).
OPENERS = "“‘「『（(《【〔["
CLOSERS = "”’」』）)》】〕]"

# ----------------------------------------------------------------------- achievements

RESULT_CUES = _ITEMS.result_cues
CONTINUATION_STARTS = _ITEMS.continuation_starts
LEADING_CONNECTIVES = _ITEMS.leading_connectives

# ----------------------------------------------------------------------- metric names

NAME_TAIL_WORDS = _NAMES.tail_words
NAME_TAIL_KEEP = _NAMES.tail_keep
NAME_HEAD_VERBS = _NAMES.head_verbs
FRAMING_VERBS = _NAMES.framing_verbs
FREQUENCY_UNITS = _UNITS.counting("times")
NAME_AFTER_STOPS = _NAMES.after_stops
NAME_AFTER_TAIL_WORDS = _NAMES.after_tail_words
LOCATIVE_ENDS = _NAMES.locative_ends
NOUN_SUFFIXES = _NAMES.noun_suffixes
CLASSIFIERS = _UNITS.classifiers
NON_QUANTITY_UNITS = _UNITS.of("anniversary")
NAME_LIKE_SUFFIXES = _NAMES.name_like_suffixes
NAME_LEAD_WORDS = _NAMES.lead_words
LIST_JOINERS = _NAMES.list_joiners
NOT_JOINERS = _NAMES.not_joiners
COUNT_SUFFIX = _NAMES.count_suffix
INVOLVES = _NAMES.involves
INVOLVED_PEOPLE = _NAMES.involved_people
PERSON_UNITS = _UNITS.counting("people")
NAME_LEAD_KEEP = _NAMES.lead_keep
SHARE_PREFIX = _KINDS.share_lead
SHARE_SUFFIX = _KINDS.share_suffix
DURATION_UNITS = _UNITS.of("time")
DURATION_FOLLOWERS = _NAMES.duration_followers
COMPARISON_SCOPES = _NAMES.comparison_scopes
SCOPE_WORDS = scope_words()
MAX_NAME_CHARS = _NAMES.max_name_chars

# ----------------------------------------------------------------------- changes

INCREASE_CUES = _CHANGES.increase
DECREASE_CUES = _CHANGES.decrease
FLAT_CUES = _CHANGES.flat
CHANGE_BASES = _CHANGES.bases
CHANGE_CUE_WINDOW = _CHANGES.window

# ----------------------------------------------------------------------- targets

FORWARD_CUES = _ITEMS.forward_cues
PAST_MARKERS = _ITEMS.past_markers
TARGET_CUES = _ITEMS.commitments
GOAL_LIST_CUES = _ITEMS.goal_list_cues
TRAILING_BOUNDS = qualifiers().words("suffix")
NEUTRAL_QUALIFIERS = frozenset(q.word for q in qualifiers().all if q.bound == "exact")
LONG_TERM_MARKERS = _ITEMS.long_term_markers

# ----------------------------------------------------------------------- problems

PROBLEM_CUES = _ITEMS.problem_cues
ORDINAL_ITEMS = _ITEMS.ordinal_items
PROBLEM_AREAS = _ITEMS.problem_areas

# ----------------------------------------------------------------------- categories

CATEGORY_CUES = cast(tuple[tuple[Category, tuple[str, ...]], ...], _ITEMS.categories)
