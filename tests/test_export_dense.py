"""A dense map on paper shrinks its symbols as the screen does (graph.scene.symbol_scale): at
the screen's full size, pushed apart so none overlap, a few hundred actors became an even grid of
large discs that hid the map's structure and left room for five names."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from desktop.export.mapdata import collect_map
from desktop.export.render import RenderOptions, _MapGeometry, _Units
from desktop.graph.scene import SYMBOL_SCALE_LEAST, symbol_scale
from desktop.model import open_workspace
from tests.bench.make_workspace import build, save_positions
from tests.helpers import seeded_workspace


def test_symbols_shrink_only_when_relationships_are_drawn_shorter_than_the_room_they_need():
    assert symbol_scale(200.0) == 1.0 and symbol_scale(55.0) == 1.0
    assert symbol_scale(27.5) == pytest.approx(0.5)
    assert symbol_scale(1.0) == SYMBOL_SCALE_LEAST and symbol_scale(0.0) == 1.0


def _geometry(data):
    dpi = 150.0
    return _MapGeometry(data, QRectF(0, 0, 1700, 1000), RenderOptions(), _Units(dpi, 1.0))


def test_a_dense_page_draws_small_symbols_and_keeps_its_shape(tmp_path, qapp):
    path = tmp_path / "dense.relmap"
    build(path, 400, seed=3)
    save_positions(path)
    repo = open_workspace(path)
    try:
        geo = _geometry(collect_map(repo, statuses=["proposed", "confirmed"]))
    finally:
        repo.close()
    assert geo.symbol_scale < 0.8
    radii = np.array([pl.radius for pl in geo.placed.values()])
    centres = np.array([[pl.center.x(), pl.center.y()] for pl in geo.placed.values()])
    # the drawing keeps its shape: actors are not spread into an even grid over the page
    spread = centres.std(axis=0).mean()
    assert radii.max() < spread / 10


def test_a_sparse_page_keeps_full_size_symbols(tmp_path, qapp):
    repo = seeded_workspace(tmp_path)
    try:
        geo = _geometry(collect_map(repo))
    finally:
        repo.close()
    assert geo.symbol_scale == 1.0
