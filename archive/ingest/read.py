"""Stage 1: bytes of a .txt/.md/.html/.pdf/.docx file → text."""
from archive.ingest.errors import EmptyFile


def decode_document(data: bytes, filename: str) -> str:
    if not data.strip():
        raise EmptyFile(filename)
    return data.decode("utf-8-sig")
