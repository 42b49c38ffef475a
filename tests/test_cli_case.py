"""The case commands end to end: add, listings, show, merge/split, search, and bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyledger.cli import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ferry"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def assert_one_line_error(result: Result, code: str) -> None:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: [{code}] "), lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A case of three of the four example articles (the fourth is added by a test)."""
    folder = tmp_path_factory.mktemp("articles")
    for path in sorted(EXAMPLES.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    case = tmp_path_factory.mktemp("case") / "ferry.db"
    result = invoke("add", folder, "--case", case)
    assert result.exit_code == 0, result.output
    assert "Added 3 article(s)" in result.stdout
    return case


@pytest.fixture
def case(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built case, so tests may change it."""
    copy = tmp_path / "case.db"
    shutil.copy(built, copy)
    return copy


def listing(case: Path, command: str, *args: str) -> list[dict]:
    result = invoke(command, "--case", case, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "storyledger/1"
    (rows,) = [value for key, value in data.items() if key != "schema"]
    return rows


def test_add_twice_adds_nothing(case: Path) -> None:
    result = invoke("add", EXAMPLES / "01-valden-post-ferry-capsizes.txt", "--case", case, "-q")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(case) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def test_entities_are_merged_with_reasons(case: Path) -> None:
    entities = {e["id"]: e for e in listing(case, "entities")}
    lund = entities["erik-lund"]
    assert "Lund" in lund["aliases"]
    assert lund["merged_because"]
    people = listing(case, "entities", "--type", "PERSON")
    assert people and all(e["type"] == "PERSON" for e in people)


def test_conflicts_name_both_sides_with_sources(case: Path) -> None:
    conflicts = listing(case, "conflicts")
    passengers = [c for c in conflicts if "passenger" in c["topic"]]
    assert passengers, [c["topic"] for c in conflicts]
    values = {v["value"] for v in passengers[0]["values"]}
    assert {212, 230} <= values
    for value in passengers[0]["values"]:
        assert value["outlet"] and value["published"] and value["end"] > value["start"]
    quotes = [c for c in conflicts if c["kind"] == "attribution"]
    assert {v["value"] for v in quotes[0]["values"]} == {"erik-lund", "hanna-berg"}


def test_timeline_is_ordered_and_sourced(case: Path) -> None:
    entries = listing(case, "timeline")
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    assert all(e["sources"] for e in entries)
    only = listing(case, "timeline", "--from", "2025-06-03", "--to", "2025-06-03")
    assert only and all(e["date"].startswith("2025-06-03") for e in only)


def test_csv_listing_has_a_header_and_rows(case: Path) -> None:
    result = invoke("quantities", "--case", case, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"value", "counts", "doc", "start", "end"} <= set(rows[0])


def test_claims_by_speaker_and_certainty(case: Path) -> None:
    claims = listing(case, "claims", "--speaker", "erik-lund")
    assert claims and all(c["kind"] in {"quote", "reported", "narrative"} for c in claims)
    hedged = listing(case, "claims", "--certainty", "hedged")
    assert all(c["certainty"] == "hedged" for c in hedged)


def test_search_returns_sourced_hits(case: Path) -> None:
    hits = listing(case, "search", "ferry")
    assert hits and all(h["doc"] and "ferr" in h["text"].lower() for h in hits)  # stemmed


def test_show_entity_and_document(case: Path) -> None:
    result = invoke("show", "erik-lund", "--case", case, "--format", "json")
    entity = json.loads(result.stdout)["entity"]
    assert entity["mentions"] and entity["members"]
    doc_id = entity["mentions"][0]["doc"]
    result = invoke("show", doc_id, "--case", case)
    assert result.exit_code == 0 and doc_id in result.stdout


def test_merge_and_split_survive_adding_articles(case: Path) -> None:
    people = [e["id"] for e in listing(case, "entities", "--type", "PERSON")]
    a, b = "erik-lund", next(p for p in people if p not in {"erik-lund", "hanna-berg"})
    result = invoke("merge", a, b, "--case", case)
    assert result.exit_code == 0, result.output
    merged = result.stdout.split()[-1].rstrip(".")
    names = {e["id"]: e for e in listing(case, "entities")}
    assert b not in names and any("user" in r for r in names[merged]["merged_because"])
    assert invoke("split", merged, "Hanna Berg", "--case", case).exit_code != 0
    result = invoke("add", EXAMPLES / "04-northern-ledger-analysis.txt", "--case", case, "-q")
    assert result.exit_code == 0, result.output
    after = {e["id"] for e in listing(case, "entities")}
    assert merged in after and b not in after, "the user's merge was lost by re-resolution"


def test_every_case_command_has_help_with_options() -> None:
    for command in ("add", "entities", "timeline", "conflicts", "search", "merge", "split"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "--case" in result.output


# -- bad input: one line, non-zero exit, nothing written --------------------------------


def test_listing_without_a_case_file_is_refused(tmp_path: Path) -> None:
    assert_one_line_error(invoke("entities", "--case", tmp_path / "none.db"), "E416")
    assert not (tmp_path / "none.db").exists()


def test_a_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    before = path.read_bytes()
    assert_one_line_error(invoke("add", EXAMPLES, "--case", path), "E401")
    assert path.read_bytes() == before


def test_a_newer_case_is_refused(case: Path) -> None:
    with sqlite3.connect(case) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    assert_one_line_error(invoke("entities", "--case", case), "E402")


def test_a_read_only_directory_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:  # root writes anywhere on a normal file system; sysfs refuses it
        target = Path("/sys/storyledger-test.db")
        assert_one_line_error(invoke("add", EXAMPLES, "--case", target), "E403")
        assert not target.exists()
        return
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert_one_line_error(invoke("add", EXAMPLES, "--case", folder / "c.db"), "E403")
    finally:
        folder.chmod(0o700)


def test_an_unreachable_postgres_is_reported() -> None:
    result = invoke("entities", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert_one_line_error(result, "E405")


def test_a_malformed_search_query_is_refused(case: Path) -> None:
    assert_one_line_error(invoke("search", '"unclosed phrase', "--case", case), "E406")


@pytest.mark.parametrize(
    "args", [("merge", "nobody-1", "nobody-2"), ("split", "nobody-1", "X"), ("show", "nobody-1")]
)
def test_unknown_ids_are_refused_and_nothing_is_written(case: Path, args: tuple[str, ...]) -> None:
    before = listing(case, "entities")
    result = invoke(*args, "--case", case)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Error: [E41")
    assert listing(case, "entities") == before
    with sqlite3.connect(case) as conn:
        assert conn.execute("SELECT count(*) FROM user_corrections").fetchone() == (0,)


def test_case_and_db_together_is_a_usage_error(case: Path) -> None:
    result = invoke("entities", "--case", case, "--db", "postgresql://x@localhost/y")
    assert result.exit_code == 2


def test_resolve_runs_a_full_pass_that_changes_nothing(case: Path) -> None:
    before = listing(case, "entities"), listing(case, "timeline"), listing(case, "conflicts")
    result = invoke("resolve", "--case", case)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Resolved: ") and "entities" in result.stdout
    assert (
        listing(case, "entities"),
        listing(case, "timeline"),
        listing(case, "conflicts"),
    ) == before


def test_resolve_needs_an_existing_case(tmp_path: Path) -> None:
    assert_one_line_error(invoke("resolve", "--case", tmp_path / "none.db"), "E416")
