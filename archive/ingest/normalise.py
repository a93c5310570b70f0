"""Stage 2: clean text so later stages see one form of every character and paragraph.

The output is one paragraph per line. Full-width digits and Latin letters become ASCII, but the
Chinese punctuation that headings keep (，。：；（）“”) is left as written: the gold headings quote
the source, and every later regex accepts both forms. Layout whitespace inside Chinese text
(`信 阳 市 教 育`, `第 2024175 号`) is removed, lines broken by PDF conversion are joined back,
and conversion artefacts and web-page debris are dropped.
"""
from __future__ import annotations

import re
import statistics
import sys
import unicodedata

from archive.ingest.enumerators import LINE_ENUMERATOR


def _import_zhconv():
    """zhconv reads its table through pkg_resources when that imports, else with open() from
    its own folder (the same file). pkg_resources costs ~0.1 s at every process start, so it is
    hidden while zhconv loads."""
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # makes `from pkg_resources import …` an ImportError
    try:
        import zhconv
    finally:
        if hide:
            del sys.modules["pkg_resources"]
    return zhconv


zhconv = _import_zhconv()


CJK = r"\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…《》〈〉【】"

# Full-width forms that become ASCII; the punctuation of Chinese prose stays full-width.
KEEP_FULL_WIDTH = set("，：；（）！？")
FULL_TO_HALF = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in KEEP_FULL_WIDTH
}
FULL_TO_HALF.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20})
INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])
# Only the characters either table changes (str.translate over a whole reply is slow).
TRANSLATED = re.compile("[" + "".join(map(chr, [*FULL_TO_HALF, *INVISIBLE])) + "]+")

# Frequent characters that exist only in traditional script: a page converted by a mirror site.
TRADITIONAL_ONLY = re.compile(
    "[們會對於這為與關發辦覆號區縣國機構學習實現務體團隊導師員個議題進過還達選經濟錢長門問間聽說話語讀寫書"
    "東車馬黃龍齊應當時後專業點產屬幾萬眾權協處鄉鎮職資續]"
)
HAN_CHARACTER = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_SHARE = 0.02
TRADITIONAL_MIN = 10

# Kangxi radicals and compatibility ideographs that PDF extraction emits for ordinary characters.
COMPAT_IDEOGRAPH = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")

# `信 阳 市` → `信阳市`; `第 2024175 号` → `第2024175号`; `Q Q` stays (both sides ASCII).
SPACE_RUN = re.compile(r"[ \t]+")
CJK_CHARACTER = re.compile(rf"[{CJK}]")
# `教育 and 安全` — a stray English conjunction between Chinese words.
STRAY_AND = re.compile(rf"(?<=[{CJK}])\s+and\s+(?=[{CJK}])")
REPEATED_SPACE = re.compile(r"[ \t]{2,}")
# `| 发布时间 | 2024-07-05 ||` — table residue from a web page.
TABLE_BARS = re.compile(r"\s*\|+\s*")

# Whole lines that are conversion artefacts or web-page debris, not part of the reply.
DEBRIS_LINE = re.compile(
    r"^(?:"
    r"mailto:.*"                                            # mailto:2407560019、邮箱…
    r"|[-—–－\s]*\d{1,3}[-—–－\s]*"                          # - 3 -   (page number)
    r"|第\d+页(?:[,，/]?共\d+页)?|\d+/\d+"                    # 第3页共5页, 3/5
    r"|-{3,}|\*{3,}|_{3,}|={3,}"                            # --- horizontal rules
    r"|(?:首页|当前位置|您的位置|您现在的位置)[:：>»].*"         # breadcrumbs
    r"|.*(?:>|»|＞).*(?:>|»|＞).*(?:政务公开|信息公开|建议提案|提案办理).*"
    r"|.*\.(?:jpg|jpeg|png|gif|bmp)"                         # image file names
    r"|.*(?:浏览|阅读|访问)(?:次数|量)?[:：]\s*\d+次?"           # 浏览:301次 (not 全年阅读300次)
    r"|.*ICP备.*|.*公网安备.*|.*(?:版权所有|技术支持|Copyright|©).*"
    r"|(?:上一[条篇]|下一[条篇])[:：].*"                        # 上一条:…第9号提案的答复
    r"|.*(?:打印本页|关闭窗口|分享到|扫一扫|【?字体[:：]?[大中小\s]*】?|收藏本页).*"
    r")$",
    re.IGNORECASE,
)

DEBRIS_MAX = 160  # debris lines are short; long lines are prose and skip the check

# A line that ends a sentence or a clause that cannot run on: 。！？；： and closing quotes after them.
SENTENCE_END = re.compile(r"[。！？!?；;：:]['\"”’」』）)]*$")
# Lines that start a new paragraph however the previous line ended.
PARAGRAPH_START = re.compile(
    r"^(?:#|[（(]?(?:联系人|联系电话|电话|主办单位|承办单位|协办单位|承办人|经办人|签发人|抄送|附件"
    r"|办理结果|是否同意|公开属性|索引号|发布时间|成文日期)"
    r"|\d{4}年\d{1,2}月\d{1,2}日|[〇零一二三四五六七八九]{4}年)"
)
# A title line: 对市政协六届二次会议第2024175号提案的答复 / …的办理情况
TITLE_LINE_END = re.compile(r"(?:答复|复函|办理情况|的函|意见)$")
# A salutation standing alone: 高海朋委员： / 尊敬的张三代表:
SALUTATION_LINE = re.compile(r"^(?:尊敬的)?[\u4e00-\u9fff、·]{2,30}(?:委员|代表|同志)[：:]?$")
# A metadata or letterhead field: 发文单位:新乡市水利局 / 签发人：林长
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,6}[:：]")
FIELD_LINE_MAX = 60
SHORT_LINE = 20


def normalise(text: str) -> str:
    """Raw extracted text → one cleaned paragraph per line."""
    text = to_simplified(unicodedata.normalize("NFC", text))
    text = TRANSLATED.sub(lambda m: m.group().translate(INVISIBLE).translate(FULL_TO_HALF), text)
    text = COMPAT_IDEOGRAPH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    lines = [clean_line(line) for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", text)]
    return "\n".join(join_broken_lines([line for line in lines if line]))


def to_simplified(text: str) -> str:
    """Convert a traditional-script reply to simplified script; a stray 學 in a simplified text stays."""
    traditional = len(TRADITIONAL_ONLY.findall(text))
    if traditional < TRADITIONAL_MIN:
        return text
    if traditional < TRADITIONAL_SHARE * len(HAN_CHARACTER.findall(text)):
        return text
    return zhconv.convert(text, "zh-hans")


def layout_space(run: re.Match) -> str:
    """A run of spaces disappears when a Chinese character stands on either side of it."""
    text, start, end = run.string, run.start(), run.end()
    if (start and CJK_CHARACTER.match(text, start - 1)) or CJK_CHARACTER.match(text, end):
        return ""
    return run.group()


def clean_line(line: str) -> str:
    """One physical line without layout spaces; '' for a line that should disappear."""
    line = line.strip()
    if "**" in line:  # markdown bold around a heading: **一、加强组织领导**
        line = line.replace("**", "").strip()
    if "|" in line:
        line = TABLE_BARS.sub(" ", line).strip()
    if " " in line or "\t" in line:
        if "and" in line:
            line = STRAY_AND.sub("", line)
        line = SPACE_RUN.sub(layout_space, line)
        line = REPEATED_SPACE.sub(" ", line)
    if not line or (len(line) <= DEBRIS_MAX and DEBRIS_LINE.match(line)):
        return ""
    return line


def join_broken_lines(lines: list[str]) -> list[str]:
    """Join lines a PDF (or a careless editor) broke in mid-sentence back into paragraphs.

    A line runs on into the next one when it is long, does not end a sentence and is not an
    enumerated title standing alone (`一、优先顶层设计，营造…环境`), and the next line does not
    start a paragraph of its own (an enumerator, a markdown heading, a contact or date line).
    """
    width = typical_width(lines)
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and runs_on(paragraphs[-1], line, width):
            previous = paragraphs[-1]
            glue = " " if previous[-1].isascii() and line[0].isascii() and previous[-1].isalnum() else ""
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
    return paragraphs


def typical_width(lines: list[str]) -> int:
    """The length of a full line: large for text that was never wrapped."""
    lengths = [len(line) for line in lines if len(line) >= 10]
    if len(lengths) < 4:
        return max(lengths, default=0)
    return int(statistics.quantiles(lengths, n=4)[2])


def runs_on(previous: str, line: str, width: int) -> bool:
    if len(previous) < SHORT_LINE or SENTENCE_END.search(previous) or TITLE_LINE_END.search(previous):
        return False
    if FIELD_LINE.match(previous) and len(previous) <= FIELD_LINE_MAX:
        return False
    if previous.startswith("#") or PARAGRAPH_START.match(line) or LINE_ENUMERATOR.match(line):
        return False
    return not SALUTATION_LINE.match(line) and not is_title_line(previous, width)


def is_title_line(paragraph: str, width: int) -> bool:
    """An enumerated line with no sentence inside that is shorter than a full line."""
    return bool(
        LINE_ENUMERATOR.match(paragraph)
        and not re.search(r"[。；;：:]", paragraph)
        and len(paragraph) < 0.9 * width
    )
