"""storyledger: news articles about one developing story into a sourced case file.

::

    import storyledger

    result = storyledger.extract(text, published="2024-10-08")
    result.to_dict()  # the storyledger/1 JSON document

    with storyledger.open_case("story.db") as case:   # or "postgresql://..."
        storyledger.add_to_case(case, ["articles/"])
        case.conflicts()

See ``docs/schema.md`` for the records and ``docs/cli.md`` for the command.
"""

from importlib import metadata as _metadata

from storyledger.api import (
    AddReport,
    add_to_case,
    case_summary,
    extract,
    extract_files,
    extract_sources,
    iter_facts,
    merge_entities,
    open_case,
    resolve_case,
    split_entity,
)
from storyledger.errors import (
    ConfigError,
    InputError,
    StoryledgerError,
    StoryledgerWarning,
)
from storyledger.ingest import read_sources
from storyledger.ingest.base import SourceDocument
from storyledger.model import (
    Claim,
    Document,
    DocumentFacts,
    Entity,
    Event,
    Extraction,
    Mention,
    Quantity,
    TimeExpr,
)
from storyledger.settings import Settings, settings_from_env

try:
    __version__ = _metadata.version("storyledger")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AddReport",
    "Claim",
    "ConfigError",
    "Document",
    "DocumentFacts",
    "Entity",
    "Event",
    "Extraction",
    "InputError",
    "Mention",
    "Quantity",
    "Settings",
    "SourceDocument",
    "StoryledgerError",
    "StoryledgerWarning",
    "TimeExpr",
    "__version__",
    "add_to_case",
    "case_summary",
    "extract",
    "extract_files",
    "extract_sources",
    "iter_facts",
    "merge_entities",
    "open_case",
    "read_sources",
    "resolve_case",
    "settings_from_env",
    "split_entity",
]
