"""Briefings: the five seeds (target: under 2 s including the chart) and every corpus report
(130: peak memory ≤ 400 MB, HTML ≤ 5 MB).

Seeds: the summaries come from the pipeline once (rules provider; an LLM run would come from
the cache), then each format is written several times; the figure that matters is the whole
`summarizer brief` command, measured end to end in a fresh process (imports included).

Corpus: `summarizer brief ../shared/corpus/provinces ../shared/corpus/cities -o OUT --csv …`
in a fresh process per format (rules provider, no cache: every report summarised); its peak
resident set comes from `os.wait4` (the kernel's count for that child, imports included), with
the seconds, the size of each file written, the comparison groups and the track rows.
`--src DIR` runs another checkout's code, for a before/after table.

    python bench/bench_brief.py                       # seeds, then corpus → html, md, docx
    python bench/bench_brief.py --corpus-only -f html
    python bench/bench_brief.py --src ../main --corpus-only -f html
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("provinces", "cities")
ROUNDS = 5
LIMIT_MB = 400
LIMIT_HTML_MB = 5


def seeds() -> None:
    from summarizer.config import load_settings
    from summarizer.pipeline import summarize_paths
    from summarizer.render.briefing import write_briefing
    from tests.conftest import SEED_REPORTS

    paths = list(SEED_REPORTS.values())
    started = time.perf_counter()
    outcomes = summarize_paths(paths, load_settings({}), progress=False)
    summarise_s = time.perf_counter() - started
    summaries = [o.summary for o in outcomes if o.summary is not None]
    print(f"python {platform.python_version()} · {len(summaries)} seed reports")
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


def corpus(formats: list[str], src: Path) -> None:
    if not all((CORPUS / name).is_dir() for name in FOLDERS):
        sys.exit(f"corpus not found under {CORPUS}")
    reports = sum(1 for name in FOLDERS for f in (CORPUS / name).iterdir() if f.suffix == ".md")
    print(f"\n{reports} corpus reports · rules provider, no cache · code from {src}")
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1"}
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        for fmt in formats:
            out, table = tmp / f"corpus.{fmt}", tmp / f"corpus-{fmt}.csv"
            args = [*(str(CORPUS / name) for name in FOLDERS), "-q", "--no-cache"]
            started = time.perf_counter()
            command = [sys.executable, "-m", "summarizer.cli", "brief", *args, "-o", str(out)]
            child = subprocess.Popen(
                [*command, "--csv", str(table)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
                cwd=tmp,
            )
            assert child.stderr is not None
            err = child.stderr.read().decode(errors="replace")
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                sys.exit(f"brief failed ({code}):\n{err[-2000:]}")
            peak = usage.ru_maxrss / 1024  # KiB on Linux
            written = sorted(p for p in tmp.iterdir() if p.suffix != ".csv")
            sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in written)
            rows = list(csv.reader(table.open(encoding="utf-8-sig")))[1:]
            noise = [line for line in err.splitlines() if not line.startswith(("wrote", "skip"))]
            verdict = "ok" if peak <= LIMIT_MB else f"OVER {LIMIT_MB} MB"
            if fmt == "html" and out.stat().st_size > LIMIT_HTML_MB * 1e6:
                verdict += f", HTML OVER {LIMIT_HTML_MB} MB"
            print(
                f"brief → {fmt:<4}: {seconds:6.1f} s, peak {peak:6.0f} MB ({verdict}); {sizes}; "
                f"{len(rows)} comparison rows; stderr beyond the tool's lines: {len(noise)}"
            )
            for line in noise[:5]:
                print(f"    {line}")
            for path in tmp.iterdir():
                path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-only", action="store_true", help="skip the seeds")
    parser.add_argument(
        "-f", "--format", action="append", choices=("html", "md", "docx"), dest="formats"
    )
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout whose code to run")
    args = parser.parse_args()
    if not args.corpus_only:
        seeds()
    corpus(args.formats or ["html", "md", "docx"], args.src.resolve())


if __name__ == "__main__":
    main()
