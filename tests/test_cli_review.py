"""`summarizer flags` and `summarizer review` end to end: a real process, scripted stdin, the
cache database in tmp. Flags come from a summary of the real Xiaying report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cache import Cache
from summarizer.cli import _register, app
from summarizer.cli.review_cmd import own_mention, source_lines
from summarizer.models import Check, NumberMention
from summarizer.review import FlagRecord, flag_records
from tests.conftest import ROOT, SEED_REPORTS
from tests.llm_server import LLMServer
from tests.test_review import (
    GOOD,
    RETIRED_WORDS,
    SWAPPED,
    TEXT,
    WRONG_GDP,
    _achievement,
    _metric,
    _summarize,
)

_register()
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WRONG_SIGN = _metric("一般公共预算收入", 5.08, "亿元", ("decrease", 132.7))


def _cli(*args: str, stdin: str = "", color: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("FORCE_COLOR", None)
    env.pop("NO_COLOR", None)
    if color:
        env["FORCE_COLOR"] = "1"
    else:
        env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-c", "from summarizer.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A cache database holding the flags of one summary: 3 flags, in this order: GDP ×10
    (scale), 财政总收入 given 一般公共预算收入's figure (metric), 增长 read as 下降 (sign)."""
    path = tmp_path / "cache.sqlite3"
    with Cache(path) as store:
        summary = _summarize(store, _achievement(WRONG_GDP, SWAPPED, GOOD, WRONG_SIGN))
    assert [f.status for f in summary.flags] == [
        "scale_mismatch",
        "metric_mismatch",
        "sign_mismatch",
    ]
    return path


def _flags_json(db: Path, *extra: str) -> list[dict[str, Any]]:
    result = _cli("flags", "--cache", str(db), "--json", *extra)
    assert result.returncode == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def test_review_walks_stores_and_resumes(db: Path) -> None:
    first = _cli("review", "--cache", str(db), "--reviewer", "ann", stdin="a\nq\n", color=True)
    assert first.returncode == 0, first.stderr
    out = ANSI.sub("", first.stdout)
    assert "1/3" in out and "地区生产总值 159.3亿元" in out
    # The Chinese interface: the status's label and the actions in Chinese, no ids.
    assert "量级不符" in out and "数量级不符" in out and "scale_mismatch" not in out
    assert "[a]确认 [r]剔除 [c]更正 [s]跳过 [q]退出" in out and "[a]ccept" not in out
    # The item's own words in the source, the number itself highlighted.
    assert "实现地区生产总值15.93亿元" in out
    assert re.search(r"\x1b\[[0-9;]*m15\.93亿元\x1b\[0m", first.stdout)
    assert "已保存：确认" in out
    assert "确认 1 项；还有 2 项待核" in out
    assert "2/3" in out  # shown, then quit

    # Resumed: the decided flag is gone; a correction that is not a figure is asked again.
    second = _cli("review", "--cache", str(db), "--reviewer", "ann", stdin="c\n很多\n6.3亿元\nr\n")
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "1/2" in out and "财政总收入 5.08亿元" in out and "指标错配" in out
    assert "159.3" not in out
    assert "不是数字：'很多'" in out
    assert "2/2" in out and "方向不符" in out
    assert "更正 1 项，剔除 1 项；还有 0 项待核" in out

    assert _flags_json(db) == []
    decided = {r["check"]["status"]: r for r in _flags_json(db, "--all")}
    assert {s: r["state"] for s, r in decided.items()} == {
        "scale_mismatch": "accepted",
        "metric_mismatch": "corrected",
        "sign_mismatch": "rejected",
    }
    assert decided["metric_mismatch"]["decision"]["value"] == "6.3亿元"
    assert {r["decision"]["reviewer"] for r in decided.values()} == {"ann"}

    third = _cli("review", "--cache", str(db))
    assert "没有需要复核的数字" in third.stdout


def test_decisions_from_the_cli_apply_to_the_next_summary(db: Path) -> None:
    result = _cli("review", "--cache", str(db), "--reviewer", "bo", stdin="a\nc\n6.3亿元\nr\n")
    assert result.returncode == 0, result.stderr
    with Cache(db) as store:
        again = _summarize(store, _achievement(WRONG_GDP, SWAPPED, GOOD, WRONG_SIGN))
    metrics = again.achievements[0].metrics
    # 财政总收入 corrected to 6.3亿元; the sign-flipped change of 一般公共预算收入 dropped.
    assert [(m.name, m.value) for m in metrics] == [
        ("地区生产总值", 159.3),
        ("财政总收入", 6.3),
        ("财政总收入", 6.3),
        ("一般公共预算收入", 5.08),
    ]
    assert metrics[3].change is None
    assert [f.review for f in again.flags] == ["accepted", "corrected", "rejected"]


def test_skip_keeps_the_flag_open_and_out_of_the_next_walk(db: Path) -> None:
    result = _cli("review", "--cache", str(db), "--lang", "en", stdin="s\ns\ns\n")
    assert "3 skip; 3 still open" in result.stdout
    assert len(_flags_json(db)) == 3
    assert "nothing to review" in _cli("review", "--cache", str(db), "--lang", "en").stdout
    again = _cli("review", "--cache", str(db), "--include-skipped", stdin="q\n")
    assert "1/3" in again.stdout


def test_end_of_input_stops_cleanly(db: Path) -> None:
    result = _cli("review", "--cache", str(db), stdin="a\n")
    assert result.returncode == 0
    assert "确认 1 项；还有 2 项待核" in result.stdout


def test_flags_table_and_status_filter(db: Path) -> None:
    result = _cli("flags", "--cache", str(db))
    assert result.returncode == 0
    assert "1 份报告中有 3 个待核数字" in result.stdout
    assert "xiaying.txt" in result.stdout
    # Labels in the Chinese table, the ids in English (what --status takes) and in JSON.
    assert "量级不符: 1" in result.stdout and "scale_mismatch" not in result.stdout
    english = _cli("flags", "--cache", str(db), "--lang", "en")
    assert "3 open flags in 1 report(s)" in english.stdout
    assert "scale_mismatch: 1" in english.stdout and "量级不符: 1" not in english.stdout
    assert {r["check"]["status"] for r in _flags_json(db)} == {
        "scale_mismatch",
        "metric_mismatch",
        "sign_mismatch",
    }
    only = _flags_json(db, "--status", "sign_mismatch,scale_mismatch")
    assert sorted(r["check"]["status"] for r in only) == ["scale_mismatch", "sign_mismatch"]
    bad = _cli("flags", "--cache", str(db), "--status", "wrong")
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("error: unknown status 'wrong'")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_stale_decision_is_shown(db: Path) -> None:
    _cli("review", "--cache", str(db), "--reviewer", "cy", stdin="a\nq\n")
    changed = _metric("地区生产总值", 1593, "亿元", ("increase", 10.6))
    with Cache(db) as store:
        _summarize(store, _achievement(changed, SWAPPED, GOOD, WRONG_SIGN))
    rows = _flags_json(db)
    stale = [r for r in rows if r["state"] == "stale"]
    assert len(stale) == 1 and stale[0]["check"]["claim"].endswith("1593亿元")
    result = _cli("review", "--cache", str(db), "--lang", "en", stdin="q\n")
    assert "stale" in result.stdout and "accept by cy" in result.stdout
    assert "claim then: 地区生产总值 159.3亿元" in result.stdout
    chinese = _cli("review", "--cache", str(db), stdin="q\n")
    assert "原决定" in chinese.stdout and "确认（cy，" in chinese.stdout
    assert "（当时说法：地区生产总值 159.3亿元）" in chinese.stdout


def test_llm_figures_kept_after_the_reask_are_flagged_reviewed_and_applied_on_rerun(
    tmp_path: Path,
) -> None:
    """The whole loop on given paths: the endpoint answers with figures the source does not
    print (twice: the first reply and the one re-ask), the claims are kept and flagged, a
    reviewer rejects one, and the cached re-run shows it decided and its figure dropped."""
    db = tmp_path / "cache.sqlite3"
    report = str(SEED_REPORTS["xiaying"])
    with LLMServer() as server:
        server.inject("badnumbers", match="实现地区生产总值15.93亿元", times=2)
        llm = ["--provider", "llm", "--base-url", server.base_url, "--model", "m", "-q"]
        llm += ["--lang", "en"]
        runner = CliRunner()
        listed = runner.invoke(app, ["flags", report, "--cache", str(db), "--json", *llm])
        assert listed.exit_code == 0, listed.output
        rows = json.loads(listed.stdout)
        assert rows and all(r["report"] == report and r["state"] == "open" for r in rows)
        assert {r["check"]["status"] for r in rows} <= {"not_found", "scale_mismatch"}
        first = rows[0]["check"]
        walked = runner.invoke(
            app,
            ["review", report, "--cache", str(db), "--reviewer", "dee", *llm],
            input="r\nq\n",
        )
        assert walked.exit_code == 0, walked.output
        assert first["claim"] in walked.stdout and "saved: reject" in walked.stdout
        requests = server.request_count
        again = runner.invoke(app, ["summarize", report, "--cache", str(db), "-f", "json", *llm])
        assert server.request_count == requests  # every section came from the cache
    summary = json.loads(again.stdout)
    rejected = [c for c in summary["flags"] if c["review"] == "rejected"]
    assert [(c["item_id"], c["field"]) for c in rejected] == [(first["item_id"], first["field"])]
    open_now = json.loads(runner.invoke(app, ["flags", "--cache", str(db), "--json"]).stdout)
    assert len(open_now) == len(rows) - 1


def test_a_bare_number_takes_the_claim_unit_and_another_kind_is_refused(db: Path) -> None:
    # The first flag is 地区生产总值 159.3亿元: 10.7万人 is refused, 15.93 taken as 15.93亿元.
    result = _cli(
        "review", "--cache", str(db), "--reviewer", "gus", stdin="c\n10.7万人\n15.93\nq\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "10.7万人 是数量，原说法的单位 亿元 是金额：请用同类单位" in out
    assert "未写单位，按原说法的单位记为 15.93亿元" in out
    corrected = [r for r in _flags_json(db, "--all") if r["state"] == "corrected"]
    assert [r["decision"]["value"] for r in corrected] == ["15.93亿元"]
    english = _cli("review", "--cache", str(db), "--lang", "en", stdin="c\n6.3\nq\n")
    assert "no unit given: taken in the claim's unit as 6.3亿元" in english.stdout


def test_the_source_shown_is_the_item_own_words(tmp_path: Path) -> None:
    """The report prints 100% three times, for three metrics. A flag on the third shows the
    item's own words with its 100% marked; a figure the checker found nowhere (not_found, no
    mention, so no context) still shows the words it was claimed from."""
    wrong_unit = _metric("退休经办率", 100, "家")
    made_up = _metric("办结率", 100, "个百分点")
    with Cache(tmp_path / "c.sqlite3") as store:
        summary = _summarize(store, _achievement(wrong_unit, made_up, evidence=RETIRED_WORDS))
        records = {r.check.status: r for r in flag_records(summary, store)}
    assert set(records) == {"unit_mismatch", "not_found"}
    unit = records["unit_mismatch"]
    (line,) = source_lines(unit, "zh")
    assert line.plain.startswith("原文    …") and RETIRED_WORDS in line.plain
    own = own_mention(unit)
    assert own is not None and TEXT[own[0] - 5 : own[1]] == "退休经办率100%"
    missing = records["not_found"]
    assert missing.check.context is None
    (line,) = source_lines(missing, "zh")
    assert RETIRED_WORDS in line.plain
    assert own_mention(missing) is None  # nothing to mark: the claimed figure is not there
    assert source_lines(unit, "en")[0].plain.startswith("source  …")


def test_another_place_the_value_stands_is_never_shown_as_the_source() -> None:
    """A check matched to another metric's 15% (a growth of 15% shown beside another
    metric's 15%): the item's own words come first, its own 15% marked in them."""
    own_words = "实现营业收入3亿元,同比增长15%,"
    elsewhere = "另一项指标利润增长15%。"
    check = Check(
        id="c4",
        item_id="a2",
        field="metrics[0].change",
        claim="营业收入 增长15%",
        status="metric_mismatch",
        mention=NumberMention(
            raw="15%", start=509, end=512, value=Decimal(15), unit="%", direction="increase"
        ),
        context=elsewhere,
        context_start=500,
        message="该数字在原文中属于另一指标：另一项指标利润增长15%",
    )
    record = FlagRecord(
        report_hash="h",
        report_path="r.txt",
        report_title=None,
        check=check,
        decision_key="k",
        claim_fp="f",
        passage=own_words,
        passage_start=100,
    )
    assert own_mention(record) == (100 + own_words.index("15%"), 100 + own_words.index("15%") + 3)
    source, found = source_lines(record, "zh")
    assert source.plain == f"原文    …{own_words}…"
    marked = [source.plain[span.start : span.end] for span in source.spans if span.style]
    assert "15%" in marked
    assert found.plain == f"核对所见 …{elsewhere}…"
