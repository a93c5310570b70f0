"""Running manage.py ingest in tests and reading its report."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Measure, MeasureType, Metric, Reply

ROOT = Path(__file__).resolve().parent.parent.parent
FORMATS = ROOT / "tests" / "data" / "formats"
SEEDS = ROOT / "fixtures" / "replies"


@dataclass
class Run:
    stdout: str
    stderr: str
    returncode: int

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def status_of(self, path: Path | str) -> tuple[str, str]:
        """(status, detail) of one file's report line."""
        for line in self.lines:
            name, _, rest = line.partition("\t")
            if name == str(path):
                status, _, detail = rest.partition("\t")
                return status, detail
        raise AssertionError(f"no report line for {path} in:\n{self.stdout}")


def ingest(*args) -> Run:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return Run(out.getvalue(), err.getvalue() + str(exc), exc.returncode)
    return Run(out.getvalue(), err.getvalue(), 0)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Reply, Measure, MeasureType, Metric)}
