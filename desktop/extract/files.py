"""Extracting from a file on disk: the function behind ``relmap extract FILE --json``."""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path
from typing import Any

from desktop.extract.engine import extract
from desktop.extract.known import KnownActors

# A leading " date 2022-01-08 " (inline or on its own line) that some article exports carry.
_DATE_PREFIX = re.compile(r"\A\s*date\s*:?\s*\d{4}-\d{2}-\d{2}\b\s*", re.IGNORECASE)


def split_date_prefix(text: str) -> tuple[str, str, int]:
    """Return ``(date, body, offset)``: the ISO date of a leading date prefix ("" if none),
    the text after it, and how many characters were stripped (``text[offset:] == body``)."""
    m = _DATE_PREFIX.match(text)
    if not m:
        return "", text, 0
    date = re.search(r"\d{4}-\d{2}-\d{2}", m.group(0))
    return (date.group(0) if date else ""), text[m.end():], m.end()


def extract_file_json(path: str | PathLike[str], *, known_actors: KnownActors | None = None) -> dict[str, Any]:
    """Read a UTF-8 article file, extract, and return the ``--json`` dictionary.

    A leading date prefix is not part of the article; it is stripped before extraction and
    every offset is shifted back so it indexes the file's text as read.
    """
    text = Path(path).read_text(encoding="utf-8")
    _, body, offset = split_date_prefix(text)
    return extract(body, known_actors=known_actors).shifted(offset).to_json()
