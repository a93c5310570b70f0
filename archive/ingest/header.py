"""Stage 3: header fields (bureau, city, proposer, title, date…) from normalised text."""
from archive.ingest.parsed import Header


def parse_header(text: str, filename: str = "") -> Header:
    return Header()
