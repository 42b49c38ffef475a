"""Gold data: story directories (``gold.json``) and JSONL corpora (MEANTIME, GUM).

Both are turned into ``GoldDoc`` objects holding the article as a
``SourceDocument`` plus gold items with character spans. Story gold has no
offsets, so each gold string is located in the text; every occurrence is a
candidate span. JSONL gold has offsets. A layer the corpus did not annotate
is left out of ``GoldDoc.layers`` and is never scored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyledger.errors import InputError
from storyledger.eval.matching import Span, find_all
from storyledger.ingest.base import SourceDocument
from storyledger.ingest.text import document_from_text

#: Gold entity types -> the type storyledger's labels are compared with.
GOLD_TYPES = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "EVENT": "EVENT",
}
#: Predicted spaCy/storyledger labels -> the same comparison types.
PREDICTED_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "EVENT": "EVENT",
}
#: Predicted labels scored on the news corpora, whose gold has no EVENT/NORP names.
CORPUS_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
STORY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})
STORY_LAYERS = frozenset(
    {"entities", "times", "quantities", "quotes", "statements", "hedged", "denied"}
)


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold annotation. ``scored`` False means "don't care": matching it is no error."""

    spans: tuple[Span, ...]
    text: str
    label: str | None = None
    value: Any = None
    unit: str | None = None
    counts: str | None = None
    speaker: str | None = None
    scored: bool = True
    #: Entities: NAM (name), NOM (nominal), PRO (pronoun), as the corpus marks them.
    mention_type: str | None = None


@dataclass(slots=True)
class GoldDoc:
    """One gold-annotated article of one dataset."""

    dataset: str
    source: SourceDocument
    layers: frozenset[str]
    kind: str  # "story" (strings, speakers, counts) | "jsonl" (offsets)
    items: dict[str, list[GoldItem]]
    entity_names: dict[str, frozenset[str]] = field(default_factory=dict)
    entity_labels: frozenset[str] = CORPUS_LABELS
    points_in_time_only: bool = False
    annotated_until: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """RETURNS (str): the article text the spans index into."""
        return self.source.text


@dataclass(frozen=True, slots=True)
class Dataset:
    """A gold file or story directory, with the hash that pins its content."""

    name: str
    path: Path
    kind: str  # "story" | "jsonl"
    sha256: str
    documents: int


# ------------------------------------------------------------------ discovery


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _story_files(path: Path) -> list[Path]:
    return sorted(p for p in path.glob("*.txt") if p.is_file())


def open_dataset(path: Path) -> Dataset:
    """RETURNS (Dataset): a story directory (with ``gold.json``) or a ``.jsonl`` gold file."""
    if path.is_dir() and (path / "gold.json").is_file():
        files = [path / "gold.json", *_story_files(path)]
        return Dataset(path.name, path, "story", _sha256(files), len(files) - 1)
    if path.is_file() and path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            count = sum(1 for line in handle if line.strip())
        return Dataset(path.stem, path, "jsonl", _sha256([path]), count)
    raise InputError(
        f"[E401] {path}: not a gold dataset. Pass a story directory with gold.json "
        "or a MEANTIME/GUM-style .jsonl file."
    )


def discover(path: Path) -> list[Dataset]:
    """RETURNS (list[Dataset]): ``path`` itself, or every dataset in a data root.

    A data root holds ``stories/*/gold.json`` and document-level ``*.jsonl``
    corpora; JSONL files in another format (SemEval timelines) are skipped.
    """
    if (path.is_dir() and (path / "gold.json").is_file()) or path.is_file():
        return [open_dataset(path)]
    if not path.is_dir():
        raise InputError(f"[E402] {path}: no such file or directory.")
    found = [open_dataset(d) for d in sorted(path.glob("stories/*")) if (d / "gold.json").is_file()]
    found += [open_dataset(f) for f in sorted(path.glob("*.jsonl")) if _is_document_jsonl(f)]
    return found


def _is_document_jsonl(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "text" in record and "entities" in record


def load_documents(dataset: Dataset) -> Iterator[GoldDoc]:
    """Stream the dataset's gold documents, one at a time."""
    if dataset.kind == "story":
        yield from _story_documents(dataset)
    else:
        yield from _jsonl_documents(dataset)


# -------------------------------------------------------------------- stories


def read_article(path: Path) -> SourceDocument:
    """Read a header+body article through storyledger's own ingest reader.

    The same reader as ``storyledger extract`` keeps the evaluated text (and
    so every offset) identical to what users get: ``title + "\\n\\n" + body``.
    """
    return document_from_text(path.read_text(encoding="utf-8"), str(path))


def _located(text: str, needle: str, warnings: list[str], what: str) -> tuple[Span, ...]:
    spans = find_all(text, needle)
    if not spans:
        warnings.append(f"{what} {needle!r} not found in the document text")
    return spans


def _story_items(gold: dict[str, Any], file: str, text: str, warnings: list[str]) -> dict:
    items: dict[str, list[GoldItem]] = {layer: [] for layer in STORY_LAYERS}
    for entity in gold.get("entities", []):
        for mention in entity["mentions"]:
            if mention["file"] == file:
                spans = _located(text, mention["text"], warnings, "entity")
                label = GOLD_TYPES.get(entity["type"])
                items["entities"].append(
                    GoldItem(spans, mention["text"], label, value=entity["id"])
                )
    for layer in ("times", "quantities", "quotes"):
        for row in gold.get(layer, []):
            if row["file"] == file:
                spans = _located(text, row["text"], warnings, layer[:-1])
                items[layer].append(_story_item(spans, row))
    for layer in ("statements", "hedged", "denied"):
        for row in gold.get(layer, []):
            if row["file"] == file:
                spans = _located(text, row["sentence"], warnings, "sentence")
                items[layer].append(GoldItem(spans, row["sentence"], speaker=row.get("speaker")))
    return items


def _story_item(spans: tuple[Span, ...], row: dict[str, Any]) -> GoldItem:
    return GoldItem(
        spans,
        row["text"],
        value=row.get("value"),
        unit=row.get("unit"),
        counts=row.get("counts"),
        speaker=row.get("speaker"),
    )


def _entity_names(gold: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Gold entity id -> its canonical name and every mention text (all files)."""
    return {
        entity["id"]: frozenset([entity["canonical"], *(m["text"] for m in entity["mentions"])])
        for entity in gold.get("entities", [])
    }


def _story_documents(dataset: Dataset) -> Iterator[GoldDoc]:
    gold = json.loads((dataset.path / "gold.json").read_text(encoding="utf-8"))
    names = _entity_names(gold)
    for entry in gold["documents"]:
        source = read_article(dataset.path / entry["file"])
        warnings: list[str] = []
        items = _story_items(gold, entry["file"], source.text, warnings)
        yield GoldDoc(
            dataset=dataset.name,
            source=source,
            layers=STORY_LAYERS,
            kind="story",
            items=items,
            entity_names=names,
            entity_labels=STORY_LABELS,
            points_in_time_only=True,
            warnings=[f"{entry['file']}: {w}" for w in warnings],
        )


# ---------------------------------------------------------------------- JSONL


def _jsonl_entity(row: dict[str, Any]) -> GoldItem:
    """Names only: NAM mentions are scored, other mentions are "don't care"."""
    return GoldItem(
        ((row["start"], row["end"]),),
        row["text"],
        label=GOLD_TYPES.get(row.get("type") or ""),
        value=row.get("instance"),
        scored=row.get("mention_type") == "NAM",
        mention_type=row.get("mention_type"),
    )


def _jsonl_item(row: dict[str, Any], scored: bool = True) -> GoldItem:
    return GoldItem(
        ((row["start"], row["end"]),),
        row["text"],
        label=row.get("type"),
        value=row.get("value"),
        speaker=row.get("speaker_text"),
        scored=scored,
    )


#: MEANTIME annotates the headline, the dateline and the first five body sentences.
MEANTIME_SENTENCES = 5
_SENTENCE_END = re.compile(r"[.!?][\"']?\s+(?=[\"'A-Z0-9])")


def meantime_region(record: dict[str, Any]) -> int:
    """RETURNS (int): where MEANTIME's fully annotated part of the text ends.

    Only the headline, dateline and first five sentences are fully annotated
    (later text has only some entity mentions), so predictions after this
    point are left out of precision. Sentences are split with a simple rule
    on the detokenised text; the region is widened to cover every gold time
    and quantity, so no annotated span falls outside it.
    """
    text = record["text"]
    head = text.find("\n\n", text.find("\n\n") + 2)
    body = head + 2 if head != -1 else 0
    ends = [m.start() + 1 for m in _SENTENCE_END.finditer(text, body)]
    end = ends[MEANTIME_SENTENCES - 1] if len(ends) >= MEANTIME_SENTENCES else len(text)
    spans = [row["end"] for layer in ("times", "quantities") for row in record[layer]]
    return max([end, *spans])


def _jsonl_doc(dataset: Dataset, record: dict[str, Any]) -> GoldDoc:
    published = record.get("published")
    source = SourceDocument(
        text=record["text"],
        source=record["id"],
        title=record.get("title"),
        published=dt.date.fromisoformat(published) if published else None,
        url=record.get("url"),
        language="en",
    )
    layers = frozenset(record.get("annotated_layers", []))
    items = {
        "entities": [_jsonl_entity(row) for row in record.get("entities", [])],
        "times": [_jsonl_item(row) for row in record.get("times", [])],
        "quantities": [_jsonl_item(row) for row in record.get("quantities", [])],
        # GUM <q> elements are scare quotes and titles: finding them is no error.
        "quotes": [_jsonl_item(r, r.get("kind", "quote") == "quote") for r in record["quotes"]],
    }
    until = meantime_region(record) if record.get("corpus", "").startswith("meantime") else None
    return GoldDoc(
        dataset=dataset.name,
        source=source,
        layers=layers,
        kind="jsonl",
        items=items,
        annotated_until=until,
    )


def _jsonl_documents(dataset: Dataset) -> Iterator[GoldDoc]:
    with dataset.path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield _jsonl_doc(dataset, json.loads(line))
