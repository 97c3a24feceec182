"""The versioned prompt files in prompts/<version>/.

In a wheel they live inside the package (hatch force-include maps prompts/ to
summarizer/prompts/); in an editable install they are read from the repository's prompts/.
The files: system.md (rules, with `$example` where the worked examples go), user.md (one
section, `$section_text` and `$candidates`), example.json (worked examples, most useful first:
a small context window gets only the first ones), reask.md (what was wrong with a reply sent back).
The version name and a digest of the files' bytes both go into every cache key, so editing a
prompt without bumping its version still never serves a stale result.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template
from typing import Any

from pydantic import ValidationError

from summarizer.errors import ConfigError
from summarizer.models import ChunkResult, ReportMeta, Role, Section
from summarizer.providers.reply import example_json

PROMPT_VERSION = "extract-v2"
_FILES = ("system.md", "user.md", "example.json", "reask.md")

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
    reask_template: str
    examples: tuple[Example, ...]
    # sha256 of the three files' bytes, shortened: part of the cache key.
    digest: str

    @property
    def system(self) -> str:
        """The system prompt with every worked example."""
        return self.system_with(len(self.examples))

    def system_with(self, examples: int) -> str:
        """The system prompt with the first `examples` worked examples (0: none)."""
        return Template(self.system_template).safe_substitute(
            example=self._examples_text(self.examples[: max(0, examples)])
        )

    def user(
        self,
        section: Section,
        meta: ReportMeta,
        *,
        text: str | None = None,
        candidates: Sequence[str] = (),
    ) -> str:
        """The user message for `section` (or for `text`, a part of it), with the section's
        figures listed when `candidates` holds any."""
        listed = ""
        if candidates:
            lines = "\n".join(f"{n}. {line}" for n, line in enumerate(candidates, 1))
            listed = (
                f"\n原文中的数字（程序找出，按出现顺序；数字——所在分句）：\n{fence_safe(lines)}\n"
            )
        return Template(self.user_template).safe_substitute(
            title=meta.title or "（未知）",
            period=meta.period_text() or "（未知）",
            heading_path=" > ".join(section.heading_path) or "（无标题）",
            role_hint=_ROLE_HINTS[section.role],
            section_text=fence_safe(section.text if text is None else text),
            candidates=listed,
        )

    def messages(
        self,
        section: Section,
        meta: ReportMeta,
        *,
        text: str | None = None,
        examples: int | None = None,
        candidates: Sequence[str] = (),
    ) -> list[dict[str, str]]:
        system = self.system if examples is None else self.system_with(examples)
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": self.user(section, meta, text=text, candidates=candidates)},
        ]

    def reask(self, errors: Sequence[str]) -> str:
        """The message that follows a reply sent back (as the assistant's turn): what is wrong."""
        return Template(self.reask_template).safe_substitute(
            errors="\n".join(f"- {e}" for e in errors)
        )

    @staticmethod
    def _examples_text(examples: Sequence[Example]) -> str:
        parts = []
        for n, example in enumerate(examples, 1):
            parts.append(
                f"示例{n}（章节：{' > '.join(example.heading_path)}；"
                f"章节类型：{_ROLE_HINTS[example.role]}）\n"
                f"原文：{example.section_text}\n"
                f"输出：{example_json(example.result)}"
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
        reask_template=raw["reask.md"].decode("utf-8"),
        examples=examples,
        digest=digest,
    )
