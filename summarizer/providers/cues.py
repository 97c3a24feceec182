"""Cue-word tables for the rules provider.

Kept apart from the logic so that tuning the vocabulary is a data change that leaves
`rules.py` alone. Every table is plain text as printed in 街道/乡镇 work reports; order matters
only where a comment says so.
"""

from __future__ import annotations

from summarizer.models import Category

# ----------------------------------------------------------------------- clause segmentation

# Sentence ends, and the separators that end a clause inside a sentence. The reports mix
# full-width and ASCII punctuation freely.
SENTENCE_ENDS = frozenset("。！？!?\n")
SEGMENT_ENDS = SENTENCE_ENDS | frozenset("；;")
CLAUSE_ENDS = SEGMENT_ENDS | frozenset("，,：:")
# Brackets and quotes: a separator inside them does not end a clause
# (“引进一个、带来一批、发展一片” is one phrase).
OPENERS = "“‘「『（(《【〔["
CLOSERS = "”’」』）)》】〕]"

# ----------------------------------------------------------------------- achievements

# A clause without figures still reports a result when it says one of these.
RESULT_CUES: tuple[str, ...] = (
    "获评",
    "荣获",
    "入选",
    "获得",
    "创成",
    "成功创建",
    "成功承办",
    "通过验收",
    "顺利通过",
    "成功上市",
    "竣工",
    "完工",
    "开园",
    "正式开业",
    "建成投用",
    "签约落地",
    "成功落户",
    "挂牌出让",
    "全面贯通",
)

# A figure clause that begins like this belongs to the achievement before it.
CONTINUATION_STARTS: tuple[str, ...] = (
    "其中",
    "总投资",
    "投资",
    "分别",
    "同比",
    "比上年",
    "较上年",
    "占",
    "均",
    "合计",
    "涉及",
    "罚款",
    "办结率",
    "反馈率",
    "化解率",
)
# Leading words trimmed from a summary so it reads as a clause of its own.
LEADING_CONNECTIVES: tuple[str, ...] = (
    "其中，",
    "其中,",
    "其中",
    "同时，",
    "同时,",
    "同时",
    "此外，",
    "此外,",
    "此外",
    "另外",
    "并且",
    "以及",
    "并",
    "且",
    "和",
)

# ----------------------------------------------------------------------- metric names

# Words that sit between a metric's name and its figure (实现地区生产总值15.93亿元,
# 重点楼宇注册率达89%): stripped from the end of the name. Longest first.
NAME_TAIL_WORDS: tuple[str, ...] = (
    "工作",
    "同比增长",
    "同比下降",
    "比上年增长",
    "比上年下降",
    "累计完成",
    "超额完成",
    "按期完成",
    "控制在",
    "达到了",
    "达到",
    "突破",
    "共计",
    "累计",
    "合计",
    "总计",
    "完成",
    "实现",
    "增长",
    "下降",
    "提高",
    "增加",
    "减少",
    "提升",
    "同比",
    "分别",
    "预计",
    "约为",
    "达",
    "为",
    "至",
    "到",
    "共",
    "计",
    "新增",
    "新建",
    "均",
    "了",
    "已",
    "的",
    "在",
    "超额",
    "村级",
)
# Endings that look like a tail word but belong to the noun (违规行为 is not 违规行 + 为).
NAME_TAIL_KEEP: tuple[str, ...] = ("行为", "作为", "认为")
# Verbs after which the metric's name begins (实现 | 财政总收入): the name is what follows the
# last of them. Longest first, so 新建 wins over 建.
NAME_HEAD_VERBS: tuple[str, ...] = (
    "累计完成",
    "实现",
    "完成",
    "新增",
    "新建",
    "新招录",
    "引进",
    "招引",
    "建成",
    "打造",
    "申报",
    "认定",
    "开展",
    "举办",
    "发放",
    "提供",
    "受理",
    "处置",
    "排查",
    "拆除",
    "清理",
    "盘活",
    "帮助",
    "化解",
    "接待",
    "办理",
    "组织",
    "走访",
    "兑现",
    "解决",
    "签订",
    "投入",
    "募集",
    "发布",
    "设立",
    "设置",
    "增设",
    "吸纳",
    "录入",
    "获得",
    "荣获",
    "获评",
    "取得",
    "推进",
    "确定",
    "创造",
    "协助",
    "针对",
    "承办",
    "破解",
    "达成",
    "落实",
)
# Verbs that only frame a count (开展培训25次 counts 培训): cut even from a count of times,
# where a verb that says what was done (走访企业400余次) stays in the name.
FRAMING_VERBS: tuple[str, ...] = (
    "累计完成",
    "实现",
    "完成",
    "新增",
    "新建",
    "开展",
    "举办",
    "组织",
    "落实",
)
# Units that count times an action was done: their name keeps the action.
FREQUENCY_UNITS = frozenset({"次", "人次", "家次", "场次", "批次", "户次"})
# Where the words after a figure stop naming what it counts (8名社工和1名党务社工).
NAME_AFTER_STOPS: tuple[str, ...] = (
    *NAME_HEAD_VERBS,
    "达到",
    "全部",
    "顺利",
    "成功",
    "的",
    "和",
    "及",
    "与",
    "共",
    "在",
    "以",
    "纳入",
    "全面",
    "实行",
    "已",
    "均",
    "并",
    "全年",
    "正式",
    "进行",
    "实施",
    "制定",
    "成立",
    "开工",
    "完工",
    "竣工",
    "破土动工",
    "落地",
    "开园",
    "投用",
    "投产",
    "结顶",
    "，",
    ",",
)
# Words trimmed from the end of a name read after its figure (小区改造工作 → 小区改造,
# 居民生活小区中 → 居民生活小区).
NAME_AFTER_TAIL_WORDS: tuple[str, ...] = ("工作", "中", "内", "等", "按期", "基本", "初步")
# A name read before its figure that ends in a place word (“千亩方”范围内1500亩高标准农田)
# says where, not what: the words after the figure name it.
LOCATIVE_ENDS: tuple[str, ...] = ("范围内", "内", "中", "里")
# A verb followed by one of these is part of a noun (案件处置率, 办理量), not where a name starts.
NOUN_SUFFIXES = frozenset("率量额数")
# Counting classifiers: a figure in one of them counts the noun that follows it when one does
# (三个社区成功创建…, 18家规上工业企业实现…).
CLASSIFIERS = frozenset("个家名户部座处条项宗辆所支间套场台批位只件幢栋扇块艘")
# Numbers that name rather than measure: anniversaries, "N分钟…圈" service radii and
# "24小时值班制度"-style names of rules.
NON_QUANTITY_UNITS = frozenset({"周年", "届"})
NAME_LIKE_SUFFIXES: tuple[str, ...] = ("圈", "制度", "机制", "模式")
# Framing words at the start of a name (上半年, 全年, 其中 …). Longest first.
NAME_LEAD_WORDS: tuple[str, ...] = (
    "验收通过",
    "今年以来",
    "截至目前",
    "总计",
    "现已",
    "按时",
    "做好",
    "公开",
    "切实",
    "强势",
    "成功",
    "依托",
    "实施",
    "优化",
    "连续",
    "上半年",
    "下半年",
    "全年",
    "年内",
    "今年",
    "其中",
    "累计",
    "共计",
    "力争",
    "确保",
    "争取",
    "目前",
    "对现有",
    "针对",
    "全部",
    "共有",
    "共",
    "有",
    "并",
    "和",
    "及",
    "已",
    "的",
)
# Joiners of a list of counted things (1400家企业、1万余处“九小场所”; 8名社工和1名党务社工):
# the name of a later figure starts after the last one. Words that hold a joiner character
# without joining are listed apart.
LIST_JOINERS = frozenset("、和及与")
NOT_JOINERS = frozenset({"及时", "和谐", "参与", "给与", "与会", "和美", "普及", "涉及", "危及"})
# 42宗35大户签约工作: the first of two counts sharing a name is its 宗数.
COUNT_SUFFIX = "数"
# 涉及96人: the people a case count involves.
INVOLVES = "涉及"
INVOLVED_PEOPLE = "涉及人数"
PERSON_UNITS = frozenset({"人", "名", "人次", "位"})
# Words a lead word begins without being one (共富集市 is not 共 + 富集市).
NAME_LEAD_KEEP: tuple[str, ...] = (
    "共富",
    "共享",
    "共同",
    "共建",
    "共治",
    "有效",
    "有机",
    "有序",
    "有力",
)
# 占全区36%: a share, named 全区占比.
SHARE_PREFIX = "占"
SHARE_SUFFIX = "占比"
# Numbers that say when, not how much: 9天完成…, 14天内实现… .
DURATION_UNITS = frozenset({"天", "日", "个月", "小时"})
DURATION_FOLLOWERS: tuple[str, ...] = ("内", "完成", "实现", "即")
# A bracket that opens with one of these compares with a wider area (全区仅5家, 全区31个):
# its figures are context, not the reporting body's results.
COMPARISON_SCOPES: tuple[str, ...] = ("全区", "全市", "全省", "全国")
# Scope words that change what a metric measures (限上 retail is not all retail): kept in the
# name even when the words around them are cut.
SCOPE_WORDS: tuple[str, ...] = ("规模以上", "限额以上", "规上", "限上")
# Longest name worth keeping; beyond this the cut went wrong and the tail is the best guess.
MAX_NAME_CHARS = 18

# ----------------------------------------------------------------------- changes

INCREASE_CUES: tuple[str, ...] = ("增长", "提高", "上升", "增加", "增幅", "提升", "上涨")
DECREASE_CUES: tuple[str, ...] = ("下降", "减少", "回落", "降低", "降幅", "下滑")
FLAT_CUES: tuple[str, ...] = ("持平",)
# Comparison bases, as printed. Longest first.
CHANGE_BASES: tuple[str, ...] = (
    "比上年同期",
    "比去年同期",
    "较上年同期",
    "较去年同期",
    "比上年",
    "较上年",
    "比去年",
    "较去年",
    "同比",
    "环比",
)
# How far before a percentage a change cue may stand (同比增长超40% → "同比增长超").
CHANGE_CUE_WINDOW = 8

# ----------------------------------------------------------------------- targets

# A section is about the coming period; a clause outside such a section is a target only
# when it says so with one of these.
FORWARD_CUES: tuple[str, ...] = (
    "今年计划",
    "年内计划",
    "计划新增",
    "计划完成",
    "力争",
    "争取",
    "目标为",
    "目标是",
    "预期目标",
)
# Past-tense markers that end a forward context inside a sentence.
PAST_MARKERS: tuple[str, ...] = ("已", "上半年", "累计", "完成了", "实现了", "今年以来")
# Target commitment words kept as Target.qualifier.
TARGET_CUES: tuple[str, ...] = ("力争", "确保", "争取")
# The passage that lists the period's main targets; each of its items is a target, with or
# without a figure.
GOAL_LIST_CUES: tuple[str, ...] = (
    "主要目标为",
    "主要目标是",
    "主要预期目标",
    "预期目标为",
    "预期目标是",
    "目标任务是",
    "发展目标为",
)
# Bounds printed after a figure that the numbers stage may not carry as its qualifier.
TRAILING_BOUNDS: tuple[str, ...] = ("以上", "以内", "以下", "左右", "上下", "之内")
# Words the numbers stage keeps with a figure that neither bound nor approximate it.
NEUTRAL_QUALIFIERS = frozenset({"达", "达到", "为", "共", "共计", "累计", "合计", "完成", "实现"})
# Long-term goals and multi-year averages are not the coming period's targets.
LONG_TERM_MARKERS: tuple[str, ...] = (
    "2035",
    "2030",
    "十四五",
    "十五五",
    "五年",
    "年均",
    "远景",
)

# ----------------------------------------------------------------------- problems

# A sentence that opens a list of problems (…还存在一些短板和弱项：一是…).
PROBLEM_CUES: tuple[str, ...] = (
    "存在问题",
    "存在的问题",
    "问题和不足",
    "短板",
    "弱项",
    "不足",
    "差距",
    "有待",
    "亟待",
    "亟需",
    "受限于",
    "薄弱",
    "不够",
    "瓶颈",
)
# Markers of list items: "一是…；二是…".
ORDINAL_ITEMS: tuple[str, ...] = (
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "六是",
    "七是",
    "八是",
    "九是",
    "十是",
)

# Problem areas by keyword; the area whose words occur most often in the problem wins, ties
# go to the earlier entry.
PROBLEM_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "经济",
        ("经济", "指标", "产业", "企业", "招商", "动能", "制造业", "服务业", "税收", "投资"),
    ),
    ("营商环境", ("营商环境", "政务服务", "助企", "审批")),
    ("民生", ("民生", "公共服务", "教育", "养老", "医疗", "就业", "托育", "住房")),
    ("安全", ("平安", "安全", "风险", "消防", "隐患", "稳定", "厂中厂")),
    ("城乡建设", ("城乡", "片区", "基础设施", "道路", "农业", "乡村", "风貌", "改造", "土地")),
    ("生态环境", ("生态", "环境保护", "污染", "水质", "空气")),
    ("干部队伍", ("干部", "队伍", "作风", "能力水平")),
)

# ----------------------------------------------------------------------- categories

# Category keywords. A clause's own words count twice as much as its section heading's.
CATEGORY_CUES: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (
        "经济发展",
        (
            "经济",
            "生产总值",
            "GDP",
            "财政",
            "税收",
            "收入",
            "产值",
            "增加值",
            "零售",
            "批发",
            "销售",
            "营收",
            "招商",
            "企业",
            "产业",
            "科技",
            "高新技术",
            "人才",
            "外资",
            "内资",
            "楼宇",
            "商贸",
            "工业",
            "服务业",
            "营商环境",
            "专精特新",
            "单项冠军",
            "上市",
        ),
    ),
    (
        "项目建设",
        (
            "项目",
            "固定资产投资",
            "工业投资",
            "总投资",
            "开工",
            "竣工",
            "投产",
            "签约",
            "入库",
            "重大项目",
            "小微园",
        ),
    ),
    (
        "城市建设与管理",
        (
            "城市",
            "城中村",
            "征迁",
            "拆迁",
            "拆除",
            "地块",
            "出让",
            "道路",
            "老旧小区",
            "小区",
            "未来社区",
            "物业",
            "电梯",
            "垃圾",
            "管网",
            "污水",
            "五水共治",
            "环境",
            "整治",
            "违建",
            "违章",
            "农田",
            "土地",
            "用地",
            "绿地",
            "河道",
            "水质",
            "乡村",
            "村",
            "广告",
            "横幅",
            "出店",
            "生态",
            "环保",
            "优良率",
        ),
    ),
    (
        "民生保障",
        (
            "民生",
            "就业",
            "养老",
            "托育",
            "托位",
            "婴幼儿",
            "老年",
            "助餐",
            "社保",
            "参保",
            "低保",
            "救助",
            "慈善",
            "残疾",
            "教育",
            "学校",
            "医疗",
            "健康",
            "文化",
            "体育",
            "文体",
            "志愿",
            "退役军人",
            "补贴",
            "帮扶",
            "共富",
            "共同富裕",
            "儿童",
            "康养",
            "书屋",
            "法律",
            "服务群众",
        ),
    ),
    (
        "社会治理与安全",
        (
            "治理",
            "平安",
            "安全",
            "消防",
            "隐患",
            "信访",
            "调解",
            "纠纷",
            "矛盾",
            "诈骗",
            "反诈",
            "发案",
            "维稳",
            "疫情",
            "核酸",
            "防控",
            "应急",
            "执法",
            "案件",
            "网格",
            "流动人口",
            "出租房",
            "防汛",
        ),
    ),
    (
        "党建与政府建设",
        (
            "党建",
            "党组织",
            "党员",
            "党风",
            "廉政",
            "廉洁",
            "干部",
            "法治",
            "政务公开",
            "政府建设",
            "监督",
            "主题教育",
            "依法",
        ),
    ),
)
