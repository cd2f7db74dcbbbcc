"""The lossless JSON form of a whole workspace, and reading it back.

Rows refer to each other by what the investigator sees, not by database ids: actors by name,
articles by content hash, types by key. So an export is stable across workspaces, and
importing into a workspace that already holds some of the same things merges instead of
duplicating. Importing runs as one transaction: a bad file stores nothing.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.model import InvalidInputError, Repository, alias_key
from desktop.model.cleantext import visible_controls
from desktop.model.errors import RelmapError

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
            {"article": hash_of[e["article_id"]], "start": e["start"], "end": e["end"], "text": e["quote"],
             "origin": e["origin"], "created_at": _iso(e["created_at"])})
    types = [{"key": t["key"], "label": t["label"], "inverse_label": t["inverse_label"],
              "directed": bool(t["directed"]), "color": t["color"], "builtin": bool(t["builtin"])}
             for t in rows["relation_type"]]
    actors = sorted(({"name": a["name"], "kind": a["kind"], "aliases": sorted(aliases.get(a["id"], []), key=alias_key),
                      "notes": a["notes"], "x": a["x"], "y": a["y"], "pinned": bool(a["pinned"]),
                      "status": a["status"], "created_at": _iso(a["created_at"])} for a in rows["actor"]),
                    key=lambda a: alias_key(a["name"]))
    articles = sorted(({"content_hash": r["content_hash"], "title": r["title"], "source": r["source"],
                        "published": _iso(r["published"]), "imported_at": _iso(r["imported_at"]), "text": r["text"]}
                       for r in rows["article"]),
                      key=lambda a: (a["published"] or "", a["title"], a["content_hash"]))
    def ends(r: dict) -> tuple[str, str]:
        src, dst = actors_by_id[r["source_id"]]["name"], actors_by_id[r["target_id"]]["name"]
        # symmetric types are stored smaller-id first; ids differ between workspaces, names do not
        if not types_by_id[r["type_id"]]["directed"] and alias_key(dst) < alias_key(src):
            src, dst = dst, src
        return src, dst

    relationships = sorted(({"type": types_by_id[r["type_id"]]["key"], "source": ends(r)[0],
                             "target": ends(r)[1], "status": r["status"],
                             "confidence": r["confidence"], "valid_from": r["valid_from"], "valid_to": r["valid_to"],
                             "note": r["note"], "created_at": _iso(r["created_at"]),
                             "evidence": sorted(evidence.get(r["id"], []),
                                                key=lambda e: (e["article"], e["start"], e["end"]))}
                            for r in rows["relationship"]),
                           key=lambda r: (r["type"], alias_key(r["source"]), alias_key(r["target"])))
    return {"format": FORMAT, "version": FORMAT_VERSION, "relmap": __version__, "relation_types": types,
            "actors": actors, "articles": articles, "relationships": relationships}


def export_json(repo: Repository, out: Path | str) -> Path:
    """Write the workspace to ``out`` (written to a temporary name, then moved into place)."""
    out = Path(out)
    data = workspace_to_dict(repo)
    tmp = out.with_name(f".{out.name}.part")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)
    return out


def _need(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise InvalidInputError(f"{where} has no {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        raise InvalidInputError(f"{where}: {key!r} has the wrong type ({type(value).__name__})")
    return value


def _when(value: str | None, where: str) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInputError(f"{where}: {value!r} is not a date and time") from exc
    # workspaces keep UTC times; SQLite hands them back without a zone
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def read_json_file(path: Path | str) -> dict[str, Any]:
    """Load and check the outline of a workspace export; InterchangeError names what is wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InterchangeError(f"{path}: does not exist") from None
    except OSError as exc:
        raise InterchangeError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise InterchangeError(f"{path}: is empty")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InterchangeError(f"{path}: is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"{path}: is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError(f"{path}: is JSON, but not a Relmap workspace export")
    version = data.get("version")
    if not isinstance(version, int):
        raise InterchangeError(f"{path}: has no format version")
    if version > FORMAT_VERSION:
        raise InterchangeError(f"{path}: was written by a newer Relmap (format version {version}; this version "
                               f"reads up to {FORMAT_VERSION})")
    return data


def import_dict(repo: Repository, data: dict[str, Any]) -> dict[str, int]:
    """Merge an export into ``repo`` in one transaction; returns counts of what was read.

    Actors are matched by name or alias, articles by content hash, relationships by type and
    endpoints; for things that already exist the file's values win, evidence accumulates.
    """
    with repo.batch():
        known_types = {t.key for t in repo.list_relation_types()}
        for i, t in enumerate(data.get("relation_types", [])):
            key = _need(t, "key", str, f"relation type #{i + 1}")
            if key not in known_types:
                repo.add_relation_type(key, t.get("label", key), inverse_label=t.get("inverse_label"),
                                       directed=bool(t.get("directed", True)), color=t.get("color", "#777777"))
                known_types.add(key)
        actor_ids: dict[str, int] = {}
        positions: dict[int, tuple[float, float]] = {}
        pinned: dict[int, bool] = {}
        for i, a in enumerate(_need(data, "actors", list, "the file")):
            where = f"actor #{i + 1}"
            name = _need(a, "name", str, where)
            aliases = _need(a, "aliases", list, where) if "aliases" in a else []
            existing = repo.find_actor(name) or next(filter(None, (repo.find_actor(x) for x in aliases)), None)
            if existing is None:
                actor_id = repo.create_actor(name, a.get("kind", "person"), notes=a.get("notes", ""),
                                             created_at=_when(a.get("created_at"), where),
                                             status=a.get("status", "confirmed")).subject_id
            else:
                actor_id = existing.id
                repo.update_actor(actor_id, kind=a.get("kind"), notes=a.get("notes") or None)
            for alias in aliases:
                owner = repo.find_actor(alias)
                if owner is None:
                    repo.add_alias(actor_id, alias)
            actor_ids[alias_key(name)] = actor_id
            if a.get("x") is not None and a.get("y") is not None:
                positions[actor_id] = (float(a["x"]), float(a["y"]))
            if a.get("pinned"):
                pinned[actor_id] = True
        repo.set_positions(positions, pinned=pinned)
        article_ids: dict[str, int] = {}
        for i, art in enumerate(_need(data, "articles", list, "the file")):
            where = f"article #{i + 1}"
            body = _need(art, "text", str, where)
            published = art.get("published")
            try:
                published = date.fromisoformat(published) if published else None
            except ValueError as exc:
                raise InvalidInputError(f"{where}: {published!r} is not a date") from exc
            article_id = repo.add_article(body, title=art.get("title", ""), source=art.get("source", ""),
                                          published=published,
                                          imported_at=_when(art.get("imported_at"), where)).subject_id
            article_ids[art.get("content_hash") or str(article_id)] = article_id
        for i, rel in enumerate(_need(data, "relationships", list, "the file")):
            where = f"relationship #{i + 1}"
            src = actor_ids.get(alias_key(_need(rel, "source", str, where)))
            dst = actor_ids.get(alias_key(_need(rel, "target", str, where)))
            if src is None or dst is None:
                found = repo.find_actor(rel["source"] if src is None else rel["target"])
                if found is None:
                    raise InvalidInputError(f"{where} names an actor the file does not list")
                src, dst = (found.id, dst) if src is None else (src, found.id)
            rel_id = repo.add_relationship(_need(rel, "type", str, where), src, dst,
                                           status=rel.get("status", "proposed"),
                                           confidence=rel.get("confidence", 1.0), valid_from=rel.get("valid_from"),
                                           valid_to=rel.get("valid_to"), note=rel.get("note", ""),
                                           created_at=_when(rel.get("created_at"), where)).subject_id
            repo.set_status(rel_id, rel.get("status", "proposed"))
            repo.update_relationship(rel_id, confidence=rel.get("confidence", 1.0), valid_from=rel.get("valid_from"),
                                     valid_to=rel.get("valid_to"), note=rel.get("note", ""))
            for j, ev in enumerate(rel.get("evidence", [])):
                ewhere = f"{where}, excerpt #{j + 1}"
                article_id = article_ids.get(_need(ev, "article", str, ewhere))
                if article_id is None:
                    raise InvalidInputError(f"{ewhere} points at an article the file does not contain")
                change = repo.add_evidence(rel_id, article_id, _need(ev, "start", int, ewhere),
                                           _need(ev, "end", int, ewhere), origin=ev.get("origin", "person"),
                                           created_at=_when(ev.get("created_at"), ewhere))
                if "text" in ev and repo.evidence_text(change.subject_id) != visible_controls(str(ev["text"])):
                    raise InvalidInputError(f"{ewhere}: its text does not match the article at {ev['start']}-{ev['end']}")
    return {"actors": len(data["actors"]), "articles": len(data["articles"]),
            "relationships": len(data["relationships"])}


def import_json(repo: Repository, path: Path | str) -> dict[str, int]:
    """Read a workspace export into ``repo``: all of it, or (on any problem) nothing."""
    data = read_json_file(path)
    try:
        return import_dict(repo, data)
    except (InvalidInputError, KeyError, TypeError, ValueError) as exc:
        raise InterchangeError(f"{path}: {exc}") from exc
