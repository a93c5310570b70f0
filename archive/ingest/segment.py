"""Stage 4: the measure tree (一、 / （一） / 一是 / 1.) with spans and status."""
from archive.ingest.parsed import ParsedMeasure


def split_measures(text: str) -> list[ParsedMeasure]:
    return []
