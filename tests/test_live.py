"""Against a real OpenAI-compatible endpoint (`-m live`); skipped unless one is configured.

    SUMMARIZER_LIVE_BASE_URL=http://127.0.0.1:8080/v1 SUMMARIZER_LIVE_MODEL=qwen2.5-7b-instruct \
        python3 -m pytest -m live tests/test_live.py

Optional: SUMMARIZER_LIVE_API_KEY, SUMMARIZER_LIVE_MODE (TOOLS, JSON, MD_JSON, JSON_SCHEMA).
These never run in CI: they cost time (and, on a paid endpoint, money).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import load_settings
from summarizer.models import OK_STATUSES
from summarizer.pipeline import summarize_paths
from tests.conftest import SEED_REPORTS

pytestmark = pytest.mark.live

# Read at import time: conftest's autouse fixture hides the user's environment from tests.
LIVE = {
    "base_url": os.environ.get("SUMMARIZER_LIVE_BASE_URL"),
    "model": os.environ.get("SUMMARIZER_LIVE_MODEL"),
    "api_key": os.environ.get("SUMMARIZER_LIVE_API_KEY"),
    "mode": os.environ.get("SUMMARIZER_LIVE_MODE"),
}

needs_endpoint = pytest.mark.skipif(
    not LIVE["base_url"], reason="set SUMMARIZER_LIVE_BASE_URL to run live tests"
)


def _settings(tmp_path: Path, **extra: Any) -> Any:
    return load_settings(
        {
            "provider": "llm",
            "base_url": LIVE["base_url"],
            "model": LIVE["model"],
            "api_key": LIVE["api_key"],
            "mode": LIVE["mode"],
            "cache_path": str(tmp_path / "live.sqlite3"),
            "timeout": 300.0,
            "concurrency": 2,
            **extra,
        }
    )


@needs_endpoint
def test_live_headline_figures_of_xiaying(tmp_path: Path) -> None:
    (outcome,) = summarize_paths([SEED_REPORTS["xiaying"]], _settings(tmp_path), progress=False)
    summary = outcome.summary
    assert summary is not None, outcome.error
    assert [s.id for s in summary.sections if s.status == "failed"] == []
    values = {m.value for a in summary.achievements for m in a.metrics}
    assert 15.93 in values  # 地区生产总值15.93亿元
    checks = [c for c in summary.checks if c.field.startswith("metrics")]
    ok = sum(1 for c in checks if c.status in OK_STATUSES)
    assert checks and ok / len(checks) >= 0.8, [(c.claim, c.status) for c in summary.flags]
    assert summary.usage.prompt_tokens > 0


@needs_endpoint
def test_live_rerun_is_served_from_cache(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    summarize_paths([SEED_REPORTS["xiaying"]], settings, progress=False)
    (again,) = summarize_paths([SEED_REPORTS["xiaying"]], settings, progress=False)
    assert again.summary is not None
    assert again.summary.usage.requests == 0
    assert again.summary.usage.cache_hits > 0
