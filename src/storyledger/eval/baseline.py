"""The pinned accuracy gate (after trafilatura's ``tests/eval_gate.py``).

``tests/eval/baseline.json`` pins every storyledger figure. A figure more than
``EPSILON`` below its pin fails the gate; a changed corpus (different
sha256) fails it too, because the pins no longer mean anything. Re-pinning
with ``--update-baseline`` never lowers a pin unless ``allow_regression``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyledger.eval.report import EvalReport

EPSILON = 0.01

#: Floors set by the issue, checked on top of the pins (tests/eval/test_accuracy.py).
#: Issue targets relative to the peer: storyledger minus peer, at least this.
PEER_MARGINS: dict[str, float] = {
    "meantime_en:merging:b3.f1": 0.10,
}

ISSUE_BARS: dict[str, float] = {
    "harbor-fire:entities:overlap.recall": 0.90,
    "harbor-fire:times:value.accuracy": 0.85,
    "harbor-fire:quantities:value_counts.recall": 0.85,
    "harbor-fire:quotes:speaker.accuracy": 0.85,
    "harbor-fire:certainty:hedged.recall": 0.70,
    # issue 4 (case store) and issue 6 (merging B³ >= 0.80)
    "harbor-fire:timeline:events.on_date": 0.85,
    "meantime_en:merging:b3.f1": 0.80,
    "harbor-fire:merging:pairs.recall": 0.85,
    "harbor-fire:merging:people_apart.accuracy": 1.0,
    "harbor-fire:conflicts:planted.recall": 0.90,
    "harbor-fire:conflicts:planted.precision": 0.80,
}


class RegressionRefused(Exception):
    """Re-pinning would lower a pin; pass allow_regression to accept that."""


def load(path: Path) -> dict[str, Any]:
    """RETURNS (dict): the baseline file, or an empty one when it does not exist yet."""
    if not path.is_file():
        return {"epsilon": EPSILON, "corpus": {}, "figures": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def check(report: EvalReport, baseline: dict[str, Any]) -> list[str]:
    """RETURNS (list[str]): one message per failure; empty when the gate passes.

    Only pins for datasets in ``report`` are checked, so a run on a subset
    (the CI test leaves GUM out) is gated on what it measured.
    """
    epsilon = float(baseline.get("epsilon", EPSILON))
    names = {d.name: d for d in report.datasets}
    failures = [
        f"{name}: corpus changed (sha256 {d.sha256[:12]} != pinned {baseline['corpus'][name][:12]})"
        "; re-pin with --update-baseline"
        for name, d in names.items()
        if name in baseline.get("corpus", {}) and baseline["corpus"][name] != d.sha256
    ]
    figures = report.figures()
    for key, pinned in baseline.get("figures", {}).items():
        if key.split(":", 1)[0] not in names:
            continue
        value = figures.get(key)
        if value is None:
            failures.append(f"{key}: pinned at {pinned:.4f} but not measured any more")
        elif value < pinned - epsilon:
            failures.append(f"{key}: {value:.4f} is below its pin {pinned:.4f} (- {epsilon})")
    return failures


def updated(report: EvalReport, baseline: dict[str, Any], allow_regression: bool) -> dict:
    """RETURNS (dict): the baseline with the report's figures pinned.

    Raises RegressionRefused listing every figure that would be lowered.
    """
    pins = dict(baseline.get("figures", {}))
    new = report.figures()
    lowered = [
        f"{key}: {pins[key]:.4f} -> {value:.4f}"
        for key, value in new.items()
        if key in pins and value < pins[key]
    ]
    if lowered and not allow_regression:
        raise RegressionRefused(
            "refusing to lower pins (pass --allow-regression to accept):\n  " + "\n  ".join(lowered)
        )
    pins.update(new)
    corpus = dict(baseline.get("corpus", {}))
    corpus.update({d.name: d.sha256 for d in report.datasets})
    return {
        "about": "storyledger accuracy pins; regenerate with "
        "`python -m storyledger.eval --update-baseline`",
        "epsilon": baseline.get("epsilon", EPSILON),
        "commit": report.commit,
        "corpus": dict(sorted(corpus.items())),
        "figures": dict(sorted(pins.items())),
    }


def save(path: Path, baseline: dict[str, Any]) -> None:
    """Write atomically (temp file + ``os.replace``) so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(baseline, out, indent=2, ensure_ascii=False)
        out.write("\n")
    os.replace(temp, path)
