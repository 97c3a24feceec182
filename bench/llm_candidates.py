"""Do candidate figures in the prompt help a real model? One section at a time, with and
without the list of the section's figures (value, unit, clause), against a real endpoint.

For each variant and section it prints what the cross-check makes of the reply: figures the
model claimed, how many verified, how many flagged (not_found = invented), the review figures
of the section it covered, items, tokens and seconds — and the rules provider's numbers on the
same section for scale. A CPU model takes minutes per section: run it in the background.

    python bench/llm_candidates.py --base-url http://127.0.0.1:8765/v1 \
        --model qwen2.5-coder-1.5b --context-window 16384 --json /tmp/cand.json \
        fixtures/reports/ningbo-xiaying-2023h1.txt:s02 …
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.record_replies import MODEL_FILE, Recorder  # noqa: E402
from summarizer.assemble import build_summary  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.models import OK_STATUSES, Document, ReportSummary, Section  # noqa: E402
from summarizer.providers.base import Extraction, Provider  # noqa: E402
from summarizer.providers.llm import ExtractionFailed, LLMProvider  # noqa: E402
from summarizer.providers.rules import RulesProvider  # noqa: E402


def scores(
    doc: Document, section: Section, extraction: Extraction | None, provider: Provider
) -> dict[str, Any]:
    """What the cross-check makes of one section's extraction."""
    summary: ReportSummary = build_summary(
        doc, [section], [(section, extraction, None if extraction else "failed", False)], provider
    )
    figures = [c for c in summary.checks if c.field.startswith(("metrics", "metric"))]
    return {
        "items": len(summary.achievements) + len(summary.targets) + len(summary.problems),
        "figures": len(figures),
        "verified": sum(1 for c in figures if c.status in OK_STATUSES),
        "flagged": sum(1 for c in figures if c.status not in OK_STATUSES),
        "not_found": sum(1 for c in figures if c.status == "not_found"),
        # Which checks flagged what: a count alone cannot tell a wrong name from a wrong value.
        "flags": dict(Counter(c.status for c in figures if c.status not in OK_STATUSES)),
        "quotes_not_found": sum(1 for c in summary.checks if c.status == "quote_not_found"),
        "review_figures": summary.coverage.review_figures,
        "covered": summary.coverage.covered,
    }


async def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    rules = RulesProvider()
    for spec in args.sections:
        path_text, _, section_id = spec.rpartition(":")
        doc = load(Path(path_text))
        section = next(s for s in chunk(doc) if s.id == section_id)
        base = {"section": spec, "chars": len(section.text), "role": section.role}
        ruled = await rules.extract(section, doc.meta)
        rows.append({**base, "variant": "rules", **scores(doc, section, ruled, rules)})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        for candidates in args.variants:
            settings = load_settings(
                {
                    "provider": "llm",
                    "base_url": args.base_url,
                    "model": args.model,
                    "context_window": args.context_window,
                    "candidates": candidates == "on",
                    "no_cache": True,
                }
            )
            provider = LLMProvider(settings)
            if args.record and candidates == "off":
                provider.on_reply = Recorder(provider, args.model_file)
            started = time.monotonic()
            try:
                extraction: Extraction | None = await provider.extract(section, doc.meta)
                usage = extraction.usage if extraction else None
                error = None
            except ExtractionFailed as exc:
                extraction, usage, error = None, exc.usage, str(exc)
            finally:
                await provider.aclose()
            row = {
                **base,
                "variant": f"candidates {candidates}",
                "seconds": round(time.monotonic() - started),
                "requests": usage.requests if usage else 0,
                "prompt_tokens": usage.prompt_tokens if usage else 0,
                "completion_tokens": usage.completion_tokens if usage else 0,
                "error": error,
                **scores(doc, section, extraction, provider),
                "result": extraction.result.model_dump(mode="json") if extraction else None,
            }
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'variant':<16}{'sections':>9}{'items':>7}{'figures':>8}{'verified':>9}{'flagged':>8}"
        f"{'invented':>9}{'covered':>12}{'failed':>7}{'tokens out':>11}{'s/section':>10}"
    )
    lines = [head]
    for variant in dict.fromkeys(r["variant"] for r in rows):
        mine = [r for r in rows if r["variant"] == variant]
        total = {
            k: sum(r.get(k) or 0 for r in mine) for k in mine[0] if isinstance(mine[0][k], int)
        }
        failed = sum(1 for r in mine if r.get("error"))
        seconds = sum(r.get("seconds", 0) for r in mine) / len(mine)
        lines.append(
            f"{variant:<16}{len(mine):>9}{total['items']:>7}{total['figures']:>8}"
            f"{total['verified']:>9}{total['flagged']:>8}{total['not_found']:>9}"
            f"{total['covered']:>6}/{total['review_figures']:<5}{failed:>7}"
            f"{total.get('completion_tokens', 0):>11}{seconds:>10.0f}"
        )
    return "\n".join(lines)


def main() -> None:
    # What the provider does on the way (splits, re-asks, retries) goes to stderr.
    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("summarizer").setLevel(logging.INFO)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sections", nargs="+", help="REPORT:SECTION_ID (ids as `summarizer chunks`)"
    )
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--context-window", type=int, default=None)
    parser.add_argument("--variants", nargs="+", default=["off", "on"], choices=["off", "on"])
    parser.add_argument("--json", type=Path, help="also write every row here")
    parser.add_argument(
        "--record", action="store_true", help="keep the replies without candidates as fixtures"
    )
    parser.add_argument("--model-file", default=MODEL_FILE)
    args = parser.parse_args()
    rows = asyncio.run(measure(args))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
