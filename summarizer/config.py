"""Settings from flags, environment and an optional TOML file.

Precedence: flags > environment > TOML config file > defaults. The config file is the one named
by `--config`, else `SUMMARIZER_CONFIG`, else `<user config dir>/summarizer/config.toml` when it
exists.

The rules provider is the default: a report goes to an LLM only when the user chose the `llm`
provider (flag, config file or `SUMMARIZER_PROVIDER`). An `OPENAI_API_KEY` that merely sits in
the environment is read (so `--provider llm` works without repeating it) but never acted on.

This module knows no stage; it imports nothing from the rest of the package but the errors.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from summarizer.errors import ConfigError

APP_NAME = "summarizer"
CACHE_FILENAME = "cache.sqlite3"
# The model used when the endpoint is OpenAI's own and no model was named.
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
# Seconds without a token before a streamed reply is given up, unless --timeout says otherwise.
DEFAULT_SILENCE = 60.0
# The slowest prompt reading the automatic first-token wait allows for, in tokens per second: a
# CPU server reads the whole prompt before it writes anything (a 1.5B model on two shared cores
# reads about 40 a second).
SLOWEST_PROMPT_READ = 10.0

# instructor modes that make sense against an OpenAI-compatible chat endpoint. Kept as names so
# that reading the settings does not import instructor (slow) for the rules provider.
MODES: tuple[str, ...] = ("TOOLS", "JSON", "MD_JSON", "JSON_SCHEMA")

ProviderName = Literal["rules", "llm"]


class Settings(BaseModel):
    """Everything a run needs to know. Immutable; derive variants with `model_copy(update=…)`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: ProviderName = "rules"
    # None = OpenAI's own endpoint (the openai client's default).
    base_url: str | None = None
    # Never printed, logged or written anywhere: SecretStr keeps it out of repr and dumps.
    api_key: SecretStr | None = None
    model: str | None = None
    # instructor mode name; None = chosen per endpoint by `resolve_mode`.
    mode: str | None = None
    concurrency: int = Field(default=4, ge=1, le=256)
    # Seconds without a token before a request is given up (replies are streamed, so a slow
    # model that keeps writing is never cut). None = automatic: DEFAULT_SILENCE between tokens,
    # and for the first token that plus the time a slow CPU server takes to read the prompt.
    timeout: float | None = Field(default=None, gt=0, le=3600)
    temperature: float = Field(default=0.0, ge=0, le=2)
    # The most a reply may take; each request asks for less when the context window has less
    # room left after its prompt.
    max_tokens: int = Field(default=4096, ge=16, le=200_000)
    # Prompt + reply tokens the endpoint holds at once. None = what the server says about
    # itself (llama.cpp's /props, Ollama, vLLM), else an assumption that is said once.
    context_window: int | None = Field(default=None, ge=512, le=10_000_000)
    # List the section's figures (found by the numbers stage) in the prompt as candidates: on a
    # real small model it cut invented figures and looping sections to about none, in less
    # time (bench/llm_candidates.py; the README has the runs).
    candidates: bool = True
    # Network retries (429, 5xx, timeouts, connection errors) per request.
    max_retries: int = Field(default=4, ge=0, le=20)
    # instructor re-asks after a reply that fails validation.
    validation_retries: int = Field(default=2, ge=0, le=10)
    cache_path: Path = Field(default_factory=lambda: default_cache_path())
    no_cache: bool = False
    lang: Literal["zh", "en"] = "zh"
    # model → (prompt, completion) price per 1k tokens; turns usage into cost.
    prices: dict[str, tuple[float, float]] = Field(default_factory=dict)
    # The TOML file the settings were read from, if any (for `--verbose` and error messages).
    config_file: Path | None = None
    # Where the API key came from ("--api-key", "SUMMARIZER_API_KEY", "OPENAI_API_KEY", "config").
    api_key_source: str | None = None

    @field_validator("mode", mode="before")
    @classmethod
    def _known_mode(cls, value: object) -> object:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError("must be a mode name")
        name = value.strip().upper().replace("-", "_")
        if name not in MODES:
            raise ValueError(f"unknown instructor mode; choose one of {', '.join(MODES)}")
        return name

    @field_validator("base_url", mode="before")
    @classmethod
    def _http_url(cls, value: object) -> object:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise ValueError("must be a URL")
        parsed = urlparse(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("must be an http(s) URL such as http://127.0.0.1:8080/v1")
        return value.strip().rstrip("/")

    @field_validator("model", mode="before")
    @classmethod
    def _blank_model(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and any(
            c.isspace() or not c.isprintable() for c in value.strip()
        ):
            # It could not go into an HTTP header; say so here rather than "cannot connect".
            raise ValueError("must not contain spaces, line breaks or control characters")
        return value.strip() if isinstance(value, str) else value

    @field_validator("timeout", "temperature")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_validator("prices")
    @classmethod
    def _non_negative_prices(
        cls, value: dict[str, tuple[float, float]]
    ) -> dict[str, tuple[float, float]]:
        for model, (prompt, completion) in value.items():
            if prompt < 0 or completion < 0 or not math.isfinite(prompt + completion):
                raise ValueError(f"price for {model} must be two non-negative numbers")
        return value

    # ------------------------------------------------------------------ derived views

    @property
    def effective_model(self) -> str | None:
        """The model a request names: the chosen one, or OpenAI's default on OpenAI's endpoint."""
        if self.model:
            return self.model
        if endpoint_kind(self.base_url) == "openai":
            return DEFAULT_OPENAI_MODEL
        return None

    @property
    def effective_mode(self) -> str:
        return self.mode or resolve_mode(self.base_url, self.model)

    @property
    def endpoint(self) -> str:
        """The endpoint as it goes into cache keys and outputs (never carries the key)."""
        return self.base_url or "https://api.openai.com/v1"

    @property
    def silence_limit(self) -> float:
        """Seconds without a token, once the reply has begun, before giving up."""
        return self.timeout if self.timeout is not None else DEFAULT_SILENCE

    def first_token_limit(self, prompt_tokens: int) -> float:
        """Seconds to wait for the first token of a reply to a prompt of this size. A timeout
        the user chose applies as given; the automatic one grows with the prompt."""
        if self.timeout is not None:
            return self.timeout
        return DEFAULT_SILENCE + max(0, prompt_tokens) / SLOWEST_PROMPT_READ

    def price_for(self, model: str | None) -> tuple[float, float] | None:
        if model is None:
            return None
        return self.prices.get(model)

    def cost(self, model: str | None, prompt_tokens: int, completion_tokens: int) -> float | None:
        price = self.price_for(model)
        if price is None:
            return None
        return (prompt_tokens * price[0] + completion_tokens * price[1]) / 1000.0


# --------------------------------------------------------------------------- endpoints and modes


def endpoint_kind(base_url: str | None) -> str:
    """Guess the server family from its URL: openai, deepseek, dashscope, ollama, vllm,
    llamacpp or other. Only the mode default depends on it; `--mode` overrides."""
    if base_url is None:
        return "openai"
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    port = parsed.port
    if host.endswith("openai.com"):
        return "openai"
    if "deepseek" in host:
        return "deepseek"
    if "dashscope" in host or "aliyuncs" in host:
        return "dashscope"
    if "ollama" in host or port == 11434:
        return "ollama"
    if "vllm" in host or port == 8000:
        return "vllm"
    if "llama" in host or port == 8080:
        return "llamacpp"
    return "other"


# TOOLS for OpenAI and llama.cpp's server (it turns the function schema into a grammar and
# answers `response_format: json_schema` with HTTP 500); JSON where the server has neither tool
# calling nor json_schema; JSON_SCHEMA where the server constrains decoding by schema.
_MODE_BY_KIND = {
    "openai": "TOOLS",
    "llamacpp": "TOOLS",
    "deepseek": "JSON",
    "dashscope": "JSON",
    "ollama": "JSON_SCHEMA",
    "vllm": "JSON_SCHEMA",
    "other": "TOOLS",
}


def resolve_mode(base_url: str | None, model: str | None = None) -> str:
    """The instructor mode name to use against an endpoint when the user named none."""
    del model  # the endpoint decides today; kept so a model family can later refine it
    return _MODE_BY_KIND[endpoint_kind(base_url)]


# --------------------------------------------------------------------------- default paths


def default_cache_path() -> Path:
    # platformdirs honours XDG_CACHE_HOME on Linux only; users set it elsewhere too.
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) / APP_NAME if xdg else platformdirs.user_cache_path(APP_NAME)
    return base / CACHE_FILENAME


def default_config_path() -> Path:
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg) / APP_NAME if xdg else platformdirs.user_config_path(APP_NAME)
    return base / "config.toml"


# --------------------------------------------------------------------------- loading

# Environment variables, in order of preference for the same setting (first set one wins).
ENV_VARS: dict[str, tuple[str, ...]] = {
    "provider": ("SUMMARIZER_PROVIDER",),
    "model": ("SUMMARIZER_MODEL",),
    "base_url": ("SUMMARIZER_BASE_URL", "OPENAI_BASE_URL"),
    "api_key": ("SUMMARIZER_API_KEY", "OPENAI_API_KEY"),
    "mode": ("SUMMARIZER_MODE",),
    "concurrency": ("SUMMARIZER_CONCURRENCY",),
    "timeout": ("SUMMARIZER_TIMEOUT",),
    "context_window": ("SUMMARIZER_CONTEXT_WINDOW",),
    "cache_path": ("SUMMARIZER_CACHE",),
}

# Keys the TOML file may use besides the field names (people write `cache = …`).
_TOML_ALIASES = {"cache": "cache_path", "key": "api_key"}
_NOT_FROM_TOML = frozenset({"config_file", "api_key_source"})


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Settings from flags (`overrides`; None values mean "not given") > environment > TOML
    file > defaults. `overrides["config"]` names the TOML file, as `--config` does.

    Raises ConfigError with a one-line message for a bad value, an unknown key or a malformed
    config file.
    """
    flags = {k: v for k, v in (overrides or {}).items() if v is not None}
    config_flag = flags.pop("config", None)

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    config_file = _config_file(config_flag)
    if config_file is not None:
        for key, value in _read_toml(config_file).items():
            values[key] = value
            sources[key] = str(config_file)
        values["config_file"] = config_file

    for key, names in ENV_VARS.items():
        for name in names:
            raw = os.environ.get(name)
            if raw is not None and raw.strip():
                values[key] = raw.strip()
                sources[key] = name
                break

    unknown = sorted(set(flags) - set(Settings.model_fields) - _NOT_FROM_TOML)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}")
    for key, value in flags.items():
        values[key] = value
        sources[key] = _flag_name(key)

    if "api_key" in values:
        values["api_key_source"] = sources.get("api_key")
    if "cache_path" in values:
        values["cache_path"] = _expand_path(values["cache_path"], sources.get("cache_path"))

    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise _config_error(exc, values, sources) from None


def _config_file(flag: object) -> Path | None:
    if flag is not None:
        path = Path(str(flag)).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    env = os.environ.get("SUMMARIZER_CONFIG")
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path} (from SUMMARIZER_CONFIG)")
        return path
    path = default_config_path()
    try:
        return path if path.is_file() else None
    except OSError as exc:  # a config folder this user may not enter: EACCES is not "absent"
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    # A `[summarizer]` table is accepted too, so the file can live inside a bigger one.
    if isinstance(data.get("summarizer"), dict):
        data = data["summarizer"]
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = _TOML_ALIASES.get(key, key)
        if name not in Settings.model_fields or name in _NOT_FROM_TOML:
            raise ConfigError(f"{path}: unknown setting {key!r}")
        if name == "cache_path" and isinstance(value, str):
            # A relative cache path in a config file means relative to that file.
            candidate = Path(value).expanduser()
            value = candidate if candidate.is_absolute() else path.parent / candidate
        out[name] = value
    return out


def _expand_path(value: object, source: str | None) -> object:
    if isinstance(value, str | Path):
        text = str(value).strip()
        if not text:
            raise ConfigError(f"empty cache path (from {source})")
        return Path(text).expanduser()
    return value


def _flag_name(key: str) -> str:
    return {"cache_path": "--cache"}.get(key, "--" + key.replace("_", "-"))


def _config_error(
    exc: ValidationError, values: Mapping[str, Any], sources: Mapping[str, str]
) -> ConfigError:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "settings"
    message = err["msg"].removeprefix("Value error, ")
    source = sources.get(field)
    where = f" (from {source})" if source else ""
    if field == "api_key":
        # Never echo a key back, not even a malformed one.
        return ConfigError(f"bad api_key{where}: {message}")
    shown = values.get(field)
    return ConfigError(f"bad {field} {shown!r}{where}: {message}")


# --------------------------------------------------------------------------- notices


def provider_notice(settings: Settings) -> str:
    """The one stderr line that says which provider runs: for the rules provider how to choose
    the LLM; for the LLM which model at which endpoint it is about to ask (see `llm_notice`).

    Mentions a found API key by the variable that holds it, never by value.
    """
    if settings.provider == "llm":
        return llm_notice(settings)
    if settings.api_key is not None and settings.api_key_source in (
        "OPENAI_API_KEY",
        "SUMMARIZER_API_KEY",
    ):
        return (
            f"provider: rules (offline). {settings.api_key_source} is set but not used; "
            "pass --provider llm (or SUMMARIZER_PROVIDER=llm) to send reports to the LLM."
        )
    return (
        "provider: rules (offline). To use an LLM: --provider llm --model MODEL "
        "[--base-url URL], with the key in SUMMARIZER_API_KEY or OPENAI_API_KEY."
    )


def llm_defaults_used(settings: Settings) -> bool:
    """True when the LLM provider would ask a model nobody named (OpenAI's default model on
    OpenAI's endpoint): the CLI says so before the first request even under --quiet."""
    return settings.provider == "llm" and settings.model is None


def llm_notice(settings: Settings) -> str:
    """`provider: llm · model gpt-4o-mini (default; choose with --model) · endpoint
    https://api.openai.com/v1 (default; choose with --base-url) · mode TOOLS · key from
    OPENAI_API_KEY`: what the run is about to use, and which parts nobody chose."""
    model = settings.effective_model or "(none)"
    if settings.model is None:
        model += " (default; choose with --model)"
    endpoint = settings.endpoint
    if settings.base_url is None:
        endpoint += " (default; choose with --base-url)"
    key = f"key from {settings.api_key_source}" if settings.api_key is not None else "no key"
    return (
        f"provider: llm · model {model} · endpoint {endpoint} · mode {settings.effective_mode}"
        f" · {key}"
    )
