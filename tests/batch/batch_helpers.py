"""Helpers for the batch tests, and articles that break extraction on purpose.

This module is importable by spawned worker processes (they get the parent's
``sys.path``), so workers can unpickle the classes defined here.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Iterable
from typing import Any

import psutil

from storyledger.ingest.base import SourceDocument
from storyledger.model import DocumentFacts

TEXT = "The ferry sank on Tuesday, officials said. Mayor Anna Berg said 40 people were rescued."


class DeadlyDate(dt.date):
    """A publication date that kills the worker process reading it (never the test process)."""

    def isoformat(self) -> str:
        if multiprocessing.parent_process() is not None:
            os._exit(3)
        return super().isoformat()


def failing(source: str) -> SourceDocument:
    """An article whose extraction raises (its date is a string): E112."""
    bad_date: Any = "not a date"
    return SourceDocument(text=f"{TEXT} ({source})", source=source, published=bad_date)


def deadly(source: str) -> SourceDocument:
    """An article whose extraction kills a worker process: E113."""
    return SourceDocument(
        text=f"{TEXT} ({source})", source=source, published=DeadlyDate(2024, 1, 2)
    )


def plain(count: int, prefix: str = "ok") -> list[SourceDocument]:
    """``count`` small distinct articles."""
    return [
        SourceDocument(
            text=f"{TEXT} Report {i}.", source=f"{prefix}-{i}", published=dt.date(2024, 1, 2)
        )
        for i in range(count)
    ]


def by_id(facts: Iterable[DocumentFacts]) -> list[dict[str, Any]]:
    """Results as plain data in a fixed order: parallel runs return them as they finish."""
    return sorted((f.to_dict() for f in facts), key=lambda d: (d["document"]["id"], d["text"]))


def child_processes() -> set[psutil.Process]:
    """This process's children, less multiprocessing's resource tracker (it lives on)."""
    return {
        child
        for child in psutil.Process(os.getpid()).children(recursive=True)
        if "resource_tracker" not in " ".join(child.cmdline())
    }


def still_running(processes: list[psutil.Process], grace_s: float = 10.0) -> list[psutil.Process]:
    """The processes that have not ended (zombies count as running) after ``grace_s``.

    Polls without reaping, so a worker its pool forgot to join stays visible.
    """
    deadline = time.monotonic() + grace_s
    while True:
        alive = [p for p in processes if p.is_running()]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)
