"""Reading the lexicon's TOML files: once per process, with one-line errors that name the entry.

Every typed table of the lexicon is built by a function decorated with `functools.cache` that
calls `table(name)` and the checked getters below; a module of its own (quantities.py,
words.py, metrics.py, frame.py …) owns the types of its files. Data files live beside this
module, inside the package, so an installed wheel carries them.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "LexiconError",
    "boolean",
    "digest",
    "integer",
    "string",
    "strings",
    "table",
    "tables",
]


class LexiconError(ValueError):
    """A lexicon file that cannot be read as the code expects: names the file and the entry."""


@cache
def table(name: str) -> Mapping[str, Any]:
    """The parsed contents of `summarizer/lexicon/<name>.toml`."""
    path = resources.files("summarizer.lexicon").joinpath(f"{name}.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"lexicon/{name}.toml: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"lexicon/{name}.toml: {exc}") from None


@cache
def digest() -> str:
    """A short hash of every lexicon file: output read with other words is another output, so
    cached results carry it (a word added to units.toml changes what the rules provider says)."""
    files = resources.files("summarizer.lexicon")
    h = hashlib.sha256()
    for entry in sorted(files.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return h.hexdigest()[:12]


def _where(name: str, key: str) -> str:
    return f"lexicon/{name}.toml: {key}"


def _get(data: Mapping[str, Any], key: str, where: str) -> Any:
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise LexiconError(f"{where}: missing")
        value = value[part]
    return value


def strings(name: str, key: str, data: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """A list of non-empty words, in file order, with no word listed twice."""
    where = _where(name, key)
    value = _get(table(name) if data is None else data, key, where)
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    if len(set(value)) != len(value):
        twice = sorted({w for w in value if value.count(w) > 1})
        raise LexiconError(f"{where}: listed twice: {', '.join(twice)}")
    return tuple(value)


def string(
    name: str, key: str, data: Mapping[str, Any] | None = None, default: str | None = None
) -> str:
    where = _where(name, key)
    source = table(name) if data is None else data
    if default is not None and key not in source:
        return default
    value = _get(source, key, where)
    if not isinstance(value, str):
        raise LexiconError(f"{where}: expected a string")
    return value


def integer(name: str, key: str, data: Mapping[str, Any] | None = None) -> int:
    where = _where(name, key)
    value = _get(table(name) if data is None else data, key, where)
    if not isinstance(value, int) or isinstance(value, bool):
        raise LexiconError(f"{where}: expected an integer")
    return value


def boolean(name: str, key: str, data: Mapping[str, Any], default: bool = False) -> bool:
    if key not in data:
        return default
    value = data[key]
    if not isinstance(value, bool):
        raise LexiconError(f"{_where(name, key)}: expected true or false")
    return value


def tables(name: str, key: str) -> tuple[Mapping[str, Any], ...]:
    """An array of tables (`[[key]]`), in file order."""
    where = _where(name, key)
    value = _get(table(name), key, where)
    if not isinstance(value, list) or not all(isinstance(t, Mapping) for t in value):
        raise LexiconError(f"{where}: expected an array of tables ([[{key}]])")
    return tuple(value)
