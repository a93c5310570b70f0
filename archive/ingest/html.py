"""A reply published as a web page → the reply's text, without the site around it.

Government pages wrap a reply in breadcrumbs, menus, share buttons, view counters (浏览:301次),
previous/next links (上一条：…第9号提案的答复) and footers with ICP numbers. We drop the
site's furniture by tag and class, keep the block that holds most of the page's prose, and put
back the page's metadata table (办复类别：A, 公开属性：主动公开) because the header parser can use
those facts. Paragraph structure survives: every block element or <br> ends a line.
"""
from __future__ import annotations

import re

import zhconv
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from archive.ingest.markup import looks_like_html  # noqa: F401 — part of this module's interface

# Tags that never hold reply text.
DROPPED_TAGS = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "object", "embed", "svg", "canvas", "button", "select", "input", "textarea",
    "img", "video", "audio", "map", "link", "meta", "head", "title",
}
BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4",
    "h5", "h6", "section", "article", "main", "blockquote", "pre", "dl", "dt", "dd", "hr",
    "center", "body", "html", "figure", "figcaption", "address",
}
CELL_TAGS = {"td", "th"}
# Elements that group paragraphs; main_block enters only these.
CONTAINER_TAGS = {
    "html", "body", "div", "section", "article", "main", "table", "tbody", "tr", "td", "th", "center",
    "font", "form", "blockquote",
}
# Short elements an article's info bar is made of.
INFO_TAGS = {"span", "div", "p", "li", "em", "font", "b", "strong", "label", "small"}

# class/id tokens of site furniture: class="breadcrumb", id="footer", class="nav-list", "share_box"
CLUTTER_ATTR = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|footer|foot|header|"
    r"share|pager|pagination|page-?turn|prev|next|sidebar|side|copyright|topbar|toolbar|"
    r"related|recommend|links?|search|login|banner|logo)(?:$|[-_\s\d])",
    re.IGNORECASE,
)

# Whole lines that are site furniture, even inside the article block.
CLUTTER_LINE = re.compile(
    r"^(?:"
    r"(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：].*"  # 当前位置：首页 > 政务公开 > 建议提案
    r"|.*(?:浏览|访问|阅读|点击)(?:(?:次数|量|数)\s*[:：]?|\s*[:：])\s*\d+\s*次?"  # 浏览:301次, 访问量 1024
    r"|(?:上一[条篇]|下一[条篇])\s*[:：]?.*"  # 上一条：关于市政协…第9号提案的答复
    r"|.*(?:ICP备|ICP证|公网安备|网站标识码|版权所有|建议使用.*浏览器).*"  # 浙ICP备05012345号
    r"|(?:技术支持|网站主办|网站承办)\s*[:：].*"  # not 主办单位：… (a reply's own footer says it)
    r"|.*(?:打印本页|关闭窗口|【\s*打印\s*】|【\s*关闭\s*】|字号\s*[:：]?\s*[【\[]?\s*大\s*中\s*小).*"
    r"|(?:分享到|扫一扫|微信扫一扫|返回顶部|\[?\s*返回\s*\]?|首页|网站地图|收藏本站|设为首页)\s*[:：]?\s*"
    r"|.*(?:Produced\s*By|publishdate).*"  # Produced By CMS 网站群内容管理系统 publishdate:2024/07/10
    r"|\S+\.(?:jpg|jpeg|png|gif|bmp)"  # an image's file name left as text
    r"|[|\s]+"  # | || table residue
    r")$",
    re.IGNORECASE,
)

# Labels of a page's metadata table that carry header facts: 办复类别：A, 公开属性：主动公开
METADATA_LABELS = (
    "索引号|发布机构|发文机关|发布时间|发布日期|成文日期|文号|发文字号|公开属性|公开方式|公开类别|"
    "办复类别|答复类型|答复类别|办理类别|办理结果|类别|是否公开|是否同意公开|签发领导|签发人|主题分类|标题|名称"
)
METADATA_LABEL = re.compile(rf"^(?:{METADATA_LABELS})\s*[:：]?$")
# A fact inside a short element of the page's info bar: <span>办复类别：A</span>, 发布时间：2024-07-10 10:32
METADATA_INLINE = re.compile(
    rf"(?<![\u4e00-\u9fff])(?P<label>{METADATA_LABELS})\s*[:：]\s*"
    rf"(?P<value>[^\s:：|]{{1,40}}?)(?=$|[\s|]|(?:{METADATA_LABELS})\s*[:：])"
)
MAX_INFO_TEXT = 120
# Furniture lines are short; a long line is prose even if it mentions 阅读 or 点击.
MAX_CLUTTER_LINE = 120

# A metadata cell holding both: 公开属性：主动公开
METADATA_CELL = re.compile(r"^([^:：]{2,6})\s*[:：]\s*(\S.{0,60})$")
MAX_METADATA_ROW = 300

# The title of a reply page: 关于市政协八届三次会议第96号提案的答复
REPLY_TITLE = re.compile(r"(?:关于|第).*(?:提案|建议|议案).*(?:答复|复函|办理)")
TITLE_CLASS = re.compile(r"title", re.IGNORECASE)
TITLE_SEPARATOR = re.compile(r"\s*[_|｜]\s*|\s+-\s+")

CJK = re.compile(r"[\u4e00-\u9fff]")
WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(markup: str) -> str:
    """The reply text of a page: one line per paragraph, site furniture removed."""
    soup = BeautifulSoup(markup, "lxml")
    metadata = take_metadata(soup)
    facts = info_bar_facts(soup)
    title = page_title(soup)
    drop_furniture(soup)
    blocks = article_blocks(soup.body or soup)
    lines = [line for block in blocks for line in render_lines(block) if not is_clutter_line(line)]
    body = WHITESPACE.sub("", "".join(lines))
    extra = [fact for fact in facts if fact not in metadata and WHITESPACE.sub("", fact) not in body]
    if title and WHITESPACE.sub("", title) not in body:
        extra.append(title)  # the body starts at the salutation; the title with 第…号 is only here
    return "\n\n".join(metadata + extra + lines)


def page_title(soup: BeautifulSoup) -> str | None:
    """The reply's title as the page shows it: a heading or .title element naming a proposal,
    else the first part of <title> (`关于…的答复_建议提案_金华市水务局`)."""
    candidates = [clean(tag.get_text(" ")) for tag in elements(soup, {"h1", "h2", "h3"})]
    candidates += [
        clean(tag.get_text(" ")) for tag in elements(soup) if TITLE_CLASS.search(" ".join(tag.get("class") or []))
    ]
    if soup.title and soup.title.string:
        candidates.append(clean(TITLE_SEPARATOR.split(soup.title.string)[0]))
    return next((c for c in candidates if 6 <= len(c) <= 120 and REPLY_TITLE.search(c)), None)


def elements(root: Tag, names: set[str] | None = None) -> list[Tag]:
    """Elements under root in document order, optionally only those named (faster than find_all)."""
    return [t for t in root.descendants if isinstance(t, Tag) and (names is None or t.name in names)]


def is_clutter_line(line: str) -> bool:
    """Furniture, in simplified script or (a mirror site's page) traditional."""
    if len(line) > MAX_CLUTTER_LINE:
        return False
    if CLUTTER_LINE.match(line):
        return True
    try:
        line.encode("gb2312")
        return False  # simplified script throughout: nothing to convert
    except UnicodeEncodeError:
        return bool(CLUTTER_LINE.match(zhconv.convert(line, "zh-hans")))


def drop_furniture(soup: BeautifulSoup) -> None:
    for node in [n for n in soup.descendants if isinstance(n, (Comment, Declaration, Doctype, ProcessingInstruction))]:
        node.extract()
    for tag in elements(soup, DROPPED_TAGS):
        if not tag.decomposed:  # <title> went with <head>
            tag.decompose()
    for tag in [t for t in elements(soup) if is_furniture(t)]:
        if not tag.decomposed:
            tag.decompose()
    for tag in elements(soup, {"ul", "ol", "dl"}):
        if not tag.decomposed and is_link_list(tag):  # a nested list may have gone with its parent
            tag.decompose()


def is_link_list(tag: Tag) -> bool:
    """A list that is mostly links is a menu or 'related articles', not part of a reply."""
    total = len(CJK.findall(tag.get_text()))
    return total > 0 and prose_length(tag) <= 0.2 * total


def is_furniture(tag: Tag) -> bool:
    if tag.name in ("body", "html") or tag.attrs is None:
        return False
    if tag.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    attrs = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
    return bool(attrs.strip()) and bool(CLUTTER_ATTR.search(attrs)) and prose_length(tag) < 200


def prose_length(tag: Tag) -> int:
    """CJK characters outside links: reply text is prose, menus are links."""
    total = len(CJK.findall(tag.get_text()))
    linked = sum(len(CJK.findall(a.get_text())) for a in tag.find_all("a"))
    return total - linked


def main_block(root: Tag) -> Tag:
    """The deepest container still holding 85% of the page's prose: the article, not the page.

    Only containers are entered, never a paragraph: one long <p> beside a short signature <p>
    must not lose the signature.
    """
    counts = prose_counts(root)
    total = counts[id(root)]
    best = root
    while total:
        children = [c for c in best.children if isinstance(c, Tag) and c.name in CONTAINER_TAGS]
        inner = next((c for c in children if counts[id(c)] >= 0.85 * total), None)
        if inner is None:
            break
        best = inner
    return best


def prose_counts(root: Tag) -> dict[int, int]:
    """prose_length of every element under root, in one pass (by id), without recursion."""
    counts: dict[int, int] = {}
    stack: list[tuple[Tag, bool, bool]] = [(root, False, False)]
    while stack:
        node, done, in_link = stack.pop()
        in_link = in_link or node.name == "a"
        children = [c for c in node.children if isinstance(c, Tag)]
        if done:
            own = 0 if in_link else sum(len(CJK.findall(t)) for t in node.children if type(t) is NavigableString)
            counts[id(node)] = own + sum(counts[id(c)] for c in children)
            continue
        stack.append((node, True, in_link))
        stack.extend((child, False, in_link) for child in children)
    return counts


def article_blocks(root: Tag) -> list[Tag]:
    """The main block and the blocks after it: a signature or contact line sometimes sits in a
    sibling <div> after the body (what follows is furniture, dropped line by line)."""
    main = main_block(root)
    return [main, *main.find_next_siblings(True)] if main is not root else [main]


def take_metadata(soup: BeautifulSoup) -> list[str]:
    """Remove the page's metadata rows; return them as `label：value` lines.

    Rows are table rows or <dt>/<dd> and <li> groups: `<td>办复类别：</td><td>A</td>` or
    `<li>公开属性：主动公开</li>` both become `办复类别：A` / `公开属性：主动公开`.
    """
    lines: list[str] = []
    for row in elements(soup, {"tr", "dl", "ul"}):
        if row.decomposed or len(row.get_text()) > MAX_METADATA_ROW:
            continue
        cells = [clean(c.get_text(" ")) for c in row.find_all(["td", "th", "dt", "dd", "li"], recursive=False)]
        found = [f"{label}：{value}" for label, value in metadata_pairs(cells)]
        if found:
            lines.extend(found)
            row.decompose()
    return list(dict.fromkeys(lines))


def metadata_pairs(cells: list[str]):
    """(label, value) pairs from cells that are `label：value` or a label cell then a value cell."""
    for i, cell in enumerate(cells):
        inline = METADATA_CELL.match(cell)
        if inline and METADATA_LABEL.match(inline.group(1)):
            label, value = inline.group(1).strip(), inline.group(2)
        elif METADATA_LABEL.match(cell) and i + 1 < len(cells):
            label, value = cell.rstrip(":： "), cells[i + 1]
            if not value or METADATA_LABEL.match(value) or METADATA_CELL.match(value):
                continue
        else:
            continue
        if plausible_value(label, value):
            yield label, value


# Labels that are also ordinary column headings of a data table in a reply (类别 | 数量) count as
# metadata only with a value that fits: 类别：A, 标题：关于…的答复.
GENERIC_LABEL_VALUE = {
    "类别": re.compile(r"^[ABC]\s*类?$"),
    "标题": re.compile(r"答复|提案|建议|议案"),
    "名称": re.compile(r"答复|提案|建议|议案"),
}


def plausible_value(label: str, value: str) -> bool:
    pattern = GENERIC_LABEL_VALUE.get(label)
    return pattern is None or bool(pattern.search(value))


def info_bar_facts(soup: BeautifulSoup) -> list[str]:
    """`label：value` facts in short elements outside tables (an article's info bar), in page order.

    The bar itself is usually furniture (it also holds 浏览：301次 and 【字号：大 中 小】) and is
    dropped, so its facts are read first.
    """
    facts: list[str] = []
    for tag in elements(soup, INFO_TAGS):
        text = short_text(tag)
        if text is not None:
            facts.extend(f"{m.group('label')}：{m.group('value')}" for m in METADATA_INLINE.finditer(text))
    return list(dict.fromkeys(facts))


def short_text(tag: Tag) -> str | None:
    """The element's text if it is at most MAX_INFO_TEXT long, else None — without reading all of
    a long element (an info-bar search visits every <div>, the page's body among them)."""
    pieces, size = [], 0
    for piece in tag.strings:
        size += len(piece.strip())
        if size > MAX_INFO_TEXT:
            return None
        pieces.append(piece)
    return clean(" ".join(pieces))


def render_lines(root: Tag) -> list[str]:
    """Text of root with a line break at every block boundary, <br> and table row (and, inside
    <pre>, wherever the text breaks)."""
    parts: list[str] = []

    def walk(node, preformatted: bool = False) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                text = str(child)
                parts.append(text.replace("\r", "") if preformatted else WHITESPACE.sub(" ", text))
            elif isinstance(child, Tag) and child.name == "pre":  # a text file pasted into a page
                parts.append("\n")
                walk(child, preformatted=True)
                parts.append("\n")
            elif isinstance(child, Tag):
                if child.name in BLOCK_TAGS:
                    parts.append("\n")
                    walk(child, preformatted)
                    parts.append("\n")
                elif child.name in CELL_TAGS:
                    walk(child, preformatted)
                    parts.append(" ")
                else:
                    walk(child, preformatted)

    walk(root, preformatted=root.name == "pre")
    lines = (clean(line) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def clean(text: str) -> str:
    """Collapse whitespace; strip the &nbsp; and ideographic-space indents of gov pages."""
    return WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip(" \u3000")
