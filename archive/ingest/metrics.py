"""Stage 5: quantities (5000 余人次, 约 260 万人, 近千所) with qualifier and label."""
from archive.ingest.parsed import ParsedMeasure, ParsedMetric


def find_metrics(text: str) -> list[ParsedMetric]:
    return []


def assign_measures(metrics: list[ParsedMetric], measures: list[ParsedMeasure]) -> None:
    """Set each metric's measure_path to the deepest measure whose span contains it."""
    for metric in metrics:
        metric.measure_path = None
        level = measures
        while level:
            inside = [m for m in level if m.start <= metric.start < m.end]
            if not inside:
                break
            metric.measure_path = inside[0].path
            level = inside[0].children
