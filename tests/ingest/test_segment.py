"""The measure tree: levels by order of families, spans, lead-ins, closings, wrappers, status."""
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.normalise import normalise
from archive.ingest.segment import split_measures

ACK = "张三委员：\n您提出的“关于…的建议”收悉。现答复如下：\n"


def tree(text: str) -> list:
    """(heading, status, children) triples of the normalised reply body."""

    def shape(measures):
        return [(m.heading, m.status, shape(m.children)) for m in measures]

    return shape(split_measures(normalise(ACK + text)))


def test_intro_and_closing_paragraphs_are_not_measures():
    assert tree("近年来，我局高度重视。\n一、加强领导。成立小组。\n二、强化保障。投入资金。\n下一步，我局将继续努力。\n衷心感谢您的关心。") == [
        ("加强领导", "done", []),
        ("强化保障", "done", []),
    ]


def test_closing_paragraph_falls_outside_every_span():
    text = normalise(ACK + "一、加强领导。成立小组。\n补充说明3个方面。\n下一步，我局将新建10所学校。\n联系人：王五")
    (only,) = split_measures(text)
    assert text[only.start:only.end] == "一、加强领导。成立小组。\n补充说明3个方面。"
    assert only.text == text[only.start:only.end]
    assert text.index("10所") >= only.end


def test_inline_children_after_a_full_stop():
    assert tree("一、加强家校协同。一是成立家长委员会。二是发挥家长学校作用。\n二、提升能力。") == [
        ("加强家校协同", "done", [("成立家长委员会", "done", []), ("发挥家长学校作用", "done", [])]),
        ("提升能力", "done", []),
    ]


def test_semicolon_joined_items_as_the_only_level():
    assert tree("主要做了以下工作：一是扩大种植规模；二是推广良种良法；三是培育经营主体。") == [
        ("扩大种植规模", "done", []),
        ("推广良种良法", "done", []),
        ("培育经营主体", "done", []),
    ]


def test_three_levels_with_ascii_brackets():
    assert tree("一、完善政策\n(一)出台文件。\n1.制定方案。\n2.落实价格。\n(二)建立机制。\n二、提升能力") == [
        ("完善政策", "done", [
            ("出台文件", "done", [("制定方案", "done", []), ("落实价格", "done", [])]),
            ("建立机制", "done", []),
        ]),
        ("提升能力", "done", []),
    ]


def test_markdown_hash_count_does_not_decide_the_level():
    result = tree("## 一、加强队伍建设\n一是开展培训。\n#### 二、畅通渠道\n一是家访。\n### 三、完善设施\n建好辅导室。")
    assert [heading for heading, _, _ in result] == ["加强队伍建设", "畅通渠道", "完善设施"]
    assert [len(children) for _, _, children in result] == [1, 1, 0]


def test_enumeration_restarting_after_a_lead_in_continues_the_top_level_planned():
    result = tree("一是完善组织。已建立。\n二是建强队伍。已培训。\n在今后的工作中，我们将着重从以下几个方面推进：\n一是促进协同。\n二是加强队伍。")
    assert result == [
        ("完善组织", "done", []),
        ("建强队伍", "done", []),
        ("促进协同", "planned", []),
        ("加强队伍", "planned", []),
    ]


def test_a_neutral_lead_in_inside_an_item_introduces_children():
    assert tree("一、加强领导。具体做法如下：\n（一）成立小组。\n（二）出台方案。\n二、强化保障。") == [
        ("加强领导", "done", [("成立小组", "done", []), ("出台方案", "done", [])]),
        ("强化保障", "done", []),
    ]


def test_section_wrappers_are_unwrapped_and_plans_are_planned():
    text = "一、基本情况\n全县现有卫生室218个。\n二、主要措施\n（一）落实待遇。\n（二）加强培训。\n三、下一步打算\n（一）扩大规模。\n感谢您的关心。"
    assert tree(text) == [("落实待遇", "done", []), ("加强培训", "done", []), ("扩大规模", "planned", [])]


def test_a_plan_section_without_items_is_one_planned_measure():
    assert tree("一、主要做法\n（一）落实待遇。\n二、下一步打算\n我局将继续扩大培养规模。\n此复。") == [
        ("落实待遇", "done", []),
        ("下一步打算", "planned", []),
    ]


def test_status_from_the_opening_sentence():
    result = tree("一是市教体局计划按照要求配备教师。\n二是推进实施全员导师制,要求全体教师担任导师。\n三是将心理健康教育纳入考核。\n四是我局将继续扩大范围。\n五是拟新建3所学校。")
    assert [status for _, status, _ in result] == ["planned", "done", "done", "planned", "planned"]
    assert result[1][0] == "推进实施全员导师制,要求全体教师担任导师"


def test_a_parent_is_planned_only_when_all_children_are():
    result = tree("一、推进居家服务。一是开展签约。二是将进一步扩大范围。\n二、加强规划。一是计划新建站点。二是拟扩大覆盖。")
    assert [(heading, status) for heading, status, _ in result] == [("推进居家服务", "done"), ("加强规划", "planned")]


def test_words_that_only_look_like_enumerators_are_text():
    assert tree("一、加强管理。覆盖一、二年级学生。\n二、完善制度。统一是必要的。") == [
        ("加强管理", "done", []),
        ("完善制度", "done", []),
    ]


def test_paths_and_nested_spans():
    text = normalise(ACK + "一、加强协同。一是成立委员会。二是发挥作用。\n二、提升能力。\n三、完善设施。")
    measures = split_measures(text)
    assert [m.path for m in measures] == ["1", "2", "3"]
    assert [c.path for c in measures[0].children] == ["1.1", "1.2"]
    for parent in measures:
        for child in parent.children:
            assert parent.start <= child.start < child.end <= parent.end


PIECES = st.sampled_from(
    ["一、", "二、", "三、", "（一）", "(二)", "一是", "二是", "1.", "2、", "### ", "加强领导", "。", "；", "：", "\n",
     "下一步，", "衷心感谢", "在今后的工作中，我们将：", "联系人：王五", "2024年6月1日", "基本情况", "下一步打算", "将继续"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_any_text_gives_a_well_formed_tree(pieces):
    text = normalise(ACK + "".join(pieces))
    measures = split_measures(text)

    def check(level, lo, hi, prefix):
        previous_end = lo
        for position, m in enumerate(level, start=1):
            assert m.path == f"{prefix}{position}"
            assert lo <= m.start <= m.end <= hi and m.start >= previous_end
            assert m.text == text[m.start:m.end]
            assert m.status in ("done", "planned")
            previous_end = m.end
            check(m.children, m.start, m.end, m.path + ".")

    check(measures, 0, len(text), "")


def test_a_next_step_paragraph_inside_the_list_belongs_to_its_item():
    text = normalise(ACK + "一、加强领导。已成立小组。\n下一步，我们将继续完善。\n二、强化保障。已投入资金。\n下一步，将新建5所学校。\n此复。")
    first, second = split_measures(text)
    assert first.text.endswith("下一步，我们将继续完善。")
    assert (first.status, second.status) == ("done", "done")
    assert second.text == "二、强化保障。已投入资金。"


def test_a_title_states_no_intent_so_the_first_body_sentence_decides():
    result = tree("一、配齐教师队伍。下一步，市教体局将招聘20名教师。\n二、强化督导考核。2025年计划开展专项督导。\n三、加强培训。已培训500人，下一步将扩大范围。")
    assert [status for _, status, _ in result] == ["planned", "planned", "done"]


def test_a_restated_list_in_the_intro_gives_way_to_the_enumerated_measures():
    text = "您提出了两点建议：一是增加投入；二是加强培训。我局高度重视。\n一、加大经费投入。新增资金。\n二、强化教师培训。培训500人。"
    assert tree(text) == [("加大经费投入", "done", []), ("强化教师培训", "done", [])]


def test_a_restated_list_of_the_same_family_gives_way_too():
    text = "您提出了两点建议：一是增加投入；二是加强培训。\n一是加大经费投入。新增资金。\n二是强化教师培训。培训500人。"
    assert tree(text) == [("加大经费投入", "done", []), ("强化教师培训", "done", [])]


def test_a_restated_list_followed_by_a_lead_in():
    text = "您提出了两点建议：一是增加投入；二是加强培训。\n我局高度重视，主要做了以下工作：\n一是加大经费投入。\n二是强化教师培训。"
    assert tree(text) == [("加大经费投入", "done", []), ("强化教师培训", "done", [])]


def test_a_report_lead_in_is_not_a_plan():
    text = "一、加强领导。已成立小组。\n现将近期主要工作汇报如下：\n一、完善制度。已出台办法。\n我们将从以下方面着力：\n一、扩大覆盖。"
    assert [status for _, status, _ in tree(text)] == ["done", "done", "planned"]
