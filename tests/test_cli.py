"""The ``storyledger`` command: output, exit codes, and one-line errors for every bad input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import storyledger
from storyledger.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FERRY = FIXTURES / "ingest_ferry.txt"
PLAIN = FIXTURES / "ingest_plain.txt"


def invoke(
    *args: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    runner = CliRunner()
    return runner.invoke(cli, [str(arg) for arg in args], input=stdin, env=env)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def assert_one_line_error(result: Result, code: str, exit_code: int) -> None:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: [{code}] ")


def test_cli_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert storyledger.__version__ in result.output


@pytest.mark.parametrize(
    ("args", "example"),
    [
        (["--help"], "storyledger add articles/"),
        (["--help"], "storyledger extract"),
        (["extract", "--help"], "storyledger extract"),
        (["conflicts", "--help"], "storyledger conflicts --kind"),
    ],
)
def test_cli_help_teaches_with_an_example(args: list[str], example: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Example:" in result.output or "Examples:" in result.output
    assert example in result.output


def test_cli_extract_prints_storyledger_json() -> None:
    result = invoke("extract", FERRY)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "storyledger/1"
    (document,) = data["documents"]
    assert document["title"] == "Ferry with 212 aboard runs aground off Kestrel Point"
    assert document["published"] == "2023-03-14"
    assert document["source"] == str(FERRY)


def test_cli_published_overrides_the_header() -> None:
    result = invoke("extract", FERRY, "--published", "2023-04-01")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"][0]["published"] == "2023-04-01"


def test_cli_table_format_prints_one_table_per_list() -> None:
    result = invoke("extract", FERRY, "--format", "table")
    assert result.exit_code == 0, result.output
    for title in ("Documents (1)", "Entities", "Times", "Quantities", "Claims", "Events"):
        assert title in result.stdout


@pytest.mark.parametrize(
    ("stdin", "title"),
    [
        (b"Title: From a pipe\n\nThe bridge reopened on Monday.", "From a pipe"),
        (b'{"text": "The bridge reopened on Monday.", "title": "Lined"}\n', "Lined"),
    ],
)
def test_cli_reads_standard_input(stdin: bytes, title: str) -> None:
    result = invoke("extract", "-", stdin=stdin)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"][0]["title"] == title


def test_cli_reads_html_and_jsonl_together() -> None:
    result = invoke("extract", FIXTURES / "ingest_page.html", FIXTURES / "ingest_wire.jsonl")
    assert result.exit_code == 0, result.output
    outlets = [d["outlet"] for d in json.loads(result.stdout)["documents"]]
    assert outlets == ["Eastbrook Echo", "Northline Wire", "Northline Wire", None]


def test_cli_non_english_warns_and_goes_on() -> None:
    result = invoke("extract", FIXTURES / "ingest_german.txt")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Warning: [W301] ")
    assert json.loads(result.stdout)["documents"][0]["language"] == "de"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_FILES = [
    ("empty.txt", b"", "E103"),
    ("blank.txt", b"\n\n   \n", "E103"),
    ("header-only.txt", b"Title: Nothing else\n\n", "E103"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E105"),
    ("controls.txt", bytes(range(1, 9)) * 40, "E105"),
    ("garbled.txt", bytes(range(128, 256)) * 3, "E106"),
    ("bad-date.txt", b"Published: last Tuesday\n\nThe bridge reopened.", "E107"),
    ("bad.jsonl", b'{"title": "no text"}\n', "E108"),
    ("empty.jsonl", b"", "E103"),
    ("bare.html", b"<html><head><title>x</title></head><body></body></html>", "E109"),
    ("broken.jsonl.gz", b"this is not gzip", "E110"),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_FILES)
def test_cli_bad_file_is_one_line_with_exit_1(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    result = invoke("extract", write(tmp_path, name, data))
    assert_one_line_error(result, code, 1)
    assert result.stdout == ""


def test_cli_missing_file_is_e101(tmp_path: Path) -> None:
    assert_one_line_error(invoke("extract", tmp_path / "nope.txt"), "E101", 1)


def test_cli_directory_is_e102(tmp_path: Path) -> None:
    assert_one_line_error(invoke("extract", tmp_path), "E114", 1)


def test_cli_file_over_max_bytes_is_e104(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", b"The bridge reopened on Monday. " * 10)
    result = invoke("extract", path, "--max-bytes", "100")
    assert_one_line_error(result, "E104", 1)
    assert "310 bytes is over the 100 byte limit" in result.stderr


def test_cli_bad_input_among_good_ones_is_reported_and_the_rest_extracted(tmp_path: Path) -> None:
    jsonl = write(tmp_path, "mixed.jsonl", b'{"text": "One bridge."}\nnot json\n{"text": "Two."}\n')
    result = invoke("extract", tmp_path / "nope.txt", PLAIN, jsonl)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert [line[:13] for line in error_lines(result)] == ["Error: [E101]", "Error: [E108]"]
    assert "line 2" in error_lines(result)[1]
    documents = json.loads(result.stdout)["documents"]
    assert [d["source"] for d in documents] == [str(PLAIN), f"{jsonl}:1", f"{jsonl}:3"]


def test_cli_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl.gz", gzip.compress(b'{"text": "The bridge reopened."}\n'))
    result = invoke("extract", path)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["documents"]) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", str(FERRY), "--published", "next week"],
        ["extract", str(FERRY), "--published", "2024-02-30"],
        ["extract", str(FERRY), "--format", "xml"],
        ["extract", str(FERRY), "--max-bytes", "0"],
        ["extract", str(FERRY), "--batch-size", "-1"],
        ["frobnicate"],
    ],
)
def test_cli_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Error:" in result.stderr


def test_cli_unknown_model_is_config_error_e201() -> None:
    assert_one_line_error(invoke("extract", FERRY, "--model", "no_such_model_xx"), "E201", 2)


@pytest.mark.parametrize(
    ("env", "code"),
    [
        ({"STORYLEDGER_MODEL": "no_such_model_xx"}, "E201"),
        ({"STORYLEDGER_BATCH_SIZE": "many"}, "E202"),
    ],
)
def test_cli_bad_environment_is_config_error(env: dict[str, str], code: str) -> None:
    assert_one_line_error(invoke("extract", FERRY, env=env), code, 2)


def test_cli_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "storyledger", "extract", str(tmp_path / "nope.txt")]
    finished = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert finished.returncode == 1
    assert finished.stdout == ""
    assert (
        finished.stderr.strip()
        == f"Error: [E101] {tmp_path / 'nope.txt'}: file not found. Check the path."
    )


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_cli_every_command_is_documented(name: str) -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## `storyledger {name}`" in docs
    for param in cli.commands[name].params:
        if isinstance(param, click.Option):
            assert param.opts[0] in docs, param.opts[0]


def test_cli_eval_unknown_feature_is_usage_error() -> None:
    result = invoke("eval", "--features", "times,telepathy")
    assert result.exit_code == 2
    assert "telepathy" in result.output
    assert "Traceback" not in result.output


def test_cli_eval_scores_a_story_directory(shared_data: Path) -> None:
    story = shared_data / "stories" / "harbor-fire"
    result = invoke("eval", str(story), "--features", "times", "--no-peers", "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    text = json.dumps(figures)
    assert "value.accuracy" in text and "harbor-fire" in text
