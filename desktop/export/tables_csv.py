"""CSV tables for spreadsheets: actors.csv, relationships.csv (with their excerpts) and evidence.csv.

Files are UTF-8 with a byte-order mark so Excel shows accents right, and a cell that a spreadsheet
would run as a formula (starting with = + - @ or a tab) is written with a leading apostrophe,
which the importer takes off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from desktop.export.graphml import POSITION_SCALE, excerpt_summary
from desktop.export.mapdata import MapData
from desktop.export.style import write_atomically

ACTOR_COLUMNS = ["id", "name", "kind", "kind_label", "shape", "color", "aliases", "notes", "x", "y", "degree"]
RELATIONSHIP_COLUMNS = [
    "id",
    "citation",
    "type",
    "type_label",
    "source",
    "target",
    "directed",
    "status",
    "confidence",
    "valid_from",
    "valid_to",
    "note",
    "evidence_count",
    "excerpts",
]
EVIDENCE_COLUMNS = [
    "relationship_id",
    "citation",
    "type",
    "source",
    "target",
    "article_title",
    "article_source",
    "published",
    "start",
    "end",
    "text",
    "origin",
    "article_url",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Defuse spreadsheet formulas in text cells; numbers pass untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """Undo :func:`safe_cell` on a cell read back."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _table(columns: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, dialect="excel")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return text.getvalue().encode("utf-8-sig")


def write_csv(data: MapData, out: Path | str) -> list[Path]:
    """Write the three tables into the folder ``out`` (made if needed); a path ending in .csv
    names the relationships table and the others go beside it."""
    out = Path(out)
    if out.suffix.lower() == ".csv":
        folder, stem = out.parent, out.stem + "_"
        rel_path = out
    else:
        folder, stem = out, ""
        rel_path = folder / "relationships.csv"
    folder.mkdir(parents=True, exist_ok=True)
    actors = [
        [
            a.id,
            a.name,
            a.kind,
            data.kind(a.kind).label,
            data.kind(a.kind).shape,
            data.kind(a.kind).color,
            "; ".join(a.aliases),
            a.notes,
            round(a.x * POSITION_SCALE, 6),
            round(a.y * POSITION_SCALE, 6),
            a.degree,
        ]
        for a in data.actors
    ]
    rels = [
        [
            r.id,
            r.number,
            r.type,
            r.label,
            r.source,
            r.target,
            "true" if r.directed else "false",
            r.status,
            r.confidence,
            r.valid_from or "",
            r.valid_to or "",
            r.note,
            r.evidence_count,
            excerpt_summary(r),
        ]
        for r in data.relationships
    ]
    evidence = [
        [
            r.id,
            r.number,
            r.type,
            r.source,
            r.target,
            e.article_title,
            e.article_source,
            e.article_published.isoformat() if e.article_published else "",
            e.start,
            e.end,
            e.text,
            e.origin,
            e.article_url,
        ]
        for r in data.relationships
        for e in r.evidence
    ]
    # the three tables are moved into place together, once all three are written
    return write_atomically(
        {
            folder / f"{stem}actors.csv": _table(ACTOR_COLUMNS, actors),
            rel_path: _table(RELATIONSHIP_COLUMNS, rels),
            folder / f"{stem}evidence.csv": _table(EVIDENCE_COLUMNS, evidence),
        }
    )
