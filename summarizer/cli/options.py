"""The options every command that summarises reports takes, defined once.

`summarize`, `brief`, `flags` and `review` all may run the pipeline (and so the LLM): each is
decorated with `@run_options`, which adds the same options to its signature (after its own)
and hands them to it as one `RunOptions`. A new setting added here reaches every command.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler

from summarizer.config import (
    MODES,
    Settings,
    llm_defaults_used,
    load_settings,
    provider_notice,
)
from summarizer.errors import OutputError
from summarizer.files import check_output_path


class ProviderChoice(StrEnum):
    rules = "rules"
    llm = "llm"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What the shared options said; None means "not given" (environment, config file or the
    default decides)."""

    provider: ProviderChoice | None = None
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    mode: str | None = None
    concurrency: int | None = None
    timeout: float | None = None
    max_tokens: int | None = None
    context_window: int | None = None
    cache: Path | None = None
    no_cache: bool = False
    config: Path | None = None
    lang: Lang | None = None
    quiet: bool = False
    verbose: bool = False

    def settings(self) -> Settings:
        """Flags > environment > TOML file > defaults (`summarizer.config`)."""
        return load_settings(
            {
                "provider": self.provider.value if self.provider else None,
                "model": self.model,
                "base_url": self.base_url,
                "api_key": self.api_key,
                "mode": self.mode,
                "concurrency": self.concurrency,
                "timeout": self.timeout,
                "max_tokens": self.max_tokens,
                "context_window": self.context_window,
                "cache_path": str(self.cache) if self.cache else None,
                "no_cache": True if self.no_cache else None,
                "config": str(self.config) if self.config else None,
                "lang": self.lang.value if self.lang else None,
            }
        )

    def announce(self, settings: Settings, err: Console) -> None:
        """Before any work: which provider runs (the LLM: which model at which endpoint).
        `-q` silences it, except when the LLM would ask a model nobody named."""
        if not self.quiet or llm_defaults_used(settings):
            err.print(provider_notice(settings), markup=False, style="dim", soft_wrap=True)
        if self.verbose:
            err.print(describe_settings(settings), markup=False, style="dim", soft_wrap=True)


@contextlib.contextmanager
def steps_shown(verbose: bool, err: Console) -> Iterator[None]:
    """`-v`: what a provider does on the way (splits to fit, halved replies, re-asks, retries),
    as it happens, above the progress bar, while the block runs."""
    if not verbose:
        yield
        return
    handler = RichHandler(
        console=err, show_time=False, show_level=False, show_path=False, markup=False
    )
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("summarizer")
    before = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(before)


def describe_settings(settings: Settings) -> str:
    """What `--verbose` says about the run; names where the key came from, never the key."""
    bits = [f"provider={settings.provider}"]
    if settings.provider == "llm":
        bits += [
            f"endpoint={settings.endpoint}",
            f"model={settings.effective_model}",
            f"mode={settings.effective_mode}",
            f"concurrency={settings.concurrency}",
            f"timeout={'auto' if settings.timeout is None else f'{settings.timeout:g}s'}",
            f"max_tokens={settings.max_tokens}",
            f"context_window={settings.context_window or 'auto'}",
            f"key={'from ' + (settings.api_key_source or '?') if settings.api_key else 'none'}",
        ]
    bits.append(f"cache={'off' if settings.no_cache else settings.cache_path}")
    bits.append(f"lang={settings.lang}")
    if settings.config_file:
        bits.append(f"config={settings.config_file}")
    return "settings: " + " ".join(bits)


# name → (annotation, default), in the order help lists them; names match RunOptions' fields.
_OPTIONS: dict[str, tuple[Any, Any]] = {
    "provider": (
        Annotated[
            ProviderChoice | None,
            typer.Option(
                metavar="rules|llm",
                help="rules: offline, the default. llm: sends each section to the endpoint.",
                show_default=False,
            ),
        ],
        None,
    ),
    "model": (
        Annotated[
            str | None,
            typer.Option(
                metavar="MODEL",
                help="model name at the endpoint (needed for any endpoint but OpenAI's own)",
            ),
        ],
        None,
    ),
    "base_url": (
        Annotated[
            str | None,
            typer.Option(
                metavar="URL",
                help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                "(default: OpenAI's)",
            ),
        ],
        None,
    ),
    "api_key": (
        Annotated[
            str | None,
            typer.Option(
                metavar="KEY",
                help="API key; better in SUMMARIZER_API_KEY or OPENAI_API_KEY",
            ),
        ],
        None,
    ),
    "mode": (
        Annotated[
            str | None,
            typer.Option(
                metavar="MODE",
                help=f"instructor mode: {', '.join(MODES)} (default: chosen per endpoint)",
            ),
        ],
        None,
    ),
    "concurrency": (
        Annotated[
            int | None,
            typer.Option(metavar="N", help="sections sent at once (default: 4)"),
        ],
        None,
    ),
    "timeout": (
        Annotated[
            float | None,
            typer.Option(
                metavar="SECONDS",
                help="without a token before a request is given up (default: 60; the "
                "first token may take 60 + 1 per 10 prompt tokens)",
            ),
        ],
        None,
    ),
    "max_tokens": (
        Annotated[
            int | None,
            typer.Option(metavar="N", help="most tokens one reply may take (default: 4096)"),
        ],
        None,
    ),
    "context_window": (
        Annotated[
            int | None,
            typer.Option(
                metavar="N",
                help="the endpoint's context size in tokens (default: what the server says)",
            ),
        ],
        None,
    ),
    "cache": (
        Annotated[
            Path | None,
            typer.Option(metavar="PATH", help="cache database (default: the user cache folder)"),
        ],
        None,
    ),
    "no_cache": (
        Annotated[bool, typer.Option("--no-cache", help="neither read nor write the cache")],
        False,
    ),
    "config": (
        Annotated[Path | None, typer.Option(metavar="FILE", help="TOML settings file")],
        None,
    ),
    "lang": (
        Annotated[
            Lang | None,
            typer.Option(
                metavar="zh|en",
                help="language of labels and messages in the output (default: zh)",
                show_default=False,
            ),
        ],
        None,
    ),
    "quiet": (
        Annotated[
            bool,
            typer.Option("--quiet", "-q", help="no progress and no provider line on stderr"),
        ],
        False,
    ),
    "verbose": (
        Annotated[
            bool,
            typer.Option(
                "--verbose",
                "-v",
                help="say which settings are used and what the provider does on the way (stderr)",
            ),
        ],
        False,
    ),
}
assert set(_OPTIONS) == {f.name for f in fields(RunOptions)}

F = TypeVar("F", bound=Callable[..., Any])
E = TypeVar("E", bound=StrEnum)


def format_for(
    output: Path | None,
    given: E | None,
    default: E,
    suffixes: Mapping[str, E],
    hint: str,
    refused: Callable[[str], str | None] = lambda suffix: None,
) -> E:
    """A command's output format: -f, else the suffix of -o, else `default`. A suffix that names
    another format than -f, one `refused` has a reason for, or one no format has (without -f),
    is a one-line error before any report is read."""
    if output is None:
        return given or default
    check_output_path(output)
    suffix = output.suffix.lower()
    named = suffixes.get(suffix)
    if named is not None:
        if given is not None and given is not named:
            raise OutputError(
                output,
                f"the suffix {suffix} means {named.value} but --format says {given.value}; "
                "drop one or make them agree",
            )
        return named
    reason = refused(suffix)
    if reason is not None:
        raise OutputError(output, reason)
    if given is None:
        what = f"the suffix {suffix!r}" if suffix else "a name without a suffix"
        raise OutputError(output, f"cannot tell the format from {what}; {hint}, or pass --format")
    return given


def run_options(func: F) -> F:
    """Give a command the shared options: its own parameter `run: RunOptions` is replaced, in
    the signature typer reads, by one parameter per option, gathered back into a RunOptions
    when the command runs."""
    signature = inspect.signature(func, eval_str=True)
    own = [p for name, p in signature.parameters.items() if name != "run"]
    shared = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
        )
        for name, (annotation, default) in _OPTIONS.items()
    ]

    @functools.wraps(func)
    def command(**kwargs: Any) -> Any:
        run = RunOptions(**{name: kwargs.pop(name) for name in _OPTIONS})
        return func(run=run, **kwargs)

    parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + shared
    command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    del command.__wrapped__  # typer must read the signature above, not the function's own
    return command  # type: ignore[return-value]
