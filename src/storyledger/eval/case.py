"""Whole-case features: cross-document merging, the conflict ledger, the timeline.

These are scored once per dataset, after every document is extracted: the
documents are resolved as one case (``storyledger.resolve``), exactly as
``storyledger add`` does, and compared with the dataset-level gold.

- merging, story sets: every pair of gold mentions (file, surface) of one
  entity should land in one case entity (``pairs.recall``); no case entity
  may hold two gold people (``people_apart.accuracy``).
- merging, MEANTIME/GUM: B³ and pairwise precision/recall over the gold
  name mentions that carry a cross-document ``instance``; a gold mention is
  represented by the predicted mention that overlaps it (unmatched: alone).
- peer: exact-name merging of the same predicted mentions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from storyledger.eval.gold import Dataset, GoldDoc
from storyledger.eval.matching import Ratio
from storyledger.eval.systems import PEER, SYSTEM
from storyledger.model import DocumentFacts
from storyledger.resolve.case import CaseResolution

Scores = dict[str, Ratio]
#: B³ is an average of fractions; it is kept as a Ratio scaled by this.
SCALE = 10_000


@dataclass(frozen=True, slots=True)
class CaseRun:
    """One dataset resolved as a case."""

    dataset: Dataset
    golds: Sequence[GoldDoc]
    facts: Sequence[DocumentFacts]
    resolution: CaseResolution

    def file_of(self, doc_id: str) -> str:
        """RETURNS (str): the story file name of a document id."""
        for fact in self.facts:
            if fact.document.id == doc_id:
                return Path(fact.document.source).name
        return doc_id

    def story_gold(self) -> dict[str, Any] | None:
        path = self.dataset.path / "gold.json"
        if self.dataset.kind != "story" or not path.exists():
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data


CaseScorer = Callable[[CaseRun], dict[str, Scores] | None]


def _scaled(total: float, count: int) -> Ratio:
    return Ratio(round(total * SCALE), count * SCALE, SCALE)


# -- merging ---------------------------------------------------------------------------


def _doc_entity_for(facts: DocumentFacts, surface: str) -> str | None:
    """The document entity named ``surface`` (mention, name or alias), else one overlapping it."""
    for entity in facts.entities:
        if any(m.text == surface for m in entity.mentions) or surface in (
            entity.name,
            *entity.aliases,
        ):
            return entity.id
    start = facts.text.find(surface)
    if start < 0:
        return None
    end = start + len(surface)
    for entity in facts.entities:
        if any(m.start < end and start < m.end for m in entity.mentions):
            return entity.id
    return None


def _story_clusters(run: CaseRun, gold: dict[str, Any]) -> dict[str, list[tuple[str, str, str]]]:
    """Gold entity id -> [(file, surface, doc entity id)] for the mentions found."""
    by_file = {Path(f.document.source).name: f for f in run.facts}
    found: dict[str, list[tuple[str, str, str]]] = {}
    for entity in gold["entities"]:
        for mention in entity["mentions"]:
            facts = by_file.get(mention["file"])
            local = _doc_entity_for(facts, mention["text"]) if facts else None
            if facts is not None and local is not None:
                found.setdefault(entity["id"], []).append((mention["file"], mention["text"], local))
    return found


def _exact_name_of(run: CaseRun) -> dict[tuple[str, str], str]:
    """The peer: document entities with the same name string are one."""
    return {(f.document.id, e.id): e.name for f in run.facts for e in f.entities}


def _story_merging(run: CaseRun, gold: dict[str, Any]) -> dict[str, Scores]:
    doc_of = {Path(f.document.source).name: f.document.id for f in run.facts}
    systems = {SYSTEM: run.resolution.entity_of, PEER: _exact_name_of(run)}
    clusters = _story_clusters(run, gold)
    people = {e["id"] for e in gold["entities"] if e["type"] == "PERSON"}
    results: dict[str, Scores] = {}
    for system, cluster_of in systems.items():
        pairs = Ratio()
        for entity in gold["entities"]:
            mentions = {(m["file"], m["text"]) for m in entity["mentions"]}
            placed = {
                (f, t): cluster_of.get((doc_of[f], local))
                for f, t, local in clusters.get(entity["id"], [])
            }
            for a, b in combinations(sorted(mentions), 2):
                pairs.add(placed.get(a) is not None and placed.get(a) == placed.get(b))
        holders: dict[str, set[str]] = {}
        for entity_id in people:
            for file, _text, local in clusters.get(entity_id, []):
                key = cluster_of.get((doc_of[file], local))
                if key is not None:
                    holders.setdefault(key, set()).add(entity_id)
        apart = Ratio()
        for entity_id in people:
            keys = {
                cluster_of.get((doc_of[file], local))
                for file, _t, local in clusters.get(entity_id, [])
            }
            if keys - {None}:
                apart.add(all(len(holders.get(k, set())) == 1 for k in keys if k is not None))
        results[system] = {"pairs.recall": pairs, "people_apart.accuracy": apart}
    return results


def _instance_mentions(run: CaseRun) -> list[tuple[str, str, str]]:
    """[(instance, doc id, doc entity id or "")] for gold name mentions with an instance."""
    facts_by_doc = {f.document.id: f for f in run.facts}
    found = []
    for gold in run.golds:
        facts = facts_by_doc.get(gold.source.id)
        if facts is None:
            continue
        for item in gold.items.get("entities", []):
            if not item.scored or not item.value:
                continue
            start, end = item.spans[0]
            overlaps = [
                (min(end, m.end) - max(start, m.start), e.id)
                for e in facts.entities
                for m in e.mentions
                if m.start < end and start < m.end
            ]
            local = max(overlaps)[1] if overlaps else ""
            found.append((str(item.value), facts.document.id, local))
    return found


def b_cubed(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """RETURNS: B³ (precision, recall) summed over mentions (divide by the count)."""
    by_gold: dict[str, set[int]] = {}
    by_pred: dict[str, set[int]] = {}
    for n, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold.setdefault(g, set()).add(n)
        by_pred.setdefault(p, set()).add(n)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        shared = len(by_gold[g] & by_pred[p])
        precision += shared / len(by_pred[p])
        recall += shared / len(by_gold[g])
    return precision, recall


def pairwise(gold: Sequence[str], predicted: Sequence[str]) -> tuple[Ratio, Ratio]:
    """RETURNS: pairwise (precision, recall) over mention pairs, via cluster sizes."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(c * (c - 1) // 2 for c in counts)

    joint: dict[tuple[str, str], int] = {}
    for g, p in zip(gold, predicted, strict=True):
        joint[(g, p)] = joint.get((g, p), 0) + 1
    correct = pairs(joint.values())
    gold_sizes: dict[str, int] = {}
    pred_sizes: dict[str, int] = {}
    for g, p in zip(gold, predicted, strict=True):
        gold_sizes[g] = gold_sizes.get(g, 0) + 1
        pred_sizes[p] = pred_sizes.get(p, 0) + 1
    return Ratio(correct, pairs(pred_sizes.values())), Ratio(correct, pairs(gold_sizes.values()))


def _corpus_merging(run: CaseRun) -> dict[str, Scores] | None:
    mentions = _instance_mentions(run)
    if not mentions:
        return None
    gold = [instance for instance, _doc, _local in mentions]
    texts = {(f.document.id, e.id): e.name for f in run.facts for e in f.entities}
    systems = {
        SYSTEM: [
            run.resolution.entity_of.get((doc, local), f"#{n}") if local else f"#{n}"
            for n, (_i, doc, local) in enumerate(mentions)
        ],
        PEER: [
            texts.get((doc, local), f"#{n}") if local else f"#{n}"
            for n, (_i, doc, local) in enumerate(mentions)
        ],
    }
    results: dict[str, Scores] = {}
    for system, predicted in systems.items():
        precision, recall = b_cubed(gold, predicted)
        pair_p, pair_r = pairwise(gold, predicted)
        results[system] = {
            "b3.precision": _scaled(precision, len(gold)),
            "b3.recall": _scaled(recall, len(gold)),
            "pairwise.precision": pair_p,
            "pairwise.recall": pair_r,
        }
    return results


def score_merging(run: CaseRun) -> dict[str, Scores] | None:
    """Cross-document entity merging, story sets and instance-annotated corpora."""
    gold = run.story_gold()
    if gold is not None:
        return _story_merging(run, gold)
    return _corpus_merging(run)


# -- conflicts -------------------------------------------------------------------------


def _same_text(a: str, b: str) -> bool:
    a, b = a.lower().strip(" .,'\""), b.lower().strip(" .,'\"")
    return bool(a and b) and (a in b or b in a)


def _matched_values(run: CaseRun, conflict: Any, gold_values: list[dict[str, Any]]) -> set[int]:
    """Indexes of ``gold_values`` that one of the conflict's values stands for."""
    hits = set()
    for value in conflict.values:
        file = run.file_of(value.source.doc)
        for n, gold_value in enumerate(gold_values):
            if gold_value["file"] == file and _same_text(gold_value["text"], value.source.text):
                hits.add(n)
    return hits


def _covers(run: CaseRun, conflict: Any, gold_values: list[dict[str, Any]], differ: bool) -> bool:
    hits = _matched_values(run, conflict, gold_values)
    if differ:
        return len({json.dumps(gold_values[n]["value"]) for n in hits}) >= 2
    return len(hits) >= 2


def score_conflicts(run: CaseRun) -> dict[str, Scores] | None:
    """Planted conflicts found, reported conflicts that are planted, look-alikes kept apart."""
    gold = run.story_gold()
    if gold is None or "conflicts" not in gold:
        return None
    found = run.resolution.conflicts
    recall, precision, kept = Ratio(), Ratio(), Ratio()
    for planted in gold["conflicts"]:
        recall.add(any(_covers(run, c, planted["values"], True) for c in found))
    for conflict in found:
        precision.add(any(_covers(run, conflict, p["values"], True) for p in gold["conflicts"]))
    for lookalike in gold.get("non_conflicts", []):
        kept.add(not any(_covers(run, c, lookalike["values"], False) for c in found))
    return {
        SYSTEM: {
            "planted.recall": recall,
            "planted.precision": precision,
            "non_conflicts.kept": kept,
        }
    }


# -- timeline --------------------------------------------------------------------------


def _on_date(system_date: str, gold_date: str) -> bool:
    return system_date == gold_date or system_date.startswith(gold_date + "T")


def score_timeline(run: CaseRun) -> dict[str, Scores] | None:
    """Each (gold event, reporting file) found on the right date in the case timeline."""
    gold = run.story_gold()
    if gold is None or not gold.get("events"):
        return None
    placed: dict[str, set[str]] = {}
    for entry in run.resolution.timeline:
        for event in entry.sources:
            placed.setdefault(run.file_of(event.source.doc), set()).add(entry.date)
    on_date = Ratio()
    for event in gold["events"]:
        for file in event["files"]:
            on_date.add(any(_on_date(d, event["date"]) for d in placed.get(file, set())))
    return {SYSTEM: {"events.on_date": on_date}}
