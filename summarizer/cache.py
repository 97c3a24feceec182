"""The SQLite cache: extraction results per section, and (via later migrations) the flags and
review decisions that other stages keep.

One file, WAL journal, a busy timeout so that two processes can write at once. The schema grows
only by appending to `MIGRATIONS`; `PRAGMA user_version` records how many have been applied.

A result's key is a hash of the section text and the provider's identity (provider and its
version, endpoint, model, mode, prompt version, schema version, temperature). The API key is
never part of it and never stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from pydantic import ValidationError

from summarizer.errors import CacheError
from summarizer.models import SCHEMA_VERSION, ChunkResult, Extraction, Usage

# Numbered migrations: entry i brings the database from user_version i to i + 1. Append only;
# never edit or reorder an entry that has shipped.
MIGRATIONS: list[str] = [
    # 1: extraction results, one row per (section text, provider identity).
    """
    CREATE TABLE results (
        key            TEXT PRIMARY KEY,
        provider       TEXT NOT NULL,
        model          TEXT,
        prompt_version TEXT,
        identity       TEXT NOT NULL,
        result         TEXT NOT NULL,
        usage          TEXT NOT NULL,
        text_chars     INTEGER NOT NULL,
        created_at     REAL NOT NULL
    );
    CREATE INDEX results_provider ON results (provider, model);
    """,
    # 2: review (summarizer/review.py): the latest flags of each report, and every decision a
    # reviewer took (append-only: the newest row per key is the one in force, older ones are
    # the history of who changed their mind when).
    """
    CREATE TABLE flags (
        report_hash   TEXT NOT NULL,
        check_id      TEXT NOT NULL,
        report_path   TEXT,
        report_title  TEXT,
        item_id       TEXT NOT NULL,
        field         TEXT NOT NULL,
        claim         TEXT NOT NULL,
        status        TEXT NOT NULL,
        message       TEXT NOT NULL,
        context       TEXT,
        context_start INTEGER,
        mention       TEXT,
        decision_key  TEXT NOT NULL,
        claim_fp      TEXT NOT NULL,
        updated_at    REAL NOT NULL,
        PRIMARY KEY (report_hash, check_id)
    );
    CREATE INDEX flags_decision_key ON flags (decision_key);
    CREATE TABLE review_decisions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        key         TEXT NOT NULL,
        report_hash TEXT NOT NULL,
        report_path TEXT,
        field       TEXT NOT NULL,
        claim       TEXT NOT NULL,
        claim_fp    TEXT NOT NULL,
        decision    TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'correct', 'skip')),
        value       TEXT,
        reviewer    TEXT NOT NULL,
        decided_at  TEXT NOT NULL
    );
    CREATE INDEX review_decisions_key ON review_decisions (key, id);
    """,
    # 3: review shows a flag beside the item's own words in the source (the evidence passage),
    # not only where the checker matched its value.
    """
    ALTER TABLE flags ADD COLUMN passage TEXT;
    ALTER TABLE flags ADD COLUMN passage_start INTEGER;
    """,
]

# Milliseconds a writer waits for another process's write lock before giving up.
BUSY_TIMEOUT_MS = 30_000
# Identity keys that must never reach the cache, whatever a provider puts in identity().
_SECRET_KEYS = frozenset({"api_key", "key", "authorization", "token", "password"})


def cache_key(section_text: str, identity: Mapping[str, str]) -> str:
    """sha256 over the section text, the provider identity and the schema version."""
    clean = {k: str(v) for k, v in identity.items() if k.lower() not in _SECRET_KEYS}
    clean.setdefault("schema_version", SCHEMA_VERSION)
    payload = json.dumps(
        {"text": section_text, "identity": clean},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class CacheGroup:
    provider: str
    model: str | None
    prompt_version: str | None
    entries: int
    prompt_tokens: int
    completion_tokens: int


@dataclass(slots=True)
class CacheStats:
    path: Path
    entries: int
    size_bytes: int
    schema_version: int
    # Tokens the stored results cost when first made: what a re-run does not pay again.
    prompt_tokens: int = 0
    completion_tokens: int = 0
    oldest: float | None = None
    newest: float | None = None
    groups: list[CacheGroup] = field(default_factory=list)


class Cache:
    """`Cache(path)` opens (creating and migrating) the database; use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: every transaction below is explicit, so the write lock is held only
            # as long as a statement needs it.
            self._db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(f"cannot open cache {self.path}: {exc}") from None
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
                break
            except sqlite3.OperationalError as exc:
                # Switching a fresh file to WAL takes an exclusive lock that SQLite does not
                # wait for (the busy handler is skipped to avoid a deadlock), so a second
                # process opening the same new cache at that instant is told "locked" at once.
                if "locked" in str(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                self._db.close()
                raise CacheError(f"cannot open cache {self.path}: {exc}") from None
            except sqlite3.Error as exc:
                self._db.close()
                raise CacheError(f"cannot open cache {self.path}: {exc}") from None

    # ------------------------------------------------------------------ plumbing

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for stages that keep their own tables (flags, review decisions)."""
        return self._db

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.schema_version >= len(MIGRATIONS):
            return
        with self.transaction():
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = self.schema_version
            for number in range(current, len(MIGRATIONS)):
                for statement in _statements(MIGRATIONS[number]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number + 1}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error): takes the write lock up front, so two
        writers queue on busy_timeout instead of failing on a lock upgrade."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ results

    def get(self, key: str) -> Extraction | None:
        """The stored extraction, or None. A row that no longer validates is a miss."""
        try:
            row = self._db.execute(
                "SELECT result, usage FROM results WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read cache {self.path}: {exc}") from None
        if row is None:
            return None
        try:
            result = ChunkResult.model_validate_json(row[0])
            usage = Usage.model_validate_json(row[1])
        except ValidationError:
            return None
        return Extraction(result=result, usage=usage)

    def put(
        self,
        key: str,
        extraction: Extraction,
        identity: Mapping[str, str],
        *,
        text_chars: int = 0,
    ) -> None:
        """Store one extraction. Raises CacheError (the caller keeps its result in memory)."""
        clean = {k: str(v) for k, v in identity.items() if k.lower() not in _SECRET_KEYS}
        try:
            with self.transaction() as db:
                db.execute(
                    "INSERT OR REPLACE INTO results (key, provider, model, prompt_version,"
                    " identity, result, usage, text_chars, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        clean.get("provider", "?"),
                        clean.get("model"),
                        clean.get("prompt_version"),
                        json.dumps(clean, ensure_ascii=False, sort_keys=True),
                        extraction.result.model_dump_json(),
                        extraction.usage.model_dump_json(),
                        text_chars,
                        time.time(),
                    ),
                )
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write cache {self.path}: {exc}") from None

    def stats(self) -> CacheStats:
        try:
            rows = self._db.execute(
                "SELECT provider, model, prompt_version, usage, created_at FROM results"
            ).fetchall()
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read cache {self.path}: {exc}") from None
        groups: dict[tuple[str, str | None, str | None], CacheGroup] = {}
        stats = CacheStats(
            path=self.path,
            entries=len(rows),
            size_bytes=_size_on_disk(self.path),
            schema_version=self.schema_version,
        )
        for provider, model, prompt_version, usage_json, created in rows:
            usage = _usage_or_empty(usage_json)
            group = groups.setdefault(
                (provider, model, prompt_version),
                CacheGroup(provider, model, prompt_version, 0, 0, 0),
            )
            group.entries += 1
            group.prompt_tokens += usage.prompt_tokens
            group.completion_tokens += usage.completion_tokens
            stats.prompt_tokens += usage.prompt_tokens
            stats.completion_tokens += usage.completion_tokens
            stats.oldest = created if stats.oldest is None else min(stats.oldest, created)
            stats.newest = created if stats.newest is None else max(stats.newest, created)
        stats.groups = sorted(groups.values(), key=lambda g: (-g.entries, g.provider))
        return stats

    def clear(self) -> int:
        """Delete every stored extraction; returns how many. Review decisions and flags, which
        are a person's work, are kept."""
        try:
            with self.transaction() as db:
                deleted = db.execute("DELETE FROM results").rowcount
            # Give the space back; harmless if another process holds a read lock meanwhile.
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._db.execute("VACUUM")
        except sqlite3.Error as exc:
            raise CacheError(f"cannot clear cache {self.path}: {exc}") from None
        return int(deleted)


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (triggers with inner `;` stay whole)."""
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n\t;"):
                yield buffer.strip()
            buffer = ""
    if buffer.strip(" \n\t;"):
        raise sqlite3.ProgrammingError(f"incomplete SQL statement in migration: {buffer[:60]}")


def _size_on_disk(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            total += path.with_name(path.name + suffix).stat().st_size
    return total


def _usage_or_empty(text: str) -> Usage:
    try:
        return Usage.model_validate_json(text)
    except ValidationError:
        return Usage()
