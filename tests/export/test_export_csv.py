"""CSV export: one file per table, proper quoting, lists as JSON, nothing outside the folder."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from storyledger.export.case import export_case
from storyledger.export.csv import TABLES, cell, table_rows, table_text
from storyledger.export.files import file_in
from storyledger.ledger import Ledger

EXPECTED_FILES = {
    "documents.csv",
    "entities.csv",
    "entity_members.csv",
    "mentions.csv",
    "times.csv",
    "quantities.csv",
    "claims.csv",
    "events.csv",
    "timeline.csv",
    "timeline_sources.csv",
    "conflicts.csv",
    "conflict_values.csv",
}

#: Nested lists that have tables of their own.
NESTED = {"members", "sources", "values"}


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def ferry_csv(ferry_ledger: Ledger, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("csv") / "tables"
    assert export_case(ferry_ledger, "csv", folder) is None
    return folder


def test_csv_writes_one_file_per_table(ferry_csv: Path) -> None:
    assert {p.name for p in ferry_csv.iterdir()} == EXPECTED_FILES
    assert {f"{name}.csv" for name in TABLES} == EXPECTED_FILES


def test_csv_headers_and_row_counts_match_the_case(
    ferry_csv: Path, ferry_case: dict[str, Any]
) -> None:
    expected = {
        "documents": len(ferry_case["documents"]),
        "entities": len(ferry_case["entities"]),
        "entity_members": sum(len(e["members"]) for e in ferry_case["entities"]),
        "mentions": sum(len(e["mentions"]) for e in ferry_case["entities"]),
        "claims": len(ferry_case["claims"]),
        "timeline": len(ferry_case["timeline"]),
        "timeline_sources": sum(len(t["sources"]) for t in ferry_case["timeline"]),
        "conflicts": len(ferry_case["conflicts"]),
        "conflict_values": sum(len(c["values"]) for c in ferry_case["conflicts"]),
    }
    for name, count in expected.items():
        header, rows = read_table(ferry_csv / f"{name}.csv")
        assert header == list(TABLES[name])
        assert len(rows) == count > 0, name


def test_csv_columns_hold_every_field_of_every_record(ferry_case: dict[str, Any]) -> None:
    """A field added to a record must get a column, or this fails (not the export)."""
    for name, rows in table_rows(ferry_case).items():
        fields = {key for row in rows for key in row}
        assert fields - NESTED <= set(TABLES[name]), name


def test_csv_values_read_back(ferry_csv: Path, ferry_case: dict[str, Any]) -> None:
    _, entities = read_table(ferry_csv / "entities.csv")
    by_id = {row["id"]: row for row in entities}
    for entity in ferry_case["entities"]:
        row = by_id[entity["id"]]
        assert json.loads(row["aliases"]) == entity["aliases"]
        assert json.loads(row["merged_because"]) == entity["merged_because"]
        assert int(row["mentions"]) == len(entity["mentions"])
    _, quantities = read_table(ferry_csv / "quantities.csv")
    assert {row["approximate"] for row in quantities} <= {"true", "false"}
    assert [float(r["value"]) for r in quantities] == [q["value"] for q in ferry_case["quantities"]]
    _, claims = read_table(ferry_csv / "claims.csv")
    assert [r["text"] for r in claims] == [c["text"] for c in ferry_case["claims"]]
    assert any(r["speaker"] == "" and r["speaker_entity"] == "" for r in claims)  # None is empty
    _, values = read_table(ferry_csv / "conflict_values.csv")
    conflict_ids = {c["id"] for c in ferry_case["conflicts"]}
    assert {r["conflict"] for r in values} == conflict_ids


def test_csv_quotes_commas_quotes_and_line_breaks(
    hostile_ledger: Ledger, hostile_case: dict[str, Any], tmp_path: Path
) -> None:
    export_case(hostile_ledger, "csv", tmp_path)
    _, claims = read_table(tmp_path / "claims.csv")
    assert [r["text"] for r in claims] == [c["text"] for c in hostile_case["claims"]]
    tricky = [r["text"] for r in claims if '""' in r["text"] and "," in r["text"]]
    assert tricky, "the hostile article has a claim with commas and doubled quotes"
    _, documents = read_table(tmp_path / "documents.csv")
    assert documents[0]["title"] == hostile_case["documents"][0]["title"]
    text = table_text(("a", "b"), [{"a": 'line one\nline "two", three', "b": None}])
    assert list(csv.reader(text.splitlines(keepends=True))) == [
        ["a", "b"],
        ['line one\nline "two", three', ""],
    ]


def test_csv_cells() -> None:
    assert cell(None) == ""
    assert cell(True) == "true"
    assert cell(False) == "false"
    assert cell(["Brekke", "Radić"]) == '["Brekke", "Radić"]'
    assert cell(212) == "212"
    assert cell(2.5) == "2.5"


def test_csv_replaces_a_link_instead_of_writing_through_it(
    ferry_ledger: Ledger, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("must stay", encoding="utf-8")
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "claims.csv").symlink_to(outside)
    export_case(ferry_ledger, "csv", folder)
    assert outside.read_text(encoding="utf-8") == "must stay"
    assert not (folder / "claims.csv").is_symlink()
    assert (folder / "claims.csv").read_text(encoding="utf-8").startswith("doc,start,end,text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.txt", "tables"]


@pytest.mark.parametrize("name", ["", ".", "..", "../claims.csv", "sub/claims.csv", "/etc/x"])
def test_csv_file_names_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a plain file name"):
        file_in(tmp_path, name)
    assert file_in(tmp_path, "claims.csv") == tmp_path / "claims.csv"
