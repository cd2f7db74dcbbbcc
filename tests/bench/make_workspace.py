"""Build a reproducible synthetic workspace for benchmarks and by-eye checks at scale.

    python -m tests.bench.make_workspace --actors 50000 --out /tmp/big.relmap

Actors fall into planted communities of 10-50 members with about 2.1 relationships per actor,
mostly inside a community (like real investigations: clusters of associates with a few
bridges). Every relationship has an excerpt in a generated article that names both actors.
The same --seed gives the same workspace.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from desktop.model import open_workspace

FIRST = [
    "Ana",
    "Boris",
    "Chen",
    "Dana",
    "Elif",
    "Farid",
    "Gita",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemal",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Petra",
    "Quinn",
    "Rosa",
    "Samir",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Yusuf",
    "Zara",
]
LAST = [
    "Abdi",
    "Berg",
    "Costa",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Sato",
    "Tanaka",
    "Uddin",
    "Varga",
    "Weber",
    "Yilmaz",
    "Zhou",
]
ORG_WORDS = ["Holdings", "Trust", "Group", "Ministry", "Bank", "Party", "Foundation", "Agency", "Council", "Logistics"]
TYPES = [
    "spoke-with",
    "ally-of",
    "member-of",
    "appointed-by",
    "opposed-to",
    "successor-of",
    "arrested-by",
    "leader-of",
    "spokesperson-of",
]
VERBS = {
    "spoke-with": "spoke with",
    "ally-of": "is a close ally of",
    "member-of": "is a member of",
    "appointed-by": "was appointed by",
    "opposed-to": "openly opposed",
    "successor-of": "succeeded",
    "arrested-by": "was arrested by",
    "leader-of": "leads",
    "spokesperson-of": "is the spokesperson of",
}


def planted_communities(
    n: int, rng: np.random.Generator, *, edges_per_node: float = 2.1, inside: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """Edges (m, 2) and community labels (n,) of a sparse planted-communities graph."""
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(10, 51)))
    sizes[-1] -= sum(sizes) - n
    labels = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    m = int(round(edges_per_node * n))
    src = rng.integers(0, n, m)
    own = labels[src]
    local = starts[own] + (rng.random(m) * np.asarray(sizes)[own]).astype(np.int64)
    far = rng.integers(0, n, m)
    dst = np.where(rng.random(m) < inside, local, far)
    keep = src != dst
    edges = np.stack([src[keep], dst[keep]], axis=1)
    edges = np.unique(np.sort(edges, axis=1), axis=0)
    return edges, labels


def build(out: Path, actors: int, *, seed: int = 7, per_article: int = 40) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    edges, labels = planted_communities(actors, rng)
    names = []
    kinds = []
    for i in range(actors):
        if i % 7 == 6:
            names.append(f"{LAST[i % len(LAST)]} {ORG_WORDS[(i // 7) % len(ORG_WORDS)]} {i}")
            kinds.append("organisation")
        else:
            names.append(f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}")
            kinds.append("person")
    actor_rows = [{"name": n, "kind": k} for n, k in zip(names, kinds)]
    rel_rows, ev_rows, articles = [], [], []
    types = rng.integers(0, len(TYPES), len(edges))
    statuses = rng.choice(["confirmed", "proposed", "rejected"], len(edges), p=[0.6, 0.35, 0.05])
    day0 = date(2020, 1, 1)
    for start in range(0, len(edges), per_article):
        chunk = range(start, min(start + per_article, len(edges)))
        sentences, spans = [], []
        pos = 0
        for j in chunk:
            a, b = (int(v) for v in edges[j])
            sentence = f"{names[a]} {VERBS[TYPES[types[j]]]} {names[b]}, according to people familiar with the matter."
            spans.append((j, pos, pos + len(sentence)))
            sentences.append(sentence)
            pos += len(sentence) + 1
        text = " ".join(sentences)
        index = len(articles)
        articles.append(
            {
                "title": f"Synthetic report {index + 1}",
                "source": "make_workspace",
                "published": day0 + timedelta(days=index % 1500),
                "text": text,
            }
        )
        for j, s, e in spans:
            ev_rows.append({"relationship": j, "article": index, "start": s, "end": e})
    for j, (a, b) in enumerate(edges):
        rel_rows.append(
            {
                "type": TYPES[types[j]],
                "source": int(a),
                "target": int(b),
                "status": str(statuses[j]),
                "confidence": float(np.round(0.5 + 0.5 * rng.random(), 3)),
            }
        )
    if out.exists():
        raise SystemExit(f"{out}: exists already; choose a new path")
    started = time.perf_counter()
    repo = open_workspace(out)
    repo.bulk_add(actors=actor_rows, articles=articles, relationships=rel_rows, evidence=ev_rows)
    repo.close()
    return {
        "actors": actors,
        "relationships": len(rel_rows),
        "articles": len(articles),
        "seconds": time.perf_counter() - started,
        "communities": int(labels.max()) + 1,
    }


def cached(
    name: str,
    actors: int,
    *,
    seed: int,
    version: int,
    finish: Callable[[Path], None] | None = None,
    quiet: bool = False,
) -> Path:
    """Path of the benches' cached workspace ``{name}-a{actors}-s{seed}-v{version}.relmap`` under
    ``$TMPDIR/relmap-bench/``; built if missing: ``build`` into a temporary name, then
    ``finish(path)`` on it (positions, dates: whatever the bench needs saved), and only then moved
    into place, so an interrupted build never leaves a half-made workspace in the cache. Says
    what it built and how long it took unless ``quiet``."""
    root = Path(tempfile.gettempdir()) / "relmap-bench"
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{name}-a{actors}-s{seed}-v{version}.relmap"
    if path.exists():
        return path
    tmp = root / f".building-{os.getpid()}-{path.name}"
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    figures = build(tmp, actors, seed=seed)
    if finish is not None:
        finish(tmp)
    os.replace(tmp, path)
    if not quiet:
        print(
            f"built {path.name}: {figures['actors']} actors, {figures['relationships']} relationships "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    return path


def disc_positions(actors: int, seed: int) -> np.ndarray:
    """A cheap stand-in for a settled layout: the builder's own communities (same ``seed``) as
    small discs on a grid."""
    _edges, labels = planted_communities(actors, np.random.default_rng(seed))
    rng = np.random.default_rng(seed + 1)
    side = int(np.ceil(np.sqrt(labels.max() + 1)))
    centre = np.stack([labels % side, labels // side], axis=1) * 12.0
    angle = rng.uniform(0, 2 * np.pi, actors)
    radius = 4.0 * np.sqrt(rng.uniform(0, 1, actors))
    return centre + np.stack([np.cos(angle), np.sin(angle)], axis=1) * radius[:, None]


def save_positions(
    path: Path, positions: np.ndarray | None = None, *, view_px: tuple[float, float] = (1100.0, 800.0)
) -> None:
    """Store a position for every actor of the workspace at ``path``, in actor-id order: the
    given ``positions``, or else the layout the window's worker would compute for a fresh map
    (``desktop.graph.layout.layout``, seed 0, for a view of ``view_px``)."""
    from desktop.graph.layout import layout
    from desktop.graph.scene import scene_from_rows

    repo = open_workspace(path)
    try:
        actor_rows, rel_rows = repo.graph_rows()
        if positions is None:
            scene = scene_from_rows(actor_rows, rel_rows, repo.list_relation_types())
            ids = [int(a) for a in scene.actor_ids]
            positions = layout(scene.edges, scene.n, seed=0, names=scene.names, view_px=view_px).positions
        else:
            ids = [int(a) for a, *_ in actor_rows]
        repo.set_positions({a: (float(x), float(y)) for a, (x, y) in zip(ids, positions)})
    finally:
        repo.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    figures = build(args.out, args.actors, seed=args.seed)
    print(
        f"{args.out}: {figures['actors']} actors in {figures['communities']} communities, "
        f"{figures['relationships']} relationships, {figures['articles']} articles ({figures['seconds']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
