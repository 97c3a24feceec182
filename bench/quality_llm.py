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

Items are scored as `bench/quality.py` scores whole reports (`bench/quality_items.py`), on the
gold items whose quote lies in the section: target precision and recall (evidence span
overlapping the gold quote, values agreeing), problem recall (evidence overlapping the quote),
and headline recall (a gold headline figure of the section matched, by metric and value or
change, by a headline row of the section's summary; recall only, since most figures a section
reports are rightly not headline ones). `--rescore FILE` scores the items a run kept in `--json`
again, without asking any provider.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import quality, quality_items  # noqa: E402
from bench.record_replies import MODEL_FILE, Recorder  # noqa: E402
from summarizer.assemble import build_summary  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.models import OK_STATUSES, ChunkResult, Document, ReportSummary, Section  # noqa: E402
from summarizer.providers import create_provider  # noqa: E402
from summarizer.providers.base import Extraction, Provider  # noqa: E402
from summarizer.providers.llm import LLMProvider  # noqa: E402

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
    spans: dict[str, list[tuple[int, int]]]  # where each stands in the cleaned text


def _squeeze(text: str) -> str:
    return "".join(text.split())


def load_case(genre: str, name: str, opening: str) -> Case:
    gold = json.loads((GOLD / genre / f"{name}.json").read_text(encoding="utf-8"))
    source = quality.source_path(gold, CORPUS)
    raw = source.read_text(encoding="utf-8")
    doc = load(source)
    sections = chunk(doc)
    if opening.startswith("#"):
        section = next(s for s in sections if s.id == opening[1:])
    else:
        section = next(s for s in sections if _squeeze(s.text).startswith(_squeeze(opening)))
    offsets = quality.align(raw, doc.text)
    items = gold.get("items") or {}
    mine: dict[str, list[dict[str, Any]]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for kind in ("targets", "problems", "headline"):
        mine[kind], spans[kind] = [], []
        for entry in items.get(kind, []):
            at = quality.locate_in_text(raw, doc.text, offsets, entry, "quote")
            if section.start <= at < section.end:
                mine[kind].append(entry)
                spans[kind].append((at, at + len(entry["quote"])))
    return Case(genre, f"{name}:{section.id}", doc, section, mine, spans)


def match_items(case: Case, summary: ReportSummary) -> dict[str, list[int]]:
    """kind → [right, of] for t_prec, t_rec, p_rec, h_rec, scored as bench/quality.py does."""
    item_case = quality_items.ItemCase(
        case.genre,
        case.name,
        {**case.gold, "headline_acceptable": []},
        summary,
        case.spans["targets"],
        case.spans["problems"],
    )
    scores = {
        **quality_items.target_metrics([item_case]),
        **quality_items.problem_metrics([item_case]),
    }
    rows = quality_items.headline_rows(summary)
    used: set[int] = set()
    found = 0
    for entry in case.gold["headline"]:
        hit = next(
            (
                i
                for i, row in enumerate(rows)
                if i not in used and quality_items.headline_matches(row, entry)
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
            found += 1
    scores["h_rec"] = (found, len(case.gold["headline"]))
    return {k: list(scores[k]) for k in ("t_prec", "t_rec", "p_rec", "h_rec")}


def summarise(case: Case, extraction: Extraction | None, error: str | None, provider: Any) -> Any:
    return build_summary(
        case.doc, [case.section], [(case.section, extraction, error, False)], provider
    )


def _row(case: Case, provider: Any, extraction: Extraction | None, error: str | None) -> dict:
    result = (
        extraction.result if extraction else ChunkResult(achievements=[], targets=[], problems=[])
    )
    summary = summarise(case, extraction, error, provider)
    figures = [c for c in summary.checks if c.field.startswith(("metrics", "metric"))]
    return {
        "genre": case.genre,
        "section": case.name,
        "provider": provider.name,
        "error": error,
        "items": len(result.achievements) + len(result.targets) + len(result.problems),
        "verified": sum(1 for c in figures if c.status in OK_STATUSES),
        "flagged": sum(1 for c in figures if c.status not in OK_STATUSES),
        "match": match_items(case, summary),
        # The items themselves, so that a slow run can be scored again (--rescore).
        "result": result.model_dump(mode="json"),
    }


async def run_case(case: Case, provider: Provider) -> dict[str, Any]:
    started = time.monotonic()
    error = None
    usage = None
    extraction: Extraction | None = None
    try:
        extraction = await provider.extract(case.section, case.doc.meta)
        usage = extraction.usage
    except Exception as exc:  # a failed section is a row, not the end of the run
        error = f"{type(exc).__name__}: {exc}"
        usage = getattr(exc, "usage", None)
    seconds = time.monotonic() - started
    return {
        **_row(case, provider, extraction, error),
        "seconds": round(seconds, 1),
        "requests": usage.requests if usage else 0,
        "tokens": (usage.prompt_tokens + usage.completion_tokens) if usage else 0,
    }


@dataclass
class _Named:
    """The provider's names a stored row carries, for build_summary."""

    name: str
    model: str | None = None
    prompt_version: str | None = None


def rescore(path: Path) -> list[dict[str, Any]]:
    """Rows of an earlier `--json`, their items scored again by today's matcher."""
    old = json.loads(path.read_text(encoding="utf-8"))
    cases = {c.name: c for c in (load_case(*spec) for spec in SUBSET)}
    rows = []
    for row in old:
        case = cases.get(row["section"])
        if case is None or "result" not in row:
            print(f"skipped {row['section']}: not in today's subset or no items kept")
            continue
        extraction = Extraction(ChunkResult.model_validate(row["result"]))
        fresh = _row(case, _Named(row["provider"]), extraction, row["error"])
        rows.append({**row, **{k: fresh[k] for k in ("verified", "flagged", "match")}})
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'provider':<9}{'genre':<10}{'n':>3}{'failed':>7}{'items':>6}"
        f"{'targets P':>11}{'R':>8}{'problems R':>12}{'headline R':>12}"
        f"{'verified':>9}{'flagged':>8}{'s/sec':>7}{'tok/sec':>8}"
    )
    lines = [head]

    def ratio(pair: list[int]) -> str:
        return f"{pair[0]}/{pair[1]}" if pair[1] else "-"

    for provider in dict.fromkeys(r["provider"] for r in rows):
        for genre in ("seeds", "cities", "provinces", "all"):
            mine = [r for r in rows if r["provider"] == provider and genre in (r["genre"], "all")]
            if not mine:
                continue
            total = {
                k: [sum(r["match"][k][i] for r in mine) for i in range(2)] for k in mine[0]["match"]
            }
            lines.append(
                f"{provider:<9}{genre:<10}{len(mine):>3}{sum(1 for r in mine if r['error']):>7}"
                f"{sum(r['items'] for r in mine):>6}"
                f"{ratio(total['t_prec']):>11}{ratio(total['t_rec']):>8}"
                f"{ratio(total['p_rec']):>12}{ratio(total['h_rec']):>12}"
                f"{sum(r['verified'] for r in mine):>9}{sum(r['flagged'] for r in mine):>8}"
                f"{sum(r['seconds'] for r in mine) / len(mine):>7.0f}"
                f"{sum(r['tokens'] for r in mine) / len(mine):>8.0f}"
            )
    return "\n".join(lines)


async def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    # Corpus sections first: a run cut short still measures the reports nothing was tuned on.
    order = {"cities": 0, "provinces": 1, "seeds": 2}
    cases = [load_case(*spec) for spec in sorted(SUBSET, key=lambda spec: order[spec[0]])]
    rows: list[dict[str, Any]] = []
    kept = {
        row["section"]: row
        for row in (rescore(args.resume) if args.resume else [])
        if row["provider"] == "llm"
    }
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
        if args.record and isinstance(provider, LLMProvider):
            # Every reply kept as a test fixture too (fixtures/replies/recorded/).
            provider.on_reply = Recorder(provider, MODEL_FILE)
        try:
            for case in cases:
                if name == "llm" and case.name in kept:
                    rows.append(kept[case.name])
                    continue
                rows.append(await run_case(case, provider))
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
                if args.json:
                    write_rows(args.json, rows)
        finally:
            closer = getattr(provider, "aclose", None)
            if closer is not None:
                await closer()
    return rows


def write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


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
    parser.add_argument("--record", action="store_true", help="keep every reply as a fixture")
    parser.add_argument("--json", type=Path, help="also write every row here")
    parser.add_argument("--rescore", type=Path, help="score the rows of an earlier --json again")
    parser.add_argument(
        "--resume", type=Path, help="keep the LLM rows of an earlier --json; ask only the rest"
    )
    args = parser.parse_args()
    rows = rescore(args.rescore) if args.rescore else asyncio.run(measure(args))
    if args.json:
        write_rows(args.json, rows)
    print(table(rows))


if __name__ == "__main__":
    main()
