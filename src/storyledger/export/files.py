"""Writing export files safely: whole files only, and only inside the chosen folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from storyledger.errors import ConfigError, Errors

#: Permissions of a new export file (a report is for reading, like any document).
FILE_MODE = 0o644


def os_reason(exc: OSError) -> str:
    """RETURNS (str): the operating system's reason, e.g. "Permission denied"."""
    return exc.strerror or type(exc).__name__


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    An interrupted export leaves the previous file (or none), never half a
    report; a symbolic link at ``path`` is replaced, not followed, so the
    write cannot land outside the folder of ``path``.
    RAISES (ConfigError): [E210] the file cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.is_file() else FILE_MODE
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(Errors.E210.format(path=path, detail=os_reason(exc))) from exc


def file_in(folder: Path, name: str) -> Path:
    """RETURNS (Path): ``folder / name``, where ``name`` must be a plain file name.

    Table names are fixed in the code; this guard keeps it so: a name with a
    separator or ``..`` would write outside ``folder``.
    RAISES (ValueError): ``name`` is not a plain file name (a programming error).
    """
    if not name or name in {".", ".."} or Path(name).name != name or os.sep in name:
        raise ValueError(f"not a plain file name: {name!r}")
    if os.altsep and os.altsep in name:
        raise ValueError(f"not a plain file name: {name!r}")
    return folder / name
