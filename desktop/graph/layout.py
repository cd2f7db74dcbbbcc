"""Layout of relationship maps (pure numpy, no Qt).

:func:`layout` is the whole map the window draws (the layout worker calls it, and the layout
bench measures it): :func:`force_layout` for each connected component, overlap removal and
compaction (declutter.py), then components packed into the view's shape and unlinked actors
gathered in a tray (_layout_pack.py). Call it from a worker thread; it reports partial
positions through ``callback`` so the view can animate, and ``should_stop`` cancels it
promptly. :func:`pack_map` packs an existing map again without a layout run.

Output scale of :func:`force_layout`: in a fresh layout the median distance from a node to its
nearest other node is 1.0 data unit (each connected component is scaled that way; in
components of up to 64 nodes the median edge length is 1.0, which there is the same thing).
So the view can size nodes in data units consistently: a node diameter of about 0.5 rarely
overlaps a neighbour. Edge lengths vary by graph: about 1-4 in sparse or clustered graphs,
10-30 in small-world graphs whose drawing is only a few edges across. When ``pos`` is given
the result stays in the caller's coordinates.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from desktop.geometry import median_nearest_gap
from desktop.graph import _layout_forces as forces
from desktop.graph import _layout_mesh as _mesh
from desktop.graph import _layout_multilevel as ml
from desktop.graph import _layout_pack as _pack
from desktop.graph._sparse import connected_components, sum_duplicates
from desktop.graph.declutter import compact, declutter

__all__ = [
    "ISOLATED_SHOWN_UP_TO",
    "MapLayout",
    "force_layout",
    "hide_isolated_by_default",
    "isolated_actors",
    "layout",
    "pack_map",
]

# The UI redraws on each callback; ~20 frames a second animates smoothly without flooding it.
_CALLBACK_INTERVAL = 0.05
# Blank space between packed components, in output units (nearest-neighbour gaps).
_PACK_GAP = 1.0
# Grid cell of the mesh repulsion, in (mean) edge lengths.
_MESH_CELL = 0.4
# Cluster tightening (LinLog steps after FR): starting step size, steps, and the component
# sizes over which it ramps in (see _Layout._tighten_iterations).
_TIGHTEN_T0 = 0.8
_TIGHTEN_ITERATIONS = 30
_TIGHTEN_FROM = 200
_TIGHTEN_FULL = 1000
# Above _TIGHTEN_MORE actors, up to _TIGHTEN_EXTRA more steps, reached at _TIGHTEN_GROW times that size.
_TIGHTEN_MORE = 4000
_TIGHTEN_EXTRA = 7
_TIGHTEN_GROW = 5.0
# Modularity of the coarsening groups below which a graph has no communities worth tightening
# (sparse random and scale-free graphs score about 0.5 by chance), and where tightening is full.
_MODULARITY_NONE = 0.5
_MODULARITY_FULL = 0.7
# From this size on, tightening starts on the once-coarsened graph (see _layout_fresh) and the
# finest level runs _TIGHTEN_FINE_SHARE of the steps, LinLog only.
_TIGHTEN_EARLY = 10_000
_TIGHTEN_FINE_SHARE = 0.8
# Above this many actors the finest-level steps are cut to _HUGE_SHARE: at 100,000 the
# finest level costs ~0.1 s a step, and a shared machine must still finish in seconds.
_HUGE = 50_000
_HUGE_SHARE = 0.6
# How far (in median edge lengths) an incremental layout may move an already placed node.
_LEASH = 0.3
# Components up to this size are laid out together in one batch with exact pairwise repulsion.
_SMALL_COMPONENT = 64


def _community_strength(levels: list[ml.Level], k: int) -> float:
    """How clearly the component splits into communities, 0 (not at all) to 1.

    The coarsening groups merge along dense parts, so the best modularity over the hierarchy's
    partitions is a free estimate of community structure. Tightening a graph without
    communities (e.g. scale-free) would only distort its distances.
    """
    fine = levels[0]
    m = float(fine.w.sum())
    if m <= 0 or len(levels) < 2:
        return 0.0
    deg = np.bincount(fine.ei, fine.w, k) + np.bincount(fine.ej, fine.w, k)
    group = np.arange(k)
    best = -1.0
    for lv in levels[:-1]:
        group = lv.to_coarser()[group]
        ng = int(group.max()) + 1
        gi = group[fine.ei]
        inside = gi == group[fine.ej]
        e_in = np.bincount(gi[inside], fine.w[inside], ng)
        d = np.bincount(group, deg, ng)
        best = max(best, float((e_in / m - (d / (2 * m)) ** 2).sum()))
    return min(max((best - _MODULARITY_NONE) / (_MODULARITY_FULL - _MODULARITY_NONE), 0.0), 1.0)


class _Reporter:
    """Throttles callbacks to one per interval and polls should_stop."""

    def __init__(
        self,
        callback: Callable[[np.ndarray, float], None] | None,
        should_stop: Callable[[], bool] | None,
        assemble: Callable[[], np.ndarray],
    ) -> None:
        self._callback = callback
        self._should_stop = should_stop
        self._assemble = assemble
        self._last = time.monotonic()
        self._gap = _CALLBACK_INTERVAL
        self.stopped = False

    def tick(self, progress: float) -> bool:
        """Report progress in [0, 1]; returns True once the caller asked to stop."""
        if self.stopped:
            return True
        if self._should_stop is not None and self._should_stop():
            self.stopped = True
            return True
        if self._callback is not None:
            now = time.monotonic()
            if now - self._last >= self._gap:
                self._callback(self._assemble(), float(min(max(progress, 0.0), 1.0)))
                # Measured after the call so a slow redraw does not trigger back-to-back calls;
                # on huge graphs, where assembling the frame itself takes a while, frames are
                # spaced further so reporting never eats more than ~20% of the run.
                self._last = time.monotonic()
                self._gap = max(_CALLBACK_INTERVAL, 4.0 * (self._last - now))
        return False


def _clean_edges(
    edges: np.ndarray | None, n: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Undirected edge list i < j without self-loops; parallel edges merged, weights summed."""
    e = np.asarray(edges if edges is not None else np.empty((0, 2)), dtype=np.int64).reshape(-1, 2)
    if e.size and (e.min() < 0 or e.max() >= n):
        raise ValueError(f"edge endpoints must lie in [0, {n})")
    w = np.ones(len(e)) if weights is None else np.asarray(weights, dtype=np.float64).reshape(-1)
    if len(w) != len(e):
        raise ValueError(f"expected {len(e)} weights, got {len(w)}")
    if len(w) and not (np.isfinite(w).all() and (w > 0).all()):
        raise ValueError("weights must be finite and positive")
    keep = e[:, 0] != e[:, 1]
    e, w = e[keep], w[keep]
    lo = np.minimum(e[:, 0], e[:, 1])
    hi = np.maximum(e[:, 0], e[:, 1])
    return sum_duplicates(lo, hi, w, n)


def _median_edge(x: np.ndarray, ei: np.ndarray, ej: np.ndarray) -> float:
    """Median edge length, or 1.0 when there is nothing to measure."""
    if len(ei) == 0:
        return 1.0
    d = np.hypot(*(x[ej] - x[ei]).T)
    d = d[np.isfinite(d) & (d > 0)]
    return float(np.median(d)) if len(d) else 1.0


def _shelf_pack(boxes: np.ndarray, gap: float) -> np.ndarray:
    """Offsets placing boxes (k, 2: width, height) in rows of a near-square block.

    Tallest boxes first, each shelf filled left to right until it would pass the target
    width (sqrt of the total area, so the block comes out about square).
    """
    k = len(boxes)
    offsets = np.zeros((k, 2))
    if k == 0:
        return offsets
    area = float(((boxes[:, 0] + gap) * (boxes[:, 1] + gap)).sum())
    target = max(np.sqrt(area) * 1.1, float(boxes[:, 0].max()))
    order = np.lexsort((np.arange(k), -boxes[:, 1]))
    x = y = shelf_h = 0.0
    for i in order:
        bw, bh = boxes[i]
        if x > 0 and x + bw > target:
            y -= shelf_h + gap
            x = shelf_h = 0.0
        offsets[i] = (x, y - bh)
        x += bw + gap
        shelf_h = max(shelf_h, bh)
    return offsets


class _Layout:
    """One call of force_layout: components, phases and the assembled output."""

    def __init__(
        self,
        n: int,
        ei: np.ndarray,
        ej: np.ndarray,
        w: np.ndarray,
        pos: np.ndarray,
        pinned: np.ndarray,
        *,
        iterations: int | None,
        seed: int,
    ) -> None:
        self.n = n
        self.ei, self.ej, self.w = ei, ej, w
        self.rng = np.random.default_rng(seed)
        self.iterations = iterations
        self.has_pos = np.isfinite(pos).all(axis=1)
        self.pinned = pinned & self.has_pos
        # Work in units where existing edges have median length 1, so temperatures and
        # distances below mean the same whatever scale the caller draws at.
        self.scale = _median_edge(pos, ei, ej) if self.has_pos.any() else 1.0
        self.x = np.where(self.has_pos[:, None], pos / self.scale, np.nan)
        self.deg = np.bincount(ei, minlength=n) + np.bincount(ej, minlength=n)
        self.ncomp, self.label = connected_components(n, ei, ej)
        # Fresh components have no positioned node: laid out from scratch and packed.
        positioned = np.bincount(self.label, self.has_pos, self.ncomp) > 0
        self.fresh_comp = ~positioned
        self.fresh_node = self.fresh_comp[self.label]
        self.comp_size = np.bincount(self.label, minlength=self.ncomp)
        # (nodes, positions()) of a component mid-layout, read only when a callback is due.
        self._live: tuple[np.ndarray, Callable[[], np.ndarray]] | None = None

    # ----- assembling the output -------------------------------------------------------------
    def assemble(self) -> np.ndarray:
        """Current positions in caller units; fresh components packed beside existing ones."""
        out = self.x.copy()
        if self._live is not None:
            nodes, current = self._live
            out[nodes] = current()
        if self.fresh_node.any():
            out[self.fresh_node] = self._pack_fresh(out)[self.fresh_node]
        out = np.where(np.isfinite(out), out, 0.0)
        return out * self.scale

    def _pack_fresh(self, x: np.ndarray) -> np.ndarray:
        """Shelf-pack fresh components (isolated nodes as one grid block) beside the rest."""
        x = x.copy()
        comps = np.flatnonzero(self.fresh_comp)
        lab = self.label
        fresh = self.fresh_node
        # Nodes not laid out yet sit at the centre of their component.
        x[fresh & ~np.isfinite(x).all(axis=1)] = 0.0
        multi = comps[self.comp_size[comps] > 1]
        boxes: list[tuple[float, float]] = []
        lo_of: dict[int, np.ndarray] = {}
        if len(multi):
            sel = fresh & (self.comp_size[lab] > 1)
            idx = np.flatnonzero(sel)
            lmin = np.full((self.ncomp, 2), np.inf)
            lmax = np.full((self.ncomp, 2), -np.inf)
            np.minimum.at(lmin, lab[idx], x[idx])
            np.maximum.at(lmax, lab[idx], x[idx])
            for c in multi:
                boxes.append(tuple(lmax[c] - lmin[c]))
                lo_of[int(c)] = lmin[c]
        grid_nodes = np.flatnonzero(fresh & (self.comp_size[lab] == 1))
        if len(grid_nodes):
            cols = int(np.ceil(np.sqrt(len(grid_nodes))))
            rows = int(np.ceil(len(grid_nodes) / cols))
            boxes.append((float(cols - 1), float(rows - 1)))
        offsets = _shelf_pack(np.asarray(boxes, dtype=np.float64).reshape(-1, 2), _PACK_GAP)
        # Place the block right of whatever already has a position, tops aligned.
        if (~fresh).any():
            old = x[~fresh]
            old = old[np.isfinite(old).all(axis=1)]
            base = np.array([old[:, 0].max() + 2 * _PACK_GAP, old[:, 1].max()]) if len(old) else np.zeros(2)
        else:
            base = np.zeros(2)
        if len(multi):
            shift = np.zeros((self.ncomp, 2))
            for k, c in enumerate(multi):
                shift[c] = base + offsets[k] - lo_of[int(c)]
            idx = np.flatnonzero(fresh & (self.comp_size[lab] > 1))
            x[idx] += shift[lab[idx]]
        if len(grid_nodes):
            slot = np.arange(len(grid_nodes))
            gx = slot % cols
            gy = rows - 1 - slot // cols
            x[grid_nodes] = base + offsets[-1] + np.column_stack([gx, gy]).astype(np.float64)
        return x

    # ----- phases ----------------------------------------------------------------------------
    def run(self, reporter_factory: Callable[[Callable[[], np.ndarray]], _Reporter]) -> np.ndarray:
        """Lay out every component; returns caller-unit positions."""
        rep = reporter_factory(self.assemble)
        fresh_multi = np.flatnonzero(self.fresh_comp & (self.comp_size > 1))
        # Components that already have positions are refined only if they gained unplaced
        # actors or are big: after an edit most small components are untouched and settled,
        # and visiting thousands of them one by one would cost seconds for nothing.
        has_new = np.bincount(self.label, ~self.has_pos, self.ncomp) > 0
        old_comps = np.flatnonzero(~self.fresh_comp & (has_new | (self.comp_size > _SMALL_COMPONENT)))
        # Work estimate per component, for an overall progress figure.
        sizes = self.comp_size.astype(np.float64)
        work = {int(c): sizes[c] for c in fresh_multi} | {int(c): sizes[c] for c in old_comps}
        total = max(sum(work.values()), 1.0)
        done = 0.0

        def sub_tick(share: float) -> Callable[[np.ndarray, float], bool]:
            start = done

            def tick(_x: np.ndarray, frac: float) -> bool:
                return rep.tick((start + share * frac) / total)

            return tick

        small = [int(c) for c in fresh_multi if sizes[c] <= _SMALL_COMPONENT]
        big = [int(c) for c in fresh_multi if sizes[c] > _SMALL_COMPONENT]
        # Biggest first: it dominates the picture and the time.
        big.sort(key=lambda c: (-sizes[c], c))
        if small and not rep.stopped:
            share = float(sum(sizes[c] for c in small))
            self._layout_small(np.asarray(small), sub_tick(share))
            done += share
        for c in big:
            if rep.stopped:
                break
            self._layout_fresh(c, sub_tick(sizes[c]))
            done += sizes[c]
        for c in old_comps.tolist():
            if rep.stopped:
                break
            self._layout_incremental(c, sub_tick(sizes[c]))
            done += sizes[c]
        return self.assemble()

    def _component(self, c: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Node ids of component c and its edges renumbered locally."""
        nodes = np.flatnonzero(self.label == c)
        local = np.full(self.n, -1, dtype=np.int64)
        local[nodes] = np.arange(len(nodes))
        sel = self.label[self.ei] == c
        return nodes, local[self.ei[sel]], local[self.ej[sel]], self.w[sel]

    def _layout_small(self, comps: np.ndarray, tick: forces.Tick) -> None:
        """All small fresh components at once; repulsion only acts inside a component."""
        in_small = np.isin(self.label, comps)
        nodes = np.flatnonzero(in_small)
        local = np.full(self.n, -1, dtype=np.int64)
        local[nodes] = np.arange(len(nodes))
        sel = in_small[self.ei]
        ei, ej, w = local[self.ei[sel]], local[self.ej[sel]], self.w[sel]
        lab = self.label[nodes]
        q = np.ones(len(nodes))
        # Every within-component pair, built per component size group to stay vectorised.
        order = np.argsort(lab, kind="stable")
        lab_sorted = lab[order]
        starts = np.searchsorted(lab_sorted, comps)
        pi_list, pj_list = [], []
        sizes = self.comp_size[comps]
        for s in np.unique(sizes):
            group = starts[sizes == s]
            a, b = np.triu_indices(int(s), 1)
            pi_list.append((group[:, None] + a[None, :]).ravel())
            pj_list.append((group[:, None] + b[None, :]).ravel())
        pi = order[np.concatenate(pi_list)]
        pj = order[np.concatenate(pj_list)]
        # Each component gets its own strength so all come out at unit edge length.
        tot_w = np.bincount(lab[ei], w, self.ncomp)
        qs = np.bincount(lab, q, self.ncomp)
        q2 = np.bincount(lab, q * q, self.ncomp)
        pairs = 0.5 * (qs * qs - q2)
        kr_comp = np.where(pairs > 0, tot_w / np.maximum(pairs, 1e-12), 1.0)
        kr = kr_comp[lab[pi]]
        radius = np.sqrt(self.comp_size[lab])
        ang = self.rng.uniform(0, 2 * np.pi, len(nodes))
        rad = radius * np.sqrt(self.rng.uniform(0, 1, len(nodes)))
        x = np.column_stack([rad * np.cos(ang), rad * np.sin(ang)])
        its = self.iterations or 200
        x, _ = forces.run(
            x,
            ei,
            ej,
            w,
            q,
            repulsion=forces.pair_repulsion(pi, pj, q, kr),
            iterations=its,
            t_start=radius,
            t_end=0.01,
            exponent=forces.FR_EXPONENT,
            tick=self._wrap(nodes, tick),
        )
        self._live = None
        self._store_normalised(nodes, x, lab, ei, ej)

    def _store_normalised(
        self,
        nodes: np.ndarray,
        x: np.ndarray,
        lab: np.ndarray,
        ei: np.ndarray,
        ej: np.ndarray,
        *,
        by_neighbour: bool = False,
    ) -> None:
        """Scale each component to the output unit and centre it before storing.

        Small components (``by_neighbour`` False) are scaled to median edge length 1; for them
        that is also the typical gap between nodes. A big component (one per call) is scaled so
        the median distance from a node to its nearest other node is 1: in small-world graphs
        edges are long compared with that gap, and node sizes must follow the gap.
        """
        if by_neighbour and len(x) > 2:
            gap = median_nearest_gap(x)
            if gap is not None:
                x = x / gap
                cx, cy = x.mean(axis=0)
                x = x - np.array([cx, cy])
                self.x[nodes] = x
                return
        d = np.hypot(*(x[ej] - x[ei]).T)
        comps = np.unique(lab)
        med = np.ones(self.ncomp)
        elab = lab[ei]
        order = np.lexsort((d, elab))
        d_sorted, l_sorted = d[order], elab[order]
        lo = np.searchsorted(l_sorted, comps)
        hi = np.searchsorted(l_sorted, comps, side="right")
        for c, a, b in zip(comps, lo, hi):
            if b > a:
                seg = d_sorted[a:b]
                m = len(seg)
                val = 0.5 * (seg[(m - 1) // 2] + seg[m // 2])
                med[c] = val if val > 0 else 1.0
        x = x / med[lab][:, None]
        cnt = np.bincount(lab, minlength=self.ncomp)
        cx = np.bincount(lab, x[:, 0], self.ncomp) / np.maximum(cnt, 1)
        cy = np.bincount(lab, x[:, 1], self.ncomp) / np.maximum(cnt, 1)
        x[:, 0] -= cx[lab]
        x[:, 1] -= cy[lab]
        self.x[nodes] = x

    def _wrap(self, nodes: np.ndarray, tick: forces.Tick) -> forces.Tick:
        """Tick that also publishes the component's current positions for the callback."""

        def inner(x: np.ndarray, frac: float) -> bool:
            self._live = (nodes, lambda: x)
            return tick(x, frac)

        return inner

    def _layout_fresh(self, c: int, tick: forces.Tick) -> None:
        """A component with no positions yet: multilevel FR, then cluster tightening.

        For big clustered components (``_TIGHTEN_EARLY`` actors and more) tightening starts one
        level up, on the once-coarsened graph, and the finest level only runs LinLog: groups
        then travel as whole coarse nodes, which is both cheaper and stronger.
        """
        nodes, ei, ej, w = self._component(c)
        k = len(nodes)
        ones = np.ones(k)
        # One strength for every level: coarse levels approximate the same energy, so their
        # drawing already has the scale the finest level settles at.
        kr = forces.equilibrium_kr(float(w.sum()), ones)
        levels = ml.build_hierarchy(ml.Level(k, ei, ej, w, ones, ones.copy()), self.rng)
        plan = [self._level_iterations(lv.n, depth, len(levels)) for depth, lv in enumerate(levels)]
        tighten = int(round(self._tighten_iterations(k) * _community_strength(levels, k)))
        early = tighten > 0 and k >= _TIGHTEN_EARLY and len(levels) >= 2 and self.iterations is None
        tighten_mid = tighten if early else 0
        if early:
            plan[0] = 0
            tighten = int(round(_TIGHTEN_FINE_SHARE * tighten))
        mid_n = levels[1].n if len(levels) >= 2 else 0
        total = float(sum(lv.n * its for lv, its in zip(levels, plan)) + mid_n * tighten_mid + k * tighten)
        total = max(total, 1.0)
        done = 0.0
        # fine_to[l] maps each fine node to its node at level l, for partial results.
        fine_to = [np.arange(k)]
        for lv in levels[:-1]:
            fine_to.append(lv.to_coarser()[fine_to[-1]])

        def phase_tick(mapping: np.ndarray, share: float) -> forces.Tick:
            start = done

            def inner(xl: np.ndarray, frac: float) -> bool:
                self._live = (nodes, lambda: xl[mapping])
                return tick(xl, (start + share * frac) / total)

            return inner

        top = levels[-1]
        radius = np.sqrt(k)
        x = self.rng.normal(0.0, radius / 2, (top.n, 2))
        stopped = False
        for depth in range(len(levels) - 1, -1, -1):
            lv = levels[depth]
            if depth < len(levels) - 1:
                # Children start on their parent, spread a little so they can separate.
                x = x[lv.parent]
                spread = 0.2 * max(_median_edge(x, lv.ei, lv.ej), 0.2)
                x = x + self.rng.normal(0.0, spread, x.shape)
                t0 = max(1.0, 0.5 * _median_edge(x, lv.ei, lv.ej))
            else:
                t0 = radius / 2
            if lv.n <= forces.EXACT_MAX_NODES:
                rep = forces.exact_repulsion(lv.q, kr)
            else:
                rep = _mesh.MeshRepulsion(lv.q, kr, cell=_MESH_CELL)
            mapping = fine_to[depth]
            x, stopped = forces.run(
                x,
                lv.ei,
                lv.ej,
                lv.w,
                lv.q,
                repulsion=rep,
                iterations=plan[depth],
                t_start=t0,
                t_end=0.01,
                exponent=forces.FR_EXPONENT,
                tick=phase_tick(mapping, lv.n * plan[depth]),
            )
            done += lv.n * plan[depth]
            if not stopped and depth == 1 and tighten_mid:
                # Coarse nodes carry the summed degree of their members, as in the fine model.
                q_mid = np.bincount(levels[0].to_coarser(), np.maximum(self.deg[nodes], 1).astype(np.float64), lv.n)
                x = x / _median_edge(x, lv.ei, lv.ej)
                x, stopped = self._tighten(
                    x,
                    lv.ei,
                    lv.ej,
                    lv.w,
                    nodes,
                    q=q_mid,
                    iterations=tighten_mid,
                    t_start=_TIGHTEN_T0,
                    tick=phase_tick(mapping, mid_n * tighten_mid),
                )
                done += mid_n * tighten_mid
            self._live = None
            if stopped:
                x = x[mapping]
                break
        if not stopped and tighten:
            x = x / _median_edge(x, ei, ej)
            x, _ = self._tighten(
                x, ei, ej, w, nodes, iterations=tighten, t_start=_TIGHTEN_T0, tick=phase_tick(fine_to[0], k * tighten)
            )
            self._live = None
        self._store_normalised(nodes, x, np.zeros(k, dtype=np.int64) + c, ei, ej, by_neighbour=True)

    def _tighten(
        self,
        x: np.ndarray,
        ei: np.ndarray,
        ej: np.ndarray,
        w: np.ndarray,
        nodes: np.ndarray,
        *,
        iterations: int,
        t_start: float | np.ndarray,
        movable: np.ndarray | None = None,
        tick: forces.Tick | None = None,
        leash: np.ndarray | None = None,
        q: np.ndarray | None = None,
    ) -> tuple[np.ndarray, bool]:
        """A few LinLog steps: communities contract into visible groups, the rest stays put.

        ``q`` defaults to the degrees of ``nodes``; returns positions and whether stopped.
        """
        if q is None:
            q = np.maximum(self.deg[nodes].astype(np.float64), 1.0)
        # Strength that balances the drawing at its current scale, so it neither grows nor shrinks.
        d = np.hypot(*(x[ej] - x[ei]).T)
        kr = forces.equilibrium_kr(float((w * d).sum()), q)
        if len(x) <= forces.EXACT_MAX_NODES:
            rep = forces.exact_repulsion(q, kr)
        else:
            rep = _mesh.MeshRepulsion(q, kr, cell=_MESH_CELL * _median_edge(x, ei, ej))
        return forces.run(
            x,
            ei,
            ej,
            w,
            q,
            repulsion=rep,
            iterations=iterations,
            t_start=t_start,
            t_end=0.01,
            exponent=forces.LINLOG_EXPONENT,
            movable=movable,
            tick=tick,
            leash=leash,
        )

    def _uses_linlog(self, k: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray) -> bool:
        """Whether a fresh layout of this component would end with a real LinLog pass."""
        if self._tighten_iterations(k) == 0:
            return False
        ones = np.ones(k)
        # A private generator: this probe must not shift the random stream of the layout.
        levels = ml.build_hierarchy(ml.Level(k, ei, ej, w, ones, ones.copy()), np.random.default_rng(0))
        return _community_strength(levels, k) >= 0.5

    @staticmethod
    def _tighten_iterations(k: int) -> int:
        """LinLog steps after the FR layout, by component size.

        None up to ~200 actors: such a drawing is readable as FR draws it, and FR keeps graph
        distances truest. Bigger ones turn into a hairball unless communities are tightened
        (cluster share at 1,000 actors: .41 as FR draws it, .88 tightened), so the steps ramp
        in up to ``_TIGHTEN_ITERATIONS`` at ``_TIGHTEN_FULL`` actors, then grow slowly past
        ``_TIGHTEN_MORE``: in a bigger drawing groups have further to travel. Only components
        with clear communities are tightened at all (see _community_strength), and the space
        LinLog opens between groups is closed again afterwards (declutter.compact).
        """
        ramp = min(max((k - _TIGHTEN_FROM) / (_TIGHTEN_FULL - _TIGHTEN_FROM), 0.0), 1.0)
        extra = _TIGHTEN_EXTRA * min(max(np.log(k / _TIGHTEN_MORE) / np.log(_TIGHTEN_GROW), 0.0), 1.0)
        steps = _TIGHTEN_ITERATIONS * ramp + extra
        # Huge graphs trade a little finish for time (see _HUGE).
        return int(round(steps * (_HUGE_SHARE if k > _HUGE else 1.0)))

    def _level_iterations(self, n_level: int, depth: int, n_levels: int) -> int:
        """Refinement steps at one level: many where cheap, few where the graph is big.

        Measured on the bench graphs over five seeds: 60 / 25 / 20 steps (coarsest / middle /
        finest) draw as well as 100 / 30 / 30 (stress within seed-to-seed spread) at ~60% of
        the time, because each level starts from its parent's settled drawing.
        """
        if depth == n_levels - 1:
            return 60
        if depth == 0:
            if self.iterations is not None:
                return self.iterations
            return int(round(20 * (_HUGE_SHARE if n_level > _HUGE else 1.0)))
        return 25

    def _layout_incremental(self, c: int, tick: forces.Tick) -> None:
        """A component that already has positions: place new nodes, then settle gently."""
        nodes, ei, ej, w = self._component(c)
        x = self.x[nodes].copy()
        known = np.isfinite(x).all(axis=1)
        new = ~known
        k = len(nodes)
        # Breadth-first waves: each unplaced node goes near the mean of its placed neighbours.
        while (~known).any():
            kf = known.astype(np.float64)
            cnt = np.bincount(ei, kf[ej], k) + np.bincount(ej, kf[ei], k)
            ready = (~known) & (cnt > 0)
            if not ready.any():
                break
            xs = np.where(known[:, None], x, 0.0)
            total = np.column_stack([np.bincount(ei, xs[ej, d], k) + np.bincount(ej, xs[ei, d], k) for d in (0, 1)])
            mean = total[ready] / cnt[ready][:, None]
            ang = self.rng.uniform(0, 2 * np.pi, int(ready.sum()))
            # A jitter of about half an edge keeps new siblings of one actor apart.
            x[ready] = mean + 0.5 * np.column_stack([np.cos(ang), np.sin(ang)])
            known = known | ready
        movable = ~self.pinned[nodes]
        # Old nodes may only drift a fraction of an edge, and never end up further than
        # _LEASH from where they were; new ones get room to settle.
        t0 = np.where(new, 1.0, 0.05)
        leash = np.where(new, np.inf, _LEASH)
        its = self.iterations or 50
        tick = self._wrap(nodes, tick)
        if self._uses_linlog(len(nodes), ei, ej, w):
            # Same model as the last phase of a fresh layout, so a settled drawing stays settled.
            x, _ = self._tighten(
                x, ei, ej, w, nodes, iterations=its, t_start=t0, movable=movable, tick=tick, leash=leash
            )
        else:
            ones = np.ones(len(nodes))
            d = np.hypot(*(x[ej] - x[ei]).T)
            kr = forces.equilibrium_kr(float((w * d**forces.FR_EXPONENT).sum()), ones)
            if len(nodes) <= forces.EXACT_MAX_NODES:
                rep = forces.exact_repulsion(ones, kr)
            else:
                rep = _mesh.MeshRepulsion(ones, kr, cell=_MESH_CELL * _median_edge(x, ei, ej))
            x, _ = forces.run(
                x,
                ei,
                ej,
                w,
                ones,
                repulsion=rep,
                iterations=its,
                t_start=t0,
                t_end=0.005,
                exponent=forces.FR_EXPONENT,
                movable=movable,
                tick=tick,
                leash=leash,
            )
        self._live = None
        self.x[nodes] = x


def force_layout(
    edges: np.ndarray,
    n: int,
    *,
    pos: np.ndarray | None = None,
    pinned: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    iterations: int | None = None,
    seed: int = 0,
    callback: Callable[[np.ndarray, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    """Lay out a graph of ``n`` nodes in 2-D; returns float64 positions of shape (n, 2).

    Args:
        edges: (m, 2) integer node indices; may be empty. Self-loops are ignored and parallel
            edges merged (weights summed).
        n: number of nodes (0 and 1 are fine).
        pos: optional (n, 2) start positions. A NaN row means "no position yet": that node is
            placed near its positioned neighbours. Components where every row is NaN are laid
            out afresh and packed to the right of the positioned drawing. Positioned nodes move
            little (incremental layout: at most 0.3 median edge lengths) and the result keeps
            the caller's scale. Fully positioned components of up to 64 nodes are left as they
            are; bigger ones, and any component with a NaN row, are refined.
        pinned: optional (n,) bool mask of nodes that must not move; their rows are returned
            exactly as given in ``pos`` (a pinned node without a position is not pinned).
        weights: optional (m,) positive edge weights; heavier edges pull harder.
        iterations: refinement steps at the finest level; None picks a size-based default.
        seed: the result is deterministic for a given seed and input.
        callback: ``callback(positions, progress)`` with a fresh (n, 2) array and progress in
            [0, 1], at most once per ~50 ms, for animating; the return value is the final result.
        should_stop: polled every iteration; returning True stops promptly and returns the
            current positions (still finite, components packed).

    Without ``pos``, every component is scaled so the median nearest-neighbour gap is 1.0 (see
    the module docstring), components are shelf-packed side by side into a near-square block
    with unit gaps, and isolated nodes form a unit grid. Partial positions given to
    ``callback`` are at the layout's working scale, which can differ from the final one: fit the
    view to them rather than assuming the final scale.
    """
    n = int(n)
    if n < 0:
        raise ValueError("n must be >= 0")
    ei, ej, w = _clean_edges(edges, n, weights)
    if pos is None:
        start = np.full((n, 2), np.nan)
    else:
        start = np.array(pos, dtype=np.float64).reshape(-1, 2) if n else np.empty((0, 2))
        if start.shape != (n, 2):
            raise ValueError(f"pos must have shape ({n}, 2)")
        start[~np.isfinite(start).all(axis=1)] = np.nan
    pin = np.zeros(n, dtype=bool) if pinned is None else np.asarray(pinned, dtype=bool).reshape(-1)
    if pin.shape != (n,):
        raise ValueError(f"pinned must have shape ({n},)")
    if n == 0:
        return np.empty((0, 2))
    job = _Layout(n, ei, ej, w, start, pin, iterations=iterations, seed=seed)
    out = job.run(lambda assemble: _Reporter(callback, should_stop, assemble))
    # Pinned rows go back bit-for-bit: scaling there and back could change the last digit.
    out[job.pinned] = start[job.pinned]
    return out


# ----- the map pipeline the window runs -------------------------------------------------------
# Actors with no relationship past this many are hidden by default (View toggle) instead of
# filling the canvas: a tray of 30 names is readable, a tray of hundreds is noise.
ISOLATED_SHOWN_UP_TO = 30
# Blank space between packed components, in output units (typical gaps / edge lengths).
_COMPONENT_GAP = 2.5
# Space between the map and its tray, in pixels at the fitted scale.
_TRAY_GAP_PX = 28.0
# A packed block whose shape misses the view's by more is stretched along its short side by
# up to this factor (only ever stretched: nothing gets closer).
_MAX_STRETCH = 1.3
# An already placed actor whose every relationship is longer than this many median lengths
# sits where it sat before it had any (the tray): it is placed afresh beside its neighbours.
_FAR = 8.0
_DEFAULT_VIEW_PX = (1400.0, 900.0)
# pack_map reshapes a map that is one big component by at most this factor a side.
_MAX_RESHAPE = 1.35


@dataclass(frozen=True)
class MapLayout:
    """What :func:`layout` returns: where to draw every actor, and what the view needs to know.

    Attributes:
        positions: (n, 2) float64, finite.
        isolated: (n,) bool, actors without any relationship (in the tray).
        bounds: (x0, y0, x1, y1) box of every actor not in the tray: what "Fit to View" shows
            when the tray is hidden. Has the view's aspect ratio when the map was packed with
            ``show_isolated=False``.
        tray: (x0, y0, x1, y1) box of the tray (symbols and the room for their names), or None
            when there is no isolated actor. With ``show_isolated=True`` the union of bounds
            and tray has the view's aspect ratio.
        px_per_unit: the scale (pixels per data unit) the tray was sized for: at about this
            zoom every tray name fits in its cell.
        view_px: the view size (width, height) the map was packed for.
        packed: True when every component was packed for that view (a fresh map), so
            :func:`pack_map` may pack it again for another view shape.
    """

    positions: np.ndarray
    isolated: np.ndarray
    bounds: np.ndarray
    tray: np.ndarray | None
    px_per_unit: float
    view_px: tuple[float, float] = _DEFAULT_VIEW_PX
    packed: bool = False


def isolated_actors(edges: np.ndarray, n: int) -> np.ndarray:
    """(n,) bool: actors with no relationship (self-loops do not count)."""
    e = np.asarray(edges if edges is not None else np.empty((0, 2)), dtype=np.int64).reshape(-1, 2)
    e = e[e[:, 0] != e[:, 1]]
    deg = np.bincount(e.ravel(), minlength=n)[:n] if len(e) else np.zeros(n, dtype=np.int64)
    return deg == 0


def hide_isolated_by_default(isolated_count: int) -> bool:
    """Whether the View's "show unlinked actors" toggle starts off for this many of them.

    Past ``ISOLATED_SHOWN_UP_TO`` (30) the tray would crowd the map, so it starts hidden.
    """
    return int(isolated_count) > ISOLATED_SHOWN_UP_TO


def _box(x: np.ndarray) -> np.ndarray:
    """(x0, y0, x1, y1) of the finite rows of x; a unit box at the origin when there are none."""
    x = x[np.isfinite(x).all(axis=1)] if len(x) else x
    if len(x) == 0:
        return np.array([0.0, 0.0, 1.0, 1.0])
    lo, hi = x.min(axis=0), x.max(axis=0)
    return np.array([lo[0], lo[1], hi[0], hi[1]])


def _component_boxes(x: np.ndarray, label: np.ndarray, comps: np.ndarray, ncomp: int) -> np.ndarray:
    """(len(comps), 4) boxes of the given components."""
    rows = np.flatnonzero(np.isin(label, comps))
    lo = np.full((ncomp, 2), np.inf)
    hi = np.full((ncomp, 2), -np.inf)
    np.minimum.at(lo, label[rows], x[rows])
    np.maximum.at(hi, label[rows], x[rows])
    return np.hstack([lo[comps], hi[comps]])


def _pack_components(x: np.ndarray, label: np.ndarray, comps: np.ndarray, ncomp: int, *, aspect: float) -> np.ndarray:
    """Move the given components (whole) into one block of about ``aspect``; returns its box.

    The block's lower-left corner lands at the origin; a block whose shape still misses the
    aspect is stretched a little along its short side (see ``_MAX_STRETCH``).
    """
    boxes = _component_boxes(x, label, comps, ncomp)
    size = boxes[:, 2:] - boxes[:, :2]
    corners, block = _pack.pack_boxes(size, aspect=aspect, gap=_COMPONENT_GAP)
    shift = np.zeros((ncomp, 2))
    shift[comps] = corners - boxes[:, :2]
    rows = np.flatnonzero(np.isin(label, comps))
    x[rows] += shift[label[rows]]
    w, h = max(block[0], 1e-9), max(block[1], 1e-9)
    stretch = np.ones(2)
    if w / h < aspect:
        stretch[0] = min(aspect * h / w, _MAX_STRETCH)
    else:
        stretch[1] = min(w / (h * aspect), _MAX_STRETCH)
    x[rows] *= stretch
    return np.array([0.0, 0.0, w * stretch[0], h * stretch[1]])


def _place_tray(
    x: np.ndarray, rows: np.ndarray, plan: _pack.TrayPlan, top_left: np.ndarray, px_per_unit: float
) -> np.ndarray:
    """Put the tray's actors at their planned cells; returns the tray's box in data units."""
    x[rows, 0] = top_left[0] + plan.x / px_per_unit
    x[rows, 1] = top_left[1] - plan.y / px_per_unit
    size = plan.size / px_per_unit
    return np.array([top_left[0], top_left[1] - size[1], top_left[0] + size[0], top_left[1]])


def _tray_order(rows: np.ndarray, names: Sequence[str] | None) -> np.ndarray:
    """Tray rows sorted by name (case-insensitive), so an investigator can scan for one."""
    if names is None or len(rows) == 0:
        return rows
    keys = [names[r].casefold() for r in rows]
    return rows[np.array(sorted(range(len(rows)), key=lambda i: (keys[i], int(rows[i]))), dtype=np.int64)]


def _arrange_fresh(
    x: np.ndarray,
    label: np.ndarray,
    ncomp: int,
    comps: np.ndarray,
    iso: np.ndarray,
    *,
    view: tuple[float, float],
    widths: np.ndarray,
    show_isolated: bool,
) -> tuple[np.ndarray, np.ndarray | None, float]:
    """Pack every component and the tray of isolated actors for a view of ``view`` pixels.

    Returns (bounds, tray box or None, pixels per unit at fit). With the tray shown, the map
    and the tray together take the view's shape: the tray goes along the bottom or down the
    right side, whichever lets the map be drawn larger.
    """
    vw, vh = view
    aspect = vw / vh
    max_px2 = _pack.TRAY_MAX_SHARE * vw * vh
    have_map = len(comps) > 0
    if len(iso) == 0 or not show_isolated:
        bounds = _pack_components(x, label, comps, ncomp, aspect=aspect) if have_map else np.zeros(4)
        ppu = min(vw / max(bounds[2] - bounds[0], 1e-9), vh / max(bounds[3] - bounds[1], 1e-9)) if have_map else 40.0
        tray = None
        if len(iso):
            # Hidden by default: still placed (right of the map, outside its box) so showing
            # them needs no layout run.
            plan = _pack.plan_tray(widths, across_px=vh, down=False, max_px2=max_px2)
            tray = _place_tray(x, iso, plan, np.array([bounds[2] + _TRAY_GAP_PX / ppu, bounds[3]]), ppu)
        return bounds, tray, ppu
    if not have_map:
        plan = _pack.plan_tray(widths, across_px=vw, down=True, max_px2=max_px2)
        ppu = 40.0
        tray = _place_tray(x, iso, plan, np.array([0.0, 0.0]), ppu)
        return tray.copy(), tray, ppu
    best = None
    for down in (True, False):
        plan = _pack.plan_tray(widths, across_px=vw if down else vh, down=down, max_px2=max_px2)
        room = (vw, vh - plan.size[1] - _TRAY_GAP_PX) if down else (vw - plan.size[0] - _TRAY_GAP_PX, vh)
        if min(room) <= 0.2 * min(vw, vh):
            continue
        trial = x.copy()
        bounds = _pack_components(trial, label, comps, ncomp, aspect=room[0] / room[1])
        ppu = min(room[0] / max(bounds[2], 1e-9), room[1] / max(bounds[3], 1e-9))
        if best is None or ppu > best[0]:
            best = (ppu, down, plan, trial, bounds)
    if best is None:  # a tray too big for either side: below, shrunk to its share
        plan = _pack.plan_tray(widths, across_px=vw, down=True, max_px2=max_px2)
        trial = x.copy()
        bounds = _pack_components(trial, label, comps, ncomp, aspect=aspect)
        ppu = min(vw / max(bounds[2], 1e-9), vh / max(bounds[3] + 1e-9, 1e-9))
        best = (ppu, True, plan, trial, bounds)
    ppu, down, plan, trial, bounds = best
    x[:] = trial
    gap = _TRAY_GAP_PX / ppu
    corner = np.array([bounds[0], bounds[1] - gap]) if down else np.array([bounds[2] + gap, bounds[3]])
    tray = _place_tray(x, iso, plan, corner, ppu)
    return bounds, tray, ppu


def _aligned(result: MapLayout, box: np.ndarray) -> MapLayout:
    """``result`` moved and scaled (the same in x and y) so its whole box (map and tray) has
    the centre and the area of ``box``: packing puts a map at the origin at its own scale, but
    a view that was zoomed in on the drawing meanwhile should still look at the same map."""
    whole = (
        result.bounds
        if result.tray is None
        else np.concatenate(
            [np.minimum(result.bounds[:2], result.tray[:2]), np.maximum(result.bounds[2:], result.tray[2:])]
        )
    )
    size_old = np.maximum(box[2:] - box[:2], 1e-12)
    size_new = np.maximum(whole[2:] - whole[:2], 1e-12)
    s = float(np.sqrt(size_old.prod() / size_new.prod()))
    if not np.isfinite(s) or s <= 0:
        return result
    c_old = (box[:2] + box[2:]) / 2
    c_new = (whole[:2] + whole[2:]) / 2

    def move(v: np.ndarray) -> np.ndarray:
        return (v - c_new) * s + c_old

    bounds = np.concatenate([move(result.bounds[:2]), move(result.bounds[2:])])
    tray = None if result.tray is None else np.concatenate([move(result.tray[:2]), move(result.tray[2:])])
    return MapLayout(
        move(result.positions), result.isolated, bounds, tray, result.px_per_unit / s, result.view_px, result.packed
    )


def _far_from_neighbours(x: np.ndarray, ei: np.ndarray, ej: np.ndarray, movable: np.ndarray) -> np.ndarray:
    """Placed, movable actors all of whose relationships are very long (see ``_FAR``)."""
    n = len(x)
    ok = np.isfinite(x).all(axis=1)
    both = ok[ei] & ok[ej]
    if not both.any():
        return np.zeros(n, dtype=bool)
    d = np.hypot(*(x[ej[both]] - x[ei[both]]).T)
    med = float(np.median(d)) if len(d) else 0.0
    if med <= 0:
        return np.zeros(n, dtype=bool)
    short = d <= _FAR * med
    near = np.bincount(ei[both][short], minlength=n) + np.bincount(ej[both][short], minlength=n)
    deg = np.bincount(ei, minlength=n) + np.bincount(ej, minlength=n)
    return ok & movable & (deg > 0) & (near == 0)


def layout(
    edges: np.ndarray,
    n: int,
    *,
    pos: np.ndarray | None = None,
    pinned: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    names: Sequence[str] | None = None,
    name_px: np.ndarray | None = None,
    view_px: tuple[float, float] = _DEFAULT_VIEW_PX,
    show_isolated: bool = True,
    seed: int = 0,
    callback: Callable[[np.ndarray, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> MapLayout:
    """The whole map layout the window draws: forces, overlap removal, packing, the tray.

    1. :func:`force_layout` lays out each connected component on its own (new actors of an
       existing drawing go beside their neighbours; drawn actors move little, pinned ones not
       at all).
    2. :func:`~desktop.graph.declutter.compact` closes the empty space of a clustered drawing
       and moves actors drawn on top of each other apart, so clusters stay clusters and every
       actor can be clicked; in an existing drawing only overlapping actors move, a little.
    3. Fresh components are packed, biggest first, into a block shaped like the view
       (``view_px``, width and height in pixels); actors without relationships go into a tray
       along its bottom or right edge, in columns sorted by name with room for each name
       (``names``, or their measured widths ``name_px`` in pixels). With ``show_isolated``
       False the components alone take the view's shape and the tray sits outside it.

    ``callback(positions, progress)`` animates step 1; ``should_stop`` stops promptly (the
    result then skips steps 2 and 3 for what was not finished). Time and memory grow about
    linearly with actors and relationships. Returns a :class:`MapLayout`.
    """
    n = int(n)
    vw, vh = (float(v) for v in view_px)
    if not (vw > 0 and vh > 0):
        raise ValueError("view_px must be two positive sizes")
    e = np.asarray(edges if edges is not None else np.empty((0, 2)), dtype=np.int64).reshape(-1, 2)
    iso_mask = isolated_actors(e, n) if n else np.zeros(0, dtype=bool)
    widths = _pack.name_widths_px(names, n, name_px)
    if n == 0:
        return MapLayout(np.empty((0, 2)), iso_mask, np.zeros(4), None, 40.0, (vw, vh), True)
    start = np.full((n, 2), np.nan) if pos is None else np.array(pos, dtype=np.float64).reshape(-1, 2)
    if start.shape != (n, 2):
        raise ValueError(f"pos must have shape ({n}, 2)")
    start[~np.isfinite(start).all(axis=1)] = np.nan
    pin = np.zeros(n, dtype=bool) if pinned is None else np.asarray(pinned, dtype=bool).reshape(-1)
    if pin.shape != (n,):
        raise ValueError(f"pinned must have shape ({n},)")
    pin = pin & np.isfinite(start).all(axis=1)
    ei, ej, _ = _clean_edges(e, n, weights)
    # An actor that just got its first relationship still sits in the tray: place it afresh.
    start[_far_from_neighbours(start, ei, ej, ~pin & ~iso_mask)] = np.nan
    placed = np.asarray(np.isfinite(start).all(axis=1))

    last_frame: list[np.ndarray] = []

    def frame(p: np.ndarray, progress: float) -> None:
        if callback is not None:
            last_frame[:] = [p]
            callback(p, 0.9 * progress)

    x = force_layout(
        e,
        n,
        pos=start,
        pinned=pin,
        weights=weights,
        seed=seed,
        callback=frame if callback is not None else None,
        should_stop=should_stop,
    )
    stopped = should_stop is not None and should_stop()
    ncomp, label = connected_components(n, ei, ej)
    comp_size = np.bincount(label, minlength=ncomp)
    comp_placed = np.bincount(label, placed & ~iso_mask, ncomp) > 0
    fresh_comp = ~comp_placed & (comp_size > 1)
    fresh = fresh_comp[label]
    if not stopped:
        # Big fresh components: close up the space between clusters (each on its own, shaped
        # like the view when it dominates the map); the small ones only need decluttering.
        big = np.flatnonzero(fresh_comp & (comp_size > _SMALL_COMPONENT))
        biggest = int(big[np.argmax(comp_size[big])]) if len(big) else -1
        non_iso = max(int((~iso_mask).sum()), 1)
        for c in big:
            rows = np.flatnonzero(label == c)
            shape = vw / vh if c == biggest and comp_size[c] > 0.5 * non_iso else 1.0
            x[rows] = compact(x[rows], aspect=shape, should_stop=should_stop)
        small = np.flatnonzero(fresh & (comp_size[label] <= _SMALL_COMPONENT))
        if len(small) > 1:
            x[small] = declutter(x[small])
        old = np.flatnonzero(~fresh & ~iso_mask)
        if len(old) > 1 and not (should_stop is not None and should_stop()):
            x[old] = declutter(x[old], pinned=pin[old], should_stop=should_stop)
    iso_rows = np.flatnonzero(iso_mask)
    if not comp_placed.any() and not (placed & iso_mask).any():
        # A fresh map: everything is packed for the view.
        comps = np.flatnonzero(fresh_comp)
        tray_rows = _tray_order(iso_rows, names)
        bounds, tray, ppu = _arrange_fresh(
            x, label, ncomp, comps, tray_rows, view=(vw, vh), widths=widths[tray_rows], show_isolated=show_isolated
        )
        result = MapLayout(x, iso_mask, bounds, tray, float(ppu), (vw, vh), True)
        # Where the animation left the map, so a view zoomed in meanwhile still looks at it.
        return _aligned(result, _box(last_frame[0])) if last_frame else result
    return _arrange_incremental(
        x,
        label,
        ncomp,
        fresh_comp,
        iso_mask,
        placed,
        view=(vw, vh),
        widths=widths,
        names=names,
        show_isolated=show_isolated,
    )


def _arrange_incremental(
    x: np.ndarray,
    label: np.ndarray,
    ncomp: int,
    fresh_comp: np.ndarray,
    iso_mask: np.ndarray,
    placed: np.ndarray,
    *,
    view: tuple[float, float],
    widths: np.ndarray,
    names: Sequence[str] | None,
    show_isolated: bool,
) -> MapLayout:
    """Place what is new beside a drawing that stays where it is.

    New components are packed into one block set right of or below the drawing, whichever
    keeps the whole closer to the view's shape; new isolated actors join the tray (under the
    ones already there), or start a tray if there is none.
    """
    vw, vh = view
    aspect = vw / vh
    old = ~iso_mask & ~fresh_comp[label]
    bounds = _box(x[old]) if old.any() else np.zeros(4)
    comps = np.flatnonzero(fresh_comp)
    if len(comps):
        block_rows = np.flatnonzero(fresh_comp[label])
        sub = x.copy()
        block = _pack_components(sub, label, comps, ncomp, aspect=aspect)
        gap = _COMPONENT_GAP * 2
        if old.any():
            right = np.array([bounds[2] + gap, bounds[3] - block[3]])
            below = np.array([bounds[0], bounds[1] - gap - block[3]])

            def shape(corner: np.ndarray) -> float:
                lo = np.minimum(bounds[:2], corner)
                hi = np.maximum(bounds[2:], corner + block[2:])
                a = (hi[0] - lo[0]) / max(hi[1] - lo[1], 1e-9)
                return max(a / aspect, aspect / a)

            corner = right if shape(right) <= shape(below) else below
        else:
            corner = np.zeros(2)
        x[block_rows] = sub[block_rows] + corner
        bounds = _box(x[~iso_mask])
    ppu = min(vw / max(bounds[2] - bounds[0], 1e-9), vh / max(bounds[3] - bounds[1], 1e-9))
    iso_rows = np.flatnonzero(iso_mask)
    tray = None
    if len(iso_rows):
        have = iso_rows[placed[iso_rows]]
        new = _tray_order(iso_rows[~placed[iso_rows]], names)
        max_px2 = _pack.TRAY_MAX_SHARE * vw * vh
        if len(have):
            tray = _box(x[have])
            if len(new):
                plan = _pack.plan_tray(
                    widths[new], across_px=max((tray[2] - tray[0]) * ppu, 200.0), down=True, max_px2=max_px2
                )
                tray_new = _place_tray(x, new, plan, np.array([tray[0], tray[1] - _pack.TRAY_ROW_PX / ppu]), ppu)
                tray = np.concatenate([np.minimum(tray[:2], tray_new[:2]), np.maximum(tray[2:], tray_new[2:])])
            # Room for the names right of the rightmost symbols.
            tray[2] += (float(widths[iso_rows].max()) + _pack.TRAY_SYMBOL_PX) / ppu
        else:
            plan = _pack.plan_tray(widths[new], across_px=vw, down=True, max_px2=max_px2)
            tray = _place_tray(x, new, plan, np.array([bounds[0], bounds[1] - _TRAY_GAP_PX / ppu]), ppu)
    return MapLayout(x, iso_mask, bounds, tray, float(ppu), (vw, vh), False)


def pack_map(
    pos: np.ndarray,
    edges: np.ndarray,
    *,
    pinned: np.ndarray | None = None,
    names: Sequence[str] | None = None,
    name_px: np.ndarray | None = None,
    view_px: tuple[float, float] = _DEFAULT_VIEW_PX,
    show_isolated: bool = True,
) -> MapLayout:
    """Pack an already laid-out map again for another view shape, or with the tray of
    unlinked actors shown or hidden (the View toggle), without running any layout.

    Each component moves whole (nothing inside it changes) and the tray is planned again, as
    :func:`layout` does for a fresh map; cheap enough to call on every toggle or resize (a map
    that is mostly one component is also scaled, x against y, towards the view's shape). When
    an actor with relationships is pinned, components stay where they are (a pinned actor
    never moves) and only the tray is planned again beside them; pinned unlinked actors stay
    put as well.
    """
    x = np.array(pos, dtype=np.float64).reshape(-1, 2)
    n = len(x)
    vw, vh = (float(v) for v in view_px)
    if not (vw > 0 and vh > 0):
        raise ValueError("view_px must be two positive sizes")
    e = np.asarray(edges if edges is not None else np.empty((0, 2)), dtype=np.int64).reshape(-1, 2)
    iso_mask = isolated_actors(e, n) if n else np.zeros(0, dtype=bool)
    widths = _pack.name_widths_px(names, n, name_px)
    pin = np.zeros(n, dtype=bool) if pinned is None else np.asarray(pinned, dtype=bool).reshape(-1)
    if n == 0:
        return MapLayout(x, iso_mask, np.zeros(4), None, 40.0, (vw, vh), True)
    if not np.isfinite(x).all():
        raise ValueError("pack_map needs a position for every actor")
    ei, ej, _ = _clean_edges(e, n, None)
    ncomp, label = connected_components(n, ei, ej)
    comp_size = np.bincount(label, minlength=ncomp)
    tray_rows = _tray_order(np.flatnonzero(iso_mask & ~pin), names)
    if (pin & ~iso_mask).any():
        placed = np.ones(n, dtype=bool)
        placed[tray_rows] = False
        kept = x.copy()
        result = _arrange_incremental(
            x,
            label,
            ncomp,
            np.zeros(ncomp, dtype=bool),
            iso_mask,
            placed,
            view=(vw, vh),
            widths=widths,
            names=names,
            show_isolated=show_isolated,
        )
        result.positions[pin] = kept[pin]
        return result
    comps = np.flatnonzero(comp_size > 1)
    # A map that is mostly one component takes the view's shape from that component: scaled
    # (by at most _MAX_RESHAPE a side) towards it before packing. Pure scaling, no new layout.
    non_iso = max(int((~iso_mask).sum()), 1)
    if len(comps):
        big = int(comps[np.argmax(comp_size[comps])])
        if comp_size[big] > max(_SMALL_COMPONENT, 0.5 * non_iso):
            rows = np.flatnonzero(label == big)
            w, h = np.ptp(x[rows], axis=0)
            if w > 0 and h > 0:
                f = float(np.clip(np.sqrt((vw / vh) / (w / h)), 1 / _MAX_RESHAPE, _MAX_RESHAPE))
                centre = x[rows].mean(axis=0)
                x[rows] = centre + (x[rows] - centre) * np.array([f, 1 / f])
    before = _box(x)
    bounds, tray, ppu = _arrange_fresh(
        x, label, ncomp, comps, tray_rows, view=(vw, vh), widths=widths[tray_rows], show_isolated=show_isolated
    )
    # Repacked where the map was drawn (same centre and size), not at the origin.
    return _aligned(MapLayout(x, iso_mask, bounds, tray, float(ppu), (vw, vh), True), before)
