"""Shared fixtures: the real reports, and a user cache/config dir that never touches $HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REPORTS = FIXTURES / "reports"

# The five real seed reports, by readable name.
SEED_REPORTS = {
    "xiaying": REPORTS / "ningbo-xiaying-2023h1.txt",
    "dongliu": REPORTS / "ningbo-dongliu-2023.txt",
    "xinqi": REPORTS / "beilun-xinqi-2024.txt",
    "xicheng": REPORTS / "yongkang-xicheng-2022.txt",
    "xiasha": REPORTS / "hangzhou-xiasha-2022h1.txt",
}


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's cache or config, or sees their API keys."""
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "SUMMARIZER_PROVIDER",
        "SUMMARIZER_CACHE",
        "SUMMARIZER_CONFIG",
        "SUMMARIZER_API_KEY",
        "SUMMARIZER_BASE_URL",
        "SUMMARIZER_MODEL",
    ):
        monkeypatch.delenv(var, raising=False)
