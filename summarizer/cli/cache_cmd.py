"""`summarizer cache stats|clear`: look into or empty the extraction cache."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from summarizer.cache import Cache, CacheStats
from summarizer.cli import Command, app
from summarizer.config import load_settings
from summarizer.errors import UsageError

cache_app = typer.Typer(
    help="Look into or empty the extraction cache.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(cache_app, name="cache")

CacheOption = Annotated[
    Path | None,
    typer.Option("--cache", metavar="PATH", help="cache database (default: the configured one)"),
]
ConfigOption = Annotated[Path | None, typer.Option(metavar="FILE", help="TOML settings file")]


def _cache_path(cache: Path | None, config: Path | None) -> Path:
    settings = load_settings(
        {"cache_path": str(cache) if cache else None, "config": str(config) if config else None}
    )
    return settings.cache_path


def stats_json(stats: CacheStats) -> dict[str, object]:
    return {
        "path": str(stats.path),
        "entries": stats.entries,
        "size_bytes": stats.size_bytes,
        "schema_version": stats.schema_version,
        "prompt_tokens": stats.prompt_tokens,
        "completion_tokens": stats.completion_tokens,
        "oldest": _when(stats.oldest),
        "newest": _when(stats.newest),
        "groups": [
            {
                "provider": g.provider,
                "model": g.model,
                "prompt_version": g.prompt_version,
                "entries": g.entries,
                "prompt_tokens": g.prompt_tokens,
                "completion_tokens": g.completion_tokens,
            }
            for g in stats.groups
        ],
    }


@cache_app.command("stats", cls=Command)
def stats_command(
    cache: CacheOption = None,
    config: ConfigOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """How many results are stored, and the tokens they saved.

    Section results by provider, model and prompt version, and the tokens a re-run saves.
    """
    path = _cache_path(cache, config)
    if not path.exists():
        if as_json:
            typer.echo(json.dumps({"path": str(path), "entries": 0}))
        else:
            typer.echo(f"no cache yet at {path}")
        return
    with Cache(path) as db:
        stats = db.stats()
    if as_json:
        typer.echo(json.dumps(stats_json(stats), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    console.print(
        f"{stats.path}\n{stats.entries} section results · {stats.size_bytes / 1024:.0f} KiB · "
        f"re-runs save {stats.prompt_tokens} prompt + {stats.completion_tokens} completion tokens",
        markup=False,
    )
    if stats.groups:
        table = Table("provider", "model", "prompt", "entries", "tokens")
        for g in stats.groups:
            table.add_row(
                g.provider,
                g.model or "",
                g.prompt_version or "",
                str(g.entries),
                str(g.prompt_tokens + g.completion_tokens),
            )
        console.print(table)


@cache_app.command("clear", cls=Command)
def clear_command(
    cache: CacheOption = None,
    config: ConfigOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask")] = False,
) -> None:
    """Delete every stored result (review decisions are kept).

    Asks first; -y deletes without asking (needed where there is no terminal to ask on).
    """
    path = _cache_path(cache, config)
    if not path.exists():
        typer.echo(f"no cache at {path}; nothing to clear")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(
                f"cache clear asks before deleting {path}, and there is no terminal to ask on; "
                "pass -y (--yes) to delete without asking"
            )
        if not typer.confirm(f"delete all cached results in {path}?"):
            typer.echo("nothing deleted")
            return
    with Cache(path) as db:
        deleted = db.clear()
    typer.echo(f"deleted {deleted} cached section results from {path}")


def _when(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")
