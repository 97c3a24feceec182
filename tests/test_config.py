"""Settings: flags > environment > TOML file > defaults, and the key never leaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import (
    DEFAULT_OPENAI_MODEL,
    default_cache_path,
    endpoint_kind,
    llm_defaults_used,
    load_settings,
    provider_notice,
    resolve_mode,
)
from summarizer.errors import ConfigError


def test_defaults_are_offline_rules_in_user_cache_dir(tmp_path: Path) -> None:
    settings = load_settings({})
    assert settings.provider == "rules"
    assert settings.concurrency == 4
    # Silence, not total time: 60 s without a token (more for the first, see config.py).
    assert settings.timeout is None and settings.silence_limit == 60.0
    assert settings.context_window is None and settings.candidates is True
    assert settings.temperature == 0.0
    assert settings.max_tokens == 4096
    assert settings.no_cache is False
    # conftest points XDG_CACHE_HOME into tmp: the default honours it.
    assert settings.cache_path == default_cache_path()
    assert "userdirs" in str(settings.cache_path)
    assert settings.cache_path.name == "cache.sqlite3"


def test_flags_beat_environment_beat_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        'provider = "llm"\nmodel = "from-file"\nconcurrency = 7\ntemperature = 0.3\n'
        'base_url = "http://file.example/v1"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(cfg))
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    settings = load_settings({"model": None, "concurrency": 2})
    assert settings.provider == "llm"  # file only
    assert settings.model == "from-env"  # env beats file; a None flag is "not given"
    assert settings.concurrency == 2  # flag beats file
    assert settings.temperature == 0.3
    assert settings.base_url == "http://file.example/v1"
    assert settings.config_file == cfg
    assert load_settings({"model": "from-flag"}).model == "from-flag"


def test_default_config_file_in_user_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    (config_home / "summarizer").mkdir(parents=True)
    (config_home / "summarizer" / "config.toml").write_text(
        '[summarizer]\nmodel = "qwen2.5:7b"\ncache = "c/here.sqlite3"\n'
        '[summarizer.prices]\n"qwen2.5:7b" = [0.001, 0.002]\n',
        encoding="utf-8",
    )
    settings = load_settings({})
    assert settings.model == "qwen2.5:7b"
    # A relative cache path in a config file is relative to the file.
    assert settings.cache_path == config_home / "summarizer" / "c" / "here.sqlite3"
    assert settings.cost("qwen2.5:7b", 1000, 500) == pytest.approx(0.002)
    assert settings.cost("other", 1000, 500) is None


def test_cache_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE", str(tmp_path / "env.sqlite3"))
    assert load_settings({}).cache_path == tmp_path / "env.sqlite3"
    flag = load_settings({"cache_path": str(tmp_path / "flag.sqlite3")})
    assert flag.cache_path == tmp_path / "flag.sqlite3"


def test_summarizer_vars_beat_openai_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.openai.com/v1/")
    s = load_settings({})
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-openai-secret"
    assert s.api_key_source == "OPENAI_API_KEY"
    assert s.base_url == "https://api.openai.com/v1"  # trailing slash dropped
    monkeypatch.setenv("SUMMARIZER_API_KEY", "sk-own")
    monkeypatch.setenv("SUMMARIZER_BASE_URL", "http://127.0.0.1:8080/v1")
    s = load_settings({})
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-own"
    assert s.base_url == "http://127.0.0.1:8080/v1"


def test_key_in_environment_does_not_choose_the_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-do-not-print-me")
    settings = load_settings({})
    assert settings.provider == "rules"
    notice = provider_notice(settings)
    assert notice is not None
    assert "OPENAI_API_KEY" in notice and "--provider llm" in notice
    assert "sk-do-not-print-me" not in notice
    assert "\n" not in notice
    # Choosing the LLM is what turns it on; the notice then says what it is about to ask, and
    # which of it nobody chose.
    monkeypatch.setenv("SUMMARIZER_PROVIDER", "llm")
    chosen = load_settings({})
    assert chosen.provider == "llm" and llm_defaults_used(chosen)
    notice = provider_notice(chosen)
    assert notice == (
        "provider: llm · model gpt-4o-mini (default; choose with --model) · endpoint "
        "https://api.openai.com/v1 (default; choose with --base-url) · mode TOOLS · "
        "key from OPENAI_API_KEY"
    )
    assert "sk-do-not-print-me" not in notice
    named = load_settings({"model": "qwen2.5:7b", "base_url": "http://127.0.0.1:11434/v1"})
    assert not llm_defaults_used(named)
    assert provider_notice(named) == (
        "provider: llm · model qwen2.5:7b · endpoint http://127.0.0.1:11434/v1 · "
        "mode JSON_SCHEMA · key from OPENAI_API_KEY"
    )


def test_rules_notice_without_key_says_how_to_choose_llm() -> None:
    notice = provider_notice(load_settings({}))
    assert notice is not None and "rules" in notice and "--provider llm" in notice


def test_key_never_in_repr_or_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings({"api_key": "sk-very-secret", "provider": "llm"})
    assert settings.api_key_source == "--api-key"
    assert "sk-very-secret" not in repr(settings)
    assert "sk-very-secret" not in str(settings.model_dump())
    assert "sk-very-secret" not in settings.model_dump_json()


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"provider": "gpt"}, "provider"),
        ({"concurrency": 0}, "concurrency"),
        ({"timeout": -1}, "timeout"),
        ({"temperature": 5}, "temperature"),
        ({"mode": "telepathy"}, "mode"),
        ({"base_url": "localhost:8080"}, "base_url"),
        ({"lang": "fr"}, "lang"),
        ({"nonsense": 1}, "nonsense"),
    ],
)
def test_bad_values_are_one_line_config_errors(overrides: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(overrides)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message


def test_bad_env_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_PROVIDER", "chatgpt")
    with pytest.raises(ConfigError, match="SUMMARIZER_PROVIDER"):
        load_settings({})


def test_bad_api_key_error_does_not_echo_it() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"api_key": ["sk-listed-secret"]})
    assert "sk-listed-secret" not in str(info.value)
    assert "api_key" in str(info.value)


def test_malformed_and_unknown_config_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('provider = "llm\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings({"config": str(bad)})
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("modle = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="modle"):
        load_settings({"config": str(unknown)})
    with pytest.raises(ConfigError, match="not found"):
        load_settings({"config": str(tmp_path / "missing.toml")})


@pytest.mark.parametrize(
    ("base_url", "kind", "mode"),
    [
        (None, "openai", "TOOLS"),
        ("https://api.openai.com/v1", "openai", "TOOLS"),
        ("http://127.0.0.1:8080/v1", "llamacpp", "TOOLS"),
        ("https://api.deepseek.com/v1", "deepseek", "JSON"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "dashscope", "JSON"),
        ("http://localhost:11434/v1", "ollama", "JSON_SCHEMA"),
        ("http://gpu-box:8000/v1", "vllm", "JSON_SCHEMA"),
    ],
)
def test_mode_chosen_per_endpoint(base_url: str | None, kind: str, mode: str) -> None:
    assert endpoint_kind(base_url) == kind
    assert resolve_mode(base_url) == mode
    settings = load_settings({"base_url": base_url})
    assert settings.effective_mode == mode
    # --mode overrides, case-insensitively.
    assert load_settings({"base_url": base_url, "mode": "md_json"}).effective_mode == "MD_JSON"


def test_effective_model_defaults_only_on_openai() -> None:
    assert load_settings({}).effective_model == DEFAULT_OPENAI_MODEL
    assert load_settings({"base_url": "http://127.0.0.1:8080/v1"}).effective_model is None
    assert load_settings({"model": "deepseek-chat"}).effective_model == "deepseek-chat"


def test_context_window_from_flag_environment_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("context_window = 8192\ncandidates = false\n", encoding="utf-8")
    assert load_settings({"config": str(cfg)}).context_window == 8192
    assert load_settings({"config": str(cfg)}).candidates is False
    monkeypatch.setenv("SUMMARIZER_CONTEXT_WINDOW", "16384")
    assert load_settings({"config": str(cfg)}).context_window == 16384
    assert load_settings({"config": str(cfg), "context_window": 4096}).context_window == 4096
    with pytest.raises(ConfigError, match="context_window"):
        load_settings({"context_window": 100})
