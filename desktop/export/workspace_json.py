"""The lossless JSON form of a whole workspace, and reading it back.

Rows refer to each other by what the investigator sees, not by database ids: actors by name,
articles by content hash, types by key. So an export is stable across workspaces, and
importing into a workspace that already holds some of the same things merges instead of
duplicating. Importing runs as one transaction: a bad file stores nothing.

The format is described once, by the pydantic models below (:class:`WorkspaceFile`), and a
file is validated whole before anything is stored. Every refusal names the file and the path
of the bad field in the file's own terms ("actors[3].aliases[0]: expected a string, got 12").
The models' JSON Schema is published in docs/workspace.schema.json for other tools
(``python -m desktop.export.workspace_json --schema`` prints it).
"""

from __future__ import annotations

import json
import math
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from desktop import __version__
from desktop.model import InvalidInputError, Repository, alias_key
from desktop.model.cleantext import visible_controls
from desktop.model.errors import RelmapError
from desktop.model.tables import ACTOR_SHAPES, ACTOR_STATUSES, ORIGINS, STATUSES

FORMAT = "relmap-workspace"
FORMAT_VERSION = 1


class InterchangeError(RelmapError):
    """A file that cannot be imported; the message names the file and the problem."""


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def workspace_to_dict(repo: Repository) -> dict[str, Any]:
    """Everything in the workspace as plain JSON-ready data, in a stable order."""
    rows = repo.export_rows()
    types_by_id = {t["id"]: t for t in rows["relation_type"]}
    actors_by_id = {a["id"]: a for a in rows["actor"]}
    hash_of = {a["id"]: a["content_hash"] for a in rows["article"]}
    aliases: dict[int, list[str]] = {}
    for al in rows["alias"]:
        if alias_key(al["name"]) != alias_key(actors_by_id[al["actor_id"]]["name"]):
            aliases.setdefault(al["actor_id"], []).append(al["name"])
    evidence: dict[int, list[dict]] = {}
    for e in rows["evidence"]:
        evidence.setdefault(e["relationship_id"], []).append(
            {
                "article": hash_of[e["article_id"]],
                "start": e["start"],
                "end": e["end"],
                "text": e["quote"],
                "origin": e["origin"],
                "created_at": _iso(e["created_at"]),
            }
        )
    types = [
        {
            "key": t["key"],
            "label": t["label"],
            "inverse_label": t["inverse_label"],
            "directed": bool(t["directed"]),
            "color": t["color"],
            "builtin": bool(t["builtin"]),
        }
        for t in rows["relation_type"]
    ]
    kinds = [
        {"key": k["key"], "label": k["label"], "shape": k["shape"], "color": k["color"], "builtin": bool(k["builtin"])}
        for k in rows["actor_kind"]
    ]
    actors = sorted(
        (
            {
                "name": a["name"],
                "kind": a["kind"],
                "aliases": sorted(aliases.get(a["id"], []), key=alias_key),
                "notes": a["notes"],
                "x": a["x"],
                "y": a["y"],
                "pinned": bool(a["pinned"]),
                "status": a["status"],
                "created_at": _iso(a["created_at"]),
            }
            for a in rows["actor"]
        ),
        key=lambda a: alias_key(a["name"]),
    )
    articles = sorted(
        (
            {
                "content_hash": r["content_hash"],
                "title": r["title"],
                "source": r["source"],
                "published": _iso(r["published"]),
                "imported_at": _iso(r["imported_at"]),
                "url": r["url"],
                "text": r["text"],
            }
            for r in rows["article"]
        ),
        key=lambda a: (a["published"] or "", a["title"], a["content_hash"]),
    )

    def ends(r: dict) -> tuple[str, str]:
        src, dst = actors_by_id[r["source_id"]]["name"], actors_by_id[r["target_id"]]["name"]
        # symmetric types are stored smaller-id first; ids differ between workspaces, names do not
        if not types_by_id[r["type_id"]]["directed"] and alias_key(dst) < alias_key(src):
            src, dst = dst, src
        return src, dst

    relationships = sorted(
        (
            {
                "type": types_by_id[r["type_id"]]["key"],
                "source": ends(r)[0],
                "target": ends(r)[1],
                "status": r["status"],
                "confidence": r["confidence"],
                "valid_from": r["valid_from"],
                "valid_to": r["valid_to"],
                "note": r["note"],
                "created_at": _iso(r["created_at"]),
                "evidence": sorted(evidence.get(r["id"], []), key=lambda e: (e["article"], e["start"], e["end"])),
            }
            for r in rows["relationship"]
        ),
        key=lambda r: (r["type"], alias_key(r["source"]), alias_key(r["target"])),
    )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "relmap": __version__,
        "relation_types": types,
        "actor_kinds": kinds,
        "actors": actors,
        "articles": articles,
        "relationships": relationships,
    }


def export_json(repo: Repository, out: Path | str) -> Path:
    """Write the workspace to ``out`` (written to a temporary name, then moved into place)."""
    from desktop.export.style import write_atomically

    payload = (json.dumps(workspace_to_dict(repo), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return write_atomically({Path(out): payload})[0]


# ------------------------------------------------------------------------------------------ the format
MAX_BYTES = 200 * 1024 * 1024  # a workspace of thousands of articles; past this, refused unread
MAX_NAME = 300  # the repository's own limit for names and aliases
MAX_TEXT = 20 * 1024 * 1024  # an article: the article readers' limit
MAX_NOTE = 1_000_000


class _Model(BaseModel):
    """Strict: a number is not a string, a string is not a number, NaN is not a position."""

    model_config = ConfigDict(strict=True, extra="ignore", allow_inf_nan=False, frozen=True)


Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Note = Annotated[str, Field(max_length=MAX_NOTE)]
PartialDate = Annotated[str, Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]


class RelationTypeEntry(_Model):
    """A relationship type; built-in ones are listed too (and ignored when the workspace has them)."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]
    label: Annotated[str, Field(max_length=200)] | None = None
    inverse_label: Annotated[str, Field(max_length=200)] | None = None
    directed: bool = True
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#777777"
    builtin: bool = False


Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]


class ActorKindEntry(_Model):
    """A kind of actor and how it is drawn; the built-in ones are listed too (and ignored when the
    workspace has them). Actors name their kind by ``key``."""

    key: Key
    label: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    shape: Literal[ACTOR_SHAPES] = "circle"  # type: ignore[valid-type]
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#8a8f98"
    builtin: bool = False


class ActorEntry(_Model):
    """An actor, known by its name and aliases (unique per workspace, compared without case)."""

    name: Name
    kind: Key | None = None  # a key of actor_kinds, or of a kind the workspace has
    aliases: Annotated[list[Name], Field(max_length=10_000)] = []
    notes: Note | None = None
    x: float | None = None
    y: float | None = None
    pinned: bool = False
    status: Literal[ACTOR_STATUSES] | None = None  # type: ignore[valid-type]
    created_at: datetime | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> ActorEntry:
        if (self.x is None) != (self.y is None):
            raise ValueError("a position needs both x and y")
        return self


class ArticleEntry(_Model):
    """An article's text and where it came from; excerpts point into ``text``."""

    content_hash: Annotated[str, Field(max_length=200)] | None = None
    title: Annotated[str, Field(max_length=10_000)] = ""
    source: Annotated[str, Field(max_length=10_000)] = ""
    published: date | None = None
    imported_at: datetime | None = None
    url: Annotated[str, Field(max_length=2000, pattern=r"^((https?|file)://\S+)?$")] = ""
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class EvidenceEntry(_Model):
    """The characters ``[start, end)`` of an article (named by its ``content_hash``)."""

    article: Annotated[str, Field(min_length=1, max_length=200)]
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=1)]
    text: str | None = None
    origin: Literal[ORIGINS] = "person"  # type: ignore[valid-type]
    created_at: datetime | None = None

    @model_validator(mode="after")
    def _span(self) -> EvidenceEntry:
        if self.end <= self.start:
            raise ValueError(f"an excerpt ends after it starts, not at {self.start}-{self.end}")
        return self


class RelationshipEntry(_Model):
    """A typed relationship between two actors named by name (or alias), with its excerpts."""

    type: Annotated[str, Field(min_length=1, max_length=60)]
    source: Name
    target: Name
    status: Literal[STATUSES] = "proposed"  # type: ignore[valid-type]
    confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 1.0
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    note: Note = ""
    created_at: datetime | None = None
    evidence: list[EvidenceEntry] = []


class WorkspaceFile(_Model):
    """A whole Relmap workspace as JSON (``relmap export --format json``)."""

    model_config = ConfigDict(
        title="Relmap workspace",
        json_schema_extra={
            "description": "A whole Relmap workspace: actors, relationship types, articles, relationships and "
            "the excerpts behind them. Written by `relmap export --format json`, read by "
            "`relmap import-json`."
        },
    )

    format: Literal["relmap-workspace"]
    version: Annotated[int, Field(ge=1, le=FORMAT_VERSION)]
    relmap: str | None = None
    relation_types: list[RelationTypeEntry] = []
    actor_kinds: list[ActorKindEntry] = []
    actors: list[ActorEntry]
    articles: list[ArticleEntry]
    relationships: list[RelationshipEntry]

    @field_validator("actors", "articles", "relationships", "relation_types", "actor_kinds")
    @classmethod
    def _not_too_many(cls, value: list) -> list:
        if len(value) > 5_000_000:
            raise ValueError(f"lists {len(value)} entries; Relmap reads at most 5,000,000")
        return value


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the workspace format (docs/workspace.schema.json)."""
    return WorkspaceFile.model_json_schema(mode="validation")


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------------------ refusals
_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "date_type": "a date like 2019-03-20",
    "datetime_type": "a date and time like 2019-03-20T12:00:00",
    "none_required": "null",
}


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif (
            isinstance(part, str)
            and not part.startswith(("function-", "constrained-"))
            and part not in ("str", "int", "float", "bool", "list", "none", "nullable", "literal", "date", "datetime")
        ):
            out += f".{part}" if out else part
    return out or "the file"


def _shown(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    text = visible_controls(text)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(error: ErrorDetails) -> str:
    """One pydantic error in the investigator's words: where, and what was expected."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    where = _where(error["loc"])
    if kind == "missing":
        return f"{where}: is missing"
    if kind in _EXPECTED:
        return f"{where}: expected {_EXPECTED[kind]}, got {_shown(value)}"
    if kind == "finite_number":
        return f"{where}: expected a finite number, got {_shown(value)}"
    if kind == "literal_error":
        return f"{where}: expected {ctx.get('expected', 'another value')}, got {_shown(value)}"
    if kind == "string_pattern_mismatch":
        return f"{where}: {_shown(value)} is not in the expected form"
    if kind in ("string_too_short", "too_short"):
        return f"{where}: is empty" if ctx.get("min_length", 1) == 1 else f"{where}: is too short"
    if kind in ("string_too_long", "too_long"):
        return f"{where}: is too long (at most {ctx.get('max_length')})"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"{where}: must be {bound} {limit}, not {_shown(value)}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_from_datetime_inexact"):
        return f"{where}: expected a date like 2019-03-20, got {_shown(value)}"
    if kind.startswith("datetime"):
        return f"{where}: expected a date and time like 2019-03-20T12:00:00, got {_shown(value)}"
    if kind.startswith("date"):
        return f"{where}: expected a date like 2019-03-20, got {_shown(value)}"
    if kind == "value_error":
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    return f"{where}: {error['msg'].lower()}"


def _json_problem(error: ErrorDetails) -> str:
    message = error.get("msg", "")
    found = re.search(r"line (\d+) column (\d+)", message)
    at = f" at line {found.group(1)}, column {found.group(2)}" if found else ""
    if "recursion limit" in message:
        return f"is nested deeper than a Relmap workspace can be{at}"
    detail = message.removeprefix("Invalid JSON: ").split(" at line")[0]
    return f"is not valid JSON ({detail}{at})"


def read_json_file(path: Path | str) -> WorkspaceFile:
    """Load and validate a workspace export completely; InterchangeError names the file and the
    first bad field. Nothing is stored and no workspace is touched by this."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InterchangeError(f"{path}: is a folder, not a file")
        if size > MAX_BYTES:
            raise InterchangeError(
                f"{path}: is {size // (1024 * 1024)} MB; Relmap imports workspace files up "
                f"to {MAX_BYTES // (1024 * 1024)} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InterchangeError(f"{path}: does not exist") from None
    except OSError as exc:
        raise InterchangeError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise InterchangeError(f"{path}: is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            f"{path}: is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from exc
    try:
        return WorkspaceFile.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        if first["type"] == "json_invalid":
            raise InterchangeError(f"{path}: {_json_problem(first)}") from None
        if first["loc"] in (("format",), ()) or (first["loc"] == ("version",) and first["type"] != "less_than_equal"):
            head = _outline(raw)
            if head.get("format") != FORMAT:
                raise InterchangeError(f"{path}: is JSON, but not a Relmap workspace export") from None
            if not isinstance(head.get("version"), int):
                raise InterchangeError(f"{path}: has no format version") from None
        if first["loc"] == ("version",) and first["type"] == "less_than_equal":
            raise InterchangeError(
                f"{path}: was written by a newer Relmap (format version {first['input']}; this "
                f"version reads up to {FORMAT_VERSION})"
            ) from None
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise InterchangeError(f"{path}: {_plain(first)}{more}") from None


def _outline(raw: bytes) -> dict[str, Any]:
    """The top-level ``format`` and ``version`` of a file that failed validation, if it is an object."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


# ------------------------------------------------------------------------------------------ storing
def _file_checks(data: WorkspaceFile) -> None:
    """What the schema alone cannot say: excerpts point at an article of the file, inside it,
    and quote it exactly (after control characters are made visible, as storing does)."""
    texts: dict[str, str] = {}
    for i, art in enumerate(data.articles):
        if not art.text.strip():
            raise InvalidInputError(f"articles[{i}].text: has no text")
        if art.content_hash:
            texts[art.content_hash] = art.text
    for i, rel in enumerate(data.relationships):
        for j, ev in enumerate(rel.evidence):
            where = f"relationships[{i}].evidence[{j}]"
            body = texts.get(ev.article)
            if body is None:
                raise InvalidInputError(f"{where}.article: points at an article the file does not contain")
            if ev.end > len(body):
                raise InvalidInputError(
                    f"{where}: excerpt {ev.start}-{ev.end} lies outside its article (0-{len(body)})"
                )
            if ev.text is not None and visible_controls(ev.text) != visible_controls(body[ev.start : ev.end]):
                raise InvalidInputError(f"{where}.text: does not match the article at {ev.start}-{ev.end}")


def _utc(value: datetime | None) -> datetime | None:
    # workspaces keep UTC times; an export writes them without a zone
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def import_workspace(repo: Repository, data: WorkspaceFile) -> dict[str, int]:
    """Merge a validated export into ``repo`` in one transaction; returns counts of what was read.

    Actors are matched by name or alias, articles by content hash, relationships by type and
    endpoints; for things that already exist the file's values win, evidence accumulates.
    """
    _file_checks(data)
    with repo.batch():
        known_types = {t.key for t in repo.list_relation_types()}
        for t in data.relation_types:
            if t.key not in known_types:
                repo.add_relation_type(
                    t.key, t.label or t.key, inverse_label=t.inverse_label, directed=t.directed, color=t.color
                )
                known_types.add(t.key)
        known_kinds = {k.key for k in repo.list_actor_kinds()}
        for i, a in enumerate(data.actors):
            if a.kind is not None and a.kind not in known_kinds and all(k.key != a.kind for k in data.actor_kinds):
                raise InvalidInputError(
                    f"actors[{i}].kind: unknown actor kind {_shown(a.kind)} (the file's "
                    f"actor_kinds do not list it, nor does the workspace)"
                )
        for k in data.actor_kinds:
            if k.key not in known_kinds:
                repo.add_actor_kind(
                    k.label or k.key.replace("-", " ").capitalize(), key=k.key, shape=k.shape, color=k.color
                )
                known_kinds.add(k.key)
        # relationships name actors by name or alias; names the file does not list are looked up
        # in the workspace
        index: dict[str, int] = {}
        for i, a in enumerate(data.actors):
            index[alias_key(a.name)] = i
        for i, a in enumerate(data.actors):
            for alias in a.aliases:
                index.setdefault(alias_key(alias), i)
        actors = [
            {
                "name": a.name,
                "kind": a.kind,
                "aliases": a.aliases,
                "notes": a.notes,
                "x": a.x,
                "y": a.y,
                "pinned": a.pinned,
                "status": a.status,
                "created_at": _utc(a.created_at),
            }
            for a in data.actors
        ]
        outside = {rel.source for rel in data.relationships} | {rel.target for rel in data.relationships}
        owners = repo.alias_owners(n for n in outside if alias_key(n) not in index)
        article_index: dict[str, int] = {}
        for i, art in enumerate(data.articles):
            article_index.setdefault(art.content_hash or f"#{i}", i)
        rels, evidence = [], []
        for i, rel in enumerate(data.relationships):
            if rel.type not in known_types:
                raise InvalidInputError(f"relationships[{i}].type: unknown relationship type {_shown(rel.type)}")
            ends = []
            for end in ("source", "target"):
                key = alias_key(getattr(rel, end))
                if key not in index:
                    if key not in owners:
                        raise InvalidInputError(
                            f"relationships[{i}].{end}: names an actor the file does not list "
                            f"({_shown(getattr(rel, end))})"
                        )
                    # an actor of the workspace: listed without fields, so it is matched and left as it is
                    index[key] = len(actors)
                    actors.append({"name": repo.get_actor(owners[key]).name, "aliases": []})
                ends.append(index[key])
            rels.append(
                {
                    "type": rel.type,
                    "source": ends[0],
                    "target": ends[1],
                    "status": rel.status,
                    "confidence": rel.confidence,
                    "valid_from": rel.valid_from,
                    "valid_to": rel.valid_to,
                    "note": rel.note,
                    "created_at": _utc(rel.created_at),
                }
            )
            for ev in rel.evidence:
                evidence.append(
                    {
                        "relationship": i,
                        "article": article_index[ev.article],
                        "start": ev.start,
                        "end": ev.end,
                        "origin": ev.origin,
                        "created_at": _utc(ev.created_at),
                    }
                )
        repo.merge_interchange(
            actors=actors,
            articles=[
                {
                    "text": a.text,
                    "title": a.title,
                    "source": a.source,
                    "published": a.published,
                    "imported_at": _utc(a.imported_at),
                    "url": a.url,
                }
                for a in data.articles
            ],
            relationships=rels,
            evidence=evidence,
            file_wins=True,
        )
    return {"actors": len(data.actors), "articles": len(data.articles), "relationships": len(data.relationships)}


def import_dict(repo: Repository, data: dict[str, Any]) -> dict[str, int]:
    """Validate a workspace export given as Python data, then merge it (see import_workspace)."""
    try:
        model = WorkspaceFile.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise InvalidInputError(_plain(exc.errors(include_url=False)[0])) from None
    return import_workspace(repo, model)


def import_json(repo: Repository, path: Path | str, *, data: WorkspaceFile | None = None) -> dict[str, int]:
    """Read a workspace export into ``repo``: all of it, or (on any problem) nothing.

    ``data`` is the file already read with :func:`read_json_file` (it is read again otherwise)."""
    data = data if data is not None else read_json_file(path)
    try:
        return import_workspace(repo, data)
    except InterchangeError:
        raise
    except RelmapError as exc:
        raise InterchangeError(f"{path}: {exc}") from exc


def transfer_workspace(source: Repository, target: Repository) -> str:
    """Copy ``source`` into ``target`` (``relmap push`` and ``pull``): an empty target becomes an exact
    copy, row for row; one that holds work already gets the source merged in, as import-json does.
    Returns "copied" or "merged"."""
    if target.is_empty():
        target.load_rows(source.export_rows())
        return "copied"
    import_dict(target, workspace_to_dict(source))
    return "merged"


if __name__ == "__main__":  # python -m desktop.export.workspace_json --schema
    if sys.argv[1:] == ["--schema"]:
        sys.stdout.write(json_schema_text())
    else:
        sys.exit("usage: python -m desktop.export.workspace_json --schema")
