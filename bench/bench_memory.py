"""Peak memory of `summarizer summarize` over the whole development corpus (130 reports), per
output format, and whether it grows with the size of the batch.

Each run is a fresh process (`python -m summarizer.cli summarize … -o FILE -q`, rules
provider); its peak resident set comes from `os.wait4`, i.e. the kernel's own count for that
one child, imports included. `--copies N` gives the same reports N times under different folder
names (N × 130 reports), to show whether memory follows the batch or the reports in flight.

    python bench/bench_memory.py                     # jsonl, json, md, txt over 130 reports
    python bench/bench_memory.py --copies 4 -f jsonl # 520 reports
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FOLDERS = ("cities", "provinces")
LIMIT_MB = 300


def peak_run(args: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of one summarize process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "summarizer.cli", "summarize", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 1):
        sys.exit(f"summarize failed ({child.returncode}):\n{err.decode(errors='replace')[-2000:]}")
    return usage.ru_maxrss / 1024, seconds, child.returncode  # ru_maxrss is in KiB on Linux


def inputs(tmp: Path, copies: int) -> list[str]:
    if copies == 1:
        return [str(CORPUS / name) for name in FOLDERS]
    paths = []
    for n in range(copies):
        for name in FOLDERS:
            # A symlinked tree would resolve to the same files, which the CLI reads once.
            target = tmp / f"copy{n}" / name
            shutil.copytree(CORPUS / name, target)
            paths.append(str(target))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="give the corpus N times")
    parser.add_argument(
        "-f", "--format", action="append", choices=("jsonl", "json", "md", "txt"), dest="formats"
    )
    args = parser.parse_args()
    if not all((CORPUS / name).is_dir() for name in FOLDERS):
        sys.exit(f"corpus not found under {CORPUS}")
    formats = args.formats or ["jsonl", "json", "md", "txt"]
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        paths = inputs(tmp, args.copies)
        reports = sum(1 for p in paths for f in Path(p).rglob("*") if f.suffix in {".md", ".txt"})
        print(f"python {sys.version.split()[0]} · {reports} reports · rules provider")
        for fmt in formats:
            out = tmp / f"out.{fmt}"
            flag = ["-f", "table" if fmt == "txt" else fmt]
            peak, seconds, code = peak_run([*paths, *flag, "-o", str(out), "-q"])
            size = out.stat().st_size / 1e6 if out.exists() else 0.0
            verdict = "" if fmt != "jsonl" else (" ok" if peak <= LIMIT_MB else " OVER LIMIT")
            print(
                f"{fmt:<5} peak RSS {peak:7.1f} MB{verdict:<11} {seconds:6.1f} s  "
                f"output {size:6.1f} MB  exit {code}"
            )


if __name__ == "__main__":
    main()
