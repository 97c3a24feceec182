"""Every fixed word a briefing prints, in Chinese (default) and English.

The briefing model carries no prose; each format looks its words up here so Markdown, HTML,
DOCX and the chart always say the same thing in the same language.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer.labels import FIGURE_MARK, FIGURE_STATUS, LANGS, Lang
from summarizer.models import format_decimal

__all__ = ["LANGS", "Lang", "labels", "signed_change", "span_label", "status_text", "term"]

_ZH: dict[str, str] = {
    "title": "工作报告简报",
    "generated": "生成时间",
    "reports": "报告",
    "issuers": "发布机构",
    "periods": "时期",
    "engine": "提取方式",
    "prompt": "提示词版本",
    "figures": "数字核对",
    "figures_line": "共 {total} 个数字：核对通过 {verified}，待核 {flagged}，已人工复核 {reviewed}",
    "report": "报告",
    "issuer": "发布机构",
    "period": "时期",
    "file": "文件",
    "headline": "主要指标",
    "metric": "指标",
    "value": "数值",
    "unit": "单位",
    "change": "变化",
    "status": "核对",
    "achievements": "主要成绩",
    "targets": "下阶段目标",
    "target": "目标",
    "problems": "存在问题",
    "none": "无",
    "across": "跨报告对比",
    "comparison": "共有指标对比",
    "comparison_note": "同一指标按统一口径（规范指标名）与同类时期（半年/全年）比较，不同时期不排名。",
    "rank": "同期排名",
    "period_kind": "时期类型",
    "growth": "增速",
    "target_comparison": "共有指标的目标",
    "target_for": "目标时期",
    "recurring": "多份报告共有的问题",
    "area": "领域",
    "chart": "增速与目标",
    "chart_title": "共有指标增速与目标（%）",
    "chart_target": "目标",
    "flagged": "待核数字",
    "flagged_none": "没有待核数字。",
    "claim": "所报数字",
    "reason": "原因",
    "source": "原文",
    "corrected_from": "原为",
    "legend": "标记：✓ 核对通过　⚑ 待核　✎ 已人工更正　☑ 已人工确认",
    "span_Y": "全年",
    "span_H1": "上半年",
    "span_H2": "下半年",
    "span_none": "时期不明",
    "increase": "增长",
    "decrease": "下降",
    "flat": "持平",
    "csv_note": "对比表已写入",
}

_EN: dict[str, str] = {
    "title": "Work report briefing",
    "generated": "Generated",
    "reports": "Reports",
    "issuers": "Issuers",
    "periods": "Periods",
    "engine": "Extraction",
    "prompt": "Prompt version",
    "figures": "Figure checks",
    "figures_line": "{total} figures: {verified} verified, {flagged} flagged, {reviewed} reviewed by a person",
    "report": "Report",
    "issuer": "Issuer",
    "period": "Period",
    "file": "File",
    "headline": "Headline figures",
    "metric": "Metric",
    "value": "Value",
    "unit": "Unit",
    "change": "Change",
    "status": "Check",
    "achievements": "Key achievements",
    "targets": "Targets for the coming period",
    "target": "Target",
    "problems": "Problems",
    "none": "none",
    "across": "Across reports",
    "comparison": "Shared headline metrics",
    "comparison_note": "Figures are compared only under one canonical metric and the same kind of period (half year vs full year); figures of different periods are never ranked together.",
    "rank": "Rank (same period)",
    "period_kind": "Period kind",
    "growth": "Growth",
    "target_comparison": "Targets for the shared metrics",
    "target_for": "Target period",
    "recurring": "Problems raised by several reports",
    "area": "Area",
    "chart": "Growth rates and targets",
    "chart_title": "Growth of shared metrics and targets (%)",
    "chart_target": "target",
    "flagged": "Figures to check",
    "flagged_none": "No figure needs checking.",
    "claim": "Claimed",
    "reason": "Why",
    "source": "Source text",
    "corrected_from": "was",
    "legend": "Marks: ✓ verified  ⚑ flagged  ✎ corrected in review  ☑ accepted in review",
    "span_Y": "full year",
    "span_H1": "first half",
    "span_H2": "second half",
    "span_none": "period unknown",
    "increase": "up",
    "decrease": "down",
    "flat": "flat",
    "csv_note": "comparison table written to",
}

# Category and problem-area names are Chinese in the data; English readers get these.
_EN_TERMS: dict[str, str] = {
    "经济发展": "Economic development",
    "项目建设": "Projects",
    "城市建设与管理": "Urban development and management",
    "民生保障": "Livelihoods and public services",
    "社会治理与安全": "Governance and safety",
    "党建与政府建设": "Party building and government",
    "其他": "Other",
    "营商环境": "Business environment",
    "城乡建设": "Urban and rural development",
    "安全与治理": "Safety and governance",
    "队伍建设": "Cadres and capacity",
    "生态环境": "Environment",
}

# Statuses of figures are shared with the terminal and the review screens (summarizer.labels).
_ZH.update({f"status_{status}": zh for status, (zh, _) in FIGURE_STATUS.items()})
_EN.update({f"status_{status}": en for status, (_, en) in FIGURE_STATUS.items()})


def labels(lang: str) -> dict[str, str]:
    return _EN if lang == "en" else _ZH


def term(text: str, lang: str) -> str:
    """A category or area name in the briefing's language."""
    return _EN_TERMS.get(text, text) if lang == "en" else text


def span_label(span: str | None, lang: str) -> str:
    return labels(lang)[f"span_{span}" if span in {"Y", "H1", "H2"} else "span_none"]


def status_text(status: str, lang: str) -> str:
    return f"{FIGURE_MARK[status]} {labels(lang)[f'status_{status}']}"


def signed_change(amount: Decimal | None, unit: str | None, lang: str) -> str:
    """`+10.6%`, `−6.2%`, `+0.5个百分点` (`+0.5 pp` in English)."""
    if amount is None:
        return ""
    sign = "+" if amount > 0 else ("−" if amount < 0 else "±")
    text = format_decimal(abs(amount))
    if unit == "个百分点" and lang == "en":
        return f"{sign}{text} pp"
    return f"{sign}{text}{unit or ''}"
