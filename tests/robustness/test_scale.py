"""Size: a 20 MB report and a folder of 1,000 reports, built from the real seed reports, with
the default rules provider. Both must finish with a clean result in bounded time (generous
bounds: this machine is shared; the measured figures are in docs/ROBUSTNESS.md)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from summarizer.document.chunking import chunk
from summarizer.document.ingest import load
from summarizer.numbers import extract_numbers
from tests.conftest import ROOT
from tests.robustness.conftest import SEED_TEXTS, cli_command, run_proc

TWENTY_MB = 20_000_000


def _body(name: str) -> str:
    # Without the page furniture of the first lines, so the copies read as one long report.
    return SEED_TEXTS[name].split("\n", 4)[4]


@pytest.fixture(scope="module")
def big_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "二十兆 报告.txt"
    bodies = "\n\n".join(_body(name) for name in SEED_TEXTS)
    copies = TWENTY_MB // len(bodies.encode("utf-8")) + 1
    path.write_text("某街道工作总结汇编\n\n" + "\n\n".join([bodies] * copies), encoding="utf-8")
    assert path.stat().st_size >= TWENTY_MB
    return path


@pytest.mark.slow
def test_twenty_megabyte_report_stages(big_report: Path) -> None:
    began = time.perf_counter()
    doc = load(big_report)
    sections = chunk(doc)
    mentions = extract_numbers(doc.text)
    elapsed = time.perf_counter() - began
    assert len(doc.text) > 6_000_000
    assert sections[0].start == 0 and sections[-1].end == len(doc.text)
    assert all(s.end - s.start <= 2500 for s in sections)
    # The seeds' own figures, once per copy: the scan neither loses nor invents any.
    per_copy = sum(1 for m in mentions if m.raw == "15.93亿元")
    assert per_copy == doc.text.count("15.93亿元")
    assert elapsed < 30, f"load+chunk+numbers took {elapsed:.1f}s"


@pytest.mark.slow
def test_twenty_megabyte_report_end_to_end(big_report: Path, tmp_path: Path) -> None:
    out = tmp_path / "big.jsonl"
    began = time.perf_counter()
    run = run_proc("summarize", big_report, "-q", "-f", "jsonl", "-o", out, timeout=240)
    elapsed = time.perf_counter() - began
    assert run.code == 0 and "Traceback" not in run.err, run.err[-2000:]
    (line,) = out.read_text(encoding="utf-8").splitlines()
    summary = json.loads(line)
    assert summary["error"] is None and len(summary["sections"]) > 10_000
    assert len(summary["achievements"]) > 10_000
    # Once quadratic in the cross-check (a 2 MB report took 20 s); now linear.
    assert elapsed < 150, f"20 MB end to end took {elapsed:.1f}s"


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("thousand") / "reports"
    folder.mkdir()
    # Each a real report cut to its title and opening part (the two short ones), so the run
    # measures the count of files, not their size: the 20 MB test does that.
    heads = {
        name: text[: text.index("二、")]
        for name, text in SEED_TEXTS.items()
        if "二、" in text and text.index("二、") < 1500
    }
    assert len(heads) >= 2
    names = sorted(heads)
    for i in range(1000):
        name = names[i % len(names)]
        # Each copy made distinct in its body too: the same report given twice is summarised once.
        text = heads[name].replace("上半年", f"上半年（第{i}份）", 1) + f"（第{i}份）"
        (folder / f"{i:04d} {name}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_folder_of_a_thousand_reports(thousand: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    began = time.perf_counter()
    run = run_proc("summarize", thousand, "-q", "-f", "jsonl", "-o", out, timeout=240)
    elapsed = time.perf_counter() - began
    assert run.code == 0 and "Traceback" not in run.err, run.err[-2000:]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1000
    assert [line["path"] for line in lines] == sorted(str(p) for p in thousand.iterdir())
    assert all(line["error"] is None and line["achievements"] for line in lines)
    assert elapsed < 120, f"1,000 reports took {elapsed:.1f}s"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_in_a_thousand_report_run(
    thousand: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "all.jsonl"
    proc = subprocess.Popen(
        cli_command("summarize", thousand, "-q", "-f", "jsonl", "-o", out),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)  # past start-up, inside the run
    proc.send_signal(sig)
    sent = time.monotonic()
    stdout, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 5
    assert proc.returncode == 130 and "Traceback" not in stderr and stdout == ""
    # The reports that finished are kept, whole lines in input order, and the line says how
    # many; the rules provider keeps no cache, so it promises nothing about resuming.
    said = re.fullmatch(r"interrupted: kept (\d+) of 1000 reports in (.+)", stderr.splitlines()[-1])
    assert said and said.group(2) == str(out), stderr
    kept = int(said.group(1))
    assert 0 < kept < 1000
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    paths = [json.loads(line)["path"] for line in text.splitlines()]
    assert paths == sorted(str(p) for p in thousand.iterdir())[:kept]
    assert list(tmp_path.iterdir()) == [out]  # no temporary file
