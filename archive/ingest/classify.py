"""Stage 6: measure types from the taxonomy in archive/choices.py, by keyword rules.

Every rule is one row of RULES: (slug, pattern, weight). A measure's first type is the theme
its heading names; further types come from concrete actions of that kind in its text (a
facility, an activity, a figure), so a passing mention does not count. A parent measure
takes its children's types. The rules are documented in docs/extraction.md, "Types".
"""
from __future__ import annotations

import re
from collections import defaultdict

from archive.choices import MeasureType
from archive.ingest.keyword_scan import KeywordScanner
from archive.ingest.parsed import ParsedMeasure

MAX_TYPES = 3
OTHER = MeasureType.OTHER.value

# Weights: 3 names the theme outright (筛查, 家校), 2 is a clear sign, 1 a hint that only
# counts together with others. Patterns are searched in the heading and in the text.
RULES: list[tuple[str, str, int]] = [
    ("organization", r"组织领导|领导小组|顶层设计|组织架构|组织机构|管理网络|领导责任", 3),
    ("organization", r"联动机制|协同机制|工作机制|长效机制|部门协同|部门联动|多部门|协调配合|统筹", 2),
    ("organization", r"特色学校|示范校|示范区", 2),
    ("organization", r"实施方案|实施细则|实施意见|指导意见|管理办法|若干措施|文件|政策|督导|视导|考核|评价", 1),
    ("staffing", r"师资|队伍|培训|配齐|配备|心理咨询师|导师|继续教育|资格证|资质", 3),
    ("staffing", r"骨干|种子|人才", 2),
    ("staffing", r"培养", 1),
    # People named as actors (班主任协同心理教师…) are only a hint of a staffing action.
    ("staffing", r"心理(?:健康)?(?:教育)?教师|专兼职|班主任", 1),
    ("curriculum", r"课程|课时|必修课|心理课|活动课|教育课|教材|教研|校本|思政课|赛课|课例", 3),
    ("curriculum", r"教学|课堂|学科|授课|班会|生命教育|青春期教育|挫折教育", 2),
    ("screening", r"筛查|测评|普测|普查|监测|建档|档案|台账|台帐", 3),
    ("screening", r"排查|调研|调查|心理健康状况|评估", 2),
    ("counseling", r"辅导室|咨询室|辅导中心|辅导站|心辅|热线|个体辅导|团体辅导|团辅|心理辅导|心理健康辅导|心理咨询", 3),
    ("counseling", r"咨询|疏导|信箱|辅导电话|朋辈|咨询渠道|服务阵地", 2),
    ("crisis", r"危机|干预|高危|自伤|自杀|自残|复学|重点对象|重点学生|重点人群", 3),
    ("crisis", r"安全管理|安全教育|校园安全|防溺水|欺凌", 2),
    ("crisis", r"转介|跟踪|帮扶|早发现|安全", 1),
    ("medical", r"家庭医生|医院|医疗|医教|医校|校医|教医|精神卫生|精神科|绿色通道|门诊|就医|诊疗|治疗|卫健", 3),
    ("family", r"家庭教育|家校|家访|家长学校|家长会|亲子|家长委员会|家委会|家社", 3),
    ("family", r"家长|家庭", 2),
    ("outreach", r"宣传|科普|品牌|志愿服务|志愿活动|公益|心理健康月|宣传月|情景剧|心理剧|展播|进社区", 3),
    ("outreach", r"社区|宣讲|普及", 2),
    ("outreach", r"志愿者|媒体|公众号|广播|宣传栏|板报|手抄报|大赛|评选|讲座|活动", 1),
    ("wellbeing", r"双减|减负|负担|五育|体育|锻炼|睡眠|美育|艺术|美术|劳动教育|劳动实践|以劳|研学|课后服务|五项管理", 3),
    ("wellbeing", r"体教融合", 3),
    ("wellbeing", r"作业|运动|社会实践|阳光", 2),
    ("funding", r"经费|资金|财政|投入|设施|设备|硬件|装备|建设标准|功能室|达标|办学条件|条件保障", 3),
    # 建设 next to a facility (辅导室建设, 建设“心辅中心”), leaving the facility to counseling
    # Written so every branch starts with a character (” or 建) the regex engine can scan for;
    # a leading look-behind made it test every position (20 µs a measure instead of 3).
    ("funding", r"”(?:(?<=辅导室”)|(?<=心辅中心”)|(?<=场所”)|(?<=校舍”))建设"
                r"|建(?:(?<=辅导室建)|(?<=心辅中心建)|(?<=场所建)|(?<=校舍建))设"
                r"|建设(?=“?(?:心辅中心|辅导室))", 2),
    ("funding", r"场地|场馆|保障", 1),
]

# A body, mechanism or campaign set up for one domain takes that domain: 心理危机干预领导小组
# and 危机干预联动工作机制 are crisis (not organization), 家庭教育宣传周 is family (not outreach).
DOMAIN_WORDS: list[tuple[str, str]] = [
    ("crisis", r"危机干预|心理危机|危机"),
    ("family", r"家庭教育|家校共育|家长"),
    ("medical", r"医教结合|医校合作|卫健"),
]
DOMAIN_THINGS = (
    r"(?:联动)?(?:工作)?(?:领导小组|专家组|专家团队|专家委员会|委员会|工作组|讲师团|指导中心|机制)"
    r"|宣传周|宣传|巡讲|讲座|宣讲|活动"
)
DOMAIN_WEIGHT = 3

COMPILED_RULES = [(slug, re.compile(pattern), weight) for slug, pattern, weight in RULES]
COMPILED_RULES += [
    (slug, re.compile(f"(?:{words})[^，。；、]{{0,10}}?(?:{DOMAIN_THINGS})"), DOMAIN_WEIGHT)
    for slug, words in DOMAIN_WORDS
]
SCANNER = KeywordScanner(COMPILED_RULES)
RULE_SCORES = [(slug, weight) for slug, _, weight in COMPILED_RULES]
TITLE = re.compile(r"《[^《》]{1,80}》")
CLAUSE = re.compile(r"[^，,；;：:。]+")

# A heading clause (or, failing that, the whole text) names a theme with at least this score.
MIN_THEME_SCORE = 2
# A further type needs this much evidence in the text, absolute and relative to the theme.
MIN_FURTHER_SCORE = 5
MIN_FURTHER_SHARE = 0.2


def classify_measures(measures: list[ParsedMeasure]) -> None:
    """Set `types` (1–3 slugs, most prominent first) on every measure, children first."""
    for measure in measures:
        classify_measures(measure.children)
        if measure.children:
            measure.types = types_from_children(measure.children)
        else:
            measure.types = types_of(measure.heading, measure.text)


def types_from_children(children: list[ParsedMeasure]) -> list[str]:
    """Children's first types in order, then their further types; no repeats, at most three."""
    ordered = [child.types[0] for child in children if child.types]
    ordered += [slug for child in children for slug in child.types[1:]]
    unique = list(dict.fromkeys(slug for slug in ordered if slug != OTHER))
    return unique[:MAX_TYPES] or [OTHER]


def types_of(heading: str, text: str) -> list[str]:
    """Types of one leaf measure from its heading and text."""
    scores = score(text or heading)
    theme = heading_theme(heading)
    if theme is None and scores and max(scores.values()) >= MIN_THEME_SCORE:
        theme = max(scores, key=scores.get)
    if theme is None:
        return [OTHER]
    top = max(scores.get(theme, 0), max(scores.values(), default=0))
    further = sorted(
        (slug for slug, value in scores.items()
         if slug != theme and value >= MIN_FURTHER_SCORE and value >= MIN_FURTHER_SHARE * top),
        key=lambda slug: -scores[slug],
    )
    return [theme, *further][:MAX_TYPES]


def heading_theme(heading: str) -> str | None:
    """The slug the heading names: the first clause with a clear keyword decides."""
    for clause in CLAUSE.findall(heading):
        scores = score(clause)
        best = max(scores.values(), default=0)
        if best >= MIN_THEME_SCORE:
            return max(scores, key=lambda slug: (scores[slug], _last_match(clause, slug)))
    return None


def score(text: str) -> dict[str, int]:
    """Weighted keyword hits per slug; an organization body counts for its domain instead.

    A document title (《…培训实施方案》) is a policy document, so it counts for organization
    only, whatever words it contains.
    """
    scores: dict[str, int] = defaultdict(int)
    titles = TITLE.findall(text)
    if titles:
        scores["organization"] += len(titles)
        text = TITLE.sub("《》", text)
    for slug, weight in _longest_matches(text):
        scores[slug] += weight
    return dict(scores)


def _longest_matches(text: str) -> list[tuple[str, int]]:
    """Keyword hits that do not overlap, longer first: 心理咨询师 is staffing, not 心理咨询.

    Of two hits as long and at the same place, the rule listed first in RULES wins.
    """
    hits = SCANNER.hits(text)
    hits.sort(key=lambda hit: (hit[0] - hit[1], hit[0], hit[2]))
    taken = bytearray(len(text))
    kept = []
    for start, end, index in hits:
        if taken.find(1, start, end) < 0:
            taken[start:end] = b"\x01" * (end - start)
            kept.append(RULE_SCORES[index])
    return kept


def _last_match(text: str, slug: str) -> int:
    """Where the slug's last keyword ends: in 心理辅导课程 the head noun 课程 comes last."""
    return max((m.end() for s, p, _ in COMPILED_RULES if s == slug for m in p.finditer(text)), default=-1)


def explain(measure: ParsedMeasure) -> str:
    """Scores behind a measure's types, for tuning the table (not used by the pipeline)."""
    ranked = sorted(score(measure.text).items(), key=lambda kv: -kv[1])
    return f"heading={heading_theme(measure.heading)} text={ranked}"
