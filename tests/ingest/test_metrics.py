"""find_metrics on single sentences: what counts as a metric, its value, unit and qualifier.

Each row is (sentence, expected metrics as (value, value_max, unit, qualifier)). Many rows
come from other bureaus' replies (health, transport, finance) so the rules are not tuned to
the education seeds only.
"""
import unicodedata
from decimal import Decimal

import pytest

from archive.ingest.metrics import assign_measures, chinese_number, find_metrics
from archive.ingest.parsed import ParsedMeasure


def number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def found(sentence: str) -> list[tuple]:
    text = unicodedata.normalize("NFKC", sentence)
    return [(number(m.value), number(m.value_max), m.unit, m.qualifier) for m in find_metrics(text)]


CASES = [
    # Arabic digits with a unit, spaces allowed anywhere inside the quantity
    ("共开展个体辅导 5000 余人次，团体辅导 521 场次。", [("5000", None, "人次", "余"), ("521", None, "场次", None)]),
    ("受益人数约 260 万人。", [("260", None, "万人", "约")]),
    ("投入资金 1.2 亿元，新建校舍。", [("1.2", None, "亿元", None)]),
    ("争取中央资金1.5亿元。", [("1.5", None, "亿元", None)]),
    ("累计接种疫苗 12.5 万剂次。", [("12.5", None, "万剂次", None)]),
    ("新增公交线路 3 条，优化站点 120 余家次。", [("3", None, "条", None), ("120", None, "家次", "余")]),
    ("全市 65 岁以上老人健康管理覆盖率达 85%。", [("65", None, "岁", "以上"), ("85", None, "%", "达")]),
    ("各校配备 3-5 名专兼职教师。", [("3", "5", "名", None)]),
    ("面向 10-16 岁青少年，每校设 10-15个 社团、2-3个 工作室。",
     [("10", "16", "岁", None), ("10", "15", "个", None), ("2", "3", "个", None)]),
    ("各中小学配备 1-2 名专兼职心理教师。", [("1", "2", "名", None)]),
    ("参与率提高到 80%-90%。", [("80", "90", "%", None)]),
    ("配备 3名-5名 教师，3 名至 5 名志愿者。", [("3", "5", "名", None), ("3", "5", "名", None)]),
    ("建成8000多个站点，共计达 3,500 人。", [("8000", None, "个", "余"), ("3500", None, "人", "达")]),
    ("近三十所学校，二十余所幼儿园，近两个月。", [("30", None, "所", "近"), ("20", None, "所", "余")]),
    ("累计投入3000万，经费500万元以上。", [("3000", None, "万", None), ("500", None, "万元", "以上")]),
    # qualifiers: 多 -> 余, 至少 family -> 不少于, suffix wins, 以下/共/累计/覆盖 -> null
    ("累计辅导学生 40 多万人次。", [("40", "万人次", "余")]),
    ("发放宣传册 20万余份。", [("20", "万份", "余")]),
    ("参与师生100余万人次。", [("100", "万人次", "余")]),
    ("超5万人次参加活动。", [("5", "万人次", "超过")]),
    ("受益家长达8700余人。", [("8700", "人", "余")]),
    ("测评率达92%。", [("92", "%", "达")]),
    ("小学每学年不低于12课时。", [("12", "课时", "不少于")]),
    ("每日开放时间不得少于2小时。", [("2", "小时", "不少于")]),
    ("每所学校至少要配备 1名专职教师。", [("1", "名", "不少于")]),
    ("每学期开展1次以上主题班会。", [("1", "次", "以上")]),
    ("1000 人以上的学校，600 人以下的学校。", [("1000", "人", "以上"), ("600", "人", None)]),
    ("共测评72万人，覆盖 4885 人次，累计培训 300 人。",
     [("72", "万人", None), ("4885", "人次", None), ("300", "人", None)]),
    ("目前学校有心理咨询师近 600 名。", [("600", "名", "近")]),
    ("每场活动约有 200 人参加，时长 2 小时左右。", [("200", "人", "约"), ("2", "小时", "约")]),
    ("上级下达 3 个文件。", [("3", "个", None)]),
    # approximate Chinese forms
    ("全市已经有近千所学校建成心理辅导室。", [("1000", "所", "近")]),
    ("培训教师千余名，举办讲座百余场。", [("1000", "名", "余"), ("100", "场", "余")]),
    ("上千人参加，数千名家长，数百例个案。",
     [("1000", "人", "以上"), ("1000", "名", "以上"), ("100", "例", "以上")]),
    ("开展活动超百场，点击量突破百万次。", [("100", "场", "超过"), ("1000000", "次", "超过")]),
    ("惠及十余万人，三十多名志愿者。", [("10", "万人", "余"), ("30", "名", "余")]),
    ("线上千人同时观看。", []),
    ("参训人数百人。", []),
    ("成千上万名学生。", []),
    # not metrics: dates, years, months, year ranges
    ("2024年7月2日印发。", []),
    ("《专项行动计划（2023—2025 年）》", []),
    ("今年5-6月，开展排查；每年 3 月至 5 月开展活动。", []),
    ("2023\n\n年，8 个县区已完成筛查。", [("8", "个", None)]),
    ("在建校 60 周年之际，于 2024 元旦前完成。", []),
    # not metrics: document, proposal, phone, hotline, QQ, e-mail numbers
    ("濮教函〔2025〕87号，对第 2024175 号提案的答复。", []),
    ("用好12355青少年服务热线，开通热线号码6800188。", []),
    ("咨询电话：022-88188858，QQ 2407560019、邮箱xinli0376@163.com。", []),
    ("抄送：市政协提案委（2份），市政府督查室（1份）。", []),
    # not metrics: names and labels with digits, ordinals, levels, small Chinese numerals
    ("构建起1+9+N的三级管理网络，实行“1 对 1”“多对 1”结对帮扶。", []),
    ("考前减压拓展、21 天春季幸福日记、千人户外拓展等活动。", []),
    ("建立“1+6”机制，推广《心理健康素养10条》和“健康素养66条”。", []),
    ("从“十二五”开始，与市三医院合作，开展“育兴万家”巡讲。", []),
    ("组建两个团队、三个小组，四所学校，四年级学生，株洲市一中。", []),
    ("第十四届运动会，第3名，3级预警，四级预警网络。", []),
    ("普及心理健康素养10条，8:30 到 9:00 开放，超过 1/3 的学校。", []),
    ("证件号 4101234567890123 人工核验。", []),
    ("实行1人1档、1校1策管理。", []),
    ("落实“每校至少配备1名专职心理健康教师”的要求。", [("1", None, "名", "不少于")]),
    ("全市 8 所学校获评，排名第 1 位。", [("8", "所", None)]),
    ("开设了24小时心理健康咨询通道。", [("24", "小时", None)]),
    # the unit must really be a unit, not the start of another word
    ("为 5 家长提供服务，1 人民医院。", []),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[0][:18] for c in CASES])
def test_metrics_in_sentence(sentence, expected):
    expected = [row if len(row) == 4 else (row[0], None, row[1], row[2]) for row in expected]
    assert found(sentence) == expected


def test_spans_point_at_the_quantity():
    text = "共开展个体辅导 5000 余人次，受益人数约 260 万人。"
    first, second = find_metrics(text)
    assert text[first.start:first.end] == "5000 余人次"
    assert text[second.start:second.end] == "260 万人"


def test_normalized_value_and_base_unit():
    rows = {(m.unit): (m.normalized_value, m.base_unit)
            for m in find_metrics("约 260 万人，投入 1.5亿元，达 85%，服务 100 余万人次，培养 95 名教师。")}
    assert rows["万人"] == (Decimal(2600000), "人")
    assert rows["亿元"] == (Decimal(150000000), "元")
    assert rows["%"] == (Decimal(85), "%")
    assert rows["万人次"] == (Decimal(1000000), "人次")
    assert rows["名"] == (Decimal(95), "人")


@pytest.mark.parametrize("sentence, label", [
    ("面向青少年、家长及教师共开展个体辅导 5000 余人次。", "个体辅导"),
    ("2023年，8 个县区已完成筛查。", "县区"),
    ("共进行心理健康知识宣传 349 次，覆盖 477883 人次。", "心理健康知识宣传覆盖"),
    ("为中小学校培养了95名专兼职心理健康教育教师。", "专兼职心理健康教育教师"),
])
def test_label_names_what_is_counted(sentence, label):
    assert find_metrics(sentence)[-1].label == label


@pytest.mark.parametrize("numeral, value", [
    ("千", 1000), ("百", 100), ("十", 10), ("三十", 30), ("十万", 100000), ("百万", 1000000),
    ("两千五百", 2500), ("一百零五", 105), ("万", 10000), ("三亿", 300000000),
])
def test_chinese_number(numeral, value):
    assert chinese_number(numeral) == value


def test_assign_measures_takes_the_deepest_measure():
    child = ParsedMeasure(heading="b", text="", start=10, end=20, path="1.1")
    parent = ParsedMeasure(heading="a", text="", start=0, end=30, path="1", children=[child])
    metrics = find_metrics("甲" * 12 + "3 所" + "乙" * 10 + "5 所" + "丙" * 5 + "7 所")
    assign_measures(metrics, [parent])
    assert [m.measure_path for m in metrics] == ["1.1", "1", None]


def test_arbitrary_text_never_breaks_the_scan():
    """Random mixes of digits, units, qualifiers and punctuation: spans stay in range and ordered."""
    import random

    rng = random.Random(7)
    alphabet = list("0123456789.,-~%万亿余多近约超达共第年月日人次场名所个“”《》、，。 \n") + ["至少", "以上", "千", "百"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        metrics = find_metrics(text)
        starts = [m.start for m in metrics]
        assert starts == sorted(starts)
        for m in metrics:
            assert 0 <= m.start < m.end <= len(text)
            assert m.value >= 0 and m.unit
            assert m.value_max is None or isinstance(m.value_max, Decimal)
