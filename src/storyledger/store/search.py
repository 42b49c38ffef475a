"""Full-text search over sentences: FTS5 on SQLite, tsvector on PostgreSQL.

Both return the same hit shape. Matched words in ``snippet`` are wrapped in
:data:`MARK_START` / :data:`MARK_END` (Markdown bold), which reads well in a
terminal, in Markdown reports, and is easy to turn into ``<mark>`` for HTML.

Query syntax is each backend's own: FTS5 query syntax on SQLite (words,
``"phrases"``, ``AND``/``OR``/``NOT``, ``prefix*``, ``NEAR``), web-search syntax
on PostgreSQL (words, ``"phrases"``, ``OR``, ``-word``). Plain words and quoted
phrases mean the same on both.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from storyledger.store.errors import StoreError, StoreErrors

MARK_START = "**"
MARK_END = "**"
SNIPPET_WORDS = 24

#: SQLite ranks (bm25) at most this many matching sentences, the most recently
#: added first, so a search costs the same on a case of 100 or 100,000 articles;
#: a word that matches more sentences than this gets its best hits among the
#: newest ones.
RANKED_AT_MOST = 1000

_SQLITE_BEST = sa.text(
    f"""
    WITH candidates AS (
        SELECT rowid AS id, bm25(sentences_fts) AS rank_value
        FROM sentences_fts
        WHERE sentences_fts MATCH :query
        ORDER BY rowid DESC
        LIMIT {RANKED_AT_MOST}
    )
    SELECT id, rank_value FROM candidates ORDER BY rank_value, id LIMIT :limit
    """
)

#: Snippets in one pass over the matches between the best hits' rowids: joining
#: on rowid would evaluate the MATCH once per hit, which grows with the case.
_SQLITE_SNIPPETS = sa.text(
    f"""
    SELECT rowid AS id,
           snippet(sentences_fts, 0, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})
               AS snippet
    FROM sentences_fts
    WHERE sentences_fts MATCH :query AND rowid BETWEEN :low AND :high
      AND +rowid IN (SELECT value FROM json_each(:ids))
    """
)

_SQLITE_HITS = sa.text(
    """
    SELECT s.id AS id, s.doc AS doc, d.title AS title, d.outlet AS outlet,
           d.published AS published, s.idx AS sentence, s.start AS start, s."end" AS "end",
           s.text AS text
    FROM sentences AS s JOIN documents AS d ON d.id = s.doc
    WHERE s.id IN (SELECT value FROM json_each(:ids))
    """
)


def _sqlite_search(conn: sa.Connection, query: str, limit: int) -> list[dict[str, Any]]:
    """Best hits first: rank, then snippets and rows for just those hits."""
    best = conn.execute(_SQLITE_BEST, {"query": query, "limit": limit}).all()
    if not best:
        return []
    ids = [row.id for row in best]
    bounds = {"query": query, "low": min(ids), "high": max(ids), "ids": json.dumps(ids)}
    snippets = {row.id: row.snippet for row in conn.execute(_SQLITE_SNIPPETS, bounds)}
    rows = {row.id: row._asdict() for row in conn.execute(_SQLITE_HITS, {"ids": json.dumps(ids)})}
    hits = []
    for row in best:
        hit = rows[row.id]
        del hit["id"]
        hits.append({**hit, "snippet": snippets.get(row.id, hit["text"]), "score": -row.rank_value})
    return hits


_POSTGRES_SEARCH = sa.text(
    f"""
    WITH q AS (SELECT websearch_to_tsquery('english', :query) AS query),
    hits AS (
        SELECT s.id, ts_rank(s.tsv, q.query) AS score
        FROM sentences AS s, q
        WHERE s.tsv @@ q.query
        ORDER BY score DESC, s.id
        LIMIT :limit
    )
    SELECT s.doc AS doc, d.title AS title, d.outlet AS outlet, d.published AS published,
           s.idx AS sentence, s.start AS start, s."end" AS "end", s.text AS text,
           ts_headline('english', s.text, q.query,
                       'StartSel="{MARK_START}", StopSel="{MARK_END}", '
                       'MaxWords={SNIPPET_WORDS}, MinWords=12') AS snippet,
           hits.score AS score
    FROM hits
    JOIN sentences AS s ON s.id = hits.id
    JOIN documents AS d ON d.id = s.doc
    CROSS JOIN q
    ORDER BY hits.score DESC, s.id
    """
)


def check_query(query: str) -> str:
    """Refuse queries that are wrong on every backend, before the database sees them.

    RETURNS (str): the query, stripped.
    RAISES (StoreError): [E411] empty, [E406] an unclosed double quote.
    """
    stripped = query.strip()
    if not stripped:
        raise StoreError(StoreErrors.E411)
    if stripped.count('"') % 2:
        detail = "a double quote is not closed"
        raise StoreError(StoreErrors.E406.format(query=query, detail=detail))
    return stripped


def is_query_syntax_error(exc: BaseException) -> bool:
    """RETURNS (bool): whether SQLite rejected the FTS5 query text itself."""
    message = str(getattr(exc, "orig", exc)).lower()
    known = ("no such column", "unterminated", "unknown special query", "expected integer")
    return message.startswith("fts5:") or any(part in message for part in known)


def run_search(conn: sa.Connection, query: str, limit: int) -> list[dict[str, Any]]:
    """RETURNS (list[dict]): the best ``limit`` hits, best first."""
    if conn.dialect.name == "sqlite":
        return _sqlite_search(conn, query, limit)
    result = conn.execute(_POSTGRES_SEARCH, {"query": query, "limit": limit})
    return [dict(row) for row in result.mappings()]
