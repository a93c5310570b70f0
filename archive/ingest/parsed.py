"""The small dataclasses that flow between ingest stages."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from decimal import Decimal
from operator import attrgetter


class PickledAsTuple:
    """Pickled as its fields' values in order, not as a dict: `ingest --jobs` workers send
    ~40 metrics and ~10 measures a reply, and the default pickling of a dataclass took twice
    as long to write and read."""

    def __reduce__(self):
        cls = type(self)
        if "_values" not in cls.__dict__:
            cls._values = attrgetter(*(f.name for f in fields(cls)))
        return cls, cls._values(self)


@dataclass
class Header:
    bureau: str | None = None
    city: str | None = None
    province: str | None = None
    doc_number: str | None = None
    session: str | None = None
    proposal_number: str | None = None
    proposer: str | None = None
    proposer_is_org: bool = False
    title: str | None = None
    signer: str | None = None
    result_class: str | None = None
    public: bool | None = None
    date: datetime.date | None = None
    year: int | None = None
    contact: str | None = None
    phone: str | None = None


@dataclass
class ParsedMeasure(PickledAsTuple):
    """A measure with its character span [start, end) in the normalised text."""

    heading: str
    text: str
    start: int
    end: int
    status: str = "done"
    types: list[str] = field(default_factory=list)
    children: list[ParsedMeasure] = field(default_factory=list)
    path: str = ""


@dataclass
class ParsedMetric(PickledAsTuple):
    """A quantity with its span [start, end) in the normalised text."""

    value: Decimal
    unit: str
    start: int
    end: int
    value_max: Decimal | None = None
    qualifier: str | None = None
    label: str = ""
    measure_path: str | None = None
    normalized_value: Decimal | None = None
    base_unit: str = ""


@dataclass
class ParsedReply:
    source_file: str
    sha256: str
    raw_text: str
    text: str
    header: Header
    measures: list[ParsedMeasure]
    metrics: list[ParsedMetric]

    def walk_measures(self):
        """All measures, parents before children, in document order."""
        stack = list(reversed(self.measures))
        while stack:
            measure = stack.pop()
            yield measure
            stack.extend(reversed(measure.children))
