"""Gold loaders on invented story and JSONL data written to a temporary directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyledger.errors import InputError
from storyledger.eval.gold import discover, load_documents, meantime_region, open_dataset

ARTICLE = """Title: Bridge closed in Kestrel
Outlet: Lowmoor Gazette
Published: 2023-03-14
Language: en

Engineers closed the Kestrel bridge on Monday. Kestrel council said repairs may take weeks.
"""

GOLD = {
    "documents": [{"file": "01-bridge.txt", "published": "2023-03-14"}],
    "entities": [
        {
            "id": "kestrel",
            "type": "GPE",
            "canonical": "Kestrel",
            "mentions": [{"file": "01-bridge.txt", "text": "Kestrel"}],
        },
        {
            "id": "ghost",
            "type": "PERSON",
            "canonical": "Nobody Here",
            "mentions": [{"file": "01-bridge.txt", "text": "Nobody Here"}],
        },
    ],
    "times": [{"file": "01-bridge.txt", "text": "on Monday", "value": "2023-03-13"}],
    "hedged": [
        {"file": "01-bridge.txt", "sentence": "Kestrel council said repairs may take weeks."}
    ],
}


@pytest.fixture()
def story(tmp_path: Path) -> Path:
    root = tmp_path / "stories" / "bridge"
    root.mkdir(parents=True)
    (root / "01-bridge.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return root


def _jsonl(path: Path, layers: list[str]) -> Path:
    text = 'Apple hired Ann Lee. She said "we grow" on 2 May.'
    record = {
        "id": "doc-1",
        "title": None,
        "published": "2010-05-03",
        "text": text,
        "annotated_layers": layers,
        "entities": [
            {"start": 0, "end": 5, "text": "Apple", "type": "ORG", "mention_type": "NAM"},
            {"start": 21, "end": 24, "text": "She", "type": "PER", "mention_type": "PRO"},
        ],
        "times": [{"start": 43, "end": 48, "text": "2 May", "type": "DATE", "value": "2010-05-02"}],
        "quantities": [],
        "quotes": [{"start": 30, "end": 39, "text": '"we grow"', "kind": "quote"}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_gold_loaders_story_locates_every_occurrence(story: Path) -> None:
    (doc,) = load_documents(open_dataset(story))
    assert doc.text.startswith("Bridge closed in Kestrel\n\nEngineers")
    kestrel = doc.items["entities"][0]
    assert len(kestrel.spans) == 3
    assert all(doc.text[a:b] == "Kestrel" for a, b in kestrel.spans)
    assert kestrel.label == "LOC"
    assert doc.items["times"][0].value == "2023-03-13"
    assert doc.items["hedged"][0].spans
    assert doc.entity_names["kestrel"] == frozenset({"Kestrel"})


def test_gold_loaders_story_warns_about_missing_strings(story: Path) -> None:
    (doc,) = load_documents(open_dataset(story))
    assert doc.items["entities"][1].spans == ()
    assert any("Nobody Here" in warning for warning in doc.warnings)


def test_gold_loaders_jsonl_names_only_and_layers(tmp_path: Path) -> None:
    dataset = open_dataset(_jsonl(tmp_path / "tiny.jsonl", ["entities", "times"]))
    (doc,) = load_documents(dataset)
    assert doc.layers == frozenset({"entities", "times"})
    apple, she = doc.items["entities"]
    assert (apple.scored, apple.label) == (True, "ORG")
    assert (she.scored, she.label) == (False, "PERSON")
    assert doc.source.published is not None and doc.source.published.isoformat() == "2010-05-03"
    assert "quotes" not in doc.layers


def test_gold_loaders_discover_data_root(tmp_path: Path, story: Path) -> None:
    _jsonl(tmp_path / "corpus.jsonl", ["entities"])
    (tmp_path / "timelines.jsonl").write_text('{"id": "t", "events": []}\n', encoding="utf-8")
    names = [dataset.name for dataset in discover(tmp_path)]
    assert names == ["bridge", "corpus"]


def test_gold_loaders_hash_changes_with_content(story: Path) -> None:
    before = open_dataset(story).sha256
    (story / "01-bridge.txt").write_text(ARTICLE.replace("Monday", "Tuesday"), encoding="utf-8")
    assert open_dataset(story).sha256 != before


def test_gold_loaders_reject_unknown_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="E402"):
        discover(tmp_path / "missing")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="E401"):
        open_dataset(tmp_path / "notes.txt")


def test_gold_loaders_meantime_region_is_headline_dateline_and_five_sentences() -> None:
    body = " ".join(f"Sentence {n} ends here." for n in range(1, 9))
    text = f"Headline\n\nMarch 01, 2008\n\n{body}"
    record = {"text": text, "times": [], "quantities": []}
    assert text[: meantime_region(record)].endswith("Sentence 5 ends here.")
    late = text.index("Sentence 7")
    record["times"] = [{"start": late, "end": late + 10}]
    assert meantime_region(record) == late + 10
