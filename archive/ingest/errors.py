"""Why a file could not be ingested. Each message starts with the file name."""


class IngestError(Exception):
    """Base class: a file that cannot become a reply, with a reason a user can act on."""

    reason = "无法入库"

    def __init__(self, filename: str, detail: str | None = None):
        self.filename = filename
        self.detail = detail or self.reason
        super().__init__(f"{filename}: {self.detail}")


class EmptyFile(IngestError):
    reason = "empty file — 文件为空"


class FileTooLarge(IngestError):
    reason = "file too large — 文件超过大小上限"


class UnsupportedFormat(IngestError):
    reason = "unsupported format — 不支持的文件类型"


class UnreadableFile(IngestError):
    reason = "unreadable — 无法识别文件编码或内容"


class NoTextLayer(IngestError):
    reason = "no text layer — scanned PDF? 该 PDF 没有文字层"


class CorruptDocument(IngestError):
    reason = "corrupt document — 文件已损坏"


class NotAReply(IngestError):
    reason = "not a reply — 未找到提案/建议及答复标记"


class Duplicate(IngestError):
    reason = "duplicate — 相同内容已入库"
