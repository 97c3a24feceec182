"""ReportSummary → what a person reads: rich panels and tables in the terminal, or Markdown."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.headline import MAX_ROWS, headline_figures
from summarizer.labels import STATUS_STYLE, state_label, status_label
from summarizer.models import (
    CATEGORIES,
    OK_STATUSES,
    AchievementItem,
    Change,
    Check,
    Metric,
    ReportSummary,
    format_decimal,
)
from summarizer.render.figure_text import with_qualifier
from summarizer.render.wrap import Wrapped

# At most this many figures in the terminal's headline table (chosen and ranked by
# summarizer/headline, as the briefings' are); JSON output has them all.
HEADLINE_ROWS = MAX_ROWS


def number_text(value: float | None) -> str:
    """A model float printed the way the source would print it (15.93, not 15.930000000000001)."""
    if value is None:
        return ""
    return format_decimal(Decimal(repr(value)))


def metric_value_text(metric: Metric) -> str:
    """`近50场`, `15.93亿元`, `6%-6.5%`: qualifier, value (range), unit."""
    if metric.value is None:
        return metric.raw or ""
    value = number_text(metric.value)
    if metric.value_hi is not None:
        value = f"{value}-{number_text(metric.value_hi)}"
    return with_qualifier(value, metric.unit, metric.qualifier)


def change_text(change: Change | None, qualifier: str | None = None) -> str:
    """`同比增长10.6%`; `qualifier` is the figure's own when the figure is only a change
    (营利性服务业综合收入同比增长超40%)."""
    if change is None or change.amount is None:
        return ""
    word = {"increase": "增长", "decrease": "下降", "flat": "持平"}.get(change.direction or "", "")
    basis = change.basis or ""
    return f"{basis}{word}{with_qualifier(number_text(change.amount), change.unit, qualifier)}"


def metric_change_text(metric: Metric) -> str:
    return change_text(metric.change, metric.qualifier if metric.value is None else None)


def check_index(summary: ReportSummary) -> dict[tuple[str, str], Check]:
    return {(check.item_id, check.field): check for check in summary.checks}


def figure_check(checks: dict[tuple[str, str], Check], item_id: str, field: str) -> Check | None:
    """The check that speaks for a figure: its value's, unless its change is the one flagged
    (or the figure is a change only, as in 规上工业总产值同比增长25%)."""
    value = checks.get((item_id, field))
    change = checks.get((item_id, f"{field}.change"))
    if value is None or (change is not None and change.is_flag and change.review is None):
        return change or value
    return value


def check_label(check: Check | None, lang: str = "zh") -> str:
    """What the check of a figure says to a reader: its status, or the review's decision."""
    if check is None:
        return "—"
    if check.review in {"corrected", "accepted"}:
        return state_label(check.review, lang)
    return status_label(check.status, lang)


def _status_cell(check: Check | None) -> Text:
    if check is None:
        return Text("—", style="dim")
    mark = (
        "✓ " if check.status in OK_STATUSES or check.review in {"accepted", "corrected"} else "⚑ "
    )
    style = "green" if check.review in {"accepted", "corrected"} else STATUS_STYLE[check.status]
    return Text(mark + check_label(check), style=style)


def display_title(summary: ReportSummary) -> str:
    """The report's title, or (when the page printed none) who reported on which period."""
    meta = summary.report
    if meta.title:
        return meta.title
    reviewed = meta.review_period or meta.plan_period
    named = "".join(part for part in (meta.issuer, reviewed and reviewed.label) if part)
    if named:
        return f"{named}工作报告（原文无标题）"
    return meta.path or "（无标题）"


def _header(summary: ReportSummary) -> Panel:
    meta = summary.report
    lines = Text()
    lines.append(display_title(summary), style="bold")
    facts = [
        ("发布", meta.issuer),
        ("类别", " · ".join(x for x in (meta.kind, meta.level) if x) or None),
        ("时期", meta.period_text()),
        ("日期", meta.published.isoformat() if meta.published else None),
        ("文件", meta.path),
    ]
    for label, value in facts:
        if value:
            lines.append(f"\n{label}：", style="dim")
            lines.append(value)
    figures = [c for c in summary.checks if c.field != "evidence"]
    flagged = sum(1 for c in figures if c.is_flag and c.review is None)
    engine = summary.provider + (f" / {summary.model}" if summary.model else "")
    lines.append("\n提取：", style="dim")
    lines.append(
        f"{engine} · {len(summary.sections)} 节 · 成绩 {len(summary.achievements)} · "
        f"目标 {len(summary.targets)} · 问题 {len(summary.problems)} · "
        f"数字 {len(figures)}（核对通过 {len(figures) - flagged}，待核 {flagged}）"
    )
    return Panel(lines, box=box.ROUNDED, border_style="blue")


Cell = str | Text


def _table(
    title: str,
    columns: list[tuple[str, str]],
    rows: list[list[Cell]],
    *,
    show_header: bool = True,
    heavy: bool = False,
) -> Table:
    """A table that narrows by wrapping, never by cutting: `fixed` columns (figures, statuses,
    ids) are as wide as their widest cell and never wrap; `text` columns take the rest and wrap
    Chinese text between characters but never inside a figure (`render.wrap`), instead of
    ending it with `…`. Columns are (header, kind) with kind `fixed`, `fixed-right` or `text`."""
    table = Table(
        title=title,
        box=box.SIMPLE_HEAVY if heavy else box.SIMPLE,
        title_justify="left",
        expand=True,
        show_header=show_header,
    )
    for index, (header, kind) in enumerate(columns):
        if kind == "text":
            table.add_column(header, overflow="fold", ratio=1)
            continue
        cells = [row[index] for row in rows] + ([header] if show_header else [])
        widest = max((cell_len(c.plain if isinstance(c, Text) else c) for c in cells), default=0)
        table.add_column(
            header,
            no_wrap=True,
            min_width=widest,
            justify="right" if kind == "fixed-right" else "left",
        )
    kinds = [kind for _, kind in columns]
    for row in rows:
        table.add_row(
            *(
                Wrapped(c) if kind == "text" and isinstance(c, str) else _text(c)
                for c, kind in zip(row, kinds, strict=True)
            )
        )
    return table


def _text(cell: Cell) -> Text:
    return cell if isinstance(cell, Text) else Text(cell)


def _figures_table(summary: ReportSummary, checks: dict[tuple[str, str], Check]) -> Table:
    figures = sum(len(item.metrics) for item in summary.achievements)
    headline = headline_figures(summary)[:HEADLINE_ROWS]
    cells: list[list[Cell]] = [
        [
            row.metric.name,
            metric_value_text(row.metric),
            metric_change_text(row.metric),
            _status_cell(figure_check(checks, row.item_id, row.field)),
        ]
        for row in headline
    ]
    columns = [("指标", "text"), ("数值", "fixed-right"), ("变化", "fixed"), ("核对", "fixed")]
    table = _table("主要数据", columns, cells, heavy=True)
    if figures > len(headline):
        table.caption = f"另有 {figures - len(headline)} 项数字见各条成绩；全部数字：--format json"
    return table


def _by_rank(summary: ReportSummary) -> list[AchievementItem]:
    """Achievements in the order a reader would take them (summarizer/ranking.py)."""
    return sorted(
        summary.achievements,
        key=lambda a: a.rank if a.rank is not None else len(summary.achievements),
    )


def _achievements(summary: ReportSummary) -> Table:
    grouped = defaultdict(list)
    for item in _by_rank(summary):
        grouped[item.category].append(item)
    rows: list[list[Cell]] = [
        [Text(category if index == 0 else "", style="cyan"), item.summary]
        for category in CATEGORIES
        for index, item in enumerate(grouped.get(category, []))
    ]
    return _table("主要成绩", [("类别", "fixed"), ("内容", "text")], rows, show_header=False)


def _targets(summary: ReportSummary, checks: dict[tuple[str, str], Check]) -> Table:
    rows: list[list[Cell]] = []
    for item in summary.targets:
        value = ""
        if item.metric is not None:
            value = metric_value_text(item.metric) or metric_change_text(item.metric)
        rows.append(
            [
                item.summary,
                value,
                item.period or "",
                _status_cell(figure_check(checks, item.id, "metric")) if item.metric else "",
            ]
        )
    columns = [("目标", "text"), ("指标值", "fixed"), ("时期", "fixed"), ("核对", "fixed")]
    return _table("下阶段目标", columns, rows)


def _problems(summary: ReportSummary) -> Table:
    rows: list[list[Cell]] = [
        [Text(str(index), style="dim"), (f"[{item.area}] " if item.area else "") + item.summary]
        for index, item in enumerate(summary.problems, 1)
    ]
    return _table("存在问题", [("#", "fixed"), ("问题", "text")], rows, show_header=False)


def _flags(summary: ReportSummary) -> Table:
    rows: list[list[Cell]] = [
        [check.item_id, check.claim, _status_cell(check), check.message]
        for check in summary.flags
        if check.review is None
    ]
    columns = [("条目", "fixed"), ("说法", "text"), ("状态", "fixed"), ("说明", "text")]
    return _table("待核数字", columns, rows)


def render_summary(summary: ReportSummary, console: Console) -> None:
    """Print one report's summary: header, figures, achievements, targets, problems, flags."""
    checks = check_index(summary)
    parts: list[Panel | Table | Text] = [_header(summary)]
    if summary.error:
        parts.append(Text(f"错误：{summary.error}", style="bold red"))
    if any(item.metrics for item in summary.achievements):
        parts.append(_figures_table(summary, checks))
    if summary.achievements:
        parts.append(_achievements(summary))
    if summary.targets:
        parts.append(_targets(summary, checks))
    if summary.problems:
        parts.append(_problems(summary))
    if any(check.review is None for check in summary.flags):
        parts.append(_flags(summary))
    failed = [s for s in summary.sections if s.status == "failed"]
    if failed:
        parts.append(
            Text(
                "提取失败的节：" + "，".join(f"{s.id}（{s.error}）" for s in failed),
                style="red",
            )
        )
    usage = summary.usage
    if usage.requests or usage.prompt_tokens:
        cost = f" · 费用 {usage.cost:.4f}" if usage.cost is not None else ""
        parts.append(
            Text(
                f"用量：{usage.requests} 次请求 · 输入 {usage.prompt_tokens} · "
                f"输出 {usage.completion_tokens} tokens · 缓存命中 {usage.cache_hits}{cost}",
                style="dim",
            )
        )
    console.print(Group(*parts))


# Characters Markdown acts on: links and images ([x](javascript:…), ![x](http://tracker)),
# emphasis, code, table pipes. Escaped, report and model text stays text.
_MD_ACTIVE = re.compile(r"([\\`*_\[\]{}#|!~])")


def _md(text: str) -> str:
    """Report text inside Markdown: raw HTML neutralised, link/image/table syntax escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_ACTIVE.sub(r"\\\1", text).replace("\n", " ")


def summary_markdown(summary: ReportSummary) -> str:
    """One report as Markdown (for `summarize --format md`)."""
    checks = check_index(summary)
    meta = summary.report
    out = [f"# {_md(display_title(summary))}", ""]
    facts = [("发布机构", meta.issuer), ("时期", meta.period_text()), ("文件", meta.path)]
    out += [f"- {label}：{_md(value)}" for label, value in facts if value]
    out.append(f"- 提取：{summary.provider}{' / ' + summary.model if summary.model else ''}")
    out.append("")
    rows = [
        (item, index, metric)
        for item in summary.achievements
        for index, metric in enumerate(item.metrics)
    ]
    if rows:
        out += ["## 主要数据", "", "| 指标 | 数值 | 变化 | 核对 |", "|---|---|---|---|"]
        for item, index, metric in rows:
            check = figure_check(checks, item.id, f"metrics[{index}]")
            mark = "" if check is None or not check.is_flag or check.review else "⚑ "
            out.append(
                f"| {_md(metric.name)} | {_md(metric_value_text(metric))} | "
                f"{_md(metric_change_text(metric))} | {mark}{check_label(check)} |"
            )
        out.append("")
    if summary.achievements:
        out += ["## 主要成绩", ""]
        grouped = defaultdict(list)
        for item in _by_rank(summary):
            grouped[item.category].append(item)
        for category in CATEGORIES:
            if grouped.get(category):
                out += [f"### {category}", ""]
                out += [f"- {_md(item.summary)}" for item in grouped[category]]
                out.append("")
    if summary.targets:
        out += ["## 下阶段目标", ""]
        for target in summary.targets:
            value = metric_value_text(target.metric) if target.metric else ""
            out.append(f"- {_md(target.summary)}" + (f"（{_md(value)}）" if value else ""))
        out.append("")
    if summary.problems:
        out += ["## 存在问题", ""]
        out += [f"- {_md(problem.summary)}" for problem in summary.problems]
        out.append("")
    open_flags = [check for check in summary.flags if check.review is None]
    if open_flags:
        out += ["## 待核数字", ""]
        for check in open_flags:
            out.append(f"- ⚑ {check.item_id} {_md(check.claim)}：{_md(check.message)}")
        out.append("")
    return "\n".join(out)
