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
    "comparison_note": "只有同一指标（规范指标名；增速、累计、门槛、占比、人均各算一项）、同一时期、同一范围（省、市、区县、街道）的数字才放在一起排名；目标列在同组之后，不排名。",
    "rank": "同期排名",
    "period_kind": "时期类型",
    "growth": "增速",
    "scope": "范围",
    "n_achievements": "成绩",
    "n_targets": "目标",
    "n_problems": "问题",
    "n_flagged": "待核",
    "item_kind": "类别",
    "kind_achievement": "成绩",
    "kind_target": "目标",
    "overview": "概览",
    "contents": "目录",
    "details": "各报告详情",
    "track_note": "同一发布机构的目标与其后报告所述结果对照；规则见说明文档（以上：实际≥目标；区间：实际≥下限；左右：增速可低0.5个百分点，其他指标可低5%）。",
    "track_unsettled": "尚无后续报告给出结果的目标",
    "groups_folded": "共 {n} 组比较，点击展开。",
    "chart_note": "图中为报告最多的 {shown} 组增速比较（共 {total} 组）；完整数据见上表及 CSV。",
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
    "comparison_note": "A ranking holds one metric (its canonical id; growth, totals over several years, thresholds, shares and per-unit figures each a metric of their own), one period and one scope (province, city, county, street): figures of different periods or scopes are never ranked together. Targets follow their group, unranked.",
    "rank": "Rank (same period)",
    "period_kind": "Period kind",
    "growth": "Growth",
    "scope": "Scope",
    "n_achievements": "Achievements",
    "n_targets": "Targets",
    "n_problems": "Problems",
    "n_flagged": "Flagged",
    "item_kind": "Kind",
    "kind_achievement": "achieved",
    "kind_target": "target",
    "overview": "Overview",
    "contents": "Contents",
    "details": "Report details",
    "track_note": "Each target against the outcome a later report of the same issuer gives; the rules are in the README (以上: outcome ≥ target; a range: ≥ its low end; 左右: growth rates may fall 0.5 percentage points short, other figures 5%).",
    "track_unsettled": "Targets no later report speaks to yet",
    "groups_folded": "{n} comparisons; click to open.",
    "chart_note": "The chart shows the {shown} growth comparisons with the most reports (of {total}); the table above and the CSV hold all of them.",
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
    "省": "province",
    "市": "city",
    "区县": "county / district",
    "街道乡镇": "street / town",
    "部门": "department",
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
