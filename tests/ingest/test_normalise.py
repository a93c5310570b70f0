"""normalise: one cleaned paragraph per line, Chinese punctuation kept, layout undone."""
from pathlib import Path

import pytest

from archive.ingest.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "fixtures" / "replies").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "variants").glob("*.txt"))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("２０２４年，共测评７２万人，测评率达９２％。", "2024年，共测评72万人，测评率达92%。"),
        (" 信 阳 市 教 育 体 育 局  ", "信阳市教育体育局"),
        ("对市政协六届二次会议 第 2024175 号提案的答复", "对市政协六届二次会议第2024175号提案的答复"),
        ("承 办 人：邓 伟", "承办人：邓伟"),
        ("推进实施全员导师制,要求学校全体教师", "推进实施全员导师制,要求学校全体教师"),
        ("开设了微信、Q Q 、邮箱", "开设了微信、Q Q、邮箱"),
        ("学生心理健康教育 and 安全管理重点工作", "学生心理健康教育安全管理重点工作"),
        ("⽂件精神", "文件精神"),
        ("| 公开属性: | 主动公开 |", "公开属性:主动公开"),
        ("\u200b签发人：\u3000林长\ufeff", "签发人：林长"),
    ],
)
def test_characters_and_spaces(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "debris",
    [
        "mailto:2407560019、邮箱xinli0376@163.com等多种咨询渠道。",
        "- 2 -",
        "— 13 —",
        "第 3 页 共 5 页",
        "---",
        "首页 > 政务公开 > 建议提案办理",
        "发布时间: 2024-08-02 10:15  浏览:301次",
        "上一条:关于市政协十四届二次会议第0385号提案的答复",
        "【打印本页】【关闭窗口】",
        "Copyright © 2024 新乡市水利局 版权所有 豫ICP备12345678号",
        "banner_2024.jpg",
        "| ||",
    ],
)
def test_debris_lines_are_dropped(debris):
    assert normalise(f"一、加强组织领导。\n{debris}\n二、强化队伍建设。") == "一、加强组织领导。\n二、强化队伍建设。"


def test_pdf_broken_lines_are_joined_into_paragraphs():
    raw = (
        "您提出的关于“加强我市青少年心理健康服务”的提案收悉。经\n\n市教育体育局研究办理，现答复如下： \n\n"
        "正如您所提出的，我市作为教育大市，青少年心理健康问题日益\n\n突出，校园心理健康服务体系亟待完善。\n\n"
        "一、积极建立联动机制。各学校建立“学校、年级、班级、朋辈”\n\n四级预警网络。\n"
    )
    assert normalise(raw).split("\n") == [
        "您提出的关于“加强我市青少年心理健康服务”的提案收悉。经市教育体育局研究办理，现答复如下：",
        "正如您所提出的，我市作为教育大市，青少年心理健康问题日益突出，校园心理健康服务体系亟待完善。",
        "一、积极建立联动机制。各学校建立“学校、年级、班级、朋辈”四级预警网络。",
    ]


def test_numbers_broken_across_lines_join_without_space():
    raw = "设立家长接待日，每学期召开一次家长会，全年累计接待家长6824人，召开家长会1488\n\n场次，家校形成合力。"
    assert normalise(raw) == "设立家长接待日，每学期召开一次家长会，全年累计接待家长6824人，召开家长会1488场次，家校形成合力。"


def test_title_lines_salutations_and_field_lines_stay_apart():
    body = (
        "株洲市委、市政府高度重视中小学心理健康教育工作，市委教育工作领导小组每年定期专题研究部署，加强统筹调度，"
        "在大力实施中小学心理健康教育三年攻坚、三年行动计划的基础上，我市紧密结合实际，制定出台系列文件。"
    )
    lines = [
        "对市政协六届二次会议第 2024175 号提案的答复",
        "高海朋委员：",
        "一、优先顶层设计，营造心理健康教育优良环境",
        body,
        "发文单位:新乡市水利局成文日期: 2024-07-26",
        "新乡市水利局",
    ]
    raw = "\n".join(lines)
    assert len(normalise(raw).split("\n")) == 6


def test_markdown_headings_are_kept_as_their_own_lines():
    text = normalise("## 二、加强心理健康教育工作\n\n一是开齐上好心理健康教育课。")
    assert text == "##二、加强心理健康教育工作\n一是开齐上好心理健康教育课。"


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_normalise_is_idempotent(path):
    once = normalise(path.read_text(encoding="utf-8"))
    assert normalise(once) == once
    assert "\n\n" not in once and not once.startswith("\n")


def test_markdown_bold_is_layout():
    assert normalise("### **一、加强组织领导**") == "###一、加强组织领导"


def test_view_counters_go_but_a_sentence_counting_reads_stays():
    text = normalise("全年阅读300次\n浏览:301次\n发布时间：2024-06-01 浏览次数：88\n")
    assert text.splitlines() == ["全年阅读300次"]
