"""Throughput of load → clean → chunk on the fixture reports (a plain script, not a test).

python bench/bench_ingest.py [rounds]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from summarizer import chunk, load

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    paths = sorted(p for p in REPORTS.iterdir() if p.is_file())
    total_chars = 0
    total_s = 0.0
    for path in paths:
        load(path)  # warm caches (regex compilation, lazy imports)
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            doc = load(path)
            sections = chunk(doc)
            times.append(time.perf_counter() - t0)
        median = statistics.median(times)
        total_chars += len(doc.text)
        total_s += median
        print(
            f"{path.name:40} {len(doc.text):6} chars {len(sections):3} sections {median * 1000:6.2f} ms"
        )
    print(f"{'all':40} {total_chars:6} chars {total_chars / total_s / 1e6:.2f} M chars/s")


if __name__ == "__main__":
    main()
