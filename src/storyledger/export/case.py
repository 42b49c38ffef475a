"""The whole case as one ``storyledger/1`` document, and ``export_case`` for every format.

::

    from storyledger import api
    from storyledger.export.case import case_document, export_case

    with api.open_case("harbor.db") as ledger:
        case = case_document(ledger)                 # a plain dict, JSON-ready
        export_case(ledger, "html", Path("report.html"))
        print(export_case(ledger, "md", None))       # single-file formats print

Every format is rendered from the same case document, so a figure in the
HTML report is the figure in the JSON. See ``docs/export.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyledger.errors import ConfigError, Errors
from storyledger.export.csv import write_csv
from storyledger.export.files import os_reason, write_text_atomic
from storyledger.export.ftm import to_ftm_lines
from storyledger.export.html import to_html
from storyledger.export.markdown import to_markdown
from storyledger.model import SCHEMA

if TYPE_CHECKING:
    from storyledger.ledger import Ledger

Row = dict[str, Any]
#: (doc, doc-local entity id) -> case entity id.
Owners = Mapping[tuple[str, str], str]

#: Every ``--format`` value, in the order ``--help`` lists them.
EXPORT_FORMATS = ("json", "csv", "md", "html", "ftm")
#: A file name to suggest for each single-file format.
_EXAMPLE_NAMES = {"json": "case.json", "md": "report.md", "html": "report.html", "ftm": "case.ftm"}


def case_document(ledger: Ledger) -> Row:
    """The whole case in the ``storyledger/1`` shape, with the case-level lists.

    Entities are the *case* entities (merged across documents), each with its
    members (the document entities merged into it, with the reason) and every
    mention. Claims gain ``speaker_entity`` and events ``case_entities``: the
    case ids their document-local ids belong to, so every reference in the
    document resolves inside it.
    RETURNS (dict): documents, entities, times, quantities, claims, events,
        timeline, conflicts.
    """
    entities = case_entities(ledger)
    owners = member_owners(entities)
    return {
        "schema": SCHEMA,
        "documents": [_document(row) for row in ledger.documents()],
        "entities": entities,
        "times": ledger.times(),
        "quantities": ledger.quantities(),
        "claims": [with_speaker_entity(claim, owners) for claim in ledger.claims()],
        "events": [with_case_entities(event, owners) for event in ledger.events()],
        "timeline": ledger.timeline(),
        "conflicts": ledger.conflicts(),
    }


def _document(row: Row) -> Row:
    """A document without ``added_at``, so the same articles always export the same."""
    return {key: value for key, value in row.items() if key != "added_at"}


def case_entities(ledger: Ledger) -> list[Row]:
    """Every case entity, most mentioned first, with members and mentions."""
    found = []
    for detail in ledger.entity_details():
        found.append(
            {
                "id": detail["id"],
                "name": detail["name"],
                "type": detail["type"],
                "aliases": detail["aliases"],
                "merged_because": detail["merged_because"],
                "documents": detail["documents"],
                "members": detail["members"],
                "mentions": detail["mentions"],
            }
        )
    return found


def member_owners(entities: Iterable[Row]) -> dict[tuple[str, str], str]:
    """RETURNS (dict): (doc, document-local entity id) -> the case entity holding it."""
    return {
        (member["doc"], member["local_id"]): entity["id"]
        for entity in entities
        for member in entity["members"]
    }


def with_speaker_entity(claim: Row, owners: Owners) -> Row:
    """A claim with ``speaker_entity``: the case entity its speaker was merged into."""
    speaker = claim.get("speaker")
    owner = owners.get((claim["doc"], speaker)) if speaker else None
    return {**claim, "speaker_entity": owner}


def with_case_entities(event: Row, owners: Owners) -> Row:
    """An event with ``case_entities``: the case ids of the entities it names."""
    ids = (owners.get((event["doc"], local)) for local in event["entities"])
    return {**event, "case_entities": list(dict.fromkeys(i for i in ids if i))}


# -- export --------------------------------------------------------------------


def to_json_text(case: Row) -> str:
    """RETURNS (str): the case document as indented JSON, non-ASCII kept readable."""
    return json.dumps(case, ensure_ascii=False, indent=2)


def _document_texts(ledger: Ledger) -> Callable[[str], str | None]:
    """A lookup of each document's stored text, read only when asked for."""
    return lambda doc_id: ledger.document(doc_id).get("text")


def export_case(ledger: Ledger, fmt: str, out: Path | None) -> str | None:
    """Export the case in one format.

    fmt (str): one of :data:`EXPORT_FORMATS`.
    out (Path | None): where to write; a folder for ``csv`` (created if
        missing), a file for the others. None returns the text instead
        (not possible for ``csv``).
    RETURNS (str | None): the export when ``out`` is None (no trailing
        newline: the caller prints it), else None.
    RAISES (ConfigError): [E207] unknown format, [E208] csv without a
        folder, [E209] a folder given for a one-file format, [E210] the
        file or folder cannot be written.
    """
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(Errors.E207.format(given=fmt, choices=", ".join(EXPORT_FORMATS)))
    if fmt == "csv":
        _export_csv(ledger, out)
        return None
    if out is not None and out.is_dir():
        raise ConfigError(Errors.E209.format(path=out, fmt=fmt, example=out / _EXAMPLE_NAMES[fmt]))
    text = _render(ledger, fmt)
    if out is None:
        return text
    write_text_atomic(out, text + "\n")
    return None


def _render(ledger: Ledger, fmt: str) -> str:
    case = case_document(ledger)
    if fmt == "json":
        return to_json_text(case)
    if fmt == "md":
        return to_markdown(case)
    if fmt == "html":
        return to_html(case)
    return "\n".join(to_ftm_lines(case, _document_texts(ledger)))


def _export_csv(ledger: Ledger, out: Path | None) -> None:
    if out is None:
        raise ConfigError(Errors.E208.format(detail=""))
    if out.exists() and not out.is_dir():
        raise ConfigError(Errors.E208.format(detail=f"; {out} is a file"))
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_csv(case_document(ledger), out)
    except OSError as exc:
        raise ConfigError(Errors.E210.format(path=out, detail=os_reason(exc))) from exc
