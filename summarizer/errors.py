"""The project's own exception types.

Every error a user can cause (a bad file, a bad option, an unreachable endpoint) is raised as a
`SummarizerError` whose `str()` is one line naming what was wrong; the CLI prints that line
without a traceback and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path


class SummarizerError(Exception):
    """Base class: a problem the user can fix, described in one line."""

    exit_code = 1

    def __str__(self) -> str:
        # Messages must stay on one line, whatever the cause carried.
        return " ".join(super().__str__().split())


class InputError(SummarizerError):
    """A report file that cannot be read: missing, empty, binary, undecodable, a directory…"""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ConfigError(SummarizerError):
    """Bad settings: an unknown provider or mode, a malformed config file, a missing key."""

    exit_code = 2


class ProviderError(SummarizerError):
    """The extraction provider failed for a section after its retries."""


class CacheError(SummarizerError):
    """The cache database cannot be opened or written (disk full, permissions, corruption)."""
