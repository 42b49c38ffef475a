"""storyledger's evaluation harness: gold data, scorers, peers, pinned baselines.

``run_eval(data_paths, features, peers)`` returns an ``EvalReport`` with
``to_dict()``, ``to_markdown()``, ``to_table()`` and ``rows()``. The command
line is ``python -m storyledger.eval``; ``docs/accuracy.md`` is its Markdown.
"""

from __future__ import annotations

from storyledger.eval.baseline import EPSILON, ISSUE_BARS
from storyledger.eval.features import FEATURES, Feature, register
from storyledger.eval.report import EvalReport
from storyledger.eval.runner import default_data_root, run_eval

__all__ = [
    "EPSILON",
    "FEATURES",
    "ISSUE_BARS",
    "EvalReport",
    "Feature",
    "default_data_root",
    "register",
    "run_eval",
]
