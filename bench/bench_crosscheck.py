"""Throughput of the cross-check on the seed reports (a plain script, not a timed test).

    python bench/bench_crosscheck.py [--rounds R]

Every figure of every seed report is claimed once, named by the source words around it (the
worst case: a summary that reports every number), and `check_report` runs over them; the
mentions are extracted beforehand, as the pipeline does. Prints claims per second and reports
per second, plus `locate_quote` calls per second for quotes of every sentence.
"""

from __future__ import annotations

import argparse
import platform
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import best_of  # noqa: E402
from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.figures import read_figures  # noqa: E402
from summarizer.models import (  # noqa: E402
    AchievementItem,
    Document,
    Metric,
    NumberMention,
    ReportSummary,
    Section,
)
from summarizer.numbers import extract_numbers  # noqa: E402
from summarizer.quotes import folded_text, locate_quote  # noqa: E402
from summarizer.verify import check_report  # noqa: E402
from summarizer.verify.claims import SCALE_FACTORS  # noqa: E402

REPORTS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))


def claims_for(
    doc: Document, sections: list[Section], mentions: list[NumberMention]
) -> ReportSummary:
    summary = ReportSummary(report=doc.meta, provider="bench")
    for index, placed in enumerate(read_figures(doc.text, mentions)):
        m = placed.mention
        name = "".join(ch for ch in placed.words + placed.tail if ch.isalpha())[-12:] or "□"
        printed = m.value / SCALE_FACTORS.get(m.scale or "", Decimal(1))
        section = next(s for s in sections if s.start <= m.start < s.end)
        metric = Metric(
            name=name,
            value=float(printed),
            value_hi=None,
            unit=((m.scale or "") + (m.unit or "")) or None,
            qualifier=m.qualifier,
            change=None,
            raw=None,
            derived=False,
        )
        summary.achievements.append(
            AchievementItem(
                id=f"a{index + 1}",
                section_id=section.id,
                summary=name,
                category="其他",
                metrics=[metric],
                evidence=doc.text[max(section.start, m.start - 10) : m.end],
            )
        )
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    prepared = []
    for path in REPORTS:
        doc = load(path)
        sections = chunk(doc)
        mentions = extract_numbers(doc.text)
        prepared.append((doc, sections, mentions))
    claims = sum(len(claims_for(*p).achievements) for p in prepared)

    def run_checks() -> None:
        for doc, sections, mentions in prepared:
            check_report(claims_for(doc, sections, mentions), doc, sections, mentions)

    def build_only() -> None:
        for p in prepared:
            claims_for(*p)

    seconds = best_of(run_checks, args.rounds) - best_of(build_only, args.rounds)

    quotes = [
        (sentence, doc.text)
        for doc, _, _ in prepared
        for sentence in doc.text.split("。")
        if len(sentence.strip()) > 4
    ]

    def run_quotes() -> None:
        folded_text.cache_clear()
        for quote, text in quotes:
            locate_quote(quote, text)

    quote_seconds = best_of(run_quotes, args.rounds)
    chars = sum(len(doc.text) for doc, _, _ in prepared)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{len(prepared)} reports, {chars:,} chars, {claims} claims (every figure)")
    print(
        f"check_report: {seconds * 1000:.1f} ms → {claims / seconds:,.0f} claims/s,"
        f" {len(prepared) / seconds:,.1f} reports/s"
    )
    print(
        f"locate_quote: {len(quotes)} sentence quotes in {quote_seconds * 1000:.1f} ms"
        f" → {len(quotes) / quote_seconds:,.0f} quotes/s (folding each text once included)"
    )


if __name__ == "__main__":
    main()
