"""Reading GraphML, GEXF and CSV graphs into a workspace: actors, relationship types, relationships.

Files are read completely and checked before anything is stored; then everything is stored in
one transaction (``repo.batch()``), so a malformed file, or one the workspace refuses halfway,
stores nothing. XML is parsed by libxml2 (lxml, in C: the pure-Python element handlers of
defusedxml took most of a big file's time) with entities left unexpanded, no DTD or external
entity loaded, no network access, libxml2's own depth and size limits on; a file that declares a
DTD or entities is then refused ("billion laughs", external entities). Every error names the file.

Evidence does not travel through these formats (they carry excerpts as text, not the articles
they come from); the JSON workspace format is the lossless one.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
import statistics
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, overload

from desktop.export.graphml import FORMAT_TAG, POSITION_SCALE
from desktop.export.tables_csv import unsafe_cell
from desktop.export.workspace_json import InterchangeError
from desktop.model import Repository
from desktop.model.cleantext import visible_controls
from desktop.model.errors import RelmapError
from desktop.model.tables import ACTOR_SHAPES, STATUSES

MAX_BYTES = 200 * 1024 * 1024
FALLBACK_TYPE = ("related-to", "related to")
_KIND_SYNONYMS = {
    "organization": "organisation",
    "org": "organisation",
    "company": "organisation",
    "organisation": "organisation",
    "person": "person",
    "people": "person",
    "individual": "person",
    "country": "country",
    "state": "country",
    "nation": "country",
    "other": "other",
}
_PALETTE = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"]
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass
class GraphActor:
    key: str  # the file's own id for it
    name: str
    kind: str = "other"  # as the file says it; store_graph maps it onto the workspace's kinds
    kind_label: str = ""  # a kind of the user's own, as Relmap's files describe it
    shape: str = ""
    color: str = ""
    aliases: list[str] = field(default_factory=list)
    notes: str = ""
    x: float | None = None
    y: float | None = None


@dataclass
class GraphRelationship:
    source: str  # actor keys
    target: str
    type_key: str
    type_label: str
    directed: bool | None = None
    color: str | None = None
    status: str = "proposed"
    confidence: float = 1.0
    valid_from: str | None = None
    valid_to: str | None = None
    note: str = ""
    where: str = ""  # "edge r3" or "line 4", for messages


@dataclass
class ParsedGraph:
    path: Path
    actors: list[GraphActor]
    relationships: list[GraphRelationship]
    position_scale: float | None = None  # known for Relmap's own files; None: normalise
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    actors_created: int
    actors_matched: int
    relationships: int
    types_created: tuple[str, ...]
    skipped: tuple[str, ...]

    def describe(self) -> str:
        text = (
            f"{self.actors_created} new actors, {self.actors_matched} matched existing ones, "
            f"{self.relationships} relationships"
        )
        if self.types_created:
            text += f", new relationship types: {', '.join(self.types_created)}"
        if self.skipped:
            text += (
                f"; skipped {len(self.skipped)}: "
                + "; ".join(self.skipped[:5])
                + (" …" if len(self.skipped) > 5 else "")
            )
        return text


# ------------------------------------------------------------------------------------------ helpers
def _fail(path: Path, message: str) -> InterchangeError:
    return InterchangeError(f"{path}: {message}")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                path, f"is {size // (1024 * 1024)} MB; Relmap imports graph files up to {MAX_BYTES // (1024 * 1024)} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "does not exist") from None
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a file") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise _fail(path, "is empty")
    return raw


class XmlElement(Protocol):
    """What the readers use of an lxml element (lxml ships no type information)."""

    tag: object  # a str, or a function for comments and processing instructions
    text: str | None

    @overload
    def get(self, key: str) -> str | None: ...
    @overload
    def get(self, key: str, default: str) -> str: ...
    def iter(self) -> Iterator[XmlElement]: ...
    def __iter__(self) -> Iterator[XmlElement]: ...
    def __len__(self) -> int: ...


def _parse_xml(path: Path, raw: bytes) -> XmlElement:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        where = f" at line {line}, column {column}" if line else ""
        raise _fail(path, f"is not well-formed XML{where}") from None
    except ValueError as exc:  # e.g. a str with an encoding declaration; bytes never are
        raise _fail(path, f"is not well-formed XML ({exc})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _fail(path, "refused: the XML declares a DTD or entities, which Relmap does not read")
    return root


@functools.lru_cache(maxsize=512)
def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _local(tag: object) -> str:
    return _local_name(tag) if isinstance(tag, str) else ""


def _children(el: XmlElement, name: str) -> list[XmlElement]:
    return [c for c in el if _local(c.tag) == name]


def _nodes(path: Path, graph: XmlElement) -> Iterator[tuple[XmlElement, str]]:
    """(node element, its id) of every node of a GraphML or GEXF graph, refusing a node without
    an id or with one seen before."""
    seen: set[str] = set()
    for i, node in enumerate((n for n in graph.iter() if _local(n.tag) == "node"), start=1):
        node_id = node.get("id")
        if not node_id:
            raise _fail(path, f"node #{i} has no id")
        if node_id in seen:
            raise _fail(path, f"node id {node_id!r} appears twice")
        seen.add(node_id)
        yield node, node_id


def type_key_for(text: str) -> str:
    """'Funded by' -> 'funded-by': the key a relationship type gets from a label in a file."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    key = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if not key:
        return FALLBACK_TYPE[0]
    if not key[0].isalpha():
        key = f"t-{key}"
    return key[:60].strip("-")


def _kind(value: str | None) -> str:
    return _KIND_SYNONYMS.get((value or "").strip().lower(), "other")


def _kind_fields(attrs: dict) -> dict[str, str]:
    """An actor's kind as the file gives it: the key, and for a kind of the user's own (Relmap's
    GraphML, GEXF and CSV write them) its label, shape and colour."""
    return {
        "kind": (attrs.get("kind") or "").strip().lower() or "other",
        "kind_label": " ".join((attrs.get("kind_label") or "").split())[:80],
        "shape": (attrs.get("shape") or "").strip().lower(),
        "color": (attrs.get("color") or "").strip(),
    }


_KIND_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def _store_kinds(repo: Repository, parsed: ParsedGraph) -> list[str]:
    """Each actor's kind in the workspace's terms: a kind the workspace has is kept; a kind the
    file describes (label or shape) is added; anything else is read through the usual names
    ("organization", "company", "state") or becomes "other". Returns the keys of kinds added."""
    known = {k.key for k in repo.list_actor_kinds()}
    added: list[str] = []
    for actor in parsed.actors:
        raw = actor.kind
        if raw in known:
            continue
        if (actor.kind_label or actor.shape in ACTOR_SHAPES) and _KIND_KEY.match(raw) and len(raw) <= 60:
            color = actor.color if _COLOR.match(actor.color) else _PALETTE[len(added) % len(_PALETTE)]
            repo.add_actor_kind(
                actor.kind_label or raw.replace("-", " ").capitalize(),
                key=raw,
                shape=actor.shape if actor.shape in ACTOR_SHAPES else "circle",
                color=color,
            )
            known.add(raw)
            added.append(raw)
            continue
        actor.kind = _kind(raw)
    return added


def _float(path: Path, value: str | None, what: str) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise _fail(path, f"{what}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise _fail(path, f"{what}: {value!r} is not a finite number")
    return number


def _bool(value: str | None) -> bool | None:
    if value is None or str(value).strip() == "":
        return None
    return str(value).strip().lower() in ("true", "1", "yes", "directed")


def _status(path: Path, value: str | None, where: str) -> str:
    status = (value or "").strip().lower() or "proposed"
    if status not in STATUSES:
        raise _fail(path, f"{where}: unknown status {value!r} (use {', '.join(STATUSES)})")
    return status


def _confidence(path: Path, value: str | None, where: str) -> float:
    number = _float(path, value, f"{where}: confidence")
    if number is None:
        return 1.0
    if not 0.0 <= number <= 1.0:
        raise _fail(path, f"{where}: confidence must be between 0 and 1, not {value}")
    return number


def _aliases(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def _relationship(
    path: Path,
    attrs: dict[str, str],
    source: str,
    target: str,
    where: str,
    default_directed: bool | None,
    label: str | None = None,
) -> GraphRelationship:
    raw_type = (
        attrs.get("type")
        or attrs.get("relationship")
        or attrs.get("type_label")
        or label
        or attrs.get("label")
        or attrs.get("interaction")
        or FALLBACK_TYPE[1]
    )
    type_key = type_key_for(raw_type)
    type_label = attrs.get("type_label") or label or attrs.get("label") or raw_type.replace("-", " ")
    directed = _bool(attrs.get("directed"))
    color = attrs.get("color")
    return GraphRelationship(
        source=source,
        target=target,
        type_key=type_key,
        type_label=" ".join(type_label.split())[:80],
        directed=default_directed if directed is None else directed,
        color=color if color and _COLOR.match(color) else None,
        status=_status(path, attrs.get("status"), where),
        confidence=_confidence(path, attrs.get("confidence"), where),
        valid_from=_partial_date(path, attrs.get("valid_from"), f"{where}: valid_from"),
        valid_to=_partial_date(path, attrs.get("valid_to"), f"{where}: valid_to"),
        note=attrs.get("note") or "",
        where=where,
    )


_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _partial_date(path: Path, value: str | None, what: str) -> str | None:
    """A validity date as the workspace keeps it (2019, 2019-03, 2019-03-20), checked while the
    file is read, so a bad one is refused before any workspace is opened."""
    value = (value or "").strip()
    if not value:
        return None
    if not _PARTIAL_DATE.match(value):
        raise _fail(path, f"{what}: {value[:40]!r} must look like 2019, 2019-03 or 2019-03-20")
    return value


# ------------------------------------------------------------------------------------------ GraphML
def parse_graphml(path: Path | str) -> ParsedGraph:
    path = Path(path)
    root = _parse_xml(path, _read_bytes(path))
    if _local(root.tag) != "graphml":
        raise _fail(path, f"is XML, but not GraphML (its root element is <{_local(root.tag)}>)")
    keys: dict[str, str] = {}
    for key in _children(root, "key"):
        key_id = key.get("id")
        if key_id is not None:
            keys[key_id] = key.get("attr.name") or key_id
    graphs = _children(root, "graph")
    if not graphs:
        raise _fail(path, "has no <graph> element")
    graph = graphs[0]
    edge_default = graph.get("edgedefault", "directed") == "directed"

    def data_of(el: XmlElement) -> dict[str, str]:
        out: dict[str, str] = {}
        for d in _children(el, "data"):
            if len(d):  # yEd graphics: take the label, leave the drawing
                label = next((n.text for n in d.iter() if _local(n.tag) in ("NodeLabel", "EdgeLabel") and n.text), None)
                if label and "yed_label" not in out:
                    out["yed_label"] = visible_controls(label).strip()
                continue
            key = d.get("key")
            if key is None:  # a value that names no key is no attribute
                continue
            # control characters made visible before anything splits on whitespace (U+0085 is some)
            out[keys.get(key, key)] = visible_controls(d.text or "").strip()
        return out

    graph_data = data_of(graph)
    scale = None
    if graph_data.get("relmap_format") == FORMAT_TAG:
        scale = _float(path, graph_data.get("position_scale"), "position_scale") or POSITION_SCALE
    actors: list[GraphActor] = []
    for node, node_id in _nodes(path, graph):
        attrs = data_of(node)
        name = attrs.get("label") or attrs.get("name") or attrs.get("yed_label") or visible_controls(node_id)
        actors.append(
            GraphActor(
                key=node_id,
                name=" ".join(name.split()),
                **_kind_fields(attrs),
                aliases=_aliases(attrs.get("aliases")),
                notes=attrs.get("notes", ""),
                x=_float(path, attrs.get("x"), f"node {node_id!r}: x"),
                y=_float(path, attrs.get("y"), f"node {node_id!r}: y"),
            )
        )
    node_ids = {a.key for a in actors}
    relationships: list[GraphRelationship] = []
    skipped: list[str] = []
    for edge in (e for e in graph.iter() if _local(e.tag) in ("edge", "hyperedge")):
        if _local(edge.tag) == "hyperedge":
            skipped.append("a hyperedge (Relmap relationships join two actors)")
            continue
        ends = _edge_ends(path, edge, node_ids, skipped)
        if ends is None:
            continue
        where, src, dst = ends
        directed = edge.get("directed")
        default = edge_default if directed is None else directed == "true"
        attrs = data_of(edge)
        relationships.append(_relationship(path, attrs, src, dst, where, default, attrs.get("yed_label")))
    return ParsedGraph(path, actors, relationships, scale, skipped)


def _edge_ends(path: Path, edge, seen: set[str], skipped: list[str]) -> tuple[str, str, str] | None:  # noqa: ANN001
    """An XML edge's (description, source, target); None for a self-loop (noted in ``skipped``).

    An edge to a node the file does not define makes the whole file unusable.
    """
    where = f"edge {edge.get('id') or (edge.get('source'), edge.get('target'))}"
    src, dst = edge.get("source"), edge.get("target")
    if src not in seen or dst not in seen:
        raise _fail(path, f"{where} joins a node the file does not define ({src!r} -> {dst!r})")
    if src == dst:
        skipped.append(f"{where} (joins {src!r} to itself)")
        return None
    return where, src, dst


# ------------------------------------------------------------------------------------------ GEXF
def parse_gexf(path: Path | str) -> ParsedGraph:
    path = Path(path)
    root = _parse_xml(path, _read_bytes(path))
    if _local(root.tag) != "gexf":
        raise _fail(path, f"is XML, but not GEXF (its root element is <{_local(root.tag)}>)")
    graphs = _children(root, "graph")
    if not graphs:
        raise _fail(path, "has no <graph> element")
    graph = graphs[0]
    edge_default = graph.get("defaultedgetype", "undirected") != "undirected"
    titles: dict[tuple[str, str], str] = {}
    for block in _children(graph, "attributes"):
        for attr in _children(block, "attribute"):
            attr_id = attr.get("id")
            if attr_id is not None:
                titles[(block.get("class", "node"), attr_id)] = attr.get("title") or attr_id
    description = " ".join(n.text or "" for n in root.iter() if _local(n.tag) == "description")
    scale = POSITION_SCALE if FORMAT_TAG in description else None

    def values_of(el: XmlElement, cls: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for holder in _children(el, "attvalues"):
            for v in _children(holder, "attvalue"):
                key = v.get("for") or v.get("id")
                if key is None:  # a value that names no attribute is no attribute
                    continue
                out[titles.get((cls, key), key)] = visible_controls(v.get("value", ""))
        return out

    actors: list[GraphActor] = []
    for node, node_id in _nodes(path, graph):
        attrs = values_of(node, "node")
        position = next((c for c in node if _local(c.tag) == "position"), None)
        x = _float(path, position.get("x"), f"node {node_id!r}: x") if position is not None else None
        y = _float(path, position.get("y"), f"node {node_id!r}: y") if position is not None else None
        name = visible_controls(node.get("label") or attrs.get("label") or attrs.get("name") or node_id)
        actors.append(
            GraphActor(
                key=node_id,
                name=" ".join(name.split()),
                **_kind_fields(attrs),
                aliases=_aliases(attrs.get("aliases")),
                notes=attrs.get("notes", ""),
                x=x,
                y=y,
            )
        )
    node_ids = {a.key for a in actors}
    relationships: list[GraphRelationship] = []
    skipped: list[str] = []
    for edge in (e for e in graph.iter() if _local(e.tag) == "edge"):
        ends = _edge_ends(path, edge, node_ids, skipped)
        if ends is None:
            continue
        where, src, dst = ends
        kind = edge.get("type")
        default = edge_default if kind is None else kind == "directed"
        relationships.append(
            _relationship(
                path,
                values_of(edge, "edge"),
                src,
                dst,
                where,
                default,
                visible_controls(edge.get("label") or "") or None,
            )
        )
    return ParsedGraph(path, actors, relationships, scale, skipped)


# ------------------------------------------------------------------------------------------ CSV
def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc
    if "\x00" in text:
        raise _fail(path, "is not a CSV text file (it contains NUL bytes)")
    text = visible_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _fail(path, f"line {reader.line_num}: {exc}") from exc
    if not rows:
        raise _fail(path, "is empty")
    header = [h.strip().lower() for h in rows[0]]
    if len(set(header)) != len(header) or any(not h for h in header):
        raise _fail(path, "line 1: the header needs distinct, non-empty column names")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise _fail(path, f"line {line}: {len(row)} cells, but the header names {len(header)} columns")
        record = {h: unsafe_cell(c) for h, c in zip(header, row)}
        record["__line__"] = str(line)
        out.append(record)
    return out


def _csv_paths(path: Path) -> tuple[Path | None, Path | None]:
    """(actors table, relationships table) for a folder or for one of the tables."""
    if path.is_dir():
        actors, rels = path / "actors.csv", path / "relationships.csv"
        if not rels.exists() and not actors.exists():
            raise _fail(path, "holds neither actors.csv nor relationships.csv")
        return (actors if actors.exists() else None), (rels if rels.exists() else None)
    if not path.exists():
        raise _fail(path, "does not exist")
    stem = path.stem
    for suffix in ("relationships", "actors", "evidence"):
        if stem == suffix or stem.endswith("_" + suffix):
            prefix = stem[: len(stem) - len(suffix)]
            break
    else:
        prefix = None
    if prefix is not None:
        actors, rels = path.with_name(f"{prefix}actors.csv"), path.with_name(f"{prefix}relationships.csv")
        if stem.endswith("evidence"):
            raise _fail(path, "is an evidence table; import the relationships table or the folder instead")
        return (actors if actors.exists() else None), (rels if rels.exists() else None)
    # a lone table: tell by its header
    header = _read_csv(path)
    if header and "source" in header[0] and "target" in header[0]:
        return None, path
    return path, None


def parse_csv(path: Path | str) -> ParsedGraph:
    path = Path(path)
    actors_path, rels_path = _csv_paths(path)
    actors: list[GraphActor] = []
    by_name: dict[str, GraphActor] = {}
    if actors_path is not None:
        rows = _read_csv(actors_path)
        if rows and "name" not in rows[0]:
            raise _fail(actors_path, "line 1: an actors table needs a 'name' column")
        for row in rows:
            where = f"line {row['__line__']}"
            name = " ".join(row.get("name", "").split())
            if not name:
                raise _fail(actors_path, f"{where}: the name is empty")
            actor = GraphActor(
                key=name.casefold(),
                name=name,
                **_kind_fields(row),
                aliases=_aliases(row.get("aliases")),
                notes=row.get("notes", ""),
                x=_float(actors_path, row.get("x"), f"{where}: x"),
                y=_float(actors_path, row.get("y"), f"{where}: y"),
            )
            if actor.key in by_name:
                raise _fail(actors_path, f"{where}: {name!r} is listed twice")
            by_name[actor.key] = actor
            actors.append(actor)
    also_known = {alias.casefold(): actor.key for actor in actors for alias in actor.aliases}
    relationships: list[GraphRelationship] = []
    skipped: list[str] = []
    if rels_path is not None:
        rows = _read_csv(rels_path)
        if rows and not {"source", "target"} <= set(rows[0]):
            raise _fail(rels_path, "line 1: a relationships table needs 'source' and 'target' columns")
        for row in rows:
            where = f"line {row['__line__']}"
            ends = []
            for column in ("source", "target"):
                name = " ".join(row.get(column, "").split())
                if not name:
                    raise _fail(rels_path, f"{where}: the {column} is empty")
                key = name.casefold()
                if key not in by_name and actors_path is not None:
                    key = also_known.get(key, key)
                if key not in by_name:
                    if actors_path is not None:
                        # as GraphML and GEXF refuse an edge to a node they do not define
                        raise _fail(
                            rels_path, f"{where}: the {column} {name!r} is not in the actors table {actors_path.name}"
                        )
                    # a relationships table alone names its actors; they come in as kind "other"
                    by_name[key] = GraphActor(key=key, name=name)
                    actors.append(by_name[key])
                ends.append(key)
            if ends[0] == ends[1]:
                skipped.append(f"{where} (joins {row['source']!r} to itself)")
                continue
            relationships.append(_relationship(rels_path, row, ends[0], ends[1], where, None))
    # CSV says nothing about its coordinates' units: positions are normalised like a foreign file's
    return ParsedGraph(path, actors, relationships, None, skipped)


# ------------------------------------------------------------------------------------------ storing
def parse_graph_file(path: Path | str) -> ParsedGraph:
    """Read a GraphML, GEXF or CSV file (or a folder of CSV tables), checking it completely."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".csv":
        return parse_csv(path)
    if suffix in (".graphml", ".xml"):
        return parse_graphml(path)
    if suffix == ".gexf":
        return parse_gexf(path)
    raise _fail(path, "is not a file Relmap imports as a graph (use .graphml, .gexf, .csv or a folder of CSV tables)")


def _positions(parsed: ParsedGraph) -> dict[str, tuple[float, float]]:
    """File positions in layout units (median relationship about 1.0, as the layout makes them)."""
    known = {a.key: (a.x, a.y) for a in parsed.actors if a.x is not None and a.y is not None}
    if not known:
        return {}
    scale = parsed.position_scale
    if not scale:
        lengths = [
            math.dist(known[r.source], known[r.target])
            for r in parsed.relationships
            if r.source in known and r.target in known
        ]
        lengths = [d for d in lengths if d > 0]
        scale = statistics.median(lengths) if lengths else 1.0
    return {k: (x / scale, y / scale) for k, (x, y) in known.items()}


def store_graph(repo: Repository, parsed: ParsedGraph) -> ImportSummary:
    """Add a parsed graph to ``repo`` in one transaction: actors matched by name or alias,
    types created as needed, relationships merged with identical ones (taking the file's
    status). A handful of statements whatever the file's size (Repository.merge_interchange)."""
    path = parsed.path
    try:
        with repo.batch():
            types = {t.key for t in repo.list_relation_types()}
            created_types: list[str] = []
            for rel in parsed.relationships:
                if rel.type_key not in types:
                    color = rel.color or _PALETTE[len(created_types) % len(_PALETTE)]
                    repo.add_relation_type(
                        rel.type_key,
                        rel.type_label,
                        directed=True if rel.directed is None else rel.directed,
                        color=color,
                    )
                    types.add(rel.type_key)
                    created_types.append(rel.type_key)
            _store_kinds(repo, parsed)
            index = {a.key: i for i, a in enumerate(parsed.actors)}
            positions = _positions(parsed)
            actors = [
                {
                    "name": a.name,
                    "kind": a.kind,
                    "aliases": a.aliases,
                    "notes": a.notes,
                    "x": positions.get(a.key, (None, None))[0],
                    "y": positions.get(a.key, (None, None))[1],
                }
                for a in parsed.actors
            ]
            rels = [
                {
                    "type": r.type_key,
                    "source": index[r.source],
                    "target": index[r.target],
                    "status": r.status,
                    "confidence": r.confidence,
                    "valid_from": r.valid_from,
                    "valid_to": r.valid_to,
                    "note": r.note,
                }
                for r in parsed.relationships
            ]
            try:
                merged = repo.merge_interchange(actors=actors, relationships=rels, file_wins=False)
            except RelmapError as exc:
                raise _fail(path, _in_file_terms(str(exc), parsed)) from exc
    except InterchangeError:
        raise
    except RelmapError as exc:
        raise _fail(path, str(exc)) from exc
    matched = sum(1 for actor_id in merged.actor_ids if actor_id not in merged.created_actors)
    return ImportSummary(
        actors_created=len(merged.created_actors),
        actors_matched=matched,
        relationships=len(parsed.relationships),
        types_created=tuple(created_types),
        skipped=tuple(parsed.skipped),
    )


def _in_file_terms(message: str, parsed: ParsedGraph) -> str:
    """'relationships[3]: ...' from the repository, said as the file says it ('edge r3: ...')."""
    found = re.match(r"(actors|relationships)\[(\d+)\]: (.*)", message)
    if not found:
        return message
    what, i, rest = found.group(1), int(found.group(2)), found.group(3)
    if what == "relationships" and i < len(parsed.relationships):
        return f"{parsed.relationships[i].where}: {rest}"
    if what == "actors" and i < len(parsed.actors):
        return f"actor {parsed.actors[i].name!r}: {rest}"
    return message


def import_graph(repo: Repository, path: Path | str) -> ImportSummary:
    """Read ``path`` (GraphML, GEXF, CSV) into ``repo``: all of it, or on any problem nothing."""
    return store_graph(repo, parse_graph_file(path))
