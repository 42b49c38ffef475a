"""The pinned gate: failing below a pin, refusing to lower pins, noticing corpus changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger.eval import baseline as gate
from storyledger.eval.gold import Dataset
from storyledger.eval.matching import Ratio
from storyledger.eval.report import EvalReport


def _report(recall: Ratio, sha: str = "a" * 64) -> EvalReport:
    report = EvalReport(datasets=[Dataset("tiny", Path("tiny"), "story", sha, 1)])
    report.add(("tiny", "times", "storyledger"), {"value.accuracy": recall})
    report.add(("tiny", "times", "peer"), {"value.accuracy": Ratio(1, 100)})
    return report


def _pins(value: float, sha: str = "a" * 64) -> dict:
    return {
        "epsilon": 0.01,
        "corpus": {"tiny": sha},
        "figures": {"tiny:times:value.accuracy": value},
    }


@pytest.mark.parametrize(("measured", "ok"), [(90, True), (86, True), (85, True), (84, False)])
def test_baseline_gate_allows_epsilon_only(measured: int, ok: bool) -> None:
    failures = gate.check(_report(Ratio(measured, 100)), _pins(0.86))
    assert (failures == []) is ok


def test_baseline_gate_fails_on_corpus_change() -> None:
    failures = gate.check(_report(Ratio(90, 100), sha="b" * 64), _pins(0.5))
    assert len(failures) == 1 and "corpus changed" in failures[0]


def test_baseline_gate_fails_when_a_pinned_figure_disappears() -> None:
    report = EvalReport(datasets=[Dataset("tiny", Path("tiny"), "story", "a" * 64, 1)])
    assert "not measured" in gate.check(report, _pins(0.5))[0]


def test_baseline_gate_ignores_datasets_not_run() -> None:
    pins = _pins(0.5)
    pins["figures"]["other:times:value.accuracy"] = 0.99
    assert gate.check(_report(Ratio(90, 100)), pins) == []


def test_baseline_update_refuses_to_lower_a_pin() -> None:
    with pytest.raises(gate.RegressionRefused, match=r"tiny:times:value\.accuracy"):
        gate.updated(_report(Ratio(50, 100)), _pins(0.9), allow_regression=False)
    lowered = gate.updated(_report(Ratio(50, 100)), _pins(0.9), allow_regression=True)
    assert lowered["figures"]["tiny:times:value.accuracy"] == 0.5


def test_baseline_update_raises_pins_and_pins_only_storyledger(tmp_path: Path) -> None:
    pins = gate.updated(_report(Ratio(95, 100)), gate.load(tmp_path / "none.json"), False)
    assert pins["figures"] == {"tiny:times:value.accuracy": 0.95}
    assert pins["corpus"] == {"tiny": "a" * 64}
    path = tmp_path / "eval" / "baseline.json"
    gate.save(path, pins)
    assert json.loads(path.read_text(encoding="utf-8")) == pins
    assert [p.name for p in path.parent.iterdir()] == ["baseline.json"]
