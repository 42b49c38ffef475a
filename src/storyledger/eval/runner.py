"""``run_eval``: stream gold documents through storyledger (and the peers) and score them.

The spaCy model is loaded once; each document is parsed once, and the same
``Doc`` feeds storyledger's records, the raw spaCy NER peer, textacy and the
sentence-based word-list peer.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from storyledger.errors import ConfigError
from storyledger.eval.case import CaseRun
from storyledger.eval.features import FEATURES, Feature
from storyledger.eval.gold import Dataset, GoldDoc, discover, load_documents
from storyledger.eval.report import EvalReport
from storyledger.eval.systems import PEER, SYSTEM, SystemOutput, missing_peers, storyledger_output
from storyledger.extraction import facts_from_doc, start_doc
from storyledger.model import DocumentFacts
from storyledger.pipeline.build import cached_nlp
from storyledger.resolve.case import input_from_facts, resolve
from storyledger.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[3]


def default_data_root() -> Path:
    """RETURNS (Path): ``$STORYLEDGER_EVAL_DATA`` or ``<repo>/../shared/data``."""
    configured = os.environ.get("STORYLEDGER_EVAL_DATA")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "data"


def git_commit(root: Path = REPO_ROOT) -> str:
    """RETURNS (str): the short commit, marked when the tree has local changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "none (no git commit)"
    return f"{commit}+local changes" if git("status", "--porcelain") else commit


def _select(features: Iterable[str] | None) -> list[Feature]:
    names = list(features) if features else list(FEATURES)
    unknown = [name for name in names if name not in FEATURES]
    if unknown:
        raise ConfigError(
            f"[E403] unknown feature(s) {', '.join(unknown)}; choose from {', '.join(FEATURES)}."
        )
    return [FEATURES[name] for name in names]


def _make_doc(nlp: Language, gold: GoldDoc) -> tuple[Doc, GoldDoc]:
    return start_doc(nlp, gold.source), gold


class _Run:
    """Mutable state of one evaluation: timings and which peers are usable."""

    def __init__(self, report: EvalReport, features: list[Feature], peers: bool) -> None:
        self.report = report
        self.features = features
        missing = set(report.peers_missing)
        self.peer_features = [
            f for f in features if peers and f.peer_fill and f.peer_package not in missing
        ]
        report.peers = {f.name: f.peer for f in self.peer_features if f.peer}

    def clock(self, name: str, since: float) -> float:
        now = time.perf_counter()
        self.report.seconds[name] = self.report.seconds.get(name, 0.0) + now - since
        return now

    def peer_output(self, doc: Doc, gold: GoldDoc) -> SystemOutput:
        out = SystemOutput()
        for feature in self.peer_features:
            start = time.perf_counter()
            assert feature.peer_fill is not None
            feature.peer_fill(doc, gold, out)
            self.clock(feature.peer or feature.name, start)
        return out

    def score(self, doc: Doc, gold: GoldDoc) -> DocumentFacts:
        facts = facts_from_doc(doc, gold.source)
        outputs = {SYSTEM: storyledger_output(doc, facts, gold.entity_labels)}
        if self.peer_features:
            outputs[PEER] = self.peer_output(doc, gold)
        start = time.perf_counter()
        for feature in self.features:
            for system, out in outputs.items():
                scores = feature.scorer(gold, out)
                if scores is not None:
                    self.report.add((gold.dataset, feature.name, system), scores)
        self.clock("scoring", start)
        self.report.documents += 1
        self.report.warnings.extend(f"{gold.dataset}: {w}" for w in gold.warnings)
        return facts

    def score_case(
        self, dataset: Dataset, golds: list[GoldDoc], facts: list[DocumentFacts]
    ) -> None:
        """Resolve the dataset as one case and score the whole-case features."""
        case_features = [f for f in self.features if f.case_scorer is not None]
        if not case_features or not facts:
            return
        start = time.perf_counter()
        run = CaseRun(dataset, golds, facts, resolve(input_from_facts(facts)))
        self.clock("case resolution", start)
        for feature in case_features:
            assert feature.case_scorer is not None
            for system, scores in (feature.case_scorer(run) or {}).items():
                if system == SYSTEM or feature in self.peer_features:
                    self.report.add((dataset.name, feature.name, system), scores)


def _parsed(nlp: Language, golds: Iterator[GoldDoc], batch: int) -> Iterator[tuple[Doc, GoldDoc]]:
    pairs = (_make_doc(nlp, gold) for gold in golds)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch)


def run_eval(
    data_paths: Iterable[str | Path] | None = None,
    features: Iterable[str] | None = None,
    peers: bool = True,
    settings: Settings | None = None,
) -> EvalReport:
    """Score storyledger (and, if asked and installed, its peers) on gold data.

    data_paths (Iterable[str | Path] | None): story directories, ``.jsonl`` gold files or
        data roots; default ``default_data_root()``.
    features (Iterable[str] | None): feature names from ``FEATURES``; default all.
    peers (bool): also run the peer tools on the same documents.
    RETURNS (EvalReport): micro-averaged figures per dataset, feature and system.
    """
    settings = settings or Settings()
    paths = [Path(p) for p in (data_paths or [default_data_root()])]
    datasets = [dataset for path in paths for dataset in discover(path)]
    report = EvalReport(
        datasets=datasets,
        peers_requested=peers,
        peers_missing=missing_peers() if peers else [],
        commit=git_commit(),
        date=dt.datetime.now(dt.UTC).date().isoformat(),
        model=settings.model,
    )
    run = _Run(report, _select(features), peers)
    report.features = [f.name for f in run.features]
    started = time.perf_counter()
    nlp = cached_nlp(settings)
    run.clock("model load", started)
    for dataset in datasets:
        begun = time.perf_counter()
        golds: list[GoldDoc] = []
        facts: list[DocumentFacts] = []
        for doc, gold in _parsed(nlp, load_documents(dataset), settings.batch_size):
            facts.append(run.score(doc, gold))
            golds.append(gold)
        run.score_case(dataset, golds, facts)
        report.seconds[f"total {dataset.name}"] = time.perf_counter() - begun
    _split_pipeline_time(report)
    report.seconds["total"] = time.perf_counter() - started
    return report


def _split_pipeline_time(report: EvalReport) -> None:
    """storyledger's own time = per-dataset totals minus peers and scoring."""
    totals = sum(v for k, v in report.seconds.items() if k.startswith("total "))
    others = sum(
        v for k, v in report.seconds.items() if not k.startswith("total ") and k != "model load"
    )
    for key in [k for k in report.seconds if k.startswith("total ")]:
        del report.seconds[key]
    report.seconds["storyledger pipeline"] = max(0.0, totals - others)
