"""An upload handler that stops keeping a file's bytes once it passes the size limit.

Django writes every uploaded byte to memory or a temp file before a view runs; without this
a 2 GB upload would fill the disk first and be refused afterwards. Past the limit the rest of
the file is read off the socket and dropped, and the view receives an `OversizeFile` marker
that says how large the file was, so it can answer with a clear message.
"""
from __future__ import annotations

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizeFile(UploadedFile):
    """Stands in for a file that was too large; holds no content, only the size seen."""

    oversize = True

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Passes chunks on until settings.ARCHIVE_MAX_FILE_BYTES, then swallows them."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.oversize = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.ARCHIVE_MAX_FILE_BYTES:
            self.oversize = True
        # None stops later handlers (memory, temp file) from storing the chunk.
        return None if self.oversize else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.oversize:
            return OversizeFile(self.file_name, self.received, self.content_type)
        return None
