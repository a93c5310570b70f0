"""Text of a Word .docx: body paragraphs, tables, text boxes and the first page's header, in order.

Official documents made from a 公文 template often put the letterhead (`株洲市教育局文件`) in a
text box or the page header, and number their measures with a Word list; python-docx's
Paragraph.text sees none of these, so they are read here.
"""
from __future__ import annotations

import io
import zipfile

from archive.ingest.documents import DocumentError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A text box is written twice, as DrawingML (mc:Choice) and as VML (mc:Fallback); read it once.
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# A real reply's parts unpack to a few MB; images included, rarely more than 100.
MAX_EXPANDED_BYTES = 200 * 2**20


def docx_to_text(data: bytes) -> str:
    """One paragraph per line: the first page's header, then the body with its text boxes.

    Automatic list numbers (一、 from a Word list style) are put back in front of their paragraphs.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from archive.ingest.docx_numbering import ListNumbering

    check_expanded_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = ListNumbering(document)
        lines = header_lines(document)
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.extend(textbox_lines(block._p))
                lines.append(numbering.label(block) + block.text)
            elif isinstance(block, Table):
                lines.extend(table_lines(block))
    except Exception as exc:  # zipfile, KeyError, lxml and ValueError all come through python-docx
        raise DocumentError(f"broken .docx ({type(exc).__name__}: {exc})") from exc
    return "\n\n".join(line.strip() for line in lines if line.strip())


def check_expanded_size(data: bytes) -> None:
    """Refuse a .docx whose parts unpack to more than MAX_EXPANDED_BYTES (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"broken .docx ({exc})") from exc
    if expanded > MAX_EXPANDED_BYTES:
        raise DocumentError(f"unpacks to {expanded / 2**20:.0f} MB — 解压后过大，疑似压缩炸弹")


def textbox_lines(element) -> list[str]:
    """Paragraphs inside the text boxes anchored in an element (each box read once)."""
    lines = []
    for box in element.iter(f"{W}txbxContent"):
        if any(ancestor.tag == MC_FALLBACK for ancestor in box.iterancestors()):
            continue
        for paragraph in box.iter(f"{W}p"):
            lines.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return lines


def header_lines(document) -> list[str]:
    """The first page's header (paragraphs and text boxes), where a template may put the letterhead."""
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    if header.is_linked_to_previous:  # no header of its own
        return []
    lines = []
    for paragraph in header.paragraphs:
        lines.extend(textbox_lines(paragraph._p))
        lines.append(paragraph.text)
    return lines


def table_lines(table) -> list[str]:
    """One line per row, cells joined by a space; merged cells (repeated by python-docx) once."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        lines.append(" ".join(cells))
    return lines


def zip_kind(data: bytes) -> str:
    """'docx' for a zip holding word/document.xml (what Word writes), else 'zip' or 'broken zip'."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "docx" if "word/document.xml" in archive.namelist() else "zip"
    except zipfile.BadZipFile:
        return "broken zip"
