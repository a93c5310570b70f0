"""`manage.py export_replies`: JSON in the gold schema, CSV with BOM, Chinese intact."""
import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from archive.export import CSV_COLUMNS
from archive.ingest.load import store_reply
from archive.ingest.parsed import Header, ParsedMeasure, ParsedMetric, ParsedReply
from tests.conftest import GOLD_PATH

from .helpers import SEEDS, ingest

pytestmark = pytest.mark.django_db

GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))


def a_stored_reply() -> None:
    """A reply with a two-level measure tree and metrics, made by hand so the test needs no parser."""
    text = "一、加强培训。培训教师 960 余人。\n（一）专题培训。开展 12 场。\n二、加大投入。投入约 260 万元。"
    child = ParsedMeasure(heading="专题培训", text="", start=18, end=31, types=["staffing"], path="1.1")
    measures = [
        ParsedMeasure(heading="加强培训", text="", start=0, end=31, types=["staffing"], children=[child], path="1"),
        ParsedMeasure(heading="加大投入", text="", start=32, end=len(text), status="planned",
                      types=["funding", "other"], path="2"),
    ]
    metrics = [
        ParsedMetric(value=Decimal(960), unit="人", start=12, end=18, qualifier="余", label="培训教师", measure_path="1"),
        ParsedMetric(value=Decimal(12), unit="场", start=24, end=28, label="专题培训", measure_path="1.1"),
        ParsedMetric(value=Decimal(260), value_max=Decimal("300.50"), unit="万元", start=40, end=46,
                     qualifier="约", label="投入", measure_path="2"),
    ]
    header = Header(bureau="信阳市教育体育局", city="信阳市", province="河南省", proposal_number="2024175",
                    proposer="高海朋", title="降低中小学生学习负担", result_class="A", public=True,
                    date=datetime.date(2024, 7, 2), year=2024)
    store_reply(ParsedReply("hand.txt", "0" * 64, text, text, header, measures, metrics), user="test")


def export(tmp_path, fmt: str) -> bytes:
    out = tmp_path / f"export.{fmt}"
    call_command("export_replies", "--format", fmt, "-o", str(out), stdout=io.StringIO())
    return out.read_bytes()


def key_sets(document: dict) -> dict[str, set]:
    """The set of keys at every level of a schema-1 document."""
    sets = {"top": set(document), "reply": set(), "measure": set(), "metric": set()}

    def measures(items):
        for item in items:
            sets["measure"].add(frozenset(item))
            measures(item["children"])

    for reply in document["replies"]:
        sets["reply"].add(frozenset(reply))
        measures(reply["measures"])
        sets["metric"].update(frozenset(m) for m in reply["metrics"])
    return sets


def test_json_has_the_gold_structure_at_every_level(tmp_path):
    a_stored_reply()
    document = json.loads(export(tmp_path, "json"))
    assert document["schema"] == GOLD["schema"] == 1
    assert key_sets(document) == key_sets(GOLD)


def test_json_values_as_the_gold_writes_them(tmp_path):
    a_stored_reply()
    reply = json.loads(export(tmp_path, "json"))["replies"][0]
    assert reply["date"] == "2024-07-02" and reply["year"] == 2024 and reply["public"] is True
    assert reply["doc_number"] is None and reply["signer"] is None
    assert reply["measures"][0]["children"][0] == {
        "heading": "专题培训", "status": "done", "types": ["staffing"], "children": [], "metrics": [1],
    }
    assert reply["measures"][0]["metrics"] == [0]  # a parent does not repeat its child's figures
    assert reply["measures"][1]["types"] == ["funding", "other"]
    assert reply["metrics"][2] == {
        "value": "260", "value_max": "300.5", "unit": "万元", "label": "投入", "qualifier": "约", "measure": "2",
    }
    assert reply["metrics"][1]["measure"] == "1.1"


def test_json_of_ingested_seeds_matches_gold_header_types(tmp_path):
    ingest(SEEDS)
    document = json.loads(export(tmp_path, "json").decode("utf-8"))
    assert [r["source_file"] for r in document["replies"]] == [r["source_file"] for r in GOLD["replies"]]
    assert [r["sha256"] for r in document["replies"]] == [r["sha256"] for r in GOLD["replies"]]
    for ours, gold in zip(document["replies"], GOLD["replies"]):
        assert set(ours) == set(gold)
        for field, value in gold.items():
            if value is not None and field not in ("measures", "metrics"):
                assert ours[field] is None or type(ours[field]) is type(value), field


def test_csv_opens_with_bom_and_keeps_chinese(tmp_path):
    a_stored_reply()
    ingest(SEEDS)
    data = export(tmp_path, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 1 + 6
    hand = dict(zip(rows[0], next(r for r in rows if r[0] == "hand.txt")))
    assert hand["bureau"] == "信阳市教育体育局" and hand["title"] == "降低中小学生学习负担"
    assert hand["measure_count"] == "3" and hand["metric_count"] == "3"
    assert hand["doc_number"] == ""  # None is an empty cell


def test_export_reports_what_it_wrote(tmp_path):
    a_stored_reply()
    out = io.StringIO()
    call_command("export_replies", "--format", "json", "-o", str(tmp_path / "x.json"), stdout=out)
    assert out.getvalue().strip() == f"wrote 1 replies to {tmp_path / 'x.json'}"


def test_json_file_round_trips_with_chinese_unescaped(tmp_path):
    a_stored_reply()
    data = export(tmp_path, "json")
    assert "信阳市教育体育局".encode() in data  # not \u4fe1…
    assert not data.startswith(b"\xef\xbb\xbf")


def test_missing_output_folder_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_replies", "-o", str(tmp_path / "nowhere" / "x.json"), stdout=io.StringIO())
