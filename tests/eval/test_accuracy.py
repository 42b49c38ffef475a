"""Accuracy on the gold data beside the repo, gated by the pins in baseline.json.

Runs in CI (deterministic given the corpus and the model). A figure more than
``EPSILON`` below its pin fails; re-pin after an improvement with
``python -m storyledger.eval --update-baseline`` (it refuses to lower a pin
unless ``--allow-regression``). Skips when ``<repo>/../shared/data`` is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger.eval import ISSUE_BARS, EvalReport, run_eval
from storyledger.eval import baseline as gate

BASELINE_PATH = Path(__file__).with_name("baseline.json")
#: What CI scores: the story set, MEANTIME and GUM (~20 s without peers).
GATED = ("stories/harbor-fire", "meantime_en.jsonl", "gum_news.jsonl")
PINS = gate.load(BASELINE_PATH)
GATED_NAMES = ("harbor-fire", "meantime_en", "gum_news")
PINNED = sorted(key for key in PINS["figures"] if key.split(":", 1)[0] in GATED_NAMES)


@pytest.fixture(scope="module")
def report(shared_data: Path) -> EvalReport:
    """storyledger alone on the gated datasets, computed once for this module."""
    return run_eval([shared_data / path for path in GATED], peers=False)


def test_accuracy_corpus_unchanged(report: EvalReport) -> None:
    pinned = PINS["corpus"]
    changed = [d.name for d in report.datasets if pinned.get(d.name) not in (None, d.sha256)]
    assert not changed, f"gold data changed for {changed}: re-pin baseline.json"


def test_accuracy_gold_strings_all_located(report: EvalReport) -> None:
    assert report.warnings == []


@pytest.mark.parametrize("key", PINNED)
def test_accuracy_gate(report: EvalReport, key: str) -> None:
    pinned = PINS["figures"][key]
    value = report.figures().get(key)
    assert value is not None, f"{key} is pinned at {pinned} but was not measured"
    assert value >= pinned - gate.EPSILON, f"{key}: {value:.4f} < pin {pinned:.4f} - {gate.EPSILON}"


@pytest.mark.parametrize("key", sorted(ISSUE_BARS))
def test_accuracy_issue_bars(report: EvalReport, key: str) -> None:
    dataset, feature, metric = key.split(":")
    value = report.figure(dataset, feature, metric)
    bar = ISSUE_BARS[key]
    assert value is not None and value >= bar, f"{key}: {value} below the issue's bar {bar}"


def test_accuracy_baseline_file_is_well_formed() -> None:
    data = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))
    assert set(data) >= {"epsilon", "corpus", "figures"}
    assert all(0.0 <= value <= 1.0 for value in data["figures"].values())
