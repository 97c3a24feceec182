"""The command line. Each command group lives in its own module and adds itself to `app`;
this module only wires them and turns every error into one line and one exit code
(`summarizer.errors`: 0 done, 1 some reports failed, 2 error, 130 interrupted)."""

from __future__ import annotations

import importlib
import inspect
import signal
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any

import typer
import typer.core

from summarizer import __version__
from summarizer.errors import EXIT_ERROR, EXIT_INTERRUPTED, SummarizerError

try:  # typer 0.2x carries its own copy of click, with its own exception classes
    from typer._click import exceptions as click_exceptions
except ImportError:  # pragma: no cover - an older typer, on the click package itself
    from click import exceptions as click_exceptions  # type: ignore[no-redef,unused-ignore]

ClickException = click_exceptions.ClickException
# `summarizer` or `summarizer cache` alone: the help is the answer, not an error.
_NO_ARGS = getattr(click_exceptions, "NoArgsIsHelpError", ())

PROG = "summarizer"
# -h as well as --help, on every command: click hands these settings down to subcommands.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

app = typer.Typer(
    name=PROG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: options as `--model MODEL  help`, wrapped at word boundaries to the
    # terminal (and readable in a pipe), without rich's boxes or a `<bool>` after each flag.
    rich_markup_mode=None,
    context_settings=CONTEXT,
)


def _wrap(text: str, width: int) -> list[str]:
    # Never inside a word: click's wrapper breaks at hyphens (`--no-` | `cache`, `re-` | `run`)
    # and cuts words longer than the column.
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]


def _write_rows(formatter: Any, rows: list[tuple[str, str]], col_max: int = 30) -> None:
    """Options or arguments as two columns, the second wrapped at word boundaries."""
    indent = " " * formatter.current_indent
    first = min(max(len(term) for term, _ in rows), col_max) + 2
    width = max(formatter.width - formatter.current_indent - first, 20)
    for term, text in rows:
        lines = _wrap(text, width)
        if len(term) + 2 <= first:
            formatter.write(f"{indent}{term:<{first}}{lines[0]}\n")
        else:
            formatter.write(f"{indent}{term}\n{indent}{' ' * first}{lines[0]}\n")
        for line in lines[1:]:
            formatter.write(f"{indent}{' ' * first}{line}\n")


class Command(typer.core.TyperCommand):
    """A command whose help reads cleanly in 80 columns: arguments named the way the usage
    line names them (`PATH...`, not their Python type `<list[str]>`), text wrapped between
    words only. Every command is registered with `cls=Command`."""

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        text = inspect.cleandoc(self.help or "")
        if not text:
            return
        formatter.write_paragraph()
        indent = " " * (formatter.current_indent + 2)
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        width = formatter.width - len(indent)
        formatter.write(
            "\n\n".join("\n".join(indent + line for line in _wrap(p, width)) for p in paragraphs)
            + "\n"
        )

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), getattr(param, "help", None) or ""))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    _write_rows(formatter, rows)


def _argument_name(param: Any) -> str:
    name = str(param.metavar or (param.name or "").upper())
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


# Modules under summarizer/cli/ that register commands on `app` when imported, in the order
# `summarizer -h` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "summarize",
    "brief",
    "track_cmd",
    "review_cmd",
    "chunks",
    "numbers_cmd",
    "cache_cmd",
    "schema_cmd",
)


def _register() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"summarizer.cli.{name}")


def package_version() -> str:
    try:
        return version(PROG)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {package_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Verified, structured summaries of Chinese local-government work reports.

    Exit codes, for every command: 0 done; 1 done, but some reports failed; 2 an error (bad
    option, input or output), nothing more done; 130 interrupted (Ctrl-C).
    """


def _usage_line(exc: ClickException) -> str:
    """A usage error as one line, with where to read more: `error: No such option: --fromat
    (see summarizer summarize -h)`."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else PROG
    return f"error: {message} (see {where} -h)"


def _run(argv: list[str] | None) -> int:
    try:
        code = app(args=argv, prog_name=PROG, standalone_mode=False)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except typer.Abort:
        # A prompt ended by Ctrl-C or Ctrl-D.
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _NO_ARGS as exc:
        print(exc.format_message())
        return 0
    except ClickException as exc:
        print(_usage_line(exc), file=sys.stderr)
        return EXIT_ERROR
    return code if isinstance(code, int) else 0


def _terminated(signum: int, frame: object) -> None:
    # `kill`, a closing terminal's supervisor, a CI timeout: stop as Ctrl-C stops, keeping
    # every report that finished and writing no half file. Delivered as SIGINT, so that inside
    # asyncio.run its own Ctrl-C handling cancels the run cleanly (a KeyboardInterrupt raised
    # here would surface in a task and print its traceback).
    signal.raise_signal(signal.SIGINT)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line on stderr and one of the documented exit codes."""
    _register()
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = _run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # `summarizer … | head`: the reader went away; not an error of ours. Point stdout at
        # nothing so that the interpreter's own flush at exit does not complain again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)
