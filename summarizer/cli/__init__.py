"""The command line. Each command group lives in its own module and adds itself to `app`;
this module only wires them and turns the project's errors into one-line messages."""

from __future__ import annotations

import importlib
import sys

import typer

from summarizer.errors import SummarizerError

app = typer.Typer(
    name="summarizer",
    help="Verified, structured summaries of Chinese local-government work reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

# Modules under summarizer/cli/ that register commands on `app` when imported.
COMMAND_MODULES: tuple[str, ...] = (
    "schema_cmd",
    "chunks",
    "numbers_cmd",
    "summarize",
    "cache_cmd",
    "review_cmd",
    "brief",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"summarizer.cli.{name}")


@app.callback()
def _root() -> None:
    """Verified, structured summaries of Chinese local-government work reports."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: a user-fixable error is one line on stderr and a non-zero exit.

    Usage errors are left to typer's standalone mode; our own errors surface here.
    """
    _register()
    try:
        app(args=argv)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # `summarizer … | head`: the reader went away; not an error of ours.
        sys.stderr.close()
        sys.exit(0)
