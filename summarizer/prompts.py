"""The versioned prompt files in prompts/<version>/: system.md, user.md, example.json.

In a wheel they live inside the package (hatch force-include maps prompts/ to
summarizer/prompts/); in an editable install they are read from the repository's prompts/.
The version name and a digest of the files' bytes both go into every cache key, so editing a
prompt without bumping its version still never serves a stale result.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from typing import Any

from pydantic import ValidationError

from summarizer.errors import ConfigError
from summarizer.models import ChunkResult, ReportMeta, Role, Section

PROMPT_VERSION = "extract-v1"
_FILES = ("system.md", "user.md", "example.json")

_ROLE_HINTS: dict[Role, str] = {
    "review": "工作回顾/成效（主要提取成绩）",
    "plan": "工作计划/目标（主要提取目标）",
    "problems": "存在问题/短板（主要提取问题）",
    "other": "其他（按内容提取）",
}


@dataclass(frozen=True, slots=True)
class Example:
    heading_path: list[str]
    role: Role
    section_text: str
    result: ChunkResult


@dataclass(frozen=True, slots=True)
class PromptSet:
    version: str
    system_template: str
    user_template: str
    examples: tuple[Example, ...]
    # sha256 of the three files' bytes, shortened: part of the cache key.
    digest: str

    @property
    def system(self) -> str:
        return Template(self.system_template).safe_substitute(example=self._examples_text())

    def user(self, section: Section, meta: ReportMeta, *, text: str | None = None) -> str:
        return Template(self.user_template).safe_substitute(
            title=meta.title or "（未知）",
            period=meta.period_text() or "（未知）",
            heading_path=" > ".join(section.heading_path) or "（无标题）",
            role_hint=_ROLE_HINTS[section.role],
            section_text=fence_safe(section.text if text is None else text),
        )

    def messages(self, section: Section, meta: ReportMeta) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user(section, meta)},
        ]

    def _examples_text(self) -> str:
        parts = []
        for n, example in enumerate(self.examples, 1):
            parts.append(
                f"示例{n}（章节：{' > '.join(example.heading_path)}；"
                f"章节类型：{_ROLE_HINTS[example.role]}）\n"
                f"原文：{example.section_text}\n"
                f"输出：{example.result.model_dump_json()}"
            )
        return "\n\n".join(parts)


def fence_safe(text: str) -> str:
    """Report text that cannot close the <<< >>> fence it is sent in: a report carrying `>>>`
    and instructions after it would otherwise put words outside the data. The full-width
    forms fold back to `<`/`>` when a quote is located, so evidence still matches."""
    return text.replace("<<<", "＜＜＜").replace(">>>", "＞＞＞")


def prompt_root() -> Traversable:
    """Where the prompt folders are: inside the installed package, else the repository's."""
    packaged = resources.files("summarizer") / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "prompts"


def available_versions() -> list[str]:
    root = prompt_root()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "system.md").is_file())


@functools.cache
def load_prompts(version: str = PROMPT_VERSION) -> PromptSet:
    """Read and check one prompt version. Raises ConfigError naming the missing or bad file."""
    folder = prompt_root() / version
    if not folder.is_dir():
        known = ", ".join(available_versions()) or "none"
        raise ConfigError(f"prompt version {version!r} not found (available: {known})")
    raw: dict[str, bytes] = {}
    for name in _FILES:
        entry = folder / name
        if not entry.is_file():
            raise ConfigError(f"prompt file missing: {version}/{name}")
        raw[name] = entry.read_bytes()
    digest = hashlib.sha256(b"\0".join(raw[n] for n in _FILES)).hexdigest()[:16]
    try:
        data: dict[str, Any] = json.loads(raw["example.json"].decode("utf-8"))
        examples = tuple(
            Example(
                heading_path=list(item["heading_path"]),
                role=item["role"],
                section_text=item["section_text"],
                result=ChunkResult.model_validate(item["result"]),
            )
            for item in data["examples"]
        )
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        reason = str(exc).splitlines()[0]
        raise ConfigError(f"bad prompt example {version}/example.json: {reason}") from None
    user_template = raw["user.md"].decode("utf-8")
    if "$section_text" not in user_template:
        raise ConfigError(f"prompt {version}/user.md has no $section_text placeholder")
    return PromptSet(
        version=version,
        system_template=raw["system.md"].decode("utf-8"),
        user_template=user_template,
        examples=examples,
        digest=digest,
    )
