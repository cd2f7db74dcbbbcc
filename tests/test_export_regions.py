"""The communities' tinted regions in the image exports, as the screen draws them: PNG pixels in
the screen's colours and alpha, an SVG with the tint under the lines and the regions' names,
the report's map page, only the actors exported, and File > Export… passing on what the map
shows. A synthetic workspace of 260 actors in planted communities (tests/bench/make_workspace)."""

from __future__ import annotations

import subprocess

import defusedxml.ElementTree as SafeET
import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop.export.mapdata import collect_map
from desktop.export.render import RenderOptions, write_png, write_svg
from desktop.export.report import write_report
from desktop.graph.communities import communities
from desktop.graph.regions import PALETTE, REGION_MIN_ACTORS, TINT_ALPHA, ShownRegions, draw_regions
from desktop.graph.scene import scene_from_rows
from desktop.model import open_workspace
from desktop.ui.main_window import MainWindow
from tests.bench.make_workspace import build, disc_positions, save_positions

ACTORS = 260
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """260 actors in planted communities, laid out as one disc per community."""
    path = tmp_path_factory.mktemp("regions") / "planted.relmap"
    build(path, ACTORS, seed=3)
    save_positions(path, disc_positions(ACTORS, 3))
    return path


@pytest.fixture
def repo(workspace, qapp):
    r = open_workspace(workspace)
    yield r
    r.close()


def _shown(repo, *, names: bool = False) -> ShownRegions:  # noqa: ANN001
    """The regions as the window works them out: communities over the whole scene, colours
    from drawing every actor."""
    actor_rows, rel_rows = repo.graph_rows()
    scene = scene_from_rows(actor_rows, rel_rows, repo.list_relation_types())
    labels = communities(scene.edges, scene.n, seed=0)
    pos = np.array([(a.x, a.y) for a in sorted(repo.list_actors(), key=lambda a: a.id)])
    drawn = draw_regions(labels, pos, np.ones(scene.n, dtype=bool), scene.edges, scene.names)
    return ShownRegions(
        dict(zip(scene.actor_ids.tolist(), labels.tolist())), {r.label: r.colour for r in drawn.regions}, names
    )


def _rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(h, stride)[:, : w * 3].reshape(h, w, 3).copy()


def _tinted(plain: np.ndarray, regions: np.ndarray) -> dict[str, int]:
    """Per palette colour, the pixels white in ``plain`` that ``regions`` paints as that colour
    over white, at most at TINT_ALPHA: the hues and strength the screen uses."""
    white = (plain == 255).all(axis=2)
    px = regions[white].astype(float)
    px = px[(px < 255).any(axis=1)]
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for c in PALETTE], dtype=float)
    # the alpha that paints each channel so over white, per palette colour: (pixels, colours, 3)
    # (a colour's channel at 255 says nothing of the alpha, but stays at 255 whatever it is)
    full = np.broadcast_to(rgb[None, :, :] == 255, (len(px), *rgb.shape))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = (255 - px[:, None, :]) / (255 - rgb[None, :, :])
    alpha = np.where(full, np.where(px[:, None, :] >= 253, np.nan, 9.0), alpha)
    spread = np.nanmax(alpha, axis=2) - np.nanmin(alpha, axis=2)
    best = spread.argmin(axis=1)
    strength = np.nanmean(alpha, axis=2)[np.arange(len(px)), best]
    match = (spread[np.arange(len(px)), best] < 0.04) & (strength > 0.03)
    assert (strength[match] <= TINT_ALPHA / 255 + 0.04).all()
    counts = np.bincount(best[match], minlength=len(PALETTE))
    return {c: int(k) for c, k in zip(PALETTE, counts)}


def test_a_png_tints_each_community_in_the_screens_colours(repo, tmp_path):
    shown = _shown(repo)
    data = collect_map(repo, statuses=["proposed", "confirmed"], regions=shown)
    plain = collect_map(repo, statuses=["proposed", "confirmed"])
    assert len(data.actors) >= REGION_MIN_ACTORS
    drawing = data.region_drawing()
    assert len(drawing.regions) >= 5
    # the screen's colour for every region it draws
    assert all(r.colour == shown.colours[r.label] for r in drawing.regions if r.label in shown.colours)
    # without the legend (which gains a line for the regions) both pages place the map alike
    bare = RenderOptions(legend=False)
    write_png(data, tmp_path / "regions.png", width_px=1400, height_px=1000, dpi=150, options=bare)
    write_png(plain, tmp_path / "plain.png", width_px=1400, height_px=1000, dpi=150, options=bare)
    with_regions = _rgb(QImage(str(tmp_path / "regions.png")))
    without = _rgb(QImage(str(tmp_path / "plain.png")))
    assert _tinted(without, without) == dict.fromkeys(PALETTE, 0)  # nothing tinted before
    tinted = _tinted(without, with_regions)
    colours = {r.colour for r in drawing.regions}
    # every region's colour shows on the page's background, and together they cover much of it
    assert all(tinted[c] > 300 for c in colours), tinted
    assert sum(tinted.values()) > 0.15 * (without == 255).all(axis=2).sum()


def test_an_svg_draws_the_tint_under_the_lines_and_names_the_regions(repo, tmp_path):
    data = collect_map(repo, statuses=["proposed", "confirmed"], regions=_shown(repo, names=True))
    write_svg(data, tmp_path / "regions.svg")
    root = SafeET.parse(str(tmp_path / "regions.svg")).getroot()
    order = [el.tag for el in root.iter() if el.tag in (f"{SVG}image", f"{SVG}path")]
    assert order.count(f"{SVG}image") == 1 and order[0] == f"{SVG}image"  # the tint, before any line
    texts = ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]
    biggest = data.region_drawing().regions[0]
    assert biggest.names[0] in texts  # its leader's name, written large
    assert "Regions" in texts and "tinted: a community of closely linked actors" in texts
    # no regions asked for: no tint, no names, no legend entry
    write_svg(collect_map(repo, statuses=["proposed", "confirmed"]), tmp_path / "plain.svg")
    plain = SafeET.parse(str(tmp_path / "plain.svg")).getroot()
    assert not list(plain.iter(f"{SVG}image"))
    assert "Regions" not in ["".join(t.itertext()).strip() for t in plain.iter(f"{SVG}text")]


def test_only_the_exported_actors_make_regions_and_the_report_shows_them(repo, tmp_path):
    shown = _shown(repo)
    two = {a for a, label in shown.communities.items() if label in (0, 1)}
    data = collect_map(repo, statuses=["proposed", "confirmed"], regions=shown, actor_ids=two)
    assert {a.id for a in data.actors} <= two
    assert {r.label for r in data.region_drawing().regions} == {0, 1}
    assert all(
        r.size <= sum(1 for a in data.actors if shown.communities[a.id] == r.label)
        for r in data.region_drawing().regions
    )
    out = write_report(data, tmp_path / "report.pdf")
    listed = subprocess.run(["pdfimages", "-f", "1", "-l", "1", "-list", str(out)], capture_output=True, text=True)
    assert len(listed.stdout.strip().splitlines()) >= 3  # header, rule, the tint
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True).stdout
    assert "tinted: a community of closely linked actors" in text


def test_file_export_draws_the_regions_the_map_shows(workspace, qtbot, tmp_path):
    repo = open_workspace(workspace)
    win = MainWindow(repo)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    qtbot.waitExposed(win)
    try:
        assert win.wait_for_layout(20.0)
        view = win.view
        qtbot.waitUntil(view.regions.ready, timeout=20000)
        # the screen's tint is graph.regions' drawing of what it shows
        session = view.session
        edges = session.scene.edges[session.shown.edges]
        drawn = draw_regions(
            view.regions._labels[1], session.positions, session.shown.nodes, edges, session.scene.names
        )
        screen = view.regions._image.convertToFormat(QImage.Format.Format_RGBA8888)
        h, w = drawn.rgba.shape[:2]
        assert (screen.width(), screen.height()) == (w, h)
        pixels = np.frombuffer(screen.constBits(), dtype=np.uint8).reshape(h, screen.bytesPerLine())[:, : w * 4]
        assert np.array_equal(pixels.reshape(h, w, 4), drawn.rgba)

        win.act_export.trigger()
        dialog = win._export_dialog
        assert dialog is not None and dialog.regions is not None
        assert dict(dialog.regions.colours) == {r.label: r.colour for r in view.regions.regions}
        dialog.set_format("png")
        dialog.page_box.setCurrentIndex(dialog.page_box.findData("custom"))
        dialog.width_spin.setValue(1200)
        dialog.height_spin.setValue(800)
        dialog.proposed_check.setChecked(True)
        dialog.legend_check.setChecked(False)  # both pictures place the map alike
        written = dialog.export_to(tmp_path / "map.png")
        assert dialog.map_data().region_drawing().regions
        dialog.regions = None  # as for a small map: the same picture, untinted
        dialog._data = None
        plain = dialog.export_to(tmp_path / "plain.png")
        tinted = _tinted(_rgb(QImage(str(plain[0]))), _rgb(QImage(str(written[0]))))
        assert sum(tinted.values()) > 10000
        dialog.close()
        QApplication.processEvents()
    finally:
        win.close()
        repo.close()
