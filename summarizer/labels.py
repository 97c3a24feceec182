"""What a person reads for a check status, a review decision and a flag's state, in Chinese and
English, and the colour each is shown in. Data only.

The ids (`metric_mismatch`, `accept`, `stale`) are what JSON carries and `--status` takes; the
labels are what screens and documents print: the terminal summary, `flags`, `review` and the
briefings all look their words up here, so a status reads the same everywhere. English labels
of check statuses are the ids themselves, so what an English screen shows can be typed back
into `--status`.

The messages a check carries (why a figure is flagged, with the source's words) are here too.

Imports nothing from the package: any floor may read it.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

# Check status id → Chinese label (models.CheckStatus, in the order the checker decides them).
STATUS_ZH: dict[str, str] = {
    "verified": "已核对",
    "rounded": "已核对(取整)",
    "derived": "推算",
    "qualifier_mismatch": "限定词不符",
    "unit_mismatch": "单位不符",
    "scale_mismatch": "量级不符",
    "sign_mismatch": "方向不符",
    "derived_mismatch": "推算有误",
    "metric_mismatch": "指标错配",
    "not_found": "原文未见",
    "quote_not_found": "引文未见",
}

# The colour a status is shown in: green holds, cyan computed, yellow worth a look, red wrong.
STATUS_STYLE: dict[str, str] = {
    "verified": "green",
    "rounded": "green",
    "derived": "cyan",
    "qualifier_mismatch": "yellow",
    "unit_mismatch": "red",
    "scale_mismatch": "red",
    "sign_mismatch": "red",
    "derived_mismatch": "red",
    "metric_mismatch": "yellow",
    "not_found": "red",
    "quote_not_found": "red",
}

# What a review decision made of a check (`Check.review`) and the state of a flag
# (`FlagRecord.state`): id → (Chinese, English).
STATE: dict[str, tuple[str, str]] = {
    "open": ("待核", "open"),
    "stale": ("决定已过时", "stale"),
    "accepted": ("已确认", "accepted"),
    "rejected": ("已剔除", "rejected"),
    "corrected": ("已更正", "corrected"),
}

STATE_STYLE: dict[str, str] = {
    "open": "bold",
    "stale": "yellow",
    "accepted": "green",
    "rejected": "red",
    "corrected": "green",
}

# Review actions: the key typed, the decision id, and its label (Chinese, English). The English
# labels start with their key, so the prompt reads [a]ccept [r]eject ….
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("a", "accept", "确认", "accept"),
    ("r", "reject", "剔除", "reject"),
    ("c", "correct", "更正", "correct"),
    ("s", "skip", "跳过", "skip"),
    ("q", "quit", "退出", "quit"),
)

# A briefing's five kinds of figure (brief_model's status): id → (Chinese, English), and mark.
FIGURE_STATUS: dict[str, tuple[str, str]] = {
    "verified": ("已核对", "verified"),
    "accepted": ("已确认", "accepted"),
    "corrected": ("已更正", "corrected"),
    "flagged": ("待核", "flagged"),
    "unchecked": ("未核对", "not checked"),
}
FIGURE_MARK: dict[str, str] = {
    "verified": "✓",
    "accepted": "☑",
    "corrected": "✎",
    "flagged": "⚑",
    "unchecked": "·",
}

# The fixed words of the `flags` and `review` screens.
SCREEN: dict[str, tuple[str, str]] = {
    "report": ("报告", "report"),
    "where": ("位置", "where"),
    "claim": ("说法", "claim"),
    "status": ("状态", "status"),
    "message": ("说明", "message"),
    "state": ("处理", "state"),
    "source": ("原文", "source"),
    "found": ("核对所见", "matched"),
    "stale_was": ("原决定", "stale"),
    "stale_line": ("{decision}（当时说法：{claim}）", "{decision} (claim then: {claim})"),
    "skipped_before": ("此前已跳过", "skipped before"),
    "no_open_flags": ("没有待核数字", "no open flags"),
    "no_flags": ("没有核对标记", "no flags"),
    "flags_title": ("{reports} 份报告中有 {n} 个待核数字", "{n} open flags in {reports} report(s)"),
    "all_flags_title": ("{reports} 份报告中有 {n} 个核对标记", "{n} flags in {reports} report(s)"),
    "nothing_to_review": ("没有需要复核的数字", "nothing to review: no open flags"),
    "type_a_key": ("请输入 a、r、c、s 或 q", "type a, r, c, s or q"),
    "value_prompt": (
        "正确数值（如 15.93亿元、增长10.6%）",
        "right value (e.g. 15.93亿元, 增长10.6%)",
    ),
    "saved": ("已保存：{what}", "saved: {what}"),
    "decided": ("{what} {n} 项", "{n} {what}"),
    "no_decisions": ("未作决定", "no decisions"),
    "still_open": ("还有 {n} 项待核", "{n} still open"),
    "and": ("，", ", "),
    "then": ("；", "; "),
    "run_again": ("再次运行 summarizer review 继续", "run `summarizer review` again to continue"),
    "took_unit": (
        "未写单位，按原说法的单位记为 {value}",
        "no unit given: taken in the claim's unit as {value}",
    ),
    # Corrections refused (summarizer.review.read_correction).
    "needs_value": ("更正需要填写正确的数值", "a correction needs the right value"),
    "not_a_figure": ("不是数字：{value}", "not a figure: {value}"),
    "wrong_dimension": (
        "{value} 是{kind}，原说法的单位 {claim_unit} 是{claim_kind}：请用同类单位",
        "{value} is {kind}, but the claim is {claim_kind} ({claim_unit}): give a value in a "
        "unit of that kind",
    ),
    "dim_money": ("金额", "a sum of money"),
    "dim_rate": ("比率", "a rate"),
    "dim_area": ("面积", "an area"),
    "dim_length": ("长度", "a length"),
    "dim_mass": ("重量", "a weight"),
    "dim_time": ("时长", "a duration"),
    "dim_count": ("数量", "a count"),
}


# What became of a target (track_rows.TrackStatus): id → (Chinese, English), and its colour.
TRACK_STATUS: dict[str, tuple[str, str]] = {
    "met": ("完成", "met"),
    "missed": ("未完成", "missed"),
    "no outcome reported": ("未见结果", "no outcome reported"),
    "not comparable": ("不可比", "not comparable"),
}
TRACK_STYLE: dict[str, str] = {
    "met": "green",
    "missed": "red",
    "no outcome reported": "dim",
    "not comparable": "yellow",
}
# The words of the track table and the briefing's 目标完成情况 section.
TRACK_WORDS: dict[str, tuple[str, str]] = {
    "title": ("目标完成情况", "Targets and outcomes"),
    "issuer": ("发布机构", "Issuer"),
    "metric": ("指标", "Metric"),
    "period": ("时期", "Period"),
    "target": ("目标", "Target"),
    "outcome": ("实际", "Outcome"),
    "status": ("结果", "Status"),
    "rule": ("依据", "Rule"),
    "source": ("出处", "Source"),
    "notes": ("说明", "Notes"),
    "growth": ("增长", "growth"),
    "none": (
        "没有可追踪的目标（需同一发布机构的目标与其后报告的结果）。",
        "No target to track (it takes a target and a later report of the same issuer).",
    ),
    "counts": (
        "共 {rows} 项目标：完成 {met}，未完成 {missed}，未见结果 {none}，不可比 {nc}",
        "{rows} targets: {met} met, {missed} missed, {none} without a reported outcome, {nc} not comparable",
    ),
    "flagged": ("⚑ 数字待核", "⚑ figure flagged"),
}


# The rule a track row names (track_rows.TrackRow.rule, written in English) read in Chinese:
# phrase by phrase, longest first.
TRACK_RULE_ZH: tuple[tuple[str, str], ...] = (
    ("the report's own words: ", "报告自述："),
    ("the target states no figure", "目标没有数值"),
    ("a range: outcome ≥ its low end", "区间：实际 ≥ 下限"),
    ("a ceiling (以内): outcome ≤ target", "上限（以内）：实际 ≤ 目标"),
    ("左右 (a ceiling): outcome ≤ target + ", "左右（上限）：实际 ≤ 目标 + "),
    ("左右 (a cut): outcome falls by ≥ target − ", "左右（降幅）：实际降幅 ≥ 目标 − "),
    ("a cut: outcome falls by ≥ target", "降幅：实际降幅 ≥ 目标"),
    ("outcome ≥ target − ", "实际 ≥ 目标 − "),
    ("outcome ≥ target", "实际 ≥ 目标"),
    ("0.5 percentage points", "0.5个百分点"),
    ("5% of the target", "目标的5%"),
    ("the target is a growth in ", "目标为增速（"),
    ("the target is a level in ", "目标为总量（"),
    ("; the outcome a growth in ", "），实际为增速（"),
    ("; the outcome a level in ", "），实际为总量（"),
    ("no unit", "无单位"),
)


def track_rule(rule: str | None, lang: str = "zh") -> str:
    if not rule or lang != "zh":
        return rule or ""
    for english, chinese in TRACK_RULE_ZH:
        rule = rule.replace(english, chinese)
    return rule + ("）" if "实际为" in rule else "")


def track_word(word: str, lang: str = "zh") -> str:
    return pick(TRACK_WORDS[word], lang)


def track_status_label(status: str, lang: str = "zh") -> str:
    return pick(TRACK_STATUS.get(status, (status, status)), lang)


def pick(pair: tuple[str, str], lang: str) -> str:
    """The Chinese or the English word of a (zh, en) pair."""
    return pair[1] if lang == "en" else pair[0]


def status_label(status: str, lang: str = "zh") -> str:
    """`指标错配` (zh) or `metric_mismatch` (en) for a check status id."""
    return status if lang == "en" else STATUS_ZH.get(status, status)


def state_label(state: str, lang: str = "zh") -> str:
    return pick(STATE[state], lang) if state in STATE else state


def action_label(decision: str, lang: str = "zh") -> str:
    for _key, ident, zh, en in ACTIONS:
        if ident == decision:
            return en if lang == "en" else zh
    return decision


def action_prompt(lang: str = "zh") -> str:
    """`[a]确认 [r]剔除 [c]更正 [s]跳过 [q]退出`, or `[a]ccept [r]eject …` in English."""
    if lang == "en":
        return " ".join(f"[{key}]{en[1:]}" for key, _ident, _zh, en in ACTIONS)
    return " ".join(f"[{key}]{zh}" for key, _ident, zh, _en in ACTIONS)


def screen(word: str, lang: str = "zh", **values: object) -> str:
    text = pick(SCREEN[word], lang)
    return text.format(**values) if values else text


def figure_status_label(status: str, lang: str = "zh") -> str:
    return pick(FIGURE_STATUS[status], lang)


# --------------------------------------------------------------------------- check messages

# One message per check status (and two variants: a figure not found but with a nearest
# mention, a derived figure that could not be recomputed). `{src}` is the source's words for the
# mention, `{note}` the arithmetic that reproduces a derived figure.
CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    "verified": ("与原文一致：{src}", "matches the source: {src}"),
    "rounded": ("原文为{src}，摘要按所列精度取整", "source prints {src}; the claim is it rounded"),
    "derived": ("由原文数字计算得出：{note}", "computed from source figures: {note}"),
    "derived_unchecked": (
        "标为计算所得，但无法由原文数字复算",
        "marked as computed, but no source figures reproduce it",
    ),
    "derived_mismatch": (
        "标为计算所得，但原文数字算不出该值",
        "marked as computed, but the source figures do not give this value",
    ),
    "qualifier_mismatch": (
        "限定词不符：原文为{src}",
        "qualifier differs: the source says {src}",
    ),
    "unit_mismatch": ("单位不符：原文为{src}", "unit differs: the source says {src}"),
    "scale_mismatch": (
        "数量级不符：原文为{src}",
        "order of magnitude differs: the source says {src}",
    ),
    "sign_mismatch": ("增减方向相反：原文为{src}", "direction is reversed: the source says {src}"),
    "metric_mismatch": (
        "该数字在原文中属于另一指标：{src}",
        "this number belongs to another metric in the source: {src}",
    ),
    "not_found": ("原文中找不到该数字", "this figure is not in the source"),
    "not_found_near": (
        "原文中找不到该数字（最接近：{src}）",
        "this figure is not in the source (nearest: {src})",
    ),
    "quote_not_found": ("引文在原文中找不到", "the quoted evidence is not in the source"),
}
