"""``EvalReport``: the figures of one run, as rows, JSON or the docs/accuracy.md page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyledger.eval.features import FEATURES
from storyledger.eval.gold import Dataset
from storyledger.eval.matching import Ratio, f1
from storyledger.eval.systems import INSTALL_PEERS, PEER, SYSTEM

REPORT_SCHEMA = "storyledger-eval/1"
Key = tuple[str, str, str]  # (dataset, feature, system)

#: Provenance and licence of the known datasets (from shared/data/README.md and LICENSES/).
SOURCES: dict[str, dict[str, str]] = {
    "meantime_en": {
        "title": "MEANTIME (NewsReader), English section, 120 Wikinews articles",
        "licence": "CC BY 4.0 (annotations); texts: English Wikinews, CC BY 2.5",
        "attribution": "© 2015 Fondazione Bruno Kessler, VU University Amsterdam, Universidad "
        "del País Vasco (https://www.newsreader-project.eu/results/data/wikinews/). Texts © "
        "Wikinews contributors (https://en.wikinews.org), CC BY 2.5. Converted to JSONL: text "
        "rebuilt from tokens, two CREATION_TIME values repaired to the dateline.",
    },
    "gum_news": {
        "title": "GUM (Georgetown University Multilayer corpus), the 24 GUM_news documents",
        "licence": "annotations CC BY 4.0; texts: English Wikinews, CC BY 2.5",
        "attribution": "Annotations by the GUM annotators (https://github.com/amir-zeldes/gum, "
        "commit 72ce5ac); cite Zeldes (2017), The GUM Corpus, Language Resources and Evaluation "
        "51(3):581-612, and Lin & Zeldes (2021), WikiGUM, LAW-DMR. Texts © Wikinews "
        "contributors, CC BY 2.5. Converted from CoNLL-U to JSONL; only person/place/"
        "organization/time mentions and quotes kept.",
    },
    "harbor-fire": {
        "title": "harbor-fire: 8 articles of a fictional developing story, hand-annotated",
        "licence": "storyledger test material (invented text; no third-party content)",
        "attribution": "All names, outlets and events are fictional; gold.json gives strings "
        "without offsets (see stories/harbor-fire/README.md).",
    },
}


@dataclass(slots=True)
class EvalReport:
    """All figures of one evaluation run, plus what is needed to reproduce it."""

    datasets: list[Dataset]
    scores: dict[Key, dict[str, Ratio]] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    peers: dict[str, str] = field(default_factory=dict)
    peers_missing: list[str] = field(default_factory=list)
    peers_requested: bool = True
    commit: str = "unknown"
    date: str = ""
    model: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    documents: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, key: Key, scores: dict[str, Ratio]) -> None:
        """Sum one document's counts into the run's totals."""
        totals = self.scores.setdefault(key, {})
        for metric, ratio in scores.items():
            totals.setdefault(metric, Ratio()).merge(ratio)

    def metrics(self, key: Key) -> dict[str, tuple[float | None, int, int]]:
        """RETURNS (dict): metric -> (value, num, den), with ``*.f1`` derived."""
        ratios = self.scores.get(key, {})
        out = {name: (r.value, r.num // r.scale, r.den // r.scale) for name, r in ratios.items()}
        for name in list(ratios):
            if name.endswith(".precision") and name[:-10] + ".recall" in ratios:
                stem = name[:-10]
                recall = ratios[stem + ".recall"]
                out[stem + ".f1"] = (
                    f1(ratios[name].value, recall.value),
                    0,
                    recall.den // recall.scale,
                )
        return dict(sorted(out.items()))

    def figure(self, dataset: str, feature: str, metric: str, system: str = SYSTEM) -> float | None:
        """RETURNS (float | None): one figure, None when it was not measured."""
        return self.metrics((dataset, feature, system)).get(metric, (None, 0, 0))[0]

    def figures(self, system: str = SYSTEM) -> dict[str, float]:
        """RETURNS (dict): ``"dataset:feature:metric" -> value`` for pinning baselines."""
        found = {}
        for key in self.scores:
            if key[2] == system:
                for metric, (value, _, _) in self.metrics(key).items():
                    if value is not None:
                        found[f"{key[0]}:{key[1]}:{metric}"] = round(value, 4)
        return dict(sorted(found.items()))

    def rows(self) -> list[dict[str, Any]]:
        """RETURNS (list[dict]): one flat row per (dataset, feature, system, metric)."""
        rows = []
        for key in sorted(self.scores):
            system = SYSTEM if key[2] == SYSTEM else self.peers.get(key[1], PEER)
            for metric, (value, num, den) in self.metrics(key).items():
                rows.append(
                    {
                        "dataset": key[0],
                        "feature": key[1],
                        "system": system,
                        "metric": metric,
                        "value": None if value is None else round(value, 4),
                        "num": num,
                        "den": den,
                    }
                )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """RETURNS (dict): the whole report as JSON-ready data."""
        return {
            "schema": REPORT_SCHEMA,
            "commit": self.commit,
            "date": self.date,
            "model": self.model,
            "documents": self.documents,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
            "datasets": [
                {
                    "name": d.name,
                    "path": str(d.path),
                    "documents": d.documents,
                    "sha256": d.sha256,
                    **SOURCES.get(d.name, {}),
                }
                for d in self.datasets
            ],
            "peers": self.peers,
            "peers_missing": self.peers_missing,
            "results": self.rows(),
            "warnings": self.warnings,
        }

    def to_markdown(self) -> str:
        """RETURNS (str): the ``docs/accuracy.md`` page."""
        from storyledger.eval.markdown import render

        return render(self)

    def to_table(self) -> str:
        """RETURNS (str): a plain aligned text table for terminals."""
        header = ("dataset", "feature", "metric", SYSTEM, "peer", "peer name", "n")
        lines = [header]
        for dataset, feature, metric, ours, theirs, n in self.comparison():
            peer_name = self.peers.get(feature, "") if theirs is not None else ""
            lines.append((dataset, feature, metric, _pct(ours), _pct(theirs), peer_name, str(n)))
        widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
        text = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in lines]
        if self.peers_missing:
            text.append(f"\npeers not installed: {', '.join(self.peers_missing)}; {INSTALL_PEERS}")
        return "\n".join(line.rstrip() for line in text) + "\n"

    def comparison(self, feature: str | None = None) -> list[tuple[str, str, str, Any, Any, int]]:
        """RETURNS (list): (dataset, feature, metric, ours, peer's, support) side by side."""
        out = []
        for dataset, feat, system in sorted(self.scores):
            if system != SYSTEM or (feature and feat != feature):
                continue
            peer = self.metrics((dataset, feat, PEER))
            for metric, (value, _, den) in self.metrics((dataset, feat, SYSTEM)).items():
                theirs = peer.get(metric, (None, 0, 0))[0]
                out.append((dataset, feat, metric, value, theirs, den))
        ordered = {name: i for i, name in enumerate(FEATURES)}
        out.sort(key=lambda row: (ordered.get(row[1], 99), row[0]))
        return out


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"
