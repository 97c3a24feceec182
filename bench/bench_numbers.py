"""Throughput of the numbers stage on the seed reports (a plain script, not a timed test).

    python bench/bench_numbers.py [--repeat N] [--rounds R]

Prints characters per second for `extract_numbers` over the cleaned text of the five seed reports,
the same for one bare regex pass over digits and Chinese numerals, and the ratio of the two. The
ratio is the figure to watch on a shared or noisy machine: both passes slow down together.
Targets: ≥ 1,000,000 chars/s on one core, and extraction within 8× the bare pass.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import best_of  # noqa: E402
from summarizer.document.ingest import load  # noqa: E402
from summarizer.numbers import extract_numbers  # noqa: E402

BARE = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the texts per round")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds; the best is kept")
    args = parser.parse_args()

    # The seed reports; a re-encoded copy of one (name.gb18030.txt) would only count it twice.
    reports = sorted(
        p for p in (ROOT / "fixtures" / "reports").glob("*.txt") if p.stem.count(".") == 0
    )
    texts = [load(p).text for p in reports]
    chars = sum(len(t) for t in texts) * args.repeat

    def extract() -> None:
        for _ in range(args.repeat):
            for t in texts:
                extract_numbers(t)

    def bare() -> None:
        for _ in range(args.repeat):
            for t in texts:
                BARE.findall(t)

    extract()  # warm caches (compiled patterns, imports)
    t_extract = best_of(extract, args.rounds)
    t_bare = best_of(bare, args.rounds)
    mentions = sum(len(extract_numbers(t)) for t in texts)

    print(
        f"python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}"
    )
    print(f"texts: {len(texts)} seed reports, {chars // args.repeat} chars, {mentions} mentions")
    print(f"extract_numbers: {chars / t_extract:,.0f} chars/s")
    print(f"bare regex pass: {chars / t_bare:,.0f} chars/s")
    print(f"ratio extract / bare: {t_extract / t_bare:.2f}x  (target <= 8x)")


if __name__ == "__main__":
    main()
