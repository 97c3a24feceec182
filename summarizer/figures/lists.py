"""Lists: the names a 分别 list (or any list of figures) hands out, one to each figure.

Shapes, all read from the same pieces — a list of names and a list of figures of one length:

* A、B分别增长X%、Y%; A、B分别达X个、Y个 (names before 分别, figures after it)
* 分别新认定A、B 30家和200家 (names after 分别, before the figures)
* A X、B Y，分别增长P、Q (the changes take the names of the levels before them)
* 城乡居民人均可支配收入分别为X和Y (an abbreviation stands for both: 城镇…, 农村…)
* A和B占C的比重分别由X和Y提高到Z和W (one list of names, several lists of figures)

A shared head (交通运输业、营利性服务业增加值 → 交通运输业增加值) or a shared subject
(实际利用内资…、外资… → 实际利用外资) is written out in every name.
"""

from __future__ import annotations

from summarizer.clauses import CLOSERS, OPENERS, strip_edges, strip_words
from summarizer.figures.naming import is_occupied_land, strip_tail, without_flow
from summarizer.lexicon import kinds, names
from summarizer.lexicon.metrics import resolve

_NAMES = names()
_KINDS = kinds()
_MIN_HEAD = 2


def split_names(words: str, count: int) -> list[str] | None:
    """`words` as a list of `count` names (A、B; A和B; A、B和C), or None when it is not one.
    Joiners inside brackets and quotes, and words such as 及时, 参与, do not split."""
    for joiners in ("、", "、和及与"):
        parts = _split_at(words, joiners)
        if len(parts) == count:
            return parts
    return None


def _split_at(words: str, joiners: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(words):
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
        elif depth == 0 and ch in joiners:
            pair = words[i : i + 2], words[max(0, i - 1) : i + 1]
            if pair[0] in _NAMES.not_joiners or pair[1] in _NAMES.not_joiners:
                continue
            parts.append(words[start:i])
            start = i + 1
    parts.append(words[start:])
    return [p for p in (strip_edges(part) for part in parts) if p]


def expand_pair(words: str, count: int, *, listed: bool = False) -> list[str] | None:
    """城乡居民人均可支配收入 with two figures → 城镇居民…, 农村居民…; 存贷款余额 → 存款余额,
    贷款余额; 工农业增加值的贡献率 → 工业…, 农业…. `listed`: only abbreviations printed as a
    list themselves (存、贷款), for words that split into a list of their own."""
    for key, members in _NAMES.pairs:
        if listed and "、" not in key:
            continue
        if key in words and len(members) == count:
            return [words.replace(key, member, 1) for member in members]
    return None


def distribute(parts: list[str]) -> list[str]:
    """Write a shared head or subject out in every name of a list.

    交通运输业、营利性服务业增加值 → 交通运输业增加值 (the last name's head after the character
    the one before it ends in); 基本养老、失业、工伤保险参保人数 → 基本养老保险参保人数 (the
    head after a modifier as long as the one before); 户籍人口基本养老、基本医疗保险参保率 → the
    head after the modifier the two share a start with; 新型显示、…、生物制药等行业增加值 →
    the names before 等; 幼儿园公办率、普惠率 → 幼儿园普惠率 (a subject the first one adds)."""
    if len(parts) < 2:
        return parts
    last = parts[-1]
    at = last.find("等")
    if at > 0 and len(last) - at - 1 >= _MIN_HEAD:
        # 新型显示、新能源装备、生物制药等行业增加值: the names are the list, the head is a class.
        return [*parts[:-1], last[:at]]
    head = _shared_head(parts[-2], last, 2 if len(parts) > 2 else 3)
    if head:
        done = [p if p.endswith(head) else p + head for p in parts[:-1]]
        return _spread_scope([*done, last])
    return _shared_subject(parts)


def _shared_head(before: str, last: str, least: int) -> str:
    # The character the name before ends in, standing inside the last name: 运输业 | 服务业增加值.
    at = last.rfind(before[-1], 0, len(last) - _MIN_HEAD)
    if at >= 0:
        return last[at + 1 :]
    # A modifier the two open alike: 户籍人口基本养老 | 基本医疗保险参保率.
    for size in range(min(len(before), 6), 1, -1):
        if before[-size] == last[0] and len(last) - size >= 3:
            return last[size:]
    # A modifier as long as the name before: 失业 | 工伤保险参保人数 (a pair needs a longer
    # head: 个体户和私营企业 shares none).
    if len(before) <= len(last) - least:
        return last[len(before) :]
    return ""


def _shared_subject(parts: list[str]) -> list[str]:
    """幼儿园公办率、普惠率 → 幼儿园普惠率; 实际利用内资、外资 → 实际利用外资; 规上工业总产值、
    增加值 → 规上工业增加值: short later names that end like the first one's measure take the
    first one's subject. A later name that is a metric of its own (工业投资) keeps its words."""
    first = parts[0]
    ends = _NAMES.measure_ends
    out = [first]
    for part in parts[1:]:
        size = len(part)
        subject = first[:-size] if size + 2 <= len(first) else ""
        tail = first[-size:] if subject else ""
        parallel = tail[-1:] == part[-1:] or (tail[-1:] in ends and part[-1:] in ends)
        if subject and size <= 4 and parallel and resolve(part) is None:
            out.append(subject + part)
        else:
            out.append(part)
    return _spread_scope(out)


def _spread_scope(parts: list[str]) -> list[str]:
    """限额以上住宿、餐饮业; 市级以上重点实验室、工程技术中心: a scope word or size class the
    first name opens with governs the list."""
    from summarizer.figures.kinds import scope_of

    scope = scope_of(parts[0])
    at = parts[0].find(scope) if scope else -1
    if scope and 0 <= at <= 3:
        # 新认定市级以上重点实验室、工程技术中心: the verb before it governs the list too.
        lead = parts[0][: at + len(scope)]
        return [parts[0], *(p if scope in p else lead + p for p in parts[1:])]
    return parts


def share_tail(words: str) -> tuple[str, str]:
    """(the names, the share they are of): 经济作物和畜牧业占整个农业的比重 →
    (经济作物和畜牧业, 占整个农业的比重); words with no share → (words, "")."""
    lead = _KINDS.share_lead
    at = words.find(lead)
    while at >= 0 and is_occupied_land(words, at):
        at = words.find(lead, at + 1)
    if at <= 0:
        return words, ""
    # 清洁能源装机和发电量占比全国领先: the share ends with its word (占比), not the sentence.
    end = max((words.rfind(w) + len(w) for w in _KINDS.share if words.rfind(w) >= at), default=-1)
    return words[:at], words[at : end if end > at else len(words)]


def names_each(words: str) -> list[str] | None:
    """The names of a list that one figure is given to each of (一般性支出、“三公”经费、培训费和
    会议费均压减10%; 存、贷款余额均增长17%), as printed; None when the words list fewer than two.
    No head or subject is shared out: each name of such a list is whole (民间投资)."""
    words = strip_words(
        strip_edges(strip_tail(strip_edges(words))),
        _NAMES.lead_words,
        tail=False,
        keep=_NAMES.lead_keep,
    )
    parts = _split_at(words, "、和及与")
    commas = _split_at(words, "、")
    if len(parts) < 2 or any(len(_split_at(p, "和及与")) > 1 for p in commas[:-1]):
        # A、B产业产值和C、D产业营收: lists inside a list, whose heads this does not share out.
        return None
    return expand_pair(words, len(parts), listed=True) or parts


def names_for(words: str, count: int) -> list[str] | None:
    """The `count` names a list's words give, each written out in full; None if they give
    another number of names."""
    words = strip_tail(strip_edges(words))
    words = strip_words(strip_edges(words), _NAMES.lead_words, tail=False, keep=_NAMES.lead_keep)
    if not words:
        return None
    listed, share = share_tail(words)
    pair = expand_pair(listed, count, listed=True)
    if pair is not None:
        return [p + share for p in pair]
    found = split_names(listed, count)
    if found is None:
        pair = expand_pair(listed, count)
        return None if pair is None else [p + share for p in pair]
    names = distribute(found)
    flow = names[0][: len(names[0]) - len(without_flow(names[0]))]
    if flow:
        # 分别新增国家级、自治区级…: the verb is said once for the list.
        names = [names[0], *(n if n.startswith(flow) else flow + n for n in names[1:])]
    return [p + share for p in names]
