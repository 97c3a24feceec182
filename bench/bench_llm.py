"""Benchmark: the LLM pipeline against the project's local OpenAI-compatible server.

With a fixed reply delay D per request, summarising the five fixture reports at concurrency C
ideally takes requests ÷ C × D. This prints the measured wall time at C = 1, 4, 16 as a ratio
to that ideal (1.00 = perfect; overhead and the tail of the last batch push it up), and the
time of a fully cached re-run as a ratio to the first run.

    python3 bench/bench_llm.py [--delay 0.2] [--concurrency 1 4 16]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import load_settings  # noqa: E402
from summarizer.pipeline import summarize_paths  # noqa: E402
from tests.llm_server import LLMServer  # noqa: E402

REPORTS = sorted(
    p for p in (ROOT / "fixtures" / "reports").glob("*.txt") if "gb18030" not in p.name
)


def run(delay: float, levels: list[int]) -> None:
    print(f"{len(REPORTS)} reports, reply delay {delay:.3f}s")
    print(
        f"{'conc':>5} {'requests':>9} {'wall s':>8} {'ideal s':>8} {'ratio':>6} {'cached s':>9} {'cached/first':>13}"
    )
    with LLMServer(delay=delay) as server, tempfile.TemporaryDirectory() as tmp:
        # Pay the one-time import of openai/instructor and their schema building (~3 s) before
        # timing: it is start-up cost, not the pipeline's concurrency.
        from summarizer.providers.llm import LLMProvider

        LLMProvider(load_settings({"provider": "llm", "base_url": server.base_url, "model": "w"}))
        for level in levels:
            settings = load_settings(
                {
                    "provider": "llm",
                    "base_url": server.base_url,
                    "model": "bench-model",
                    "concurrency": level,
                    "cache_path": str(Path(tmp) / f"c{level}.sqlite3"),
                }
            )
            before = server.request_count
            started = time.perf_counter()
            outcomes = summarize_paths(REPORTS, settings, progress=False)
            wall = time.perf_counter() - started
            requests = server.request_count - before
            assert all(o.summary is not None for o in outcomes)
            ideal = requests / level * delay
            started = time.perf_counter()
            summarize_paths(REPORTS, settings, progress=False)
            cached = time.perf_counter() - started
            assert server.request_count - before == requests, "cached re-run made requests"
            print(
                f"{level:>5} {requests:>9} {wall:>8.2f} {ideal:>8.2f} {(wall / ideal if ideal else float('nan')):>6.2f}"
                f" {cached:>9.2f} {cached / wall:>13.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args()
    run(args.delay, args.concurrency)


if __name__ == "__main__":
    main()
