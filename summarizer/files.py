"""Writing output files, the one way every command does it.

Two ways, one file mode (what `open()` would give: 0666 less the umask, so 0644 usually):

- `AtomicFile` / `write_atomically`: a temporary file in the same folder, renamed over the
  target when complete. A reader sees the old file or the new one, never a part of one; a
  failure or an interruption leaves the old file and no temporary file.
- `LineFile`: JSON Lines written to the target itself, one complete line per call, flushed at
  once. What finished is kept whatever stops the run; a line that could not be written whole is
  cut off again, so the file holds complete lines only.

Errors are `OutputError`s: one line naming the file and what was wrong. Knows no stage.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO

from summarizer.errors import OutputError


def _umask() -> int:
    # /proc says it without changing it; os.umask can only be read by setting it, which would
    # briefly give files created by other threads the wrong mode.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode of every file the tool writes: 0666 less the umask (0644 under umask 022)."""
    return 0o666 & ~_umask()


def check_output_path(path: Path) -> None:
    """Refuse, before any work, an output path that names a folder (or one that cannot even be
    looked at: a folder on the way this user may not enter)."""
    try:
        is_dir = path.is_dir()
    except OSError as exc:
        raise OutputError(path, _reason(exc)) from None
    if is_dir:
        raise OutputError(path, "is a folder; name a file to write")


def _reason(exc: OSError) -> str:
    return f"cannot write output: {exc.strerror or exc}"


class AtomicFile:
    """A text or binary file written in pieces and put in place whole: `commit()` renames the
    temporary file over the target; leaving the `with` block without a commit (an error, Ctrl-C)
    removes it. The temporary file is created at once, so an unwritable folder fails before any
    work is done."""

    def __init__(self, path: Path, *, binary: bool = False) -> None:
        self.path = path.expanduser()
        folder = self.path.parent if str(self.path.parent) else Path(".")
        check_output_path(self.path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(self.path, _reason(exc)) from None
        self._tmp = Path(tmp)
        self._handle: IO[str] | IO[bytes]
        if binary:
            self._handle = os.fdopen(fd, "wb")
        else:
            self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        self.committed = False

    def write(self, data: str | bytes) -> None:
        try:
            self._handle.write(data)  # type: ignore[arg-type]
        except OSError as exc:
            self.discard()
            raise OutputError(self.path, _reason(exc)) from None

    def commit(self) -> None:
        try:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            os.chmod(self._tmp, file_mode())
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise OutputError(self.path, _reason(exc)) from None
        self.committed = True

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the close too; it goes anyway
            self._handle.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.committed:
            self.discard()


def write_atomically(path: Path, data: str | bytes) -> None:
    """The whole of `data` to `path`, or nothing (the old file stays)."""
    with AtomicFile(path, binary=isinstance(data, bytes)) as out:
        out.write(data)
        out.commit()


class LineFile:
    """JSON Lines written to `path` itself, one whole line per `write_line`.

    Opening checks that the file can be written and changes nothing; the first line replaces
    what the file held (so a run that fails before any report finishes leaves the old file).
    Each line goes out in one `os.write` loop, straight to the file; if it cannot be written
    whole (a full disk, a signal) the file is cut back to the end of the line before, so it
    never holds half a line.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        check_output_path(self.path)
        existed = self.path.exists()
        try:
            if str(self.path.parent):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o666)
        except OSError as exc:
            raise OutputError(self.path, _reason(exc)) from None
        self._created = not existed
        self._end = 0
        self.lines = 0

    def write_line(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        view = memoryview(data)
        try:
            if self.lines == 0:
                os.ftruncate(self._fd, 0)
                os.fchmod(self._fd, file_mode())
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except BaseException as exc:
            self._cut_back()
            if isinstance(exc, OSError):
                raise OutputError(self.path, _reason(exc)) from None
            raise
        self._end += len(data)
        self.lines += 1

    def _cut_back(self) -> None:
        try:
            os.ftruncate(self._fd, self._end)
            os.lseek(self._fd, self._end, os.SEEK_SET)
        except OSError:
            pass  # nothing more can be done; the next write fails the same way

    def close(self) -> None:
        try:
            if self.lines:
                os.fsync(self._fd)
        except OSError:
            pass  # a special file cannot be synced; the lines are already written
        finally:
            os.close(self._fd)
        if self.lines == 0 and self._created:
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> LineFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
