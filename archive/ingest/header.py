"""Stage 3: header fields (bureau, city, proposer, title, date…) from normalised text.

The text arrives one paragraph per line (see normalise). The letterhead, title line and
salutation come before the acknowledgement paragraph (`…的提案收悉…现答复如下：`); signer, result
class and openness usually sit in the letterhead; date, contact and phone in the footer.
"""
from __future__ import annotations

import datetime
import re

from archive.ingest.dates import DATE, SQUASHED_DATE, parse_date, squashed_date
from archive.ingest.gazetteer import gazetteer, leading_place
from archive.ingest.parsed import Header

HAN = r"\u4e00-\u9fff"
# A person's name as written after a label: 2–4 Han characters (或 少数民族 names with ·).
NAME = rf"[{HAN}·]{{2,8}}?(?=$|[^{HAN}·]|联系|电话|手机|职务|签发|办理|日期|邮箱|传真)"

# The paragraph that acknowledges the proposal: 您提出的“…”的提案收悉。…现答复如下：
ACKNOWLEDGEMENT = re.compile(
    r"收悉|(?:答复|函复|回复|复函)如下|办理情况(?:报告)?如下|现答复|现将[^。]{0,40}(?:答复|函复|回复)"
)
# 信阳市教育体育局 / 株洲市教育局文件 / # 永济市教育体育局
ORGANISATION_LINE = re.compile(
    rf"^#*(?P<org>[{HAN}（）()]{{2,30}}?(?:局|委员会|委|厅|部|办公室|人民政府|政府|中心|办|署))(?:文件)?$"
)
# 永济市教育体育局关于市政协七届四次会议…的办理情况
ORGANISATION_BEFORE_TITLE = re.compile(rf"^#*(?P<org>[{HAN}]{{2,30}}?(?:局|委员会|委|厅|部))关于")
# 主办单位：信阳市教育体育局
LEAD_UNIT = re.compile(rf"(?:主办单位|承办单位|答复单位)[：:](?P<org>[{HAN}]{{2,30}}?(?:局|委员会|委|厅|部|政府))")
OFFICE_SUFFIX = re.compile(r"(?:办公室|办公厅)$")

# 六 / 十二 / 12 — a term or meeting number
TERM = r"(?:[一二三四五六七八九十]{1,3}|\d{1,2})"
# 市政协六届二次会议 / 政协信阳市第六届委员会第二次会议
SESSION_BODY_FIRST = re.compile(
    rf"(?:政协|人大|人民代表大会|政治协商会议)[^\n，。；“”《》：:]{{0,12}}?第?{TERM}届"
    rf"[^\n，。；“”《》：:]{{0,12}}?第?{TERM}次(?:全体)?会议"
)
# 信阳市第十八届人民代表大会第三次会议
SESSION_TERM_FIRST = re.compile(
    rf"第?{TERM}届(?:全国)?(?:人民代表大会|人大|政协|委员会)"
    rf"[^\n，。；“”《》：:]{{0,10}}?第?{TERM}次(?:全体)?会议"
)
# 第2024175号 / (第0397号) / 第DH0271号 / 提案号：123
PROPOSAL_NUMBER = re.compile(
    r"第(?P<number>[A-Za-z]{0,4}\d+)号|(?:提案|建议|议案)(?:编号|号)[：:](?P<labelled>[A-Za-z]{0,4}\d+)"
)
# 濮教函〔2025〕87号 / 永教字（2024）80号 / 宝市教函〔2023〕57号
DOC_NUMBER = re.compile(rf"(?P<doc>[{HAN}]{{1,10}}[〔\[（(【]\d{{4}}[〕\]）)】]第?\d+号)")
YEAR_IN_BRACKETS = re.compile(r"[〔\[（(【](?P<year>\d{4})[〕\]）)】]")

# 高海朋委员： / 尊敬的王有强委员： / 市政协教科卫体委员会： / 张三、李四等委员: / 王五等3名代表
SALUTATION = re.compile(rf"^(?:尊敬的)?(?P<who>[{HAN}·、，,\d]{{2,40}}?)[：:]$")
NAME_ALONE = re.compile(rf"^(?:尊敬的)?(?P<who>[{HAN}·、]{{2,20}}?(?:委员|代表))$")
# 王有强 — a bare name on the line before the acknowledgement (not a title word or an agency)
BARE_NAME = re.compile(rf"^(?P<who>[{HAN}·]{{2,4}})$")
NOT_A_NAME = re.compile(r"答复|复函|意见|提案|建议|议案|办理|情况|公开|文件|局|委|会|办|厅|部|号|类")
PERSON_TITLE = re.compile(
    r"(?:等(?:\d+|[一二三四五六七八九十]+)?(?:名|位)?)?(?:政协)?(?:委员|代表|同志|先生|女士)(?:们)?$"
)
GROUP_TAIL = re.compile(r"等(?:\d+|[一二三四五六七八九十]+)?(?:名|位)?$")
ORG_NAME = re.compile(
    r"(?:委员会|委|民盟|民进|民革|民建|农工党|致公党|九三学社|台盟|工商联|联合会|妇联|团委|团市委|界别|小组|"
    r"支部|总支|党派|协会|学会|商会|支社|基层委|局|办公室|中心|政府|学校|医院|组)$"
)
ADDRESSED_AS_BODY = re.compile(r"贵(?:单位|团体|委|会|组|党派|界别|支部|社)")
CO_HANDLER = re.compile(r"会办意见")
# 周某委员提出的《…》 — the proposer named in the body of a 会办意见.
PROPOSER_IN_BODY = re.compile(rf"(?P<who>[{HAN}、]{{2,12}}?)(?:等\d*名?)?(?:委员|代表)(?:提出|所提|领衔)")

# 您提出的“关于…的建议”的提案收悉 / 《关于…的建议》收悉
QUOTED = re.compile(r"[“\"《「『](?P<title>[^“”\"《》「」『』\n]{2,150})[”\"》」』]")
NESTED_QUOTED = re.compile(r"[“\"《](?P<title>[^“”\"《》\n]{0,150}[“\"《][^“”\"《》\n]{1,150}[”\"》][^“”\"《》\n]{0,150})[”\"》]")
UNQUOTED_TITLE = re.compile(r"(?:提出|所提|领衔)的?(?P<title>关于[^，。；“”《》\n]{2,80}?的(?:建议|提案|议案))")

SIGNER = re.compile(rf"签发人[：:]\s*(?P<name>{NAME})")
# 联系人：孟辉 / （联系人:牛亚 / 联系人 孟辉 — not 建立联系人制度
CONTACT = re.compile(
    rf"(?:联系人(?:及(?:联系)?电话)?[：:]|(?:^|(?<=[（(，,；;\s]))联系人)\s*(?P<name>{NAME})", re.MULTILINE
)
HANDLER = re.compile(rf"(?:承办人|经办人|具体负责人)[：:]?\s*(?:[(（]签字[)）])?\s*(?P<name>{NAME})")
# 0377-8123456 / （0377）8123456 / 6225005 / 13812345678
PHONE_NUMBER = r"(?P<phone>(?:[（(]?0\d{2,3}[）)]?[-—－]?)?\d{7,8}|1\d{10})(?!\d)"
PHONE = re.compile(rf"(?:联系电话|电话|手机|联系方式)[：:]?\s*{PHONE_NUMBER}")
# 联系人及电话：张三 0377-1234567 — the number right after the contact's name
PHONE_AFTER_NAME = re.compile(rf"[，,\s]?{PHONE_NUMBER}")
# 办理结果：A / 办复类别: A / a stand-alone `A 类` line
RESULT_CLASS = re.compile(
    r"(?:办理结果|办复类别|答复类型|答复类别|办理类别|类别)[：:]\s*(?P<cls>[ABC])(?![A-Za-z])|^(?P<alone>[ABC])类$"
)
NOT_PUBLIC = re.compile(
    r"不予公开|不公开|依申请公开|不同意(?:对外)?公开|是否(?:同意)?(?:对外)?公开[：:]?\s*否|公开(?:属性|方式)[：:]\s*(?:不|依申请)"
)
PUBLIC = re.compile(r"主动公开|同意(?:对外)?公开|是否(?:同意)?(?:对外)?公开[：:]?\s*是|公开(?:属性|方式)[：:]\s*公开")
SHORT_LINE = 40
FIELD_LINE_MAX = 80
DATE_LINE_REST = re.compile(
    rf"^(?:[{HAN}（）()]{{2,30}}(?:局|委员会|委|厅|部|政府|办公室|中心))?[（(]?(?:盖章)?[）)]?$"
)
PUBLICATION = re.compile(r"印发|发布(?:时间|日期)|更新时间|来源")
DOCUMENT_DATE = re.compile(r"成文日期|签发日期|答复日期|办复日期")
PAST_YEAR = re.compile(r"(?<![到至—–\-~～\d])(?P<year>20\d{2})年(?![—–\-~～]|\d)")

PROPOSAL_WORDS = re.compile(r"提案|建议|议案")
ANSWER_WORDS = re.compile(r"答复|办理|收悉|办复|回复")


def looks_like_reply(text: str) -> bool:
    """True when the text names a proposal/suggestion and answers it (the pipeline raises NotAReply otherwise)."""
    return bool(PROPOSAL_WORDS.search(text) and ANSWER_WORDS.search(text))


def acknowledgement_index(lines: list[str]) -> int | None:
    """Index of the paragraph acknowledging the proposal, or None."""
    for i, line in enumerate(lines[:40]):
        if ACKNOWLEDGEMENT.search(line):
            return i
    return None


def parse_header(text: str, filename: str = "") -> Header:
    lines = text.split("\n")
    ack = acknowledgement_index(lines)
    top = lines[: ack if ack is not None else min(len(lines), 12)]
    ack_line = lines[ack] if ack is not None else ""
    header = Header()
    header.bureau = find_bureau(top, lines)
    if header.bureau:
        place = leading_place(header.bureau)
        if place:
            header.city, header.province = place.city, place.province
    top_text = "\n".join(top)
    header.doc_number = first_group(DOC_NUMBER, top_text, "doc")
    header.session = find_session("\n".join(top + [ack_line]))
    header.proposal_number = find_proposal_number(top + [ack_line])
    header.proposer, header.proposer_is_org = find_proposer(top, ack_line, text)
    header.title = find_title(top, ack_line)
    # labelled fields live on short lines; a body sentence may say 联系人 or 电话 too
    fields = "\n".join(line for line in lines if len(line) <= FIELD_LINE_MAX)
    header.signer = first_group(SIGNER, fields, "name")
    header.result_class = find_result_class(lines)
    header.public = find_public(lines)
    header.date = find_date(lines[ack + 1 if ack is not None else 0:])
    header.year = find_year(header, text)
    header.contact = first_group(CONTACT, fields, "name") or first_group(HANDLER, fields, "name")
    header.phone = find_phone(fields)
    return header


def first_group(pattern: re.Pattern, text: str, group: str) -> str | None:
    match = pattern.search(text)
    return match.group(group) if match else None


def find_bureau(top: list[str], lines: list[str]) -> str | None:
    """The answering agency: letterhead, else the title line, else 主办单位, else the signature.

    A government line in a web page's letterhead (`新乡市人民政府`, the site's name) yields to the
    agency named after it.
    """
    letterhead = [m.group("org") for line in top if (m := ORGANISATION_LINE.match(line))]
    candidates = sorted(letterhead, key=lambda name: name.endswith("政府"))
    candidates += [m.group("org") for line in top if (m := ORGANISATION_BEFORE_TITLE.match(line))]
    candidates += [m.group("org") for line in lines if (m := LEAD_UNIT.search(line))]
    candidates += [m.group("org") for line in reversed(lines) if (m := ORGANISATION_LINE.match(line))]
    for name in candidates:
        stripped = OFFICE_SUFFIX.sub("", name)
        if len(stripped) >= 3:
            return stripped
    return None


def find_session(text: str) -> str | None:
    match = SESSION_BODY_FIRST.search(text) or SESSION_TERM_FIRST.search(text)
    if not match:
        return None
    start = match.start()
    places, provinces = gazetteer()
    if text[max(0, start - 2):start] == "全国":
        start -= 2
    elif start and text[start - 1] in "省市县区州旗":
        size = next(
            (n for n in range(min(start, 12), 1, -1)
             if text[start - n:start] in places or text[start - n:start] in provinces),
            1,
        )
        start -= size
    return re.sub(r"\s+", "", text[start:match.end()])


def find_proposal_number(lines: list[str]) -> str | None:
    for line in lines:
        for match in PROPOSAL_NUMBER.finditer(line):
            if match.group("number") and re.search(r"[〔\[（(【]\d{4}[〕\]）)】]$", line[: match.start()]):
                continue  # 〔2023〕第26号 is a document number
            return match.group("number") or match.group("labelled")
    return None


def find_proposer(top: list[str], ack_line: str, text: str) -> tuple[str | None, bool]:
    """The addressee: a person (without 尊敬的/委员/代表) or an organisation."""
    addressed_as_body = bool(ADDRESSED_AS_BODY.search(ack_line))
    if any(CO_HANDLER.search(line) for line in top):
        match = PROPOSER_IN_BODY.search(text)
        if match:
            return person_name(match.group("who")), False
    who = None
    for line in reversed(top[-4:]):
        match = SALUTATION.match(line) or NAME_ALONE.match(line)
        if match and not re.search(r"如下|签发人|办理结果|公开|联系|抄送|附件", line):
            who = match.group("who")
            break
    if who is None and top and (match := BARE_NAME.match(top[-1])) and not NOT_A_NAME.search(top[-1]):
        who = match.group("who")
    if who is None:
        match = re.match(rf"^(?:尊敬的)?(?P<who>[{HAN}·、]{{2,30}}?(?:委员|代表))[：:]", ack_line)
        match = match or PROPOSER_IN_BODY.match(ack_line)
        who = match.group("who") if match else None
    if who is None:
        return None, False
    if addressed_as_body or (ORG_NAME.search(who) and not PERSON_TITLE.search(who)):
        return who, True
    return person_name(who), False


def person_name(who: str) -> str:
    """'尊敬的张三委员' → '张三'; '张三、李四等委员' → '张三、李四'; '王五等3名代表' → '王五'."""
    who = PERSON_TITLE.sub("", who.removeprefix("尊敬的"))
    return GROUP_TAIL.sub("", who)


def find_title(top: list[str], ack_line: str) -> str | None:
    """The proposal title inside “” or 《》: the acknowledgement first, then the title lines."""
    for source in [ack_line, *top]:
        match = NESTED_QUOTED.search(source) or QUOTED.search(source)
        if match:
            title = match.group("title")
            inner = QUOTED.fullmatch(title.strip())
            return inner.group("title") if inner else title
    match = UNQUOTED_TITLE.search(ack_line)
    return match.group("title") if match else None


def find_result_class(lines: list[str]) -> str | None:
    for line in lines:
        match = RESULT_CLASS.search(line)
        if match:
            return match.group("cls") or match.group("alone")
    return None


def find_public(lines: list[str]) -> bool | None:
    for line in lines:
        if len(line) > SHORT_LINE:
            continue
        if NOT_PUBLIC.search(line):
            return False
        if PUBLIC.search(line):
            return True
    return None


def find_date(lines: list[str]) -> datetime.date | None:
    """The last date line after the body; a labelled document date next; the 印发 date last."""
    signed = labelled = printed = None
    for line in lines:
        if len(line) > SHORT_LINE:
            continue
        squashed = SQUASHED_DATE.match(line)
        match = DATE.search(line)
        if squashed:
            signed = squashed_date(squashed.group("digits")) or signed
        elif match:
            date = parse_date(match.group())
            rest = (line[: match.start()] + line[match.end():]).strip(" ：:")
            if DOCUMENT_DATE.search(line):
                labelled = labelled or date
            elif PUBLICATION.search(line):
                printed = printed or (date if "印发" in line else None)
            elif DATE_LINE_REST.match(rest):
                signed = date or signed
    return signed or labelled or printed


def find_year(header: Header, text: str) -> int | None:
    if header.date:
        return header.date.year
    if header.doc_number:
        match = YEAR_IN_BRACKETS.search(header.doc_number)
        if match:
            return int(match.group("year"))
    number = header.proposal_number or ""
    if len(number) > 4 and number[:2] == "20" and number[:4].isdigit():
        return int(number[:4])
    years = [int(m.group("year")) for m in PAST_YEAR.finditer(text)]
    return max(years) if years else None


def find_phone(text: str) -> str | None:
    contact = CONTACT.search(text) or HANDLER.search(text)
    if contact:
        match = PHONE_AFTER_NAME.match(text, contact.end()) or PHONE.search(text, contact.start())
        if match:
            return match.group("phone")
    matches = list(PHONE.finditer(text))
    return matches[-1].group("phone") if matches else None
