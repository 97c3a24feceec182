"""Throughput of the offline path: whole reports per second through load + chunk + rules.

Run: python3 bench/bench_rules.py [--rounds N] [REPORT ...]

One process, one thread (the rules provider is synchronous under its async wrapper), so the
figure is per core. Each stage is timed on its own as well, to show where the time goes. The
numbers stage is part of the rules provider's work (it reads each section's figures), so its
cost is inside the "rules" column.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.document.chunking import chunk  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.providers.rules import RulesProvider  # noqa: E402

DEFAULT_REPORTS = sorted((ROOT / "fixtures" / "reports").glob("*.txt"))


def one_pass(paths: list[Path], provider: RulesProvider) -> tuple[float, float, float, int]:
    """Seconds spent loading, chunking and extracting `paths` once; and the items found."""
    t_load = t_chunk = t_rules = 0.0
    items = 0
    for path in paths:
        t0 = time.perf_counter()
        doc = load(path)
        t1 = time.perf_counter()
        sections = chunk(doc)
        t2 = time.perf_counter()
        for section in sections:
            result = provider.extract_sync(section, doc.meta)
            items += len(result.achievements) + len(result.targets) + len(result.problems)
        t3 = time.perf_counter()
        t_load += t1 - t0
        t_chunk += t2 - t1
        t_rules += t3 - t2
    return t_load, t_chunk, t_rules, items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="*", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the reports")
    args = parser.parse_args()
    paths: list[Path] = args.reports
    provider = RulesProvider()
    one_pass(paths, provider)  # warm-up: imports, regex compilation, the catalog's caches
    per_round: list[float] = []
    totals = [0.0, 0.0, 0.0]
    items = 0
    for _ in range(args.rounds):
        t_load, t_chunk, t_rules, items = one_pass(paths, provider)
        per_round.append(t_load + t_chunk + t_rules)
        totals = [totals[0] + t_load, totals[1] + t_chunk, totals[2] + t_rules]
    n = len(paths)
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in paths)
    best, median = min(per_round), statistics.median(per_round)
    print(f"{n} reports ({chars} chars), {args.rounds} rounds, {items} items per round")
    print(f"reports/s  median {n / median:8.1f}   best {n / best:8.1f}   (target >= 50)")
    print(f"chars/s    median {chars / median:10.0f}")
    all_time = sum(totals)
    for label, spent in zip(("load", "chunk", "rules"), totals, strict=True):
        print(
            f"  {label:<6}{spent / args.rounds / n * 1000:8.2f} ms/report  {spent / all_time:6.1%}"
        )


if __name__ == "__main__":
    main()
