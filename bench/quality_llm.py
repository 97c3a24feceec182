"""LLM against rules on the items gold, over a named subset of sections (a plain script).

    python bench/quality_llm.py                       # rules only (seconds)
    python bench/quality_llm.py --provider llm --base-url http://127.0.0.1:8765/v1 \
        --model qwen2.5-coder-1.5b --context-window 16384 --json /tmp/q.json   # hours on a CPU

The subset: 20 sections of the gold-read reports (fixtures/gold-reports: 8 from the seeds, 6
from city reports, 6 from province reports), named by report and the words that open them, so
that a change of the chunker that renumbers sections still finds them. They hold gold targets,
problems and headline figures of all three kinds. For each provider and genre it prints the
same table: items found, gold items matched (recall) and items that match gold (precision)
per kind, the cross-check's figures verified and flagged, and time and tokens per section.

How an item matches gold, one to one (until bench/quality.py has the project's own item
metrics, which should replace `match_items` when they land):
- target: same value (and upper value) and unit as a gold target whose quote lies in the
  section, the unit compared as printed (亿元 ≠ 万元, % ≠ 个百分点);
- problem: its quote and a gold problem's quote share a run of 8 characters;
- headline: an achievement figure with the value and unit of a gold headline figure quoted in
  the section (recall only: most figures a section reports are rightly not headline ones).
No per-genre claim stands on fewer than five sections: with 6 a genre's numbers are a sign,
not a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.assemble import build_summary  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.models import OK_STATUSES, ChunkResult, Document, Section  # noqa: E402
from summarizer.providers import create_provider  # noqa: E402
from summarizer.providers.base import Extraction, Provider  # noqa: E402

GOLD = ROOT / "fixtures" / "gold-reports"
CORPUS = ROOT.parent / "shared" / "corpus"

# (genre, gold file stem, the words that open the section)
SUBSET: tuple[tuple[str, str, str], ...] = (
    ("seeds", "ningbo-xiaying-2023h1", "一、经济在应对挑战中稳进提质"),
    ("seeds", "ningbo-xiaying-2023h1", "四、"),
    ("seeds", "ningbo-dongliu-2023", "过去一年,虽然取得了一些成绩"),
    ("seeds", "ningbo-dongliu-2023", "(三)锚定高品质生活"),
    ("seeds", "ningbo-dongliu-2023", "(一)坚持“谋发展、促增长”"),
    ("seeds", "beilun-xinqi-2024", "#s10"),
    ("seeds", "beilun-xinqi-2024", "#s02"),
    ("seeds", "hangzhou-xiasha-2022h1", "#s24"),
    ("cities", "天津市-2026", "#s19"),
    ("cities", "合肥市-2023", "#s12"),
    ("cities", "南京市-2019", "#s05"),
    ("cities", "杭州市-2021", "#s11"),
    ("cities", "济南市-2026", "#s03"),
    ("cities", "西安市-2020", "#s03"),
    ("provinces", "湖南省-2004", "#s04"),
    ("provinces", "湖南省-2004", "#s08"),
    ("provinces", "广东省-2003", "#s05"),
    ("provinces", "云南省-2003", "#s12"),
    ("provinces", "云南省-2003", "#s06"),
    ("provinces", "甘肃省-2002", "#s03"),
)


@dataclass
class Case:
    genre: str
    name: str
    doc: Document
    section: Section
    gold: dict[str, list[dict[str, Any]]]  # the gold items quoted in this section


def _squeeze(text: str) -> str:
    return "".join(text.split())


def load_case(genre: str, name: str, opening: str) -> Case:
    gold = json.loads((GOLD / genre / f"{name}.json").read_text(encoding="utf-8"))
    source = str(gold["source"])
    path = (
        CORPUS / source.removeprefix("corpus/") if source.startswith("corpus/") else ROOT / source
    )
    doc = load(path)
    sections = chunk(doc)
    if opening.startswith("#"):
        section = next(s for s in sections if s.id == opening[1:])
    else:
        section = next(s for s in sections if _squeeze(s.text).startswith(_squeeze(opening)))
    body = _squeeze(section.text)
    items = gold.get("items") or {}
    mine = {
        kind: [i for i in items.get(kind, []) if _squeeze(i["quote"]) in body]
        for kind in ("targets", "problems", "headline", "headline_acceptable")
    }
    return Case(genre, f"{name}:{section.id}", doc, section, mine)


def _number(value: Any) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value)).normalize()
    except InvalidOperation:
        return None


def _pairs(gold: list[Any], found: list[Any], same: Any) -> int:
    """Gold items matched one to one (greedily, in order) by found items."""
    used: set[int] = set()
    matched = 0
    for g in gold:
        for n, f in enumerate(found):
            if n not in used and same(g, f):
                used.add(n)
                matched += 1
                break
    return matched


def match_items(case: Case, result: ChunkResult) -> dict[str, tuple[int, int, int, int]]:
    """kind → (gold items, gold matched, items found, items matching gold), one to one."""

    def same_target(g: dict[str, Any], m: Any) -> bool:
        return (
            _number(g["value"]) == _number(m.value)
            and _number(g.get("value_hi")) == _number(m.value_hi)
            and (g.get("unit") or "") == (m.unit or "")
        )

    def shares(g: dict[str, Any], p: Any, run: int = 8) -> bool:
        a, b = _squeeze(g["quote"]), _squeeze(p.evidence)
        return any(a[i : i + run] in b for i in range(max(1, len(a) - run + 1)))

    def same_figure(g: dict[str, Any], m: Any) -> bool:
        return _number(g.get("value")) == _number(m.value) and (g.get("unit") or "") == (
            m.unit or ""
        )

    targets = [t.metric for t in result.targets if t.metric and t.metric.value is not None]
    figures = [m for a in result.achievements for m in a.metrics if m.value is not None]
    ranked = case.gold["headline"]
    acceptable = ranked + case.gold["headline_acceptable"]
    gold_targets, gold_problems = case.gold["targets"], case.gold["problems"]
    matched_targets = _pairs(gold_targets, targets, same_target)
    matched_problems = _pairs(gold_problems, result.problems, shares)
    return {
        "targets": (len(gold_targets), matched_targets, len(targets), matched_targets),
        "problems": (len(gold_problems), matched_problems, len(result.problems), matched_problems),
        "headline": (
            len(ranked),
            _pairs(ranked, figures, same_figure),
            len(figures),
            _pairs(acceptable, figures, same_figure),
        ),
    }


async def run_case(case: Case, provider: Provider) -> dict[str, Any]:
    started = time.monotonic()
    error = None
    try:
        extraction: Extraction | None = await provider.extract(case.section, case.doc.meta)
    except Exception as exc:  # a failed section is a row, not the end of the run
        extraction, error = None, f"{type(exc).__name__}: {exc}"
    seconds = time.monotonic() - started
    usage = extraction.usage if extraction else getattr(error, "usage", None)
    result = (
        extraction.result if extraction else ChunkResult(achievements=[], targets=[], problems=[])
    )
    summary = build_summary(
        case.doc,
        [case.section],
        [(case.section, extraction, error, False)],
        provider,
    )
    figures = [c for c in summary.checks if c.field.startswith(("metrics", "metric"))]
    return {
        "genre": case.genre,
        "section": case.name,
        "provider": provider.name,
        "error": error,
        "seconds": round(seconds, 1),
        "requests": usage.requests if usage else 0,
        "tokens": (usage.prompt_tokens + usage.completion_tokens) if usage else 0,
        "items": len(result.achievements) + len(result.targets) + len(result.problems),
        "verified": sum(1 for c in figures if c.status in OK_STATUSES),
        "flagged": sum(1 for c in figures if c.status not in OK_STATUSES),
        "match": {k: list(v) for k, v in match_items(case, result).items()},
        # The items themselves, so that a later matcher can score a slow run again.
        "result": result.model_dump(mode="json"),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'provider':<9}{'genre':<10}{'n':>3}{'failed':>7}{'items':>6}"
        f"{'targets R':>11}{'P':>8}{'problems R':>12}{'P':>8}{'headline R':>12}"
        f"{'verified':>9}{'flagged':>8}{'s/sec':>7}{'tok/sec':>8}"
    )
    lines = [head]

    def ratio(a: int, b: int) -> str:
        return f"{a}/{b}" if b else "-"

    for provider in dict.fromkeys(r["provider"] for r in rows):
        for genre in ("seeds", "cities", "provinces", "all"):
            mine = [r for r in rows if r["provider"] == provider and genre in (r["genre"], "all")]
            if not mine:
                continue
            total = {
                k: [sum(r["match"][k][i] for r in mine) for i in range(4)] for k in mine[0]["match"]
            }
            lines.append(
                f"{provider:<9}{genre:<10}{len(mine):>3}{sum(1 for r in mine if r['error']):>7}"
                f"{sum(r['items'] for r in mine):>6}"
                f"{ratio(total['targets'][1], total['targets'][0]):>11}"
                f"{ratio(total['targets'][3], total['targets'][2]):>8}"
                f"{ratio(total['problems'][1], total['problems'][0]):>12}"
                f"{ratio(total['problems'][3], total['problems'][2]):>8}"
                f"{ratio(total['headline'][1], total['headline'][0]):>12}"
                f"{sum(r['verified'] for r in mine):>9}{sum(r['flagged'] for r in mine):>8}"
                f"{sum(r['seconds'] for r in mine) / len(mine):>7.0f}"
                f"{sum(r['tokens'] for r in mine) / len(mine):>8.0f}"
            )
    return "\n".join(lines)


async def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    cases = [load_case(*spec) for spec in SUBSET]
    rows: list[dict[str, Any]] = []
    providers = ["rules"] + (["llm"] if args.provider == "llm" else [])
    for name in providers:
        values: dict[str, Any] = {"provider": name, "no_cache": True}
        if name == "llm":
            values.update(
                base_url=args.base_url,
                model=args.model,
                context_window=args.context_window,
                candidates=args.candidates,
            )
        provider = create_provider(load_settings(values))
        try:
            for case in cases:
                rows.append(await run_case(case, provider))
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        finally:
            closer = getattr(provider, "aclose", None)
            if closer is not None:
                await closer()
    return rows


def main() -> None:
    # What the provider does on the way (splits, re-asks, retries) goes to stderr.
    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("summarizer").setLevel(logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", choices=["rules", "llm"], default="rules")
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    parser.add_argument("--context-window", type=int)
    parser.add_argument("--candidates", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every row here")
    args = parser.parse_args()
    rows = asyncio.run(measure(args))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
