"""Communities drawn on a big map as labelled regions (desktop.ui.map_regions), on a real
graph view offscreen: found once, outlined round what is drawn, their leaders' names written
large while the actors' own names give way, and nothing on small maps."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from desktop.graph.scene import SceneFilter, scene_from_rows
from desktop.graph.session import MapSession
from desktop.model.records import RelationTypeRecord
from desktop.ui.graph_view import GraphView
from desktop.ui.map_labels import LABEL_LOD_ACTORS
from desktop.ui.map_regions import NAMES_COVER, REGION_MIN_ACTORS

TYPES = [
    RelationTypeRecord(
        id=1, key="ally-of", label="ally of", inverse_label="ally of", directed=False, color="#3366aa", builtin=True
    ),
    RelationTypeRecord(
        id=2,
        key="member-of",
        label="member of",
        inverse_label="has member",
        directed=True,
        color="#aa6633",
        builtin=True,
    ),
]


def _groups(groups: int, size: int, *, seed: int = 3):
    """``groups`` communities of ``size`` actors, each round a hub ("Hub k", the most
    connected) with a second and third in command, laid out as discs far apart; a few
    relationships between communities."""
    rng = np.random.default_rng(seed)
    actors, rels = [], []
    side = int(np.ceil(np.sqrt(groups)))
    for g in range(groups):
        base = g * size
        centre = np.array([g % side, g // side], dtype=float) * 30.0
        for i in range(size):
            angle, radius = rng.uniform(0, 2 * np.pi), 8.0 * np.sqrt(rng.uniform(0, 1)) if i else 0.0
            x, y = centre + radius * np.array([np.cos(angle), np.sin(angle)])
            name = {0: f"Hub {g}", 1: f"Second {g}", 2: f"Third {g}"}.get(i, f"Member {g}-{i}")
            actors.append((base + i + 1, name, "person", float(x), float(y), False))
        for i in range(1, size):
            # everyone knows the hub or its deputies, and a couple of others in the group
            lead = 0 if i % 3 else (1 if i % 2 else 2)
            if lead != i:
                rels.append((base + lead, base + i))
            for j in rng.choice(size, 2, replace=False):
                if j != i:
                    rels.append((base + i, base + int(j)))
        rels.append((base, base + 1))
        rels.append((base, base + 2))
    for g in range(groups):  # a thin thread between neighbouring communities
        rels.append((g * size + 5, ((g + 1) % groups) * size + 6))
    pairs = sorted({(min(a, b) + 1, max(a, b) + 1) for a, b in rels if a != b})
    rows = [
        (k + 1, "ally-of" if k % 2 else "member-of", a, b, "confirmed", 0.9, 1, None, None)
        for k, (a, b) in enumerate(pairs)
    ]
    return scene_from_rows(actors, rows, TYPES)


@pytest.fixture
def view():
    app = QApplication.instance() or QApplication([])
    v = GraphView()
    v.resize(1200, 800)
    v.show()
    app.processEvents()
    yield v
    v.close()
    v.deleteLater()
    app.processEvents()


def _show(view: GraphView, scene) -> MapSession:  # noqa: ANN001
    session = MapSession()
    session.show(scene)
    view.show_session(session)
    view.fit()
    return session


def _paint(view: GraphView) -> None:
    for _ in range(2):
        QApplication.processEvents()
        view.grab()


def test_a_big_map_reads_as_labelled_regions_until_zoomed_in(view, qtbot):
    scene = _groups(6, 200)
    session = _show(view, scene)
    assert scene.n > LABEL_LOD_ACTORS
    qtbot.waitUntil(view.regions.ready, timeout=20000)
    regions = view.regions.regions
    assert len(regions) == 6
    # each region is one planted community, named by its hub first and its deputies after
    assert sorted((r.names[0], set(r.names[1:])) for r in regions) == [
        (f"Hub {g}", {f"Second {g}", f"Third {g}"}) for g in range(6)
    ]
    _paint(view)
    assert view.visible_label_count() == 0  # too many actors in view to name each
    named = view.regions.named
    assert sorted(r.names[0] for r, _box in named) == [f"Hub {g}" for g in range(6)]
    boxes = [box for _r, box in named]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    room = view.regions.tint_rect().intersected(view.vb.boundingRect())
    assert sum(b.width() * b.height() for b in boxes) <= NAMES_COVER * room.width() * room.height()
    legend = view.legend.geometry()
    assert view.legend.isVisible()
    for box in boxes:  # never under the legend (the view box fills the view here)
        assert not box.intersects(QRectF(legend))
    land = view.regions.territory
    for region, _box in named:
        # the names sit in their own region's territory, which is where its hub is
        hub = scene.names.index(region.names[0])
        assert land.label_at(*region.anchor) == region.label
        assert land.label_at(*session.positions[hub]) == region.label
    # neighbouring regions are told apart by colour
    assert len({r.colour for r in regions}) >= 3
    assert view.regions.tint_rect() is not None
    # zoomed in on one hub, the actors' own names come back and the big names give way
    x, y = session.positions[0]
    view.set_view_range((x - 9, y - 6, 18, 12))
    _paint(view)
    assert view.visible_label_count() > 0 and view.regions.named == []
    assert view.regions.regions  # the tint stays: where am I


def test_regions_follow_what_is_drawn_and_leave_small_maps_alone(view, qtbot):
    scene = _groups(6, 200)
    session = _show(view, scene)
    qtbot.waitUntil(view.regions.ready, timeout=20000)
    # one type hidden: the same communities (found over every relationship), outlined afresh
    session.set_filter(SceneFilter(types=frozenset({"ally-of"})))
    view.on_visibility_changed()
    qtbot.waitUntil(view.regions.ready, timeout=5000)
    assert len(view.regions.regions) == 6
    # too few actors left drawn: no regions
    session.set_filter(SceneFilter(types=frozenset({"ally-of"}), focus_actor=int(scene.actor_ids[0]), depth=1))
    view.on_visibility_changed()
    assert int(session.shown.nodes.sum()) < REGION_MIN_ACTORS
    _paint(view)
    assert view.regions.regions == [] and view.regions.named == []


def test_a_small_map_has_no_regions(view):
    small = _groups(3, 60)
    _show(view, small)
    _paint(view)
    assert small.n < REGION_MIN_ACTORS and view.regions.regions == [] and view.regions.named == []
    QApplication.processEvents()
    assert not view.regions._worker.pending and not view.regions._find.isActive()  # nor looks for any
