"""Quality of the offline path against the hand-read gold (a plain script, no LLM).

python bench/quality.py [--gold DIR] [--corpus DIR] [--src DIR] [--details] [--json]

For each genre of fixtures/gold-reports (seeds, cities, provinces) it loads every gold report's
source with `summarizer.load` + `summarizer.chunk` and prints one row per genre:

- frame: review period, plan period, kind, level and issuer right (share of reports);
- roles: the share of the cleaned text's characters (whitespace aside) whose section role is
  the gold part's role;
- gdp: on the province files of fixtures/gold-gdp/provinces.json, the share whose sentence
  stating the plan year's GDP growth target lies wholly in `plan` sections;
- items (bench/quality_items.py), on the gold reports that have `items`: target precision and
  recall (evidence overlapping the gold quote, values agreeing), problem recall, headline top-10
  precision; and on all province files of the GDP gold, the GDP target right and the only one.

Each family of metrics is one function taking the loaded cases and returning named scores, so
later issues add theirs (items, figures) beside these. `--src DIR` measures another checkout of
the package (e.g. a `git worktree` of an older commit), which is how a "before" table is made:
reports read by a version without review/plan periods are scored on what it printed then (its
one period taken as the review, the period after it as the plan).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

try:
    from bench import quality_items as items
except ImportError:  # run as a script: bench/ is on the path, the project root may not be
    import quality_items as items  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
GENRES = ("seeds", "cities", "provinces")
WHITESPACE = frozenset(" \t\n\r\u3000\xa0")


# --------------------------------------------------------------------------- loading


@dataclass
class Case:
    """One gold report with what the tool made of it."""

    genre: str
    name: str
    gold: dict[str, Any]
    raw: str
    text: str  # the tool's cleaned text
    frame: dict[str, Any]  # kind, level, issuer, region, review_period, plan_period
    roles: list[str]  # the tool's role of each character of `text`
    gold_roles: list[str]  # the gold role of each character of `text`
    offsets: list[int] = field(repr=False, default_factory=list)  # align(raw, text)
    doc: Any = field(repr=False, default=None)
    sections: list[Any] = field(repr=False, default_factory=list)

    @cached_property
    def summary(self) -> Any:
        """The rules provider's ReportSummary (computed when an item metric first asks)."""
        return items.summarise(self.doc, self.sections)


def source_path(gold: dict[str, Any], corpus: Path) -> Path:
    source: str = gold["source"]
    if source.startswith("corpus/"):
        return corpus / source.removeprefix("corpus/")
    return ROOT / source


def find_nth(text: str, needle: str, n: int) -> int:
    pos = -1
    for _ in range(n + 1):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return -1
    return pos


def align(raw: str, text: str) -> list[int]:
    """For each character of the cleaned `text`, the offset of the raw character it came from.

    Cleaning only drops characters (furniture, Markdown marks) and folds runs of spaces, so the
    cleaned text is, near enough, a subsequence of the raw one: match it greedily, any space for
    any space, and leave a character that is nowhere near where it should be unmatched."""
    out: list[int] = []
    j = 0
    window = 4000
    for ch in text:
        if ch in WHITESPACE:
            k = j
            while k < len(raw) and k < j + 8 and raw[k] not in WHITESPACE:
                k += 1
            if k < len(raw) and raw[k] in WHITESPACE:
                out.append(k)
                j = k + 1
            else:
                out.append(j)
            continue
        k = raw.find(ch, j, j + window)
        if k < 0:
            out.append(j)
        else:
            out.append(k)
            j = k + 1
    return out


def locate_in_text(
    case_raw: str, text: str, offsets: list[int], entry: dict[str, Any], key: str
) -> int:
    """Where a gold anchor/quote (located in the raw file) stands in the cleaned text."""
    needle: str = entry[key]
    raw_pos = find_nth(case_raw, needle, entry.get("occurrence", 0))
    if raw_pos < 0:
        raise ValueError(f"{key} {needle!r} not in the source")
    guess = bisect.bisect_left(offsets, raw_pos)
    best, best_distance = -1, len(text) + 1
    pos = text.find(needle)
    while pos >= 0:
        if abs(pos - guess) < best_distance:
            best, best_distance = pos, abs(pos - guess)
        pos = text.find(needle, pos + 1)
    return best if best >= 0 else min(guess, len(text))


def gold_role_map(
    case_raw: str, text: str, offsets: list[int], parts: list[dict[str, Any]]
) -> list[str]:
    roles = ["other"] * len(text)
    starts = [locate_in_text(case_raw, text, offsets, p, "anchor") for p in parts]
    for i, part in enumerate(parts):
        end = starts[i + 1] if i + 1 < len(parts) else len(text)
        roles[starts[i] : end] = [part["role"]] * (end - starts[i])
    return roles


def frame_of(doc: Any) -> dict[str, Any]:
    """The tool's frame of a report, as plain data (also from versions before review/plan)."""
    meta = doc.meta
    fields = meta.model_dump(mode="json")
    if "review_period" in fields:
        return {
            k: fields.get(k)
            for k in ("kind", "level", "issuer", "region", "review_period", "plan_period")
        }
    # A version with one `period`: that is what it showed as the reviewed period, and its
    # targets went to the period after it.
    review = None
    plan = None
    if fields.get("period_year") is not None:
        year, span = fields["period_year"], fields.get("period_span")
        review = {"label": fields.get("period"), "year": year, "span": span}
        if span == "H1":
            plan = {"label": f"{year}年下半年", "year": year, "span": "H2"}
        else:
            plan = {"label": f"{year + 1}年", "year": year + 1, "span": "Y"}
    return {
        "kind": fields.get("kind"),
        "level": fields.get("level"),
        "issuer": fields.get("issuer"),
        "region": fields.get("region"),
        "review_period": review,
        "plan_period": plan,
    }


def load_cases(gold_dir: Path, corpus: Path, genres: Iterable[str]) -> list[Case]:
    import summarizer

    cases: list[Case] = []
    for genre in genres:
        for path in sorted((gold_dir / genre).glob("*.json")):
            gold = json.loads(path.read_text("utf-8"))
            source = source_path(gold, corpus)
            if not source.is_file():
                print(f"skipped {path.name}: {source} not found", file=sys.stderr)
                continue
            raw = source.read_text("utf-8")
            doc = summarizer.load(source)
            sections = summarizer.chunk(doc)
            roles = ["other"] * len(doc.text)
            for s in sections:
                roles[s.start : s.end] = [s.role] * (s.end - s.start)
            offsets = align(raw, doc.text)
            gold_roles = gold_role_map(raw, doc.text, offsets, gold["parts"])
            cases.append(
                Case(
                    genre,
                    path.stem,
                    gold,
                    raw,
                    doc.text,
                    frame_of(doc),
                    roles,
                    gold_roles,
                    offsets,
                    doc,
                    sections,
                )
            )
    return cases


# --------------------------------------------------------------------------- metric families

Scores = dict[str, tuple[int, int]]  # name → (right, of)


def _period_key(period: dict[str, Any] | None) -> tuple[Any, ...] | None:
    if period is None:
        return None
    return (period.get("year"), period.get("span"))


def frame_metrics(cases: list[Case]) -> Scores:
    """Review/plan period (year and span), kind, level and issuer right, per report."""
    scores: Scores = {}

    def score(name: str, ok: Callable[[Case], bool]) -> None:
        scores[name] = (sum(ok(c) for c in cases), len(cases))

    score(
        "review",
        lambda c: _period_key(c.frame["review_period"]) == _period_key(c.gold["review_period"]),
    )
    score(
        "plan", lambda c: _period_key(c.frame["plan_period"]) == _period_key(c.gold["plan_period"])
    )
    score("kind", lambda c: c.frame["kind"] == c.gold["kind"])
    score("level", lambda c: c.frame["level"] == c.gold["level"])
    score("issuer", lambda c: c.frame["issuer"] == c.gold["issuer"])
    return scores


_FIELDS = {"review": "review_period", "plan": "plan_period"}


def misses(cases: list[Case], name: str) -> list[tuple[str, Any, Any]]:
    """(report, the tool's value, the gold's) for each report where a frame field differs."""
    key = _FIELDS.get(name, name)
    out = []
    for c in cases:
        got, want = c.frame[key], c.gold[key]
        differs = _period_key(got) != _period_key(want) if name in _FIELDS else got != want
        if differs:
            out.append((c.name, got, want))
    return out


def role_metrics(cases: list[Case]) -> Scores:
    """Characters (whitespace aside) whose role is the gold role, pooled over the genre."""
    right = total = 0
    for c in cases:
        for ch, got, want in zip(c.text, c.roles, c.gold_roles, strict=True):
            if ch in WHITESPACE:
                continue
            total += 1
            right += got == want
    return {"roles": (right, total)}


def gdp_metrics(cases: list[Case], gdp_gold: dict[str, dict[str, Any]]) -> Scores:
    """Province files whose GDP-target sentence stands wholly inside `plan` sections (of those
    that state one), and whose plan year is the one the report plans (of all)."""
    right = total = years = years_right = 0
    for c in cases:
        entry = gdp_gold.get(c.name)
        if entry is None:
            continue
        if entry.get("text_year") is not None:
            years += 1
            plan = c.frame["plan_period"]
            years_right += plan is not None and plan["year"] == entry["text_year"]
        if not entry.get("quote"):
            continue
        total += 1
        right += gdp_in_plan(c, entry)
    scores: Scores = {}
    if total:
        scores["gdp_in_plan"] = (right, total)
    if years:
        scores["plan_year98"] = (years_right, years)
    return scores


def gdp_in_plan(c: Case, entry: dict[str, Any]) -> bool:
    start = locate_in_text(c.raw, c.text, c.offsets, entry, "quote")
    end = start + len(entry["quote"])
    return all(role == "plan" for role in c.roles[start:end])


# --------------------------------------------------------------------------- GDP sentences


def load_gdp_gold(path: Path) -> dict[str, dict[str, Any]]:
    """{file stem: {quote, occurrence}} from fixtures/gold-gdp/provinces.json (list or map)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    items: Iterable[tuple[str, Any]]
    if isinstance(data, dict) and isinstance(data.get("reports"), list):
        data = data["reports"]
    if isinstance(data, dict):
        items = data.items()
    else:
        items = ((str(d.get("file") or d.get("source")), d) for d in data)
    out: dict[str, dict[str, Any]] = {}
    for key, entry in items:
        out[Path(key).stem] = entry
    return out


def gdp_cases(corpus: Path, gdp_gold: dict[str, dict[str, Any]]) -> list[Case]:
    """All province files named by the GDP gold (not only those with frame gold)."""
    import summarizer

    cases: list[Case] = []
    for stem in sorted(gdp_gold):
        source = corpus / "provinces" / f"{stem}.md"
        if not source.is_file():
            continue
        raw = source.read_text("utf-8")
        doc = summarizer.load(source)
        roles = ["other"] * len(doc.text)
        sections = summarizer.chunk(doc)
        for s in sections:
            roles[s.start : s.end] = [s.role] * (s.end - s.start)
        offsets = align(raw, doc.text)
        cases.append(
            Case(
                "provinces",
                stem,
                {},
                raw,
                doc.text,
                frame_of(doc),
                roles,
                [],
                offsets,
                doc,
                sections,
            )
        )
    return cases


# --------------------------------------------------------------------------- items


def item_cases(cases: list[Case]) -> list[items.ItemCase]:
    """The gold reports with `items`, each gold quote located in the cleaned text."""
    out: list[items.ItemCase] = []
    for c in cases:
        gold = c.gold.get("items")
        if not gold:
            continue

        def spans(entries: list[dict[str, Any]], c: Case = c) -> list[tuple[int, int]]:
            located = []
            for entry in entries:
                start = locate_in_text(c.raw, c.text, c.offsets, entry, "quote")
                located.append((start, start + len(entry["quote"])))
            return located

        out.append(
            items.ItemCase(
                c.genre, c.name, gold, c.summary, spans(gold["targets"]), spans(gold["problems"])
            )
        )
    return out


def item_metrics(cases: list[items.ItemCase]) -> Scores:
    """Targets, problems and headline figures of the genre's gold reports with items."""
    if not cases:
        return {}
    return {
        **items.target_metrics(cases),
        **items.problem_metrics(cases),
        **items.headline_metrics(cases),
    }


def gdp_target_metrics(
    gdp: list[Case], gdp_gold: dict[str, dict[str, Any]], misses: list[str]
) -> Scores:
    """All province files: exactly one `gdp` target, for the plan year, with the gold's value."""
    return items.gdp_target_metrics({c.name: c.summary for c in gdp}, gdp_gold, misses)


# --------------------------------------------------------------------------- report


def pct(right: int, of: int) -> str:
    return "—" if of == 0 else f"{100 * right / of:5.1f}%"


def details(cases: list[Case], gdp: list[Case], gdp_gold: dict[str, dict[str, Any]]) -> None:
    for c in cases:
        misses = []
        for key in ("review_period", "plan_period"):
            if _period_key(c.frame[key]) != _period_key(c.gold[key]):
                misses.append(f"{key} {c.frame[key]} ≠ {c.gold[key]}")
        for key in ("kind", "level", "issuer"):
            if c.frame[key] != c.gold[key]:
                misses.append(f"{key} {c.frame[key]!r} ≠ {c.gold[key]!r}")
        right = sum(
            g == w
            for ch, g, w in zip(c.text, c.roles, c.gold_roles, strict=True)
            if ch not in WHITESPACE
        )
        total = sum(ch not in WHITESPACE for ch in c.text)
        if right < total:
            misses.append(f"roles {pct(right, total)}")
        if misses:
            print(f"{c.genre}/{c.name}: " + "; ".join(misses))
    for c in gdp:
        entry = gdp_gold[c.name]
        plan = c.frame["plan_period"]
        if entry.get("text_year") is not None and (
            plan is None or plan["year"] != entry["text_year"]
        ):
            print(f"gdp/{c.name}: plan period {plan} ≠ {entry['text_year']}")
        if entry.get("quote") and not gdp_in_plan(c, entry):
            print(f"gdp/{c.name}: not in plan: {entry['quote']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "fixtures" / "gold-reports")
    parser.add_argument(
        "--gdp", type=Path, default=ROOT / "fixtures" / "gold-gdp" / "provinces.json"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus")),
    )
    parser.add_argument(
        "--src", type=Path, default=ROOT, help="the checkout whose package is measured"
    )
    parser.add_argument("--details", action="store_true", help="list every report with a miss")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src.resolve()))

    cases = load_cases(args.gold, args.corpus, GENRES)
    gdp_gold = load_gdp_gold(args.gdp)
    gdp = gdp_cases(args.corpus, gdp_gold) if gdp_gold else []

    table: dict[str, Scores] = {}
    item_misses: list[str] = []
    with_items = item_cases(cases)
    for genre in GENRES:
        mine = [c for c in cases if c.genre == genre]
        scores = {**frame_metrics(mine), **role_metrics(mine)}
        scores.update(item_metrics([c for c in with_items if c.genre == genre]))
        if genre == "provinces" and gdp:
            scores.update(gdp_metrics(gdp, gdp_gold))
            scores.update(gdp_target_metrics(gdp, gdp_gold, item_misses))
        table[genre] = scores

    if args.json:
        print(
            json.dumps(
                {g: {k: list(v) for k, v in s.items()} for g, s in table.items()},
                ensure_ascii=False,
            )
        )
    else:
        names = list(dict.fromkeys(k for s in table.values() for k in s))
        print(f"{'genre':10} {'n':>3} " + " ".join(f"{n:>11}" for n in names))
        for genre, scores in table.items():
            n = max(
                (of for name, (_, of) in scores.items() if name in ("review", "kind")), default=0
            )
            cells = [pct(*scores[name]) if name in scores else "—" for name in names]
            print(f"{genre:10} {n:>3} " + " ".join(f"{cell:>11}" for cell in cells))
        if gdp:
            print(
                f"gdp_in_plan: of the province files that state a GDP target for their plan "
                f"year; plan_year98: all {len(gdp)} province files"
            )
            print(
                f"gdp_target: all {len(gdp)} province files, exactly one `gdp` target for the "
                "plan year with the gold's value; files with no annual target (the csv's "
                "errata) must yield none: "
                + ", ".join(stem for stem, e in sorted(gdp_gold.items()) if e.get("value") is None)
            )
        print(
            "items: t_prec/t_rec targets (span overlap + value), t_period matched targets' "
            "period, t_gdp the one gdp target right, p_rec problems, h_top10 first 10 headline "
            "rows"
        )
    if args.details:
        details(cases, gdp, gdp_gold)
        for c in with_items:
            for miss in c.misses:
                print(f"{c.genre}/{c.name}: {miss}")
        for miss in item_misses:
            print(miss)


if __name__ == "__main__":
    main()
