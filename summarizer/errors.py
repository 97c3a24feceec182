"""The project's own exception types.

Every error a user can cause (a bad file, a bad option, an unreachable endpoint) is raised as a
`SummarizerError` whose `str()` is one line naming what was wrong; the CLI prints that line
without a traceback and exits with `exit_code`.

One exit-code scheme for every command (the README's "Exit codes" says the same):
"""

from __future__ import annotations

from pathlib import Path

# Everything asked was done.
EXIT_OK = 0
# Done, but some reports (or sections of them) failed; the output holds the rest, and each
# failure is named on stderr (and in JSON output).
EXIT_PARTIAL = 1
# Nothing (more) was done: a bad option, setting, input path or output path, or a write that
# failed. One `error: …` line on stderr says which.
EXIT_ERROR = 2
# Stopped by Ctrl-C (128 + SIGINT, as shells report it); what finished is kept where it can be.
EXIT_INTERRUPTED = 130


class SummarizerError(Exception):
    """Base class: a problem the user can fix, described in one line."""

    exit_code = EXIT_ERROR

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


class UsageError(SummarizerError):
    """A command used in a way that cannot work: a question to ask with no terminal to ask on."""


class OutputError(SummarizerError):
    """An output file that cannot be written: a folder, a path under a file, a full disk."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ProviderError(SummarizerError):
    """The extraction provider failed for a section after its retries."""


class CacheError(SummarizerError):
    """The cache database cannot be opened or written (disk full, permissions, corruption)."""
