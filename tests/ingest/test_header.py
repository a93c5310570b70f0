"""Header fields from small letterheads: each rule of docs/extraction.md, one case at a time."""
import datetime

import pytest

from archive.ingest.header import looks_like_reply, parse_header
from archive.ingest.normalise import normalise

ACK = "您提出的“关于加快农村公路提档升级的建议”收悉。现答复如下："


def header_of(*lines: str):
    return parse_header(normalise("\n".join(lines)))


def test_letterhead_fields():
    h = header_of(
        "株洲市教育局文件", "株教提字〔2023〕26 号", "签发人：葛 磊", "办理结果：B",
        "关于市政协十届二次会议第 2102184 号提案的 答 复", "李杏委员：", ACK,
    )
    assert (h.bureau, h.city, h.province) == ("株洲市教育局", "株洲市", "湖南省")
    assert h.doc_number == "株教提字〔2023〕26号"
    assert (h.session, h.proposal_number) == ("市政协十届二次会议", "2102184")
    assert (h.signer, h.result_class) == ("葛磊", "B")
    assert (h.proposer, h.proposer_is_org) == ("李杏", False)
    assert h.title == "关于加快农村公路提档升级的建议"


@pytest.mark.parametrize(
    "salutation, proposer, is_org",
    [
        ("高海朋委员：", "高海朋", False),
        ("尊敬的张卫东代表:", "张卫东", False),
        ("王建军、刘芳等委员：", "王建军、刘芳", False),
        ("王五等3名代表：", "王五", False),
        ("甲乙、丙丁、戊己代表：", "甲乙、丙丁、戊己", False),
        ("张三、李四等委员：", "张三、李四", False),
        ("王五等三名代表：", "王五", False),
        ("市政协教科卫体委员会：", "市政协教科卫体委员会", True),
        ("市民盟:", "市民盟", True),
        ("区妇女联合会：", "区妇女联合会", True),
    ],
)
def test_proposer(salutation, proposer, is_org):
    h = header_of("某市教育局", salutation, ACK)
    assert (h.proposer, h.proposer_is_org) == (proposer, is_org)


def test_addressed_as_body_makes_an_organisation():
    h = header_of("某市教育局", "农工党支部：", "贵单位提出的《关于…的建议》收悉。现答复如下：")
    assert h.proposer_is_org is True


def test_co_handler_opinion_names_the_proposer_in_the_body():
    h = header_of(
        "郑州市生态环境局", "关于市政协十五届二次会议第 2024217 号提案的会办意见", "市交通运输局：",
        "周建平委员提出的《关于大力发展新能源公交车的建议》收悉。现提出会办意见如下：",
    )
    assert (h.proposer, h.proposer_is_org) == ("周建平", False)
    assert h.title == "关于大力发展新能源公交车的建议"


@pytest.mark.parametrize(
    "line, number",
    [
        ("对市政协六届二次会议 第 2024175 号提案的答复", "2024175"),
        ("对市十六届人大二次会议第DH0271号建议的答复", "DH0271"),
        ("关于十一届一次第111021号提案的答复", "111021"),
        ("关于《加强内涝治理》（第0397号）提案的答复", "0397"),
    ],
)
def test_proposal_number(line, number):
    assert header_of("宝鸡市交通运输局", "宝市交函〔2023〕57号", line, ACK).proposal_number == number


def test_document_number_is_not_a_proposal_number():
    h = header_of("宝鸡市交通运输局", "宝市交函〔2023〕57号", "张三代表：", ACK)
    assert (h.doc_number, h.proposal_number) == ("宝市交函〔2023〕57号", None)


@pytest.mark.parametrize(
    "line, session",
    [
        ("对市政协六届二次会议第6号提案的答复", "市政协六届二次会议"),
        ("关于县政协十一届三次会议第35号提案的答复", "县政协十一届三次会议"),
        ("对市十六届人大二次会议第8号建议的答复", "市十六届人大二次会议"),
        ("对信阳市第十八届 人民代表大会第三次会议第9号建议的答复", "信阳市第十八届人民代表大会第三次会议"),
        ("十三届全国人大一次会议第1234号建议的答复", "十三届全国人大一次会议"),
    ],
)
def test_session(line, session):
    assert header_of("某市教育局", line, ACK).session == session


@pytest.mark.parametrize(
    "ack, title",
    [
        ("您提出关于“降低中小学生学习负担，增强孩子心理健康”的提案已收悉。", "降低中小学生学习负担，增强孩子心理健康"),
        ("贵单位提出的《关于我市青少年心理健康教育工作的建议》收悉。", "关于我市青少年心理健康教育工作的建议"),
        ("您提出的关于加快乡村道路建设的建议收悉，现答复如下：", "关于加快乡村道路建设的建议"),
    ],
)
def test_title(ack, title):
    assert header_of("某市教育局", "张三委员：", ack).title == title


@pytest.mark.parametrize(
    "lines, public",
    [
        (["主动公开"], True),
        (["同意对外公开"], True),
        (["是否同意对外公开：是"], True),
        (["是否同意对外公开：否"], False),
        (["不同意对外公开"], False),
        (["依申请公开"], False),
        (["不予公开"], False),
        ([], None),
    ],
)
def test_public(lines, public):
    assert header_of(*lines, "张三委员：", ACK).public is public


@pytest.mark.parametrize(
    "footer, date",
    [
        (["2024年7月2日", "抄送：市政协提案委（2份）。", "2024年7月5日印发"], datetime.date(2024, 7, 2)),
        (["濮阳市教育局 2025年7月10日"], datetime.date(2025, 7, 10)),
        (["二〇二四年六月二十日"], datetime.date(2024, 6, 20)),
        (["2025610"], datetime.date(2025, 6, 10)),
        (["信阳市教育体育局办公室 2023年5月25日印发"], datetime.date(2023, 5, 25)),
    ],
)
def test_reply_date(footer, date):
    h = header_of("某市教育局", "张三委员：", "您于2024年3月提出的“关于…的建议”收悉。现答复如下：", "一、加强领导。", *footer)
    assert (h.date, h.year) == (date, date.year)


def test_year_without_a_date_comes_from_the_document_number():
    h = header_of("株洲市教育局文件", "株教提字〔2023〕26号", "李杏委员：", ACK, "2024年起实施。")
    assert (h.date, h.year) == (None, 2023)


@pytest.mark.parametrize(
    "footer, contact, phone",
    [
        ("主办单位：信阳市教育体育局 联系人：孟辉 联系电话：6225005", "孟辉", "6225005"),
        ("(联系人:牛亚 电话: 8976899)", "牛亚", "8976899"),
        ("联系人：韩冰；联系电话：0377-63151234", "韩冰", "0377-63151234"),
        ("承 办 人：邓 伟\n联系电话：19873308600", "邓伟", "19873308600"),
        ("具体负责人：(签字) 杜以志", "杜以志", None),
        ("承办负责人：杨育华", None, None),
    ],
)
def test_contact_and_phone(footer, contact, phone):
    h = header_of("某市教育局", "张三委员：", ACK, "一、加强领导。", footer)
    assert (h.contact, h.phone) == (contact, phone)


def test_result_class_from_a_stand_alone_line_and_a_web_table():
    assert header_of("A 类", "张三委员：", ACK).result_class == "A"
    assert header_of("| 公开属性: | 主动公开 | 类别: | C |", "张三委员：", ACK).result_class == "C"


def test_signer_only_after_签发人():
    assert header_of("承办负责人：杨育华", "张三委员：", ACK).signer is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("对第6号提案的答复。您的提案收悉，现答复如下：", True),
        ("关于张三代表建议的办理情况", True),
        ("关于召开全市教育工作会议的通知", False),
        ("一份会议纪要：建议大家准时参加。", False),
    ],
)
def test_looks_like_reply(text, expected):
    assert looks_like_reply(text) is expected


@pytest.mark.parametrize(
    "lines, proposer",
    [
        (["王有强", "您提出的“关于…的建议”收悉。现答复如下："], "王有强"),
        (["张三代表", "您提出的“关于…的建议”收悉。现答复如下："], "张三"),
        (["关于第6号提案的答复", "李四委员提出的《关于…的建议》收悉。现答复如下："], "李四"),
        (["关于第6号提案的答复", "您提出的“关于…的建议”已收悉，现函复如下："], None),
    ],
)
def test_proposer_without_a_salutation_line(lines, proposer):
    assert header_of("某市教育局", *lines).proposer == proposer


def test_a_body_sentence_mentioning_联系人_is_not_the_contact():
    body = "一、建立联系人制度。每所学校确定联系人，负责与家长沟通，热线电话：12355，全年共接听求助电话2000余次，及时转介处置。"
    h = header_of("某市教育局", "张三委员：", ACK, body, "联系人：孟辉，电话：6225005")
    assert (h.contact, h.phone) == ("孟辉", "6225005")


def test_session_with_arabic_numbers():
    assert header_of("苏州市教育局", "对市政协第12届3次会议 第 2025262 号提案的答复", ACK).session == "市政协第12届3次会议"


def test_nested_quotes_keep_the_whole_title():
    h = header_of("某市教育局", "张三委员：", "您提出的“关于“双减”背景下加强课后服务的建议”收悉。现答复如下：")
    assert h.title == "关于“双减”背景下加强课后服务的建议"
    h = header_of("某市教育局", "关于“关于加快农村公路建设的建议”提案的答复", "张三委员：", "您的提案收悉。现答复如下：")
    assert h.title == "关于加快农村公路建设的建议"


def test_a_ministry_has_no_city():
    h = header_of("教育部", "教基建议〔2020〕408号", "张三代表：", ACK)
    assert (h.bureau, h.city, h.province, h.doc_number) == ("教育部", None, None, "教基建议〔2020〕408号")


@pytest.mark.parametrize(
    "footer, contact, phone",
    [
        ("联系人：赵丽，电话：（0377）8123456", "赵丽", "（0377）8123456"),
        ("联系人及电话：张三 0377-1234567", "张三", "0377-1234567"),
        ("联系人：李四 手机：13812345678", "李四", "13812345678"),
    ],
)
def test_more_contact_forms(footer, contact, phone):
    h = header_of("某市教育局", "张三委员：", ACK, "一、加强领导。", footer)
    assert (h.contact, h.phone) == (contact, phone)


def test_a_web_page_site_name_yields_to_the_agency():
    h = header_of("新乡市人民政府", "首页 > 政务公开", "新乡市水利局", "新水函〔2024〕45号", "刘志强委员:", ACK)
    assert (h.bureau, h.city) == ("新乡市水利局", "新乡市")
    assert header_of("桐柏县人民政府", "李明委员：", ACK).bureau == "桐柏县人民政府"
