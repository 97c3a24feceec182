"""Time to brief the five fixture reports (target: under 2 s including the chart).

The summaries come from the pipeline once (rules provider; an LLM run would come from the
cache), then each format is written several times; the figure that matters is the whole
`summarizer brief` command, measured end to end in a fresh process (imports included).

    python bench/bench_brief.py
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.config import load_settings  # noqa: E402
from summarizer.pipeline import summarize_paths  # noqa: E402
from summarizer.render.briefing import write_briefing  # noqa: E402
from tests.conftest import SEED_REPORTS  # noqa: E402

ROUNDS = 5


def main() -> None:
    paths = list(SEED_REPORTS.values())
    started = time.perf_counter()
    outcomes = summarize_paths(paths, load_settings({}), progress=False)
    summarise_s = time.perf_counter() - started
    summaries = [o.summary for o in outcomes if o.summary is not None]
    print(f"python {platform.python_version()} · {len(summaries)} reports")
    print(f"summarise (rules, first call incl. warm-up): {summarise_s:.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".md", ".html", ".docx"):
            times = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                write_briefing(summaries, Path(tmp) / f"brief{suffix}")
                times.append(time.perf_counter() - started)
            print(
                f"write {suffix:<5} (incl. chart): median {statistics.median(times):.3f} s, "
                f"best {min(times):.3f} s over {ROUNDS}"
            )
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "summarizer.cli",
                    "brief",
                    "-q",
                    *map(str, paths),
                    "-o",
                    str(Path(tmp) / "cli.html"),
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
        print(
            f"`summarizer brief` five reports → HTML, fresh process: "
            f"median {statistics.median(times):.3f} s (target < 2 s)"
        )


if __name__ == "__main__":
    main()
