"""The case document (``storyledger/1`` for a whole case), its JSON Schema, ``export_case``."""

from __future__ import annotations

import copy
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from export_helpers import FERRY, ROOT

from storyledger import api
from storyledger.errors import ConfigError
from storyledger.export.case import EXPORT_FORMATS, export_case
from storyledger.ledger import Ledger
from storyledger.schema import SCHEMA_FILE, load_schema

CASE_LISTS = (
    "documents",
    "entities",
    "times",
    "quantities",
    "claims",
    "events",
    "timeline",
    "conflicts",
)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors_of(validator: jsonschema.Draft202012Validator, document: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]


# -- the case document ---------------------------------------------------------


def test_case_document_has_every_list(ferry_case: dict[str, Any], ferry_ledger: Ledger) -> None:
    assert ferry_case["schema"] == "storyledger/1"
    assert list(ferry_case) == ["schema", *CASE_LISTS]
    counts = ferry_ledger.counts()
    for name in CASE_LISTS:
        assert len(ferry_case[name]) == counts[name], name
    assert all(ferry_case[name] for name in CASE_LISTS), "the ferry case fills every list"


def test_case_document_validates_against_the_schema(
    ferry_case: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    assert errors_of(validator, ferry_case) == []


def test_case_schema_validates_extract_output(
    validator: jsonschema.Draft202012Validator,
) -> None:
    extraction = api.extract_files(FERRY).to_dict()
    assert extraction["entities"] and extraction["claims"]
    assert errors_of(validator, extraction) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("schema",), "storyledger/2"),
        (("documents", 0, "sha256"), "not-a-hash"),
        (("documents", 0, "published"), "03/06/2025"),
        (("entities", 0, "type"), "ANIMAL"),
        (("claims", 0, "certainty"), "sure"),
        (("quantities", 0, "value"), "212"),
        (("conflicts", 0, "kind"), "argument"),
        (("timeline", 0, "sources"), []),
        (("entities", 0, "mentions", 0, "start"), -1),
    ],
)
def test_case_schema_rejects_a_broken_field(
    ferry_case: dict[str, Any],
    validator: jsonschema.Draft202012Validator,
    path: tuple[Any, ...],
    value: Any,
) -> None:
    broken = copy.deepcopy(ferry_case)
    target = broken
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert errors_of(validator, broken)


@pytest.mark.parametrize("missing", ["documents", "claims", "events"])
def test_case_schema_rejects_a_missing_list(
    ferry_case: dict[str, Any], validator: jsonschema.Draft202012Validator, missing: str
) -> None:
    broken = {k: v for k, v in ferry_case.items() if k != missing}
    assert errors_of(validator, broken)


def test_case_schema_ships_as_package_data() -> None:
    assert resources.files("storyledger.schema").joinpath(SCHEMA_FILE).is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["storyledger"]
    assert "schema/*.json" in patterns
    assert "export/templates/*.html" in patterns


def test_case_offsets_point_into_the_stored_text(
    ferry_case: dict[str, Any], ferry_ledger: Ledger
) -> None:
    texts = {d["id"]: ferry_ledger.document(d["id"])["text"] for d in ferry_case["documents"]}
    spans = [m for e in ferry_case["entities"] for m in e["mentions"]]
    spans += ferry_case["times"] + ferry_case["quantities"] + ferry_case["claims"]
    spans += [v for c in ferry_case["conflicts"] for v in c["values"]]
    assert len(spans) > 50
    for span in spans:
        assert texts[span["doc"]][span["start"] : span["end"]] == span["text"], span
    for entry in ferry_case["timeline"]:
        for source in entry["sources"]:
            assert 0 <= source["start"] < source["end"] <= len(texts[source["doc"]])


def test_case_entities_carry_members_and_mentions(
    ferry_case: dict[str, Any], ferry_ledger: Ledger
) -> None:
    doc_ids = {d["id"] for d in ferry_case["documents"]}
    members = [m for e in ferry_case["entities"] for m in e["members"]]
    assert len(members) == ferry_ledger.counts()["doc_entities"]
    assert len({(m["doc"], m["local_id"]) for m in members}) == len(members)
    for entity in ferry_case["entities"]:
        assert entity["members"] and entity["mentions"]
        docs = {m["doc"] for m in entity["mentions"]}
        assert docs <= doc_ids
        assert entity["documents"] == len(docs)
        assert {m["doc"] for m in entity["members"]} == docs
    merged = [e for e in ferry_case["entities"] if len(e["members"]) > 1]
    assert merged and all(e["merged_because"] for e in merged)


def test_case_claims_name_the_case_entity_of_their_speaker(ferry_case: dict[str, Any]) -> None:
    owner = {
        (m["doc"], m["local_id"]): e["id"] for e in ferry_case["entities"] for m in e["members"]
    }
    for claim in ferry_case["claims"]:
        if claim["speaker"] is None:
            assert claim["speaker_entity"] is None
        else:
            assert claim["speaker_entity"] == owner[(claim["doc"], claim["speaker"])]
    names = {e["id"]: e["name"] for e in ferry_case["entities"]}
    quoted = {
        names[c["speaker_entity"]]
        for c in ferry_case["claims"]
        if c["kind"] == "quote" and c["speaker_entity"]
    }
    assert {"Erik Lund", "Hanna Berg"} <= quoted


def test_case_events_name_their_case_entities(ferry_case: dict[str, Any]) -> None:
    ids = {e["id"] for e in ferry_case["entities"]}
    named = [e for e in ferry_case["events"] if e["entities"]]
    assert named
    for event in ferry_case["events"]:
        assert set(event["case_entities"]) <= ids
        assert len(event["case_entities"]) <= len(event["entities"])
    assert all(e["case_entities"] for e in named)


def test_case_document_leaves_out_when_documents_were_added(ferry_case: dict[str, Any]) -> None:
    assert all("added_at" not in d for d in ferry_case["documents"])


# -- export_case ----------------------------------------------------------------


def test_export_json_to_stdout_is_the_case_document(
    ferry_ledger: Ledger, ferry_case: dict[str, Any]
) -> None:
    text = export_case(ferry_ledger, "json", None)
    assert text is not None and not text.endswith("\n")
    assert json.loads(text) == ferry_case
    assert "Ingrid Aas" in text  # non-ASCII kept readable, not \u-escaped
    assert "\\u2014" not in text and "—" in text


@pytest.mark.parametrize("fmt", ["json", "md", "html", "ftm"])
def test_export_writes_one_file_whole(ferry_ledger: Ledger, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "new" / f"case.{fmt}"
    assert export_case(ferry_ledger, fmt, out) is None
    written = out.read_text(encoding="utf-8")
    assert written == export_case(ferry_ledger, fmt, None) + "\n"
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary left
    assert out.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("fmt", ["json", "md", "html", "ftm"])
def test_export_same_case_gives_the_same_text(ferry_ledger: Ledger, fmt: str) -> None:
    assert export_case(ferry_ledger, fmt, None) == export_case(ferry_ledger, fmt, None)


def test_export_replaces_an_existing_file(ferry_ledger: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("old report", encoding="utf-8")
    export_case(ferry_ledger, "md", out)
    assert out.read_text(encoding="utf-8").startswith("# Case report")


def test_export_unknown_format_is_refused(ferry_ledger: Ledger) -> None:
    with pytest.raises(ConfigError, match=r"^\[E207\] unknown export format 'pdf'") as caught:
        export_case(ferry_ledger, "pdf", None)
    assert all(fmt in str(caught.value) for fmt in EXPORT_FORMATS)


def test_export_csv_needs_a_folder(ferry_ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^\[E208\].*pass -o DIR"):
        export_case(ferry_ledger, "csv", None)
    a_file = tmp_path / "tables.csv"
    a_file.write_text("keep me", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\[E208\].*is a file"):
        export_case(ferry_ledger, "csv", a_file)
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_export_one_file_format_refuses_a_folder(ferry_ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^\[E209\].*--format html writes one file"):
        export_case(ferry_ledger, "html", tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_unwritable_place_is_one_clear_error(
    ferry_ledger: Ledger, tmp_path: Path, fmt: str
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\[E210\] .*cannot write the export") as caught:
        export_case(ferry_ledger, fmt, blocker / "inside" / "case.out")
    assert "\n" not in str(caught.value)
