"""classify_measures on made-up measures, including replies from other bureaus."""
import pytest

from archive.choices import MeasureType
from archive.ingest.classify import RULES, classify_measures, score, types_of
from archive.ingest.parsed import ParsedMeasure


def leaf(heading: str, text: str = "") -> ParsedMeasure:
    return ParsedMeasure(heading=heading, text=heading + "。" + text, start=0, end=1)


CASES = [
    # the heading names the theme
    ("加强组织领导", "成立工作领导小组，印发实施方案。", ["organization"]),
    ("建强队伍，开展师资培训", "共培训教师 500 人，配齐专职心理教师。", ["staffing"]),
    ("开足心理课程", "小学每学年不少于12课时，开发校本课程。", ["curriculum"]),
    ("常态化开展心理健康筛查", "每学年开展一次筛查，建立心理健康档案。", ["screening"]),
    ("加强医校合作", "与市精神卫生中心合作，开通绿色通道，双向转介。", ["medical"]),
    ("坚持家校携手", "办好家长学校，开展家访，召开家长会。", ["family"]),
    ("开展研学实践活动", "组织学生参加研学实践活动。", ["wellbeing"]),
    # further types only for concrete actions of that kind, strongest first
    ("营造环境，建设“心辅中心”", "学校建成设施完备的心理辅导室，开展个体辅导、团体辅导。",
     ["counseling", "funding"]),
    ("加强监测，做好心理测评", "全市学生参加心理测评，建立档案，对危机学生及时干预，早发现早干预。",
     ["screening", "crisis"]),
    # a body set up for one domain takes that domain, not organization
    ("建立干预机制", "成立心理危机干预领导小组和专家组，建立危机干预联动工作机制。", ["crisis"]),
    ("家校沟通，强化家庭教育", "开展家庭教育宣传周活动和家庭教育巡讲活动，办好家长学校。", ["family"]),
    # a document title is a policy document, whatever its words
    ("完善组织架构", "印发《心理健康教育培训与课程建设实施方案》，成立领导小组。", ["organization"]),
    # other bureaus: health, transport, finance
    ("加大资金投入", "市财政投入资金 1.2 亿元，新建设施。", ["funding"]),
    ("扩大疫苗接种", "累计接种疫苗 12.5 万剂次，覆盖率达 85%。", ["other"]),
    ("优化公交线路", "新增公交线路 3 条，调整站点 12 个。", ["other"]),
    ("加强部门协同", "与卫健、公安等部门建立联动机制。", ["organization"]),
    ("加强宣传引导", "利用公众号、广播开展科普宣传 20 场。", ["outreach"]),
    ("强化安全管理", "开展防溺水安全教育。", ["crisis"]),
    ("推进体教融合", "保障学生每天锻炼一小时。", ["wellbeing"]),
    ("开展生命教育", "将生命教育融入课堂教学。", ["curriculum"]),
    ("提高农村学校办学条件", "改善校舍和设备。", ["funding"]),
    ("加强网络环境治理", "清理有害信息。", ["other"]),
    ("", "", ["other"]),
]


@pytest.mark.parametrize("heading, text, expected", CASES, ids=[c[0] or "empty" for c in CASES])
def test_types_of_leaf(heading, text, expected):
    measure = leaf(heading, text)
    classify_measures([measure])
    assert measure.types == expected


def test_parent_takes_children_first_types_then_further_types():
    children = [
        leaf("成立家长委员会", "构建家校网络。"),
        leaf("办好家长学校", "开展家庭教育指导。"),
        leaf("录制心理辅导课程", "录制课程 7 期，开展个体辅导 1568 人次、团体辅导 1297 场次，网络授课 43 次。"),
    ]
    parent = ParsedMeasure(heading="积极加强家校协同", text="", start=0, end=1, children=children)
    classify_measures([parent])
    assert [c.types for c in children] == [["family"], ["family"], ["curriculum", "counseling"]]
    assert parent.types == ["family", "curriculum", "counseling"]


def test_parent_types_are_at_most_three():
    children = [leaf("开足心理课程"), leaf("常态化开展心理健康筛查"), leaf("坚持家校携手"), leaf("加大资金投入")]
    parent = ParsedMeasure(heading="综合施策", text="", start=0, end=1, children=children)
    classify_measures([parent])
    assert parent.types == ["curriculum", "screening", "family"]


def test_types_are_one_to_three_known_slugs():
    known = set(MeasureType.values)
    assert {slug for slug, _, _ in RULES} <= known
    types = types_of("综合施策", "心理课程、心理测评、家长学校、医院转介、心理辅导室、宣传活动、专项经费、班主任培训")
    assert 1 <= len(types) <= 3 and set(types) <= known


def test_longer_keyword_wins_an_overlap():
    assert score("聘请心理咨询师") == {"staffing": 3}
