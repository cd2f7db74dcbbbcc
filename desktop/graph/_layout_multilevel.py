"""Multilevel coarsening for the fresh layout of one connected component (private).

Nodes are merged pairwise along edges (a matching that prefers edges between light nodes,
so groups stay balanced) until the graph is small; the small graph is laid out cheaply with
exact forces, then each finer level starts from its coarse parent's position and only needs a
short refinement. Merging along edges follows the graph's dense parts, so communities are
formed early and stay together: this is what lets a handful of fine iterations reach a
layout that plain force iteration needs thousands of steps for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.graph._sparse import sum_duplicates

# Stop coarsening at this many nodes: the coarsest graph is laid out with exact forces.
COARSEST = 80
# A level that shrinks the graph less than this is not worth its refinement cost.
MIN_SHRINK = 0.9


@dataclass
class Level:
    """One graph in the hierarchy; ``parent`` maps its nodes to the next coarser level."""

    n: int
    ei: np.ndarray
    ej: np.ndarray
    w: np.ndarray
    q: np.ndarray
    size: np.ndarray
    parent: np.ndarray | None = None

    def to_coarser(self) -> np.ndarray:
        """``parent`` of a level that has a coarser one (every level but the last)."""
        if self.parent is None:
            raise ValueError("the coarsest level has no parent")
        return self.parent


def _best_neighbour(n: int, src: np.ndarray, dst: np.ndarray, score: np.ndarray) -> np.ndarray:
    """For each node, the dst of its highest-score outgoing arc (-1 if none)."""
    best = np.full(n, -1, dtype=np.int64)
    if len(src) == 0:
        return best
    order = np.lexsort((score, src))
    s_sorted = src[order]
    last = np.flatnonzero(np.r_[s_sorted[1:] != s_sorted[:-1], True])
    best[s_sorted[last]] = dst[order[last]]
    return best


def coarsen(level: Level, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Group labels (n,) for the next coarser level and their count."""
    n = level.n
    src = np.concatenate([level.ei, level.ej])
    dst = np.concatenate([level.ej, level.ei])
    w2 = np.concatenate([level.w, level.w])
    # Heavy edges between light groups first; a random per-node key breaks ties without bias.
    noise = rng.random(n)
    score = w2 / (level.size[src] * level.size[dst]) * (1.0 + 1e-6 * (noise[src] + noise[dst]))
    group = np.full(n, -1, dtype=np.int64)
    ng = 0
    for _ in range(4):
        free = group < 0
        arc = free[src] & free[dst]
        if not arc.any():
            break
        best = _best_neighbour(n, src[arc], dst[arc], score[arc])
        cand = np.flatnonzero(best >= 0)
        mutual = cand[(best[best[cand]] == cand) & (cand < best[cand])]
        if len(mutual) == 0:
            break
        ids = ng + np.arange(len(mutual))
        group[mutual] = ids
        group[best[mutual]] = ids
        ng += len(mutual)
    # Left-over nodes (e.g. the many leaves of a hub) join their best matched neighbour's
    # group, else stay alone; without this, star-like parts barely shrink.
    free = group < 0
    arc = free[src] & ~free[dst]
    best = _best_neighbour(n, src[arc], dst[arc], score[arc])
    joins = np.flatnonzero(free & (best >= 0))
    group[joins] = group[best[joins]]
    alone = np.flatnonzero(group < 0)
    group[alone] = ng + np.arange(len(alone))
    ng += len(alone)
    return group, ng


def contract(level: Level, group: np.ndarray, ng: int) -> Level:
    """The coarse level: merged nodes, summed masses, merged edges with summed weights."""
    gi = group[level.ei]
    gj = group[level.ej]
    keep = gi != gj
    lo = np.minimum(gi[keep], gj[keep])
    hi = np.maximum(gi[keep], gj[keep])
    ei, ej, w = sum_duplicates(lo, hi, level.w[keep], ng)
    return Level(
        n=ng,
        ei=ei,
        ej=ej,
        w=w,
        q=np.bincount(group, level.q, ng),
        size=np.bincount(group, level.size, ng),
    )


def build_hierarchy(fine: Level, rng: np.random.Generator) -> list[Level]:
    """Levels from finest (index 0) to coarsest."""
    levels = [fine]
    while levels[-1].n > COARSEST:
        cur = levels[-1]
        group, ng = coarsen(cur, rng)
        if ng > MIN_SHRINK * cur.n:
            break
        cur.parent = group
        levels.append(contract(cur, group, ng))
    return levels
