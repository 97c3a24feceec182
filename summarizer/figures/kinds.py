"""What kind of quantity a figure is, whether it spans several years, the threshold printed in
its metric, and its catalogue id.

* kind: growth for a change; share for 占…比重 / 占比 / 贡献率; per_unit for 人均 / 亩均 / 每万人;
  total for a running or multi-year sum (累计, 五年新增); level otherwise.
* multi_year: a growth against a year before last (比1997年, 较“十三五”末, 年均, 是1997年的N倍),
  and every total.
* scope: 规上 / 规模以上 / 限额以上 in the name, else a size class such as 亿元以上, 10亿元以上,
  市级以上, 千亩以上.
* metric_id: the catalogue id when the name measures exactly that metric for the whole region
  (lexicon/metrics.py `exact_id`); never for a share or a per-unit figure.
"""

from __future__ import annotations

import re

from summarizer.clauses import strip_edges
from summarizer.figures.model import Figure
from summarizer.figures.naming import with_share_word, without_flow
from summarizer.lexicon import changes, kinds, names, units
from summarizer.lexicon.metrics import exact_id, scope_words

_KINDS = kinds()
_CHANGE_UNITS = units().change_units
_CARRIES = names().carries
# A base year before last, a plan period's end, or a span of several years.
_MULTI_YEAR = re.compile(
    r"(?:比|较|与)(?:(?:19|20)[0-9]{2}年|前[三四五]年|上一个五年"
    r"|[“\"]?(?:" + "|".join(_KINDS.plan_periods) + r")[”\"]?(?:期末|末|时期))"
    r"|是(?:19|20)[0-9]{2}年"
)
_THRESHOLD = re.compile(
    r"(?:[0-9０-９.]+|[一二两三四五六七八九十百千]+)?[万亿千百]*元以[上下]"
    r"|(?:国家|自治区|省|市|县|区|镇|乡)级以[上下]"
    r"|[千百万]亩以[上下]"
)
# 五年新增, 5年新增, 三年来累计, 五年完成…, 五年实际利用外资…: sums over several years.
_YEARS_OF_ADDITIONS = re.compile(
    r"(?:[三四五六七八九十]|[3-9])年(?:来|间)?(?:新增|新建|累计|共|完成|实现|实际|引进|利用|投入)"
)
# New additions in a sentence that looks back over several years are a multi-year total.
_FLOW = ("新增", "新建", "净增", "新开工", "新签约")


def classify(text: str, figure: Figure) -> None:
    name = figure.name
    clause_words = text[figure.clause[0] : figure.start]
    segment = text[figure.segment[0] : figure.segment[1]]
    if (
        not figure.is_change
        and figure.mention.unit in _CHANGE_UNITS
        and (
            name.endswith(("增速", "增幅", "增长率")) or name.endswith(changes().growth_target_ends)
        )
    ):
        # 全市经济增速由2022年的0.8%预计提升至2025年的5.5%: both ends are rates of growth.
        figure.is_change = True
    if figure.is_change:
        figure.kind = "growth"
        lead = figure.lead
        # The clause's words count too where a duration stands before the lead (五年|平均增长
        # 9.5%: 五年 is a figure of its own, so the lead starts after it).
        figure.multi_year = (
            bool(_MULTI_YEAR.search(lead))
            or _KINDS.is_multi_year(lead)
            or _KINDS.is_multi_year(clause_words)
        )
    elif _is_share(name):
        figure.kind = "share"
        figure.name = name = with_share_word(name)
    elif _KINDS.is_per_unit(name):
        figure.kind = "per_unit"
    elif (
        any(word in clause_words for word in _KINDS.total)
        or _YEARS_OF_ADDITIONS.search(clause_words)
        or (
            (name.startswith(_FLOW) or strip_edges(clause_words).startswith(_FLOW))
            and _KINDS.is_multi_year(segment)
        )
    ):
        figure.kind = "total"
        figure.multi_year = True
    else:
        figure.kind = "level"
    figure.scope = scope_of(name) or _carried_scope(text, figure)
    if figure.scope is None and figure.level is not None:
        figure.scope = figure.level.scope
    if figure.kind in ("share", "per_unit") or not name:
        figure.metric_id = None
    elif figure.kind == "growth":
        # The growth of 新增高新技术企业 is the growth of 高新技术企业.
        figure.metric_id = exact_id(without_flow(name), figure.mention.unit)
    else:
        figure.metric_id = exact_id(name, figure.mention.unit)


def _carried_scope(text: str, figure: Figure) -> str | None:
    """全省规模以上工业实现销售收入…，实现利税…; 净增规模以上企业…，其中工业企业570家: a
    figure whose own words only go on with the segment's subject (实现…, 其中…) is under the
    scope word that subject was printed with."""
    words = strip_edges(figure.lead)
    if not words.startswith(_CARRIES):
        return None
    before = text[figure.segment[0] : figure.start]
    found = [(before.rfind(word), word) for word in scope_words() if word in before]
    return max(found)[1] if found else None


def _is_share(name: str) -> bool:
    if _KINDS.is_share(name):
        return True
    at = name.find(_KINDS.share_lead)
    return at > 0 and name[at : at + 2] != "占地"


def scope_of(name: str) -> str | None:
    """规上 / 规模以上 / 限额以上 as printed in the name, else a size class (亿元以上, 市级以上)."""
    for word in scope_words():
        if word in name:
            return word
    found = _THRESHOLD.search(name)
    return found.group() if found else None
