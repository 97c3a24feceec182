"""Cue words for reading a report: how a figure's name is read (names.toml) and which clauses
are achievements, targets and problems (items.toml). Typed, built once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from summarizer.lexicon.loader import LexiconError, integer, string, strings, table, tables

__all__ = ["Items", "Names", "items", "names"]


@dataclass(frozen=True, slots=True)
class Names:
    tail_words: tuple[str, ...]
    tail_keep: tuple[str, ...]
    head_verbs: tuple[str, ...]
    framing_verbs: tuple[str, ...]
    flow_verbs: tuple[str, ...]
    after_stops: tuple[str, ...]  # the head verbs, then the words after_stops lists
    after_tail_words: tuple[str, ...]
    not_stops: tuple[str, ...]
    locative_ends: tuple[str, ...]
    noun_suffixes: frozenset[str]
    claim_measure_ends: tuple[str, ...]
    name_like_suffixes: tuple[str, ...]
    lead_words: tuple[str, ...]
    lead_keep: tuple[str, ...]
    list_joiners: frozenset[str]
    not_joiners: frozenset[str]
    distributive: tuple[str, ...]
    not_distributive_after: str
    count_suffix: str
    involves: str
    involved_people: str
    duration_followers: tuple[str, ...]
    comparison_scopes: tuple[str, ...]
    max_name_chars: int
    name_suffixes: tuple[str, ...]
    year_span_cues: tuple[str, ...]
    plan_words: tuple[str, ...]
    refer_back: tuple[str, ...]
    measure_ends: str
    anaphora: tuple[str, ...]
    sub_measures: tuple[str, ...]
    of_the_counted: tuple[str, ...]
    carries: tuple[str, ...]
    levels: tuple[str, ...]
    # abbreviation → the metrics it stands for, in order (城乡 → 城镇, 农村)
    pairs: tuple[tuple[str, tuple[str, ...]], ...]


@cache
def names() -> Names:
    head_verbs = strings("names", "head_verbs")
    return Names(
        tail_words=strings("names", "tail_words"),
        tail_keep=strings("names", "tail_keep"),
        head_verbs=head_verbs,
        framing_verbs=strings("names", "framing_verbs"),
        flow_verbs=strings("names", "flow_verbs"),
        after_stops=(*head_verbs, *strings("names", "after_stops")),
        after_tail_words=strings("names", "after_tail_words"),
        not_stops=strings("names", "not_stops"),
        locative_ends=strings("names", "locative_ends"),
        noun_suffixes=frozenset(string("names", "noun_suffixes")),
        claim_measure_ends=strings("names", "claim_measure_ends"),
        name_like_suffixes=strings("names", "name_like_suffixes"),
        lead_words=strings("names", "lead_words"),
        lead_keep=strings("names", "lead_keep"),
        list_joiners=frozenset(string("names", "list_joiners")),
        not_joiners=frozenset(strings("names", "not_joiners")),
        distributive=strings("names", "distributive"),
        not_distributive_after=string("names", "not_distributive_after"),
        count_suffix=string("names", "count_suffix"),
        involves=string("names", "involves"),
        involved_people=string("names", "involved_people"),
        duration_followers=strings("names", "duration_followers"),
        comparison_scopes=strings("names", "comparison_scopes"),
        max_name_chars=integer("names", "max_name_chars"),
        name_suffixes=strings("names", "name_suffixes"),
        year_span_cues=strings("names", "year_span_cues"),
        plan_words=strings("names", "plan_words"),
        refer_back=strings("names", "refer_back"),
        measure_ends=string("names", "measure_ends"),
        anaphora=strings("names", "anaphora"),
        sub_measures=strings("names", "sub_measures"),
        of_the_counted=strings("names", "of_the_counted"),
        carries=strings("names", "carries"),
        levels=strings("names", "levels"),
        pairs=tuple(
            (key, strings("names", f"pairs.{key}"))
            for key in sorted(table("names").get("pairs", {}), key=len, reverse=True)
        ),
    )


@dataclass(frozen=True, slots=True)
class Items:
    result_cues: tuple[str, ...]
    done_verbs: tuple[str, ...]
    not_results: tuple[str, ...]
    part_titles: tuple[str, ...]
    continuation_starts: tuple[str, ...]
    leading_connectives: tuple[str, ...]
    forward_cues: tuple[str, ...]
    commitment_cues: tuple[str, ...]
    not_target_units: frozenset[str]
    enumeration_leads: tuple[str, ...]
    enumeration_nouns: tuple[str, ...]
    proposal_words: tuple[str, ...]
    goal_words: tuple[str, ...]
    policy_nouns: tuple[str, ...]
    policy_verbs: tuple[str, ...]
    policy_unit: str
    list_ends: tuple[str, ...]
    scope_leads: tuple[str, ...]
    stretch_cues: tuple[str, ...]
    past_markers: tuple[str, ...]
    future_markers: tuple[str, ...]
    past_particle: str
    not_past_particle: tuple[str, ...]
    year_not_time: tuple[str, ...]
    commitments: tuple[str, ...]
    goal_list_cues: tuple[str, ...]
    long_term_markers: tuple[str, ...]
    problem_cues: tuple[str, ...]
    ordinal_items: tuple[str, ...]
    list_leads: tuple[str, ...]
    generic_admissions: tuple[str, ...]
    resolution_cues: tuple[str, ...]
    # (name, words) in file order: ties go to the earlier entry.
    problem_areas: tuple[tuple[str, tuple[str, ...]], ...]
    problem_themes: tuple[tuple[str, tuple[str, ...]], ...]
    categories: tuple[tuple[str, tuple[str, ...]], ...]
    headline_last_resort: tuple[str, ...]
    headline_first_categories: tuple[str, ...]


def _named(key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for entry in tables("items", key):
        out.append((string("items", "name", entry), strings("items", "words", entry)))
    return tuple(out)


@cache
def items() -> Items:
    data = table("items")
    for part in ("achievements", "targets", "problems", "headline"):
        if part not in data:
            raise LexiconError(f"lexicon/items.toml: [{part}] is missing")
    return Items(
        result_cues=strings("items", "achievements.result_cues"),
        done_verbs=strings("items", "achievements.done_verbs"),
        not_results=strings("items", "achievements.not_results"),
        part_titles=strings("items", "achievements.part_titles"),
        continuation_starts=strings("items", "achievements.continuation_starts"),
        leading_connectives=strings("items", "achievements.leading_connectives"),
        forward_cues=strings("items", "targets.forward_cues"),
        commitment_cues=strings("items", "targets.commitment_cues"),
        not_target_units=frozenset(strings("items", "targets.not_target_units")),
        enumeration_leads=strings("items", "targets.enumeration_leads"),
        enumeration_nouns=strings("items", "targets.enumeration_nouns"),
        proposal_words=strings("items", "targets.proposal_words"),
        goal_words=strings("items", "targets.goal_words"),
        policy_nouns=strings("items", "targets.policy_nouns"),
        policy_verbs=strings("items", "targets.policy_verbs"),
        policy_unit=string("items", "targets.policy_unit"),
        list_ends=strings("items", "targets.list_ends"),
        scope_leads=strings("items", "targets.scope_leads"),
        stretch_cues=strings("items", "targets.stretch_cues"),
        past_markers=strings("items", "targets.past_markers"),
        future_markers=strings("items", "targets.future_markers"),
        past_particle=string("items", "targets.past_particle"),
        not_past_particle=strings("items", "targets.not_past_particle"),
        year_not_time=strings("items", "targets.year_not_time"),
        commitments=strings("items", "targets.commitments"),
        goal_list_cues=strings("items", "targets.goal_list_cues"),
        long_term_markers=strings("items", "targets.long_term_markers"),
        problem_cues=strings("items", "problems.cues"),
        ordinal_items=strings("items", "problems.ordinal_items"),
        list_leads=strings("items", "problems.list_leads"),
        generic_admissions=strings("items", "problems.generic_admissions"),
        resolution_cues=strings("items", "problems.resolution_cues"),
        problem_areas=_named("problem_area"),
        problem_themes=_named("problem_theme"),
        categories=_named("category"),
        headline_last_resort=strings("items", "headline.last_resort"),
        headline_first_categories=strings("items", "headline.first_categories"),
    )
