"""The case file's tables, one SQLAlchemy Core definition for SQLite and PostgreSQL.

Tables stay plain so a case file reads well in the sqlite3 shell and in
Datasette: text ids, ISO date strings, lists as JSON text, one row per record.
Per-document tables (``documents`` ... ``events``) are written once, when a
document is added; case-level tables (``entities``, ``entity_members``,
``user_corrections``) are rewritten by cross-document resolution.

Full-text search is backend specific and created by the migrations: an FTS5
table ``sentences_fts`` (SQLite) or a generated ``tsv`` column (PostgreSQL).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def _doc_fk() -> sa.ForeignKey:
    """A cascade link to ``documents.id``: removing a document removes its records."""
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def _span_columns(*, text: bool = True) -> list[sa.Column[object]]:
    """The provenance every record carries: document, position, offsets (and text)."""
    columns: list[sa.Column[object]] = [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc", sa.String(64), _doc_fk(), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False, comment="position in the document's list"),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    ]
    if text:
        columns.append(sa.Column("text", sa.Text, nullable=False))
    return columns


meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True, comment="first 12 hex of sha256"),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("published", sa.String(32), comment="ISO date"),
    sa.Column("language", sa.String(16)),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("chars", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("warnings", sa.Text, nullable=False, default="[]", comment="JSON list"),
    sa.Column("added_at", sa.String(40), nullable=False, comment="ISO timestamp, UTC"),
)

sentences = sa.Table(
    "sentences",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc", sa.String(64), _doc_fk(), nullable=False),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.UniqueConstraint("doc", "idx", name="sentences_doc_idx"),
)

doc_entities = sa.Table(
    "doc_entities",
    metadata,
    sa.Column("doc", sa.String(64), _doc_fk(), primary_key=True),
    sa.Column("local_id", sa.String(80), primary_key=True),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("aliases", sa.Text, nullable=False, comment="JSON list"),
    sa.Column("merged_because", sa.Text, nullable=False, comment="JSON list"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc", sa.String(64), _doc_fk(), nullable=False),
    sa.Column("entity_local_id", sa.String(80), nullable=False),
    sa.Column("idx", sa.Integer, nullable=False, comment="position in the entity's mentions"),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("type", sa.String(16), nullable=False, comment="the entity's type"),
    sa.ForeignKeyConstraint(
        ["doc", "entity_local_id"],
        ["doc_entities.doc", "doc_entities.local_id"],
        ondelete="CASCADE",
    ),
    sa.Index("mentions_doc_entity", "doc", "entity_local_id"),
)

times = sa.Table(
    "times",
    metadata,
    *_span_columns(),
    sa.Column("value", sa.String(64)),
    sa.Column("granularity", sa.String(16), nullable=False),
    sa.Column("anchor", sa.String(16), nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.UniqueConstraint("doc", "idx", name="times_doc_idx"),
    sa.Index("times_value", "value"),
)

quantities = sa.Table(
    "quantities",
    metadata,
    *_span_columns(),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("unit", sa.String(32)),
    sa.Column("counts", sa.Text),
    sa.Column("approximate", sa.Boolean, nullable=False),
    sa.Column("modifier", sa.String(16)),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.UniqueConstraint("doc", "idx", name="quantities_doc_idx"),
    sa.Index("quantities_counts", "counts"),
)

claims = sa.Table(
    "claims",
    metadata,
    *_span_columns(),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("speaker", sa.String(80), comment="doc-local entity id"),
    sa.Column("speaker_text", sa.Text),
    sa.Column("certainty", sa.String(16), nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("cue", sa.Text),
    sa.UniqueConstraint("doc", "idx", name="claims_doc_idx"),
    sa.Index("claims_speaker", "speaker"),
)

events = sa.Table(
    "events",
    metadata,
    *_span_columns(text=False),
    sa.Column("date", sa.String(64), nullable=False),
    sa.Column("date_text", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("entities", sa.Text, nullable=False, comment="JSON list of entity ids"),
    sa.Column("published", sa.String(32)),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.UniqueConstraint("doc", "idx", name="events_doc_idx"),
    sa.Index("events_date", "date"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("aliases", sa.Text, nullable=False, comment="JSON list"),
    sa.Column("merged_because", sa.Text, nullable=False, comment="JSON list"),
    sa.Column("mentions", sa.Integer, nullable=False, default=0, comment="since version 2"),
    sa.Column("documents", sa.Integer, nullable=False, default=0, comment="since version 2"),
)

entity_members = sa.Table(
    "entity_members",
    metadata,
    sa.Column(
        "entity", sa.String(80), sa.ForeignKey("entities.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("doc", sa.String(64), primary_key=True),
    sa.Column("local_id", sa.String(80), primary_key=True),
    sa.Column("reason", sa.Text),
    sa.ForeignKeyConstraint(
        ["doc", "local_id"], ["doc_entities.doc", "doc_entities.local_id"], ondelete="CASCADE"
    ),
    sa.Index("entity_members_entity", "entity"),
)

user_corrections = sa.Table(
    "user_corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("entities", sa.Text, nullable=False, comment="JSON list of case entity ids"),
    sa.Column("name", sa.Text, comment="the name split off, for split"),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column(
        "members",
        sa.Text,
        nullable=False,
        default="[]",
        comment="JSON: document entities involved (since version 2)",
    ),
    sa.CheckConstraint("action IN ('merge', 'split')", name="user_corrections_action"),
)

# -- version 2: the timeline and the conflict ledger ---------------------------

timeline = sa.Table(
    "timeline",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, comment="order within its date"),
    sa.Column("date", sa.String(64), nullable=False, comment="when it happened (ISO prefix)"),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("entities", sa.Text, nullable=False, comment="JSON list of case entity ids"),
    sa.Column("first_reported", sa.String(32)),
    sa.Index("timeline_date", "date"),
)

timeline_sources = sa.Table(
    "timeline_sources",
    metadata,
    sa.Column(
        "entry", sa.String(32), sa.ForeignKey("timeline.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("doc", sa.String(64), _doc_fk(), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("date_text", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
)

entity_links = sa.Table(
    "timeline_entities",
    metadata,
    sa.Column(
        "entry", sa.String(32), sa.ForeignKey("timeline.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("entity", sa.String(80), primary_key=True),
    sa.Index("timeline_entities_entity", "entity"),
)

conflicts = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column(
        "kind", sa.String(16), nullable=False, comment="disagreement|correction|update|attribution"
    ),
    sa.Column("severity", sa.String(8), nullable=False, comment="hard|soft"),
    sa.Column(
        "scope",
        sa.Text,
        nullable=False,
        default="",
        comment="what was compared: m:<unit>|<counts>, q:<quote>, t:<day>, k:<outlet>|<doc>",
    ),
)

conflict_values = sa.Table(
    "conflict_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "conflict", sa.String(32), sa.ForeignKey("conflicts.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("value", sa.Text, nullable=False, comment="JSON: a number, a time or an entity id"),
    sa.Column("doc", sa.String(64), _doc_fk(), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Index("conflict_values_conflict", "conflict"),
)

# -- version 3: indexes for resolving only what a new article touches ----------

resolution_keys = sa.Table(
    "resolution_keys",
    metadata,
    sa.Column("key", sa.Text, primary_key=True, comment="rule:name key, see resolve.keys"),
    sa.Column("entity", sa.String(80), primary_key=True),
    sa.Column("value", sa.Text, primary_key=True, comment="the compared form, for fuzzy rules"),
)

resolution_state = sa.Table(
    "resolution_state",
    metadata,
    sa.Column("entity", sa.String(80), primary_key=True),
    sa.Column("state", sa.Text, nullable=False, comment="JSON: name and type counts, see resolve"),
)

conflict_state = sa.Table(
    "conflict_state",
    metadata,
    sa.Column("scope", sa.Text, primary_key=True, comment="as conflicts.scope"),
    sa.Column("state", sa.Text, nullable=False, comment="JSON: what its conflicts come from"),
)

figure_measures = sa.Table(
    "figure_measures",
    metadata,
    sa.Column("doc", sa.String(64), _doc_fk(), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True, comment="the quantity's idx"),
    sa.Column(
        "measure", sa.Text, nullable=False, comment="m:<unit>|<counts>, as in conflicts.scope"
    ),
    sa.Index("figure_measures_measure", "measure"),
)

quote_keys = sa.Table(
    "quote_keys",
    metadata,
    sa.Column("doc", sa.String(64), _doc_fk(), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True, comment="the claim's idx"),
    sa.Column("key", sa.Text, nullable=False, comment="the quote's words, lower case"),
    sa.Index("quote_keys_key", "key"),
)

# -- version 4: where undated figures may link, for resolving a new article --------

timeline_figures = sa.Table(
    "timeline_figures",
    metadata,
    sa.Column("value", sa.Double, primary_key=True, comment="a distinctive figure's value"),
    sa.Column("unit", sa.Text, primary_key=True, comment="its unit ('' for none)"),
    sa.Column("entry", sa.String(32), primary_key=True, comment="an entry that dates it"),
    sa.Index("timeline_figures_entry", "entry"),
)

figure_groups = sa.Table(
    "figure_groups",
    metadata,
    sa.Column("value", sa.Double, primary_key=True),
    sa.Column("unit", sa.Text, primary_key=True),
    sa.Column("doc", sa.String(64), _doc_fk(), primary_key=True),
    comment="undated figures of one key in one document whose links more entries may change",
)

# -- version 5: a measure's signatures, apart from its state ----------------------

measure_signatures = sa.Table(
    "measure_signatures",
    metadata,
    sa.Column("scope", sa.Text, primary_key=True, comment="a measure's conflict_state scope"),
    sa.Column(
        "signature",
        sa.Text,
        primary_key=True,
        comment="JSON: a distinct (value, modifier, approximate, outlet, published)",
    ),
)

VERSION_1_TABLES = (
    meta,
    documents,
    sentences,
    doc_entities,
    mentions,
    times,
    quantities,
    claims,
    events,
    entities,
    entity_members,
    user_corrections,
)
VERSION_2_TABLES = (timeline, timeline_sources, entity_links, conflicts, conflict_values)
#: Columns added by version 2 to version-1 tables: (table, column DDL).
VERSION_2_COLUMNS = (
    ("entities", "mentions INTEGER NOT NULL DEFAULT 0"),
    ("entities", "documents INTEGER NOT NULL DEFAULT 0"),
    ("user_corrections", "members TEXT NOT NULL DEFAULT '[]'"),
)

VERSION_3_TABLES = (
    resolution_keys,
    resolution_state,
    conflict_state,
    figure_measures,
    quote_keys,
)
VERSION_3_COLUMNS = (("conflicts", "scope TEXT NOT NULL DEFAULT ''"),)
VERSION_4_TABLES = (timeline_figures, figure_groups)
VERSION_5_TABLES = (measure_signatures,)
#: Indexes added by version 3 to older tables: (name, table, columns).
VERSION_3_INDEXES = (
    ("conflicts_scope", "conflicts", "scope"),
    ("documents_added_at", "documents", "added_at, id"),
    ("quantities_value_unit", "quantities", "value, unit"),
    ("timeline_sources_sentence", "timeline_sources", "doc, sentence"),
    ("mentions_sentence", "mentions", "doc, sentence"),
    ("claims_doc", "claims", "doc, idx"),
    ("quantities_doc", "quantities", "doc, idx"),
    ("events_doc", "events", "doc, idx"),
    ("times_doc", "times", "doc, idx"),
)

RECORD_TABLES = (times, quantities, claims, events)
