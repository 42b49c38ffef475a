"""``python -m storyledger.eval``: score, print, gate or re-pin.

Example::

    python -m storyledger.eval --format md > docs/accuracy.md
    python -m storyledger.eval --format table --no-peers ../shared/data/stories/harbor-fire
    python -m storyledger.eval --check            # exit 1 when a figure drops below its pin
    python -m storyledger.eval --update-baseline  # re-pin; never lowers without --allow-regression
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from storyledger.errors import StoryledgerError
from storyledger.eval import baseline as gate
from storyledger.eval.features import FEATURES
from storyledger.eval.report import EvalReport
from storyledger.eval.runner import REPO_ROOT, run_eval
from storyledger.eval.systems import INSTALL_PEERS

DEFAULT_BASELINE = REPO_ROOT / "tests" / "eval" / "baseline.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m storyledger.eval",
        description="Score storyledger against gold data, beside peer tools.",
    )
    parser.add_argument("data", nargs="*", help="story dirs, .jsonl gold files or data roots")
    parser.add_argument("--format", choices=("md", "json", "table"), default="table")
    parser.add_argument("--no-peers", action="store_true", help="score storyledger alone")
    parser.add_argument("--feature", action="append", choices=list(FEATURES), help="repeatable")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    parser.add_argument("--check", action="store_true", help="fail when below a pin")
    parser.add_argument("--update-baseline", action="store_true", help="pin current figures")
    parser.add_argument("--allow-regression", action="store_true", help="let a pin go down")
    return parser


def _render(report: EvalReport, fmt: str) -> str:
    if fmt == "md":
        return report.to_markdown()
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    return report.to_table()


def _gate(report: EvalReport, args: argparse.Namespace) -> int:
    pins = gate.load(args.baseline)
    if args.update_baseline:
        try:
            gate.save(args.baseline, gate.updated(report, pins, args.allow_regression))
        except gate.RegressionRefused as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"pinned {len(report.figures())} figures in {args.baseline}", file=sys.stderr)
        return 0
    failures = gate.check(report, pins)
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; RETURNS (int): the exit status."""
    args = _parser().parse_args(argv)
    try:
        report = run_eval(args.data or None, args.feature, peers=not args.no_peers)
    except StoryledgerError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    sys.stdout.write(_render(report, args.format))
    if report.peers_missing:
        print(
            f"peers not installed: {', '.join(report.peers_missing)}; {INSTALL_PEERS}",
            file=sys.stderr,
        )
    if args.check or args.update_baseline:
        return _gate(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
