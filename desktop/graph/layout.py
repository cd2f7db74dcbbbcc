"""Fast force-directed layout for relationship maps (pure numpy, no Qt).

Call :func:`force_layout` from a worker thread; it reports partial positions through
``callback`` so the view can animate, and ``should_stop`` cancels it promptly.

Output scale: in a fresh layout the median distance from a node to its nearest other node is
1.0 data unit (each connected component is scaled that way; in components of up to 64 nodes the
median edge length is 1.0, which there is the same thing). So the view can size nodes in data
units consistently: a node diameter of about 0.5 rarely overlaps a neighbour. Edge lengths vary
by graph: about 1-4 in sparse or clustered graphs, 10-30 in small-world graphs whose drawing is
only a few edges across. When ``pos`` is given the result stays in the caller's coordinates.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from desktop.geometry import median_nearest_gap
from desktop.graph import _layout_forces as forces
from desktop.graph import _layout_mesh as _mesh
from desktop.graph import _layout_multilevel as ml
from desktop.graph._sparse import connected_components, sum_duplicates

__all__ = ["force_layout"]

# The UI redraws on each callback; ~20 frames a second animates smoothly without flooding it.
_CALLBACK_INTERVAL = 0.05
# Blank space between packed components, in output units (nearest-neighbour gaps).
_PACK_GAP = 1.0
# Grid cell of the mesh repulsion, in (mean) edge lengths.
_MESH_CELL = 0.4
# Cluster tightening (LinLog steps after FR): starting step size, steps, and the component
# sizes over which it ramps in (see _Layout._tighten_iterations).
_TIGHTEN_T0 = 0.8
_TIGHTEN_ITERATIONS = 18
_TIGHTEN_FROM = 1000
_TIGHTEN_FULL = 4000
# Above _TIGHTEN_FULL, up to _TIGHTEN_EXTRA more steps, reached at _TIGHTEN_GROW times that size.
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
_HUGE_SHARE = 0.7
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
        group = lv.parent[group]
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


def _clean_edges(edges: np.ndarray | None, n: int, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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

    def __init__(self, n: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, pos: np.ndarray, pinned: np.ndarray, *, iterations: int | None, seed: int) -> None:
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
        single = comps[self.comp_size[comps] == 1]
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
            k = np.arange(len(grid_nodes))
            gx = k % cols
            gy = rows - 1 - k // cols
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
        for c in old_comps:
            if rep.stopped:
                break
            self._layout_incremental(int(c), sub_tick(sizes[c]))
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
        x, _ = forces.run(x, ei, ej, w, q, repulsion=forces.pair_repulsion(pi, pj, q, kr), iterations=its, t_start=radius, t_end=0.01, exponent=forces.FR_EXPONENT, tick=self._wrap(nodes, tick))
        self._live = None
        self._store_normalised(nodes, x, lab, ei, ej)

    def _store_normalised(self, nodes: np.ndarray, x: np.ndarray, lab: np.ndarray, ei: np.ndarray, ej: np.ndarray, *, by_neighbour: bool = False) -> None:
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
            fine_to.append(lv.parent[fine_to[-1]])

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
            x, stopped = forces.run(x, lv.ei, lv.ej, lv.w, lv.q, repulsion=rep, iterations=plan[depth], t_start=t0, t_end=0.01, exponent=forces.FR_EXPONENT, tick=phase_tick(mapping, lv.n * plan[depth]))
            done += lv.n * plan[depth]
            if not stopped and depth == 1 and tighten_mid:
                # Coarse nodes carry the summed degree of their members, as in the fine model.
                q_mid = np.bincount(levels[0].parent, np.maximum(self.deg[nodes], 1).astype(np.float64), lv.n)
                x = x / _median_edge(x, lv.ei, lv.ej)
                x, stopped = self._tighten(x, lv.ei, lv.ej, lv.w, nodes, q=q_mid, iterations=tighten_mid, t_start=_TIGHTEN_T0, tick=phase_tick(mapping, mid_n * tighten_mid))
                done += mid_n * tighten_mid
            self._live = None
            if stopped:
                x = x[mapping]
                break
        if not stopped and tighten:
            x = x / _median_edge(x, ei, ej)
            x, _ = self._tighten(x, ei, ej, w, nodes, iterations=tighten, t_start=_TIGHTEN_T0, tick=phase_tick(fine_to[0], k * tighten))
            self._live = None
        self._store_normalised(nodes, x, np.zeros(k, dtype=np.int64) + c, ei, ej, by_neighbour=True)

    def _tighten(self, x: np.ndarray, ei: np.ndarray, ej: np.ndarray, w: np.ndarray, nodes: np.ndarray, *, iterations: int, t_start: float | np.ndarray, movable: np.ndarray | None = None, tick: forces.Tick | None = None, leash: np.ndarray | None = None, q: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
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
        return forces.run(x, ei, ej, w, q, repulsion=rep, iterations=iterations, t_start=t_start, t_end=0.01, exponent=forces.LINLOG_EXPONENT, movable=movable, tick=tick, leash=leash)

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

        None up to ~1,000 actors: such a drawing is readable as FR draws it, and FR keeps
        graph distances truest. Bigger ones turn into a hairball unless communities are
        tightened, so the steps ramp in up to ``_TIGHTEN_ITERATIONS`` at ``_TIGHTEN_FULL``
        actors, then grow slowly: in a bigger drawing groups have further to travel.
        """
        ramp = min(max((k - _TIGHTEN_FROM) / (_TIGHTEN_FULL - _TIGHTEN_FROM), 0.0), 1.0)
        extra = _TIGHTEN_EXTRA * min(max(np.log(k / _TIGHTEN_FULL) / np.log(_TIGHTEN_GROW), 0.0), 1.0)
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
            x, _ = self._tighten(x, ei, ej, w, nodes, iterations=its, t_start=t0, movable=movable, tick=tick, leash=leash)
        else:
            ones = np.ones(len(nodes))
            d = np.hypot(*(x[ej] - x[ei]).T)
            kr = forces.equilibrium_kr(float((w * d**forces.FR_EXPONENT).sum()), ones)
            if len(nodes) <= forces.EXACT_MAX_NODES:
                rep = forces.exact_repulsion(ones, kr)
            else:
                rep = _mesh.MeshRepulsion(ones, kr, cell=_MESH_CELL * _median_edge(x, ei, ej))
            x, _ = forces.run(x, ei, ej, w, ones, repulsion=rep, iterations=its, t_start=t0, t_end=0.005, exponent=forces.FR_EXPONENT, movable=movable, tick=tick, leash=leash)
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
