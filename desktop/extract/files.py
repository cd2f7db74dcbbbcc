"""Extracting from a file on disk: the function behind ``relmap extract FILE --json``.

The file is read exactly as ``relmap import`` reads it (desktop.extract.reader: UTF-8 with an
optional BOM or UTF-16 with a BOM, newlines normalised to ``\\n``, a leading ``date
YYYY-MM-DD`` marker lifted off), so offsets printed here point at the same characters as the
evidence stored by an import of the same file.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any

from desktop.extract.engine import extract
from desktop.extract.known import KnownActors


def read_article(path: str | PathLike[str]) -> tuple[str, str, int]:
    """Return ``(text, body, offset)``: the file's text as read, the article body after any
    date prefix, and how many characters the prefix took (``text[offset:] == body``)."""
    from desktop.extract.reader import decode_text, normalise_newlines, split_date_prefix

    p = Path(path)
    data = p.read_bytes()
    if not data.strip():
        return "", "", 0  # nothing to extract; not an error here
    text = normalise_newlines(decode_text(data, p))
    _, offset = split_date_prefix(text)
    return text, text[offset:], offset


def extract_file_json(path: str | PathLike[str], *, known_actors: KnownActors | None = None) -> dict[str, Any]:
    """Read an article file, extract, and return the ``--json`` dictionary.

    A leading date prefix is not part of the article; it is stripped before extraction and
    every offset is shifted back so it indexes the file's text as read (see module doc).
    Unreadable files raise the reader's ``ArticleFileError`` (a ``RelmapError``).
    """
    _, body, offset = read_article(path)
    return extract(body, known_actors=known_actors).shifted(offset).to_json()


def format_listing(result: dict[str, Any]) -> str:
    """The human-readable form of an extraction JSON: actors, then proposals with their excerpts."""
    lines = []
    for a in result["actors"]:
        also = f"  (also: {', '.join(a['aliases'])})" if a["aliases"] else ""
        lines.append(f"{a['kind']:12} {a['name']}{also}")
    for r in result["relations"]:
        lines.append(f"{r['confidence']:.2f} {r['type']}: {r['source']} -> {r['target']}")
        lines.append(f"       \u201c{r['evidence']['text']}\u201d")
    return "\n".join(lines)
