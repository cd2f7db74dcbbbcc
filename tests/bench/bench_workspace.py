"""The map an investigator gets from many articles: every annotated article imported into one workspace.

Reads the annotated articles at run time (``<folder>/<name>/article.txt`` and ``gold.json``;
default ``/work/shared/eval``, or the folder given on the command line or in RELMAP_EVAL_DIR) and
never keeps a copy. Skips with a message when there are none.

Two workspaces are built from the same extractions:

* **exact names only** (the baseline): an actor is an existing one only when one of its names is
  already an actor's name or alias (case-insensitive), as a plain importer would do;
* **relmap**: ``ingest_files``, what ``relmap import`` and the GUI run (identity rules, placed
  collectives, merge proposals).

Figures, for both: actors; actors linked to nothing; gold actors that more than one workspace
actor stands for (duplicates); workspace actors that stand for two different gold actors (one
node joining two stories); relationships, and those that touch such a node (a link between two
articles' stories that no article states); merge proposals left for review; and per article, the
core relationships (successor-of, ally-of, arrested-by, spoke-with) its excerpts back in the
shared workspace, scored against its gold.

Which workspace actor stands for which gold actor is read per article: the names and aliases
of the actor, and the text where the workspace says that article names it, compared with that
article's gold names. Gold actors of different articles are one real actor when they share a
name of several words or an acronym (a bare "police" or "president" identifies nobody).

Targets: no duplicate of a gold actor, under 10 % of actors linked to nothing, no relationship
joining two stories.

``python -m tests.bench.bench_workspace [FOLDER]``
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

EVAL_DIR = Path("/work/shared/eval")
MAX_ISOLATED = 0.10
CORE = ("successor-of", "ally-of", "arrested-by", "spoke-with")
SYMMETRIC = {"ally-of", "spoke-with", "opposed-to"}
# Names that identify nobody by themselves.
GENERIC = {
    "president",
    "police",
    "military",
    "army",
    "court",
    "government",
    "prosecutors",
    "minister",
    "prime minister",
    "leader",
    "chairman",
    "ceo",
    "party",
    "ministry",
    "state",
    "security forces",
    "authorities",
    "the country",
    "country",
    "board",
    "the board",
    "company",
    "department",
}


def norm(name: str) -> str:
    """A name compared loosely: case, possessive, a leading article or title, punctuation."""
    s = unicodedata.normalize("NFKC", name or "").casefold().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^(the|former|president|mr\.?|ms\.?|mrs\.?|dr\.?)\s+", "", s)
    return re.sub(r"[^\w]+", " ", s).strip()


@dataclass
class Gold:
    """One annotated article."""

    name: str
    folder: Path
    actors: dict[str, set[str]]  # gold name -> its normalised names that identify it anywhere
    said: dict[str, set[str]]  # gold name -> every normalised name the article uses ("police" too)
    relations: set[tuple[str, str, str]]
    borderline: set[tuple[str, str, str]]
    identity: dict[str, int] = field(default_factory=dict)  # gold name -> real-world actor across articles


def _key(rtype: str, src: str, dst: str) -> tuple[str, str, str]:
    return (rtype, *sorted((src, dst))) if rtype in SYMMETRIC else (rtype, src, dst)  # type: ignore[return-value]


def read_gold(folder: Path) -> Gold:
    data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    actors, said = {}, {}
    for a in data.get("actors", []):
        names = {norm(n) for n in (a["name"], *(a.get("aliases") or []))} - {""}
        actors[a["name"]] = names - GENERIC
        said[a["name"]] = names
    rels = {_key(r["type"], r["source"], r["target"]) for r in data.get("relations", []) if r["type"] in CORE}
    border = {
        _key(r["type"], r["source"], r["target"]) for r in data.get("borderline_relations", []) if r["type"] in CORE
    }
    return Gold(folder.name, folder, actors, said, rels, border)


def link_identities(golds: list[Gold]) -> None:
    """Gold actors of different articles are one real actor when they share their canonical name,
    a name of several words or an acronym (union-find over those keys)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, tuple[str, str]] = {}
    for g in golds:
        data = json.loads((g.folder / "gold.json").read_text(encoding="utf-8"))
        for a in data.get("actors", []):
            node = (g.name, a["name"])
            find(node)
            keys = {norm(a["name"])} | {
                norm(n) for n in a.get("aliases") or [] if len(norm(n).split()) > 1 or (n.isupper() and len(n) >= 2)
            }
            for k in keys - GENERIC - {""}:
                if k in owner:
                    parent[find(node)] = find(owner[k])
                else:
                    owner[k] = node
    roots: dict[tuple[str, str], int] = {}
    for g in golds:
        for name in g.actors:
            g.identity[name] = roots.setdefault(find((g.name, name)), len(roots))


@dataclass
class Figures:
    actors: int = 0
    isolated: list[str] = field(default_factory=list)
    duplicates: list[list[str]] = field(default_factory=list)
    conflated: list[str] = field(default_factory=list)
    relationships: int = 0
    cross_story: list[str] = field(default_factory=list)
    merge_proposals: int = 0
    per_article: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # tp, predicted, gold


def measure(repo, golds: list[Gold], article_of: dict[int, Gold]) -> Figures:  # noqa: ANN001 - a Repository
    """The figures of one workspace against the gold of the articles it holds."""
    actors = repo.list_actors()
    rels = [r for r in repo.list_relationships() if r.status != "rejected"]
    rows = repo.export_rows()
    text_of = {a["id"]: a["text"] for a in rows["article"]}
    names: dict[int, set[str]] = {a.id: {n for n in (norm(x) for x in (a.name, *a.aliases)) if n} for a in actors}
    named_in: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))  # actor -> article -> texts
    for m in rows.get("actor_mention", []):
        if m["actor_id"] in names:
            named_in[m["actor_id"]][m["article_id"]].add(norm(text_of[m["article_id"]][m["start"] : m["end"]]))
    for r in rels:
        for e in r.evidence:
            for aid in (r.source_id, r.target_id):
                named_in[aid][e.article_id]  # noqa: B018 - the actor takes part in that article's story

    kinds = {a.id: a.kind for a in actors}

    def gold_actor(actor_id: int, gold: Gold, article_id: int) -> str | None:
        # its names anywhere, or the words where the workspace says this article names it (there a
        # bare "police" is the article's police)
        own = names[actor_id] - GENERIC
        here = named_in[actor_id].get(article_id, set())
        hits = [g for g in gold.actors if gold.actors[g] & own or gold.said[g] & here]
        if not hits and kinds.get(actor_id) == "person":  # a full name whose surname is a gold alias
            last = {s.split()[-1] for s in own | here if s}
            hits = [g for g, gn in gold.actors.items() if gn & last]
        return hits[0] if len(hits) == 1 else None

    stands_for: dict[int, dict[int, str]] = defaultdict(dict)  # actor -> identity -> one article that says so
    for actor_id, articles in named_in.items():
        for article_id in articles:
            gold = article_of.get(article_id)
            hit = gold_actor(actor_id, gold, article_id) if gold is not None else None
            if hit is not None:
                stands_for[actor_id].setdefault(gold.identity[hit], f"{hit} ({gold.name})")
    by_id = {a.id: a for a in actors}
    out = Figures(actors=len(actors), relationships=len(rels), merge_proposals=len(repo.list_merge_proposals()))
    out.isolated = sorted(a.name for a in actors if a.degree == 0)
    holders: dict[int, list[str]] = defaultdict(list)
    for actor_id, identities in stands_for.items():
        for identity in identities:
            holders[identity].append(by_id[actor_id].name)
        if len(identities) > 1:
            out.conflated.append(f"{by_id[actor_id].name}: " + " | ".join(sorted(identities.values())))
    out.duplicates = sorted(sorted(h) for h in holders.values() if len(h) > 1)
    two_stories = {a for a, ids in stands_for.items() if len(ids) > 1}
    out.cross_story = sorted(
        f"{r.type}({r.source}, {r.target})" for r in rels if r.source_id in two_stories or r.target_id in two_stories
    )
    for gold in golds:
        article_id = next((k for k, g in article_of.items() if g is gold), None)
        predicted = set()
        for r in rels:
            if r.type not in CORE or not any(e.article_id == article_id for e in r.evidence):
                continue
            src = gold_actor(r.source_id, gold, article_id) or f"?{r.source}"
            dst = gold_actor(r.target_id, gold, article_id) or f"?{r.target}"
            predicted.add(_key(r.type, src, dst))
        predicted -= gold.borderline - gold.relations
        out.per_article[gold.name] = (len(predicted & gold.relations), len(predicted), len(gold.relations))
    return out


def exact_names_import(repo, articles, extractions) -> None:  # noqa: ANN001
    """The baseline: an actor is an existing one only by an exact name or alias."""
    from desktop.model import Proposal
    from desktop.model.records import Mention

    for article, extraction in zip(articles, extractions, strict=True):
        with repo.batch():
            added = repo.add_article(
                article.text, title=article.title, source=article.source, published=article.published
            )
            ids = {}
            for a in extraction.actors:
                found = next((f for f in (repo.find_actor(n) for n in (a.name, *a.aliases)) if f is not None), None)
                if found is None:
                    actor_id = repo.create_actor(a.name, a.kind, status="proposed").subject_id
                    for alias in a.aliases:
                        if repo.find_actor(alias) is None:
                            repo.add_alias(actor_id, alias)
                else:
                    actor_id = found.id
                ids[a.name] = actor_id
                if a.mentions:  # where it is named, as relmap records it (the measure reads both alike)
                    start, end = min(a.mentions)
                    repo.add_mentions([Mention(actor_id, added.subject_id, start, end)])
            wanted = [
                Proposal(r.type, ids[r.source], ids[r.target], r.confidence, r.start, r.end)
                for r in extraction.relationships
                if r.source in ids and r.target in ids and ids[r.source] != ids[r.target]
            ]
            repo.add_proposals(added.subject_id, wanted)


def _f1(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path(os.environ.get("RELMAP_EVAL_DIR", EVAL_DIR))
    dirs = (
        sorted(d for d in folder.iterdir() if (d / "article.txt").is_file() and (d / "gold.json").is_file())
        if folder.is_dir()
        else []
    )
    if not dirs:
        print(
            f"skipped: no annotated articles (<name>/article.txt and gold.json) in {folder}; "
            f"give a folder: python -m tests.bench.bench_workspace FOLDER"
        )
        return 0
    from desktop.extract import load_pipeline
    from desktop.extract.engine import extract_many
    from desktop.extract.formats import read_article
    from desktop.extract.ingest import ingest_files
    from desktop.model import open_workspace

    golds = [read_gold(d) for d in dirs]
    link_identities(golds)
    nlp = load_pipeline()
    articles = [read_article(d / "article.txt") for d in dirs]
    extractions = list(extract_many([a.text for a in articles], nlp=nlp))
    with tempfile.TemporaryDirectory(prefix="relmap-bench-ws-") as tmp:
        base_repo = open_workspace(Path(tmp) / "exact.relmap")
        relmap_repo = open_workspace(Path(tmp) / "relmap.relmap")
        try:
            exact_names_import(base_repo, articles, extractions)
            batch = ingest_files(relmap_repo, [d / "article.txt" for d in dirs], nlp=nlp)
            if batch.failed:
                print("import failed:", [o.error for o in batch.outcomes if o.error])
                return 1
            figures = []
            for repo in (base_repo, relmap_repo):
                article_of = {
                    a.id: g
                    for a in repo.list_articles()
                    for g, art in zip(golds, articles, strict=True)
                    if repo.find_article(art.text) == a.id
                }
                figures.append(measure(repo, golds, article_of))
        finally:
            base_repo.close()
            relmap_repo.close()
    base, mine = figures
    print(f"{len(dirs)} annotated articles from {folder}, imported into one new workspace")
    print(f"{'':44} {'exact names only':>17} {'relmap':>10}")

    def row(label: str, a: str, b: str, target: str = "") -> None:
        print(f"{label:44} {a:>17} {b:>10}   {target}")

    def share(f: Figures) -> str:
        return f"{len(f.isolated)} ({len(f.isolated) / max(1, f.actors):.0%})"

    row("actors", str(base.actors), str(mine.actors))
    row("  linked to nothing", share(base), share(mine), f"target < {MAX_ISOLATED:.0%}")
    row("gold actors with more than one actor", str(len(base.duplicates)), str(len(mine.duplicates)), "target 0")
    row("actors standing for two gold actors", str(len(base.conflated)), str(len(mine.conflated)))
    row("relationships", str(base.relationships), str(mine.relationships))
    row("  joining two articles' stories", str(len(base.cross_story)), str(len(mine.cross_story)), "target 0")
    row("merge proposals left for review", str(base.merge_proposals), str(mine.merge_proposals))
    print("\nper article, relmap workspace (core relationships its excerpts back):")
    print(f"  {'article':28} {'tp':>3} {'pred':>4} {'gold':>4}   {'P':>5} {'R':>5} {'F1':>5}")
    tp = pred = gold = 0
    for name, (t, p, g) in mine.per_article.items():
        tp, pred, gold = tp + t, pred + p, gold + g
        pr, rc, f1 = _f1(t, p, g)
        print(f"  {name:28} {t:3d} {p:4d} {g:4d}   {pr:5.2f} {rc:5.2f} {f1:5.2f}")
    pr, rc, f1 = _f1(tp, pred, gold)
    print(f"  {'all':28} {tp:3d} {pred:4d} {gold:4d}   {pr:5.2f} {rc:5.2f} {f1:5.2f}")
    for dup in base.duplicates:
        print("exact names only, duplicate:", " | ".join(dup))
    for dup in mine.duplicates:
        print("duplicate:", " | ".join(dup))
    for c in mine.conflated:
        print("two gold actors:", c)
    for c in mine.cross_story:
        print("joins two stories:", c)
    print("linked to nothing:", ", ".join(mine.isolated))
    ok = not mine.duplicates and not mine.cross_story and len(mine.isolated) < MAX_ISOLATED * max(1, mine.actors)
    missed = [
        what
        for what, bad in (
            ("duplicates", mine.duplicates),
            ("two stories joined", mine.cross_story),
            ("actors linked to nothing", len(mine.isolated) >= MAX_ISOLATED * mine.actors),
        )
        if bad
    ]
    print("targets met" if ok else f"targets missed: {', '.join(missed)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
