"""The SQLite cache: keys, round trips, migrations, stats/clear, two writers at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from summarizer import cache as cache_mod
from summarizer.cache import MIGRATIONS, Cache, cache_key
from summarizer.errors import CacheError
from summarizer.models import Achievement, ChunkResult, Metric, Usage
from summarizer.providers.base import Extraction
from tests.conftest import ROOT, SEED_REPORTS

IDENTITY = {
    "provider": "llm",
    "version": "0.1.0",
    "endpoint": "http://127.0.0.1:9/v1",
    "model": "m",
    "mode": "TOOLS",
    "prompt_version": "extract-v1",
    "schema_version": "1",
    "temperature": "0.0",
}


def _section_text() -> str:
    text = SEED_REPORTS["xiaying"].read_text(encoding="utf-8")
    start = text.index("2023年上半年,实现地区生产总值")
    return text[start : text.index("主要工作情况总结如下")]


def _extraction() -> Extraction:
    result = ChunkResult(
        achievements=[
            Achievement(
                summary="上半年实现地区生产总值15.93亿元,同比增长10.6%。",
                category="经济发展",
                metrics=[
                    Metric(
                        name="地区生产总值",
                        value=15.93,
                        value_hi=None,
                        unit="亿元",
                        qualifier=None,
                        change=None,
                        raw="15.93亿元",
                        derived=False,
                    )
                ],
                evidence="实现地区生产总值15.93亿元,同比增长10.6%",
            )
        ],
        targets=[],
        problems=[],
    )
    return Extraction(
        result=result, usage=Usage(requests=1, prompt_tokens=900, completion_tokens=120)
    )


def test_key_depends_on_everything_in_identity_but_never_the_api_key() -> None:
    text = _section_text()
    base = cache_key(text, IDENTITY)
    assert len(base) == 64
    assert cache_key(text, dict(IDENTITY)) == base
    for field in IDENTITY:
        changed = dict(IDENTITY, **{field: IDENTITY[field] + "x"})
        assert cache_key(text, changed) != base, field
    assert cache_key(text + "。", IDENTITY) != base
    # A key that slipped into an identity changes nothing: it is dropped before hashing.
    assert cache_key(text, dict(IDENTITY, api_key="sk-1")) == base
    assert cache_key(text, dict(IDENTITY, api_key="sk-2")) == base


def test_round_trip_and_miss(tmp_path: Path) -> None:
    key = cache_key(_section_text(), IDENTITY)
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert cache.get(key) is None
        cache.put(key, _extraction(), dict(IDENTITY, api_key="sk-secret"), text_chars=80)
        got = cache.get(key)
    assert got is not None
    assert got.result == _extraction().result
    assert got.usage.prompt_tokens == 900
    # Reopened from disk, and the key is nowhere in the file.
    with Cache(tmp_path / "c.sqlite3") as cache:
        assert cache.get(key) is not None
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"sk-secret" not in raw


def test_wal_and_migrations_recorded(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache(path) as cache:
        assert cache.schema_version == len(MIGRATIONS)
        mode = cache.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_appended_migration_applies_once_to_an_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    key = cache_key("文本", IDENTITY)
    with Cache(path) as cache:
        cache.put(key, _extraction(), IDENTITY)
    extra = """
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        CREATE TRIGGER notes_stamp AFTER INSERT ON notes BEGIN
            UPDATE notes SET body = body || ';' WHERE id = new.id;
        END;
    """
    monkeypatch.setattr(cache_mod, "MIGRATIONS", [*MIGRATIONS, extra])
    with Cache(path) as cache:
        assert cache.schema_version == len(MIGRATIONS) + 1
        assert cache.get(key) is not None  # old rows survive
        cache.db.execute("INSERT INTO notes (body) VALUES ('x')")
        assert cache.db.execute("SELECT body FROM notes").fetchone()[0] == "x;"
    with Cache(path) as cache:  # a second open does not re-run it
        assert cache.schema_version == len(MIGRATIONS) + 1


def test_stats_and_clear(tmp_path: Path) -> None:
    with Cache(tmp_path / "c.sqlite3") as cache:
        for i in range(3):
            cache.put(cache_key(f"第{i}节", IDENTITY), _extraction(), IDENTITY)
        stats = cache.stats()
        assert stats.entries == 3
        assert stats.prompt_tokens == 2700 and stats.completion_tokens == 360
        assert stats.size_bytes > 0
        assert [(g.provider, g.model, g.entries) for g in stats.groups] == [("llm", "m", 3)]
        assert cache.clear() == 3
        assert cache.stats().entries == 0
        assert cache.get(cache_key("第0节", IDENTITY)) is None


def test_corrupt_row_is_a_miss(tmp_path: Path) -> None:
    key = cache_key("x", IDENTITY)
    with Cache(tmp_path / "c.sqlite3") as cache:
        cache.put(key, _extraction(), IDENTITY)
        cache.db.execute("UPDATE results SET result = '{\"achievements\": 3}'")
        assert cache.get(key) is None


def test_unopenable_cache_is_a_cache_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a dir", encoding="utf-8")
    with pytest.raises(CacheError, match="cannot open cache"):
        Cache(blocker / "c.sqlite3")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError):
        Cache(garbage)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_cache_write_is_a_cache_error(tmp_path: Path) -> None:
    path = tmp_path / "ro" / "c.sqlite3"
    with Cache(path):
        pass
    for p in path.parent.iterdir():
        p.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        with pytest.raises(CacheError):
            Cache(path).put(cache_key("x", IDENTITY), _extraction(), IDENTITY)
    finally:
        path.parent.chmod(0o755)


def test_write_failure_is_a_cache_error(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c.sqlite3")
    # A full disk and a dropped table both surface as sqlite3 errors on write.
    cache.db.execute("DROP TABLE results")
    with pytest.raises(CacheError, match="cannot write cache"):
        cache.put(cache_key("x", IDENTITY), _extraction(), IDENTITY)
    cache.close()


_WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from summarizer.cache import Cache, cache_key
    from summarizer.models import ChunkResult, Usage
    from summarizer.providers.base import Extraction
    ident = {{"provider": "llm", "model": "m", "prompt_version": "p"}}
    ext = Extraction(ChunkResult(achievements=[], targets=[], problems=[]), Usage(requests=1))
    cache = Cache(sys.argv[1])
    for i in range(int(sys.argv[3])):
        cache.put(cache_key(sys.argv[2] + str(i), ident), ext, ident)
    cache.close()
    """
)


def test_two_processes_write_the_same_cache_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    script = _WRITER.format(root=str(ROOT))
    n = 150
    # Both start on a fresh file, so both also race on creating it and migrating it.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path), tag, str(n)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Cache(path) as cache:
        assert cache.stats().entries == 2 * n
        assert cache.schema_version == len(MIGRATIONS)
