"""Every ``Doc._.sl_*`` attribute storyledger uses, declared once.

Inputs set before the pipeline runs: ``sl_doc_id`` and ``sl_published``.
Each storyledger component writes exactly one output attribute.
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS: dict[str, object] = {
    "sl_doc_id": "",  # str: document id that records point to
    "sl_published": None,  # datetime.date | None: publication date
    "sl_sentence_starts": None,  # list[int]: start char of every sentence (cache)
    "sl_text": None,  # str: doc.text (cache: spaCy joins every token's text on each read)
    "sl_entities": None,  # list[model.Entity]
    "sl_entity_spans": None,  # list[pipeline.entities.EntitySpan]: every kept mention
    "sl_times": None,  # list[model.TimeExpr]
    "sl_quantities": None,  # list[model.Quantity]
    "sl_claims": None,  # list[model.Claim]
    "sl_events": None,  # list[model.Event]
}


def declare_extensions() -> None:
    """Declare the attributes once; never overwrite one that exists."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


declare_extensions()
