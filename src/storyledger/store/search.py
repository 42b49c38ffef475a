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

_SQLITE_SEARCH = sa.text(
    f"""
    WITH candidates AS (
        SELECT rowid AS id, bm25(sentences_fts) AS rank_value
        FROM sentences_fts
        WHERE sentences_fts MATCH :query
        ORDER BY rowid DESC
        LIMIT {RANKED_AT_MOST}
    ),
    best AS (SELECT id, rank_value FROM candidates ORDER BY rank_value, id LIMIT :limit)
    SELECT s.doc AS doc, d.title AS title, d.outlet AS outlet, d.published AS published,
           s.idx AS sentence, s.start AS start, s."end" AS "end", s.text AS text,
           snippet(sentences_fts, 0, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})
               AS snippet,
           -best.rank_value AS score
    FROM best
    JOIN sentences_fts ON sentences_fts.rowid = best.id
    JOIN sentences AS s ON s.id = best.id
    JOIN documents AS d ON d.id = s.doc
    WHERE sentences_fts MATCH :query
    ORDER BY best.rank_value, s.id
    """
)

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
    statement = _SQLITE_SEARCH if conn.dialect.name == "sqlite" else _POSTGRES_SEARCH
    result = conn.execute(statement, {"query": query, "limit": limit})
    return [dict(row) for row in result.mappings()]
