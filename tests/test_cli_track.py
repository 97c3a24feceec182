"""`summarizer track` end to end: formats, output files, errors and exit codes as `summarize`,
and the LLM provider (against the project's own server) on two real province reports."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from summarizer.cli import _register, app
from summarizer.render.track_out import CSV_COLUMNS
from tests.conftest import ROOT, SEED_REPORTS
from tests.llm_server import LLMServer
from tests.test_cli_summarize import llm_options

_register()
CORPUS = Path(os.environ.get("SUMMARIZER_CORPUS", ROOT.parent / "shared" / "corpus"))
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS} (set SUMMARIZER_CORPUS)"
)
HEBEI = [str(CORPUS / "provinces" / f"河北省-{year}.md") for year in (1999, 2000)]
SCHEMA = json.loads((ROOT / "schemas" / "track_row.schema.json").read_text(encoding="utf-8"))


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["track", *args], catch_exceptions=False)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from summarizer.cli import main; main()", "track", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _gdp_1999(rows: list[dict[str, Any]]) -> dict[str, Any]:
    found = [
        r
        for r in rows
        if r["metric_id"] == "gdp" and r["measure"] == "growth" and r["period"]["label"] == "1999年"
    ]
    assert len(found) == 1, found
    return found[0]


@needs_corpus
def test_json_rows_match_the_schema_and_say_both_sides(tmp_path: Path) -> None:
    out = tmp_path / "track.json"
    result = _run(*HEBEI, "-q", "--no-cache", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    for row in rows:
        jsonschema.validate(row, SCHEMA)
    row = _gdp_1999(rows)
    assert row["target"]["value"] == "10" and row["target"]["qualifier"] == "左右"
    assert row["outcome"]["value"] == "9.1" and row["outcome"]["report"] == "河北省-2000"
    assert row["status"] == "missed"
    assert set(row) >= {"issuer", "metric_id", "metric", "period", "target", "outcome"}
    assert set(row["period"]) == {"label", "year", "span"}
    assert {"value", "value_hi", "qualifier", "quote", "report"} <= set(row["target"])
    assert {"value", "quote", "report"} <= set(row["outcome"])


@needs_corpus
def test_jsonl_csv_and_table(tmp_path: Path) -> None:
    result = _run(*HEBEI, "-q", "--no-cache", "-f", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert _gdp_1999(lines)["status"] == "missed"

    table = tmp_path / "track.csv"
    assert _run(*HEBEI, "-q", "--no-cache", "-o", str(table)).exit_code == 0
    raw = table.read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel opens Chinese text
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    gdp = [r for r in rows if r["metric_id"] == "gdp" and r["period"] == "1999年"]
    assert gdp and gdp[0]["outcome_value"] == "9.1" and gdp[0]["status"] == "missed"

    text = tmp_path / "track.txt"
    assert _run(*HEBEI, "-q", "--no-cache", "-o", str(text)).exit_code == 0
    body = text.read_text(encoding="utf-8")
    assert "河北省人民政府" in body and "增长10%左右" in body and "未完成" in body
    assert "\x1b[" not in body  # plain text in a file


def test_seeds_table_on_stdout_says_no_outcome() -> None:
    result = _run(*map(str, SEED_REPORTS.values()), "-q", "--no-cache")
    assert result.exit_code == 0
    assert "未见结果" in result.stdout
    assert "完成 0，未完成 0" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.docx"], "cannot tell the format"),
        (["-o", "out.json", "-f", "csv"], "the suffix .json means json but --format says csv"),
        (["-f", "xml"], "'xml' is not one of"),
    ],
)
def test_bad_output_options_fail_before_any_work(
    tmp_path: Path, args: list[str], message: str
) -> None:
    run = _cli(
        str(SEED_REPORTS["xiaying"]),
        *[a if a.startswith("-") or a in ("csv", "xml") else str(tmp_path / a) for a in args],
    )
    assert run.returncode == 2, run.stderr
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_missing_path_and_an_output_folder_are_errors(tmp_path: Path) -> None:
    run = _cli(str(tmp_path / "nope.txt"))
    assert run.returncode == 2 and "no such file or directory" in run.stderr
    run = _cli(str(SEED_REPORTS["xiaying"]), "-o", str(tmp_path))
    assert run.returncode == 2 and run.stderr.startswith("error: ")


def test_an_unreadable_report_is_named_and_the_rest_tracked(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "rows.json"
    run = _cli(str(empty), str(SEED_REPORTS["dongliu"]), "-q", "--no-cache", "-o", str(out))
    assert run.returncode == 1
    assert "error: " in run.stderr and "empty.txt" in run.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows and all("东柳" in row["issuer"] for row in rows)


def test_ctrl_c_writes_nothing_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarizer.cli.track_cmd as track_cmd

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(track_cmd, "stream_files", interrupted)
    out = tmp_path / "rows.json"
    result = CliRunner().invoke(app, ["track", str(SEED_REPORTS["xiaying"]), "-q", "-o", str(out)])
    assert result.exit_code == 130
    assert "not written" in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with LLMServer() as running:
        yield running


@needs_corpus
def test_the_llm_provider_tracks_the_same_target(server: LLMServer, tmp_path: Path) -> None:
    """The model's replies (fixtures/replies/provinces-hebei-*) give the 1999 target and the
    2000 review's figure; the same row comes out as with the rules provider."""
    out = tmp_path / "track.json"
    result = _run(
        *HEBEI,
        *llm_options(server, tmp_path),
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert server.request_count > 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    row = _gdp_1999(rows)
    assert row["target"]["value"] == "10" and row["target"]["report"] == "河北省-1999"
    assert row["outcome"]["value"] == "9.1" and row["outcome"]["check"] == "verified"
    assert row["outcome"]["says"] == "接近10％左右的预期目标"
    assert row["status"] == "missed"
    # The ceiling target of the same reply: 失业率控制在3.5％以内.
    ceiling = [r for r in rows if r["metric_id"] == "urban_unemployment_rate"]
    assert ceiling and ceiling[0]["target"]["qualifier"] == "以内"
