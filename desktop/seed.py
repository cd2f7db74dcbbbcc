"""The demo workspace: seeds/ holds an article and its curated actors and relationships.

Every new workspace is filled from it unless asked not to be, so a first-time user opens
Relmap on a real, evidence-backed map instead of an empty window.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from desktop.model import Repository, open_workspace
from desktop.model.errors import RelmapError
from desktop.paths import resource_path

SEED_FORMAT = "relmap-seed/1"


class SeedError(RelmapError):
    """The bundled seed files are inconsistent (a packaging or editing mistake)."""


def seed_file() -> Path:
    return resource_path("seeds", "seed.json")


def load_seed(repo: Repository, path: Path | None = None) -> None:
    """Add the seed article, actors and confirmed relationships to ``repo`` in one transaction.

    Every excerpt is checked against the article: the seed must say exactly which characters
    support each relationship, or loading fails loudly.
    """
    from desktop.extract.reader import read_text_article  # only when seeding: not at every start

    path = path or seed_file()
    try:
        seed = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SeedError(f"{path}: cannot read the seed ({exc})") from exc
    if seed.get("format") != SEED_FORMAT:
        raise SeedError(f"{path}: not a Relmap seed file (format {seed.get('format')!r})")
    meta = seed["article"]
    article = read_text_article(path.parent / meta["file"], title=meta.get("title"), source=meta.get("source"))
    published = date.fromisoformat(meta["published"]) if meta.get("published") else article.published
    with repo.batch():
        article_id = repo.add_article(
            article.text, title=article.title, source=article.source, published=published
        ).subject
        ids: dict[str, int] = {}
        for actor in seed["actors"]:
            ids[actor["name"]] = repo.create_actor(
                actor["name"],
                actor.get("kind", "person"),
                aliases=actor.get("aliases", ()),
                notes=actor.get("notes", ""),
            ).subject
        for rel in seed["relationships"]:
            rel_id = repo.add_relationship(
                rel["type"],
                ids[rel["source"]],
                ids[rel["target"]],
                status=rel.get("status", "confirmed"),
                confidence=rel.get("confidence", 1.0),
                valid_from=rel.get("valid_from"),
                valid_to=rel.get("valid_to"),
                note=rel.get("note", ""),
            ).subject
            for ev in rel["evidence"]:
                if article.text[ev["start"] : ev["end"]] != ev["text"]:
                    raise SeedError(
                        f"{path}: the excerpt for {rel['type']}({rel['source']}, {rel['target']}) "
                        f"at {ev['start']}-{ev['end']} does not match the article text"
                    )
                repo.add_evidence(rel_id, article_id, ev["start"], ev["end"], origin="person")


def open_user_workspace(path: Path | str, *, seed: bool = True, create: bool = True) -> Repository:
    """Open ``path``; a workspace created now is filled from the seed unless ``seed`` is False.
    ``create=False``: a missing or empty workspace is an error instead (see open_workspace)."""
    return open_workspace(path, create=create, fill_new=load_seed if seed else None)
