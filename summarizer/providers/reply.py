"""A model's reply to one section: the schema it is asked to fill, the JSON read back out of
what it wrote, and the short list of what was wrong with it when it must be asked again."""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Callable
from typing import Any, Self

from pydantic import ValidationError, ValidationInfo, model_validator
from pydantic_core import from_json

from summarizer.models import Achievement, ChunkResult, Problem, Target
from summarizer.numbers import parse_quantities
from summarizer.verify.claims import to_decimal
from summarizer.verify.matching import in_scale
from summarizer.verify.reask import numbers_not_in_text

# The tool's description as the model reads it: the rules are in the system prompt.
_TOOL_DESCRIPTION = "本章节的成绩（achievements）、目标（targets）和问题（problems）"
# The fields a model must write; the others it may leave out when they are null (or false):
# `"value_hi": null, "qualifier": null, "derived": false` on every figure is a fifth of a
# reply, minutes on a CPU model. `fill_defaults` puts them back before validation.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "Achievement": ("summary", "category", "metrics", "evidence"),
    "Metric": ("name", "value", "unit", "raw"),
    "Change": ("direction", "amount", "unit"),
    "Target": ("summary", "metric", "evidence"),
    "Problem": ("summary", "evidence"),
}
_DEFAULTS: dict[str, dict[str, Any]] = {
    "Metric": {
        "value_hi": None,
        "qualifier": None,
        "change": None,
        "raw": None,
        "derived": False,
        "unit": None,
        "value": None,
    },
    "Change": {"direction": None, "amount": None, "unit": None, "basis": None},
    "Target": {"metric": None, "qualifier": None, "period": None},
    "Problem": {"area": None},
}
# Items of one reply are kept without the ones that fail validation when these are at most
# this share of them: one bad figure is not worth asking for the whole reply again.
SALVAGE_SHARE = 0.5
# At most this many validation errors are sent back, each cut to this many characters.
MAX_ERRORS = 8
_ERROR_CHARS = 160
_log = logging.getLogger(__name__)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)(?:```|$)", re.S)


def _numbers_check() -> Callable[[ChunkResult, str], list[str]] | None:
    # The re-ask hook of the cross-check: "is each claimed number in the section at all?"
    # (verify/reask.py needs only the numbers stage, so a provider may ask it).
    return numbers_not_in_text


class SectionExtraction(ChunkResult):
    """本章节的成绩、目标和问题。"""

    # ChunkResult plus one validator: figures the section text does not contain trigger ONE
    # re-ask with the list of them. On the second reply the claims are kept — the cross-check
    # flags them — so a doubtful number never makes a section fail.

    @model_validator(mode="after")
    def _figures_stand_in_source(self, info: ValidationInfo) -> Self:
        context = info.context
        if not isinstance(context, dict) or context.get("numbers_reasked"):
            return self
        text = context.get("section_text")
        check = _numbers_check()
        if not text or check is None:
            return self
        # A figure without a value (the model named something that has no number) gives the
        # re-ask nothing to fix; the cross-check still looks at it later.
        missing = check(_with_values_only(self), text)
        if missing:
            context["numbers_reasked"] = True
            listed = "; ".join(missing[:20])
            raise ValueError(
                "以下数字在章节原文中找不到，请只使用原文中印出的数字并照抄原文写法"
                f"（自己计算的数字须标 derived=true）：{listed}"
            )
        return self

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        # What the model is sent, in every instructor mode. A local server renders it into the
        # prompt (Qwen's template with \u-escaped Chinese), where pydantic's titles and English
        # field descriptions cost ~1,000 tokens of a 4k window and say nothing the rules don't.
        schema = compact_schema(super().model_json_schema(*args, **kwargs))
        for name, required in _REQUIRED.items():
            schema["$defs"][name]["required"] = list(required)
        schema["title"] = cls.__name__
        schema["description"] = _TOOL_DESCRIPTION
        return schema


def _with_values_only(result: ChunkResult) -> ChunkResult:
    achievements = [
        a.model_copy(update={"metrics": [m for m in a.metrics if m.value is not None]})
        for a in result.achievements
    ]
    targets = [
        t.model_copy(update={"metric": None})
        if t.metric is not None and t.metric.value is None
        else t
        for t in result.targets
    ]
    return ChunkResult(achievements=achievements, targets=targets, problems=result.problems)


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The same JSON Schema without titles and descriptions, with `anyOf [X, null]` of a plain
    type written as `type: [X, "null"]` and of an enum as the enum with null in it. It
    validates exactly the same documents."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {
            key: walk(value)
            for key, value in node.items()
            if not (key in ("title", "description") and isinstance(value, str))
        }
        options = out.get("anyOf")
        if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
            other = next(o for o in options if o != {"type": "null"})
            plain = isinstance(other, dict) and isinstance(other.get("type"), str)
            if plain and "enum" in other and set(other) <= {"type", "enum"}:
                # The enum alone says it all; with a type list beside it llama.cpp's grammar
                # builder takes the types and lets any string through.
                del out["anyOf"]
                out["enum"] = [*other["enum"], None]
            elif plain and set(other) == {"type"}:
                del out["anyOf"]
                out["type"] = [other["type"], "null"]
        return out

    return dict(walk(copy.deepcopy(schema)))


class ReplyCut(Exception):
    """The reply's JSON stops part-way: it was cut at the token limit, whatever the server
    said (llama-cpp-python reports finish_reason "tool_calls" for a cut tool call)."""


def parse_reply(text: str, context: dict[str, Any]) -> SectionExtraction:
    """The reply as a validated SectionExtraction. Raises ReplyCut for JSON that stops
    part-way, ValidationError or ValueError for anything else wrong with it."""
    payload = text.strip()
    fenced = _FENCE.search(payload)
    if fenced and not payload.startswith("{"):
        payload = fenced.group(1).strip()
    start = payload.find("{")
    if start < 0:
        raise ValueError("输出中没有 JSON 对象")
    payload = payload[start:]
    try:
        data = from_json(payload)
    except ValueError as exc:
        if "EOF while parsing" in str(exc):
            raise ReplyCut(str(exc)) from None
        if "trailing characters" not in str(exc):
            raise ValueError(f"输出不是有效的 JSON：{exc}") from None
        # Prose or a closing fence after the object.
        data = from_json(payload[: payload.rfind("}") + 1])
    # A reply that wraps the object the way a tool call does: {"name": …, "arguments": {…}}.
    if isinstance(data, dict) and set(data) == {"name", "arguments"}:
        data = data["arguments"]
        if isinstance(data, str):
            data = from_json(data)
    data = fill_defaults(data)
    try:
        return SectionExtraction.model_validate(data, context=context)
    except ValidationError:
        saved = salvage(data, context)
        if saved is None:
            raise
        result, dropped = saved
        _log.info(
            "kept a reply without %d item(s) that failed validation: %s", len(dropped), dropped[0]
        )
        return result


def fill_defaults(data: Any) -> Any:
    """The reply with the fields a model may leave out put back (null, or false for
    `derived`); anything that is not the expected shape is left for validation to name."""
    if not isinstance(data, dict):
        return data
    for key in ("achievements", "targets", "problems"):
        data.setdefault(key, [])
    for item in _dicts(data.get("achievements")):
        item.setdefault("metrics", [])
        for metric in _dicts(item.get("metrics")):
            _fill_metric(metric)
    for item in _dicts(data.get("targets")):
        for key, value in _DEFAULTS["Target"].items():
            item.setdefault(key, value)
        if isinstance(item.get("metric"), dict):
            _fill_metric(item["metric"])
    for item in _dicts(data.get("problems")):
        for key, value in _DEFAULTS["Problem"].items():
            item.setdefault(key, value)
    return data


def _fill_metric(metric: dict[str, Any]) -> None:
    for key, value in _DEFAULTS["Metric"].items():
        metric.setdefault(key, value)
    _complete_from_raw(metric)
    if isinstance(metric.get("change"), dict):
        for key, value in _DEFAULTS["Change"].items():
            metric["change"].setdefault(key, value)


def _complete_from_raw(metric: dict[str, Any]) -> None:
    """The qualifier and unit a model left empty, read from its own quote of the figure.

    A small model copies 国内生产总值增长7.5%以上 into `raw` and writes value 7.5 with no
    qualifier and no unit: the figure it means is 7.5%以上, and checked as a bare exact 7.5 it
    would be flagged for a qualifier it did quote. Only the figure of `raw` printed with the
    very value is read; a field the model did fill is never changed.
    """
    value, raw = metric.get("value"), metric.get("raw")
    if isinstance(value, bool) or not isinstance(value, int | float) or not isinstance(raw, str):
        return
    if metric.get("qualifier") and metric.get("unit"):
        return
    claimed = to_decimal(value)
    for mention in parse_quantities(raw):
        if in_scale(mention, mention.scale) != claimed:
            continue
        if not metric.get("qualifier") and mention.qualifier:
            metric["qualifier"] = mention.qualifier
        if not metric.get("unit") and (mention.unit or mention.scale):
            metric["unit"] = f"{mention.scale or ''}{mention.unit or ''}"
        return


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def salvage(data: Any, context: dict[str, Any]) -> tuple[SectionExtraction, list[str]] | None:
    """The reply without its items that fail validation, and a line for each dropped one;
    None when more than SALVAGE_SHARE of them fail (or none does, or the shape is wrong)."""
    if not isinstance(data, dict):
        return None
    kept: dict[str, list[Any]] = {}
    dropped: list[str] = []
    total = 0
    for key, model in (("achievements", Achievement), ("targets", Target), ("problems", Problem)):
        items = data.get(key)
        if not isinstance(items, list):
            return None
        kept[key] = []
        for n, item in enumerate(items):
            total += 1
            try:
                kept[key].append(model.model_validate(item).model_dump())
            except ValidationError as exc:
                dropped.append(f"{key}[{n}]: " + error_lines(exc)[0])
    if not dropped or len(dropped) > SALVAGE_SHARE * total:
        return None
    return SectionExtraction.model_validate(kept, context=context), dropped


def example_json(result: ChunkResult) -> str:
    """A worked example's output as the model should write it: the fields it may leave out
    left out when they are null (or false)."""
    data = result.model_dump(mode="json")
    optional = {
        "Metric": set(_DEFAULTS["Metric"]) - set(_REQUIRED["Metric"]),
        "Change": set(_DEFAULTS["Change"]) - set(_REQUIRED["Change"]),
        "Target": set(_DEFAULTS["Target"]) - set(_REQUIRED["Target"]),
        "Problem": set(_DEFAULTS["Problem"]) - set(_REQUIRED["Problem"]),
    }

    def prune(item: dict[str, Any], kind: str) -> dict[str, Any]:
        return {k: v for k, v in item.items() if not (k in optional[kind] and v in (None, False))}

    def metric(m: dict[str, Any]) -> dict[str, Any]:
        m = prune(m, "Metric")
        if isinstance(m.get("change"), dict):
            m["change"] = prune(m["change"], "Change")
        return m

    for item in data["achievements"]:
        item["metrics"] = [metric(m) for m in item["metrics"]]
    data["targets"] = [prune(t, "Target") for t in data["targets"]]
    for t in data["targets"]:
        if isinstance(t.get("metric"), dict):
            t["metric"] = metric(t["metric"])
    data["problems"] = [prune(p, "Problem") for p in data["problems"]]
    return json.dumps(_plain_numbers(data), ensure_ascii=False, separators=(",", ":"))


def _plain_numbers(node: Any) -> Any:
    # 12 as the source prints it, not 12.0.
    if isinstance(node, float) and node.is_integer():
        return int(node)
    if isinstance(node, list):
        return [_plain_numbers(n) for n in node]
    if isinstance(node, dict):
        return {k: _plain_numbers(v) for k, v in node.items()}
    return node


def error_lines(exc: Exception) -> list[str]:
    """What was wrong with a reply, one short line each, at most MAX_ERRORS."""
    if not isinstance(exc, ValidationError):
        return [_clip(str(exc))]
    lines = []
    for error in exc.errors()[:MAX_ERRORS]:
        where = _location(error.get("loc", ()))
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        lines.append(_clip(f"{where}: {message}" if where else message))
    hidden = exc.error_count() - len(lines)
    if hidden > 0:
        lines.append(f"另有 {hidden} 处同类错误")
    return lines


def trim(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The start of `text`, at most `limit` tokens, marked when something was cut."""
    if count(text) <= limit:
        return text
    if limit <= 0:
        return ""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if count(text[:mid]) + 8 <= limit:
            low = mid
        else:
            high = mid - 1
    return text[:low] + "……（后略）"


def _location(loc: Any) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _clip(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _ERROR_CHARS else line[: _ERROR_CHARS - 1] + "…"
