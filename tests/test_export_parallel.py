"""Parallel relationships in pictures and the report, drawn by the screen's pair rule
(desktop.graph.parallel.pair_bundles): two or three between one pair curve apart to the sides
the window curves them, more fold into one counted line, and the report still cites each."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import defusedxml.ElementTree as SafeET
import numpy as np
import pytest
from PySide6.QtGui import QColor

from desktop.export.mapdata import MapData, collect_map
from desktop.export.render import FOLDED, RenderOptions, number_ranges, render_image, write_svg
from desktop.export.report import write_report
from desktop.graph.parallel import curve_points, pair_bundles
from desktop.graph.scene import load_scene
from tests.helpers import empty_workspace

SVG = "{http://www.w3.org/2000/svg}"
FIVE = ("ally-of", "arrested-by", "opposed-to", "spoke-with", "successor-of")
TWO = ("leader-of", "spokesperson-of")
ARTICLE = (
    "Alpha Holdings and Bravo Trading signed a supply deal on Monday. "
    "Charlie Novak chairs the board of Delta Union. "
    "Echo Partners was named auditor by Alpha Holdings last spring. "
)


@pytest.fixture
def pairs_repo(tmp_path, qapp):
    """Alpha and Bravo joined five times (one of them each way, one a proposal), Charlie and
    Delta twice, Echo once each way with Alpha; laid out so each pair is a horizontal line."""
    repo = empty_workspace(tmp_path)
    article = repo.add_article(ARTICLE, title="Invented wire", published=date(2024, 1, 2)).subject_id
    # Delta is older than Charlie: the window numbers actors by id, not by name, and a curve's
    # side follows those numbers
    names = ("Alpha Holdings", "Bravo Trading", "Delta Union", "Charlie Novak", "Echo Partners")
    ids = {n.split()[0]: repo.create_actor(n, "organisation").subject_id for n in names}
    repo.set_positions(
        {
            ids["Alpha"]: (0.0, 0.0),
            ids["Bravo"]: (10.0, 0.0),
            ids["Charlie"]: (0.0, 8.0),
            ids["Delta"]: (10.0, 8.0),
            ids["Echo"]: (5.0, 4.0),
        }
    )
    spans = [(0, 64), (65, 112), (113, 175)]
    for type_key in FIVE:
        source, target = ("Bravo", "Alpha") if type_key == "successor-of" else ("Alpha", "Bravo")
        status = "proposed" if type_key == "spoke-with" else "confirmed"
        rel = repo.add_relationship(type_key, ids[source], ids[target], status=status).subject_id
        repo.add_evidence(rel, article, *spans[0])
    for type_key in TWO:
        rel = repo.add_relationship(type_key, ids["Charlie"], ids["Delta"], status="confirmed").subject_id
        repo.add_evidence(rel, article, *spans[1])
    # between "arrested-by" and "opposed-to" in reading order: it must not split the folded five
    rel = repo.add_relationship("member-of", ids["Alpha"], ids["Echo"], status="confirmed").subject_id
    repo.add_evidence(rel, article, *spans[2])
    rel = repo.add_relationship("appointed-by", ids["Echo"], ids["Alpha"], status="confirmed").subject_id
    repo.add_evidence(rel, article, *spans[2])
    try:
        yield repo
    finally:
        repo.close()


def svg_lines(path) -> dict[str, list[tuple[list[tuple[float, float]], dict[str, str]]]]:
    """Stroked, unfilled paths (the map's lines) by stroke colour: their points and style."""
    root = SafeET.parse(str(path)).getroot()
    out: dict[str, list] = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("fill") != "none" or not (g.get("stroke") or "").startswith("#"):
            continue
        for path_el in g.iter(f"{SVG}path"):
            numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", path_el.get("d", ""))]
            points = list(zip(numbers[0::2], numbers[1::2]))
            out.setdefault(g.get("stroke").lower(), []).append((points, dict(g.attrib)))
    return out


def cubic_middle(points: list[tuple[float, float]]) -> np.ndarray:
    """Middle of a one-segment cubic path ``M p0 C c1 c2 p3`` (Qt writes a quadratic as one)."""
    p0, c1, c2, p3 = (np.array(p) for p in points[:4])
    return (p0 + 3 * c1 + 3 * c2 + p3) / 8


def side_of_chord(points: list[tuple[float, float]]) -> float:
    """Signed distance of a line's middle from its chord (0: straight)."""
    p0, p3 = np.array(points[0]), np.array(points[3])
    d = p3 - p0
    m = cubic_middle(points) - p0
    return float((d[0] * m[1] - d[1] * m[0]) / np.hypot(*d))


def color_of(data: MapData, type_key: str) -> str:
    return next(t.color for t in data.types if t.key == type_key).lower()


def test_five_between_one_pair_export_one_counted_line_and_two_export_two_curves(pairs_repo, tmp_path):
    data = collect_map(pairs_repo)
    out = write_svg(data, tmp_path / "map.svg", options=RenderOptions(legend=False))
    lines = svg_lines(out)
    # the five fold into one straight grey line, dashed because one of them is unreviewed
    assert [len(lines.get(color_of(data, t), [])) for t in FIVE] == [0, 0, 0, 0, 0]
    folded = lines[FOLDED.name()]
    assert len(folded) == 1
    points, style = folded[0]
    assert abs(side_of_chord(points)) < 1.0 and style.get("stroke-dasharray")
    texts = ["".join(t.itertext()).strip() for t in SafeET.parse(str(out)).getroot().iter(f"{SVG}text")]
    assert "5" in texts  # its count, as the screen's badge shows it
    # the two between Charlie and Delta: one curve each, bulging to opposite sides
    leader, member = (lines[color_of(data, t)] for t in TWO)
    assert len(leader) == 1 and len(member) == 1
    bulge = [side_of_chord(leader[0][0]), side_of_chord(member[0][0])]
    assert min(abs(b) for b in bulge) > 10 and bulge[0] * bulge[1] < 0
    assert np.hypot(*(cubic_middle(leader[0][0]) - cubic_middle(member[0][0]))) > 20


def test_exported_curves_bend_to_the_sides_the_screen_bends_them(pairs_repo, tmp_path):
    data = collect_map(pairs_repo)
    lines = svg_lines(write_svg(data, tmp_path / "map.svg", options=RenderOptions(legend=False)))
    # the screen: the window's scene through the same pair rule and curves, in layout units (y up)
    scene = load_scene(pairs_repo)
    pos = scene.pos
    lanes = pair_bundles(scene.edges, np.ones(scene.m, dtype=bool), pair_ids=scene.actor_ids).lanes
    middles = curve_points(pos, scene.edges, lanes, bulge=0.5, segments=2)[:, 1]
    screen_y = {scene.types[k]: middles[k, 1] for k in range(scene.m) if scene.types[k] in TWO}
    on_screen_higher = max(TWO, key=lambda t: screen_y[t])
    # the page's y runs down: the curve higher on screen is the one with the smaller y here
    page_y = {t: cubic_middle(lines[color_of(data, t)][0][0])[1] for t in TWO}
    assert min(TWO, key=lambda t: page_y[t]) == on_screen_higher


def test_png_shows_one_line_for_the_folded_pair_and_two_for_the_curved_one(pairs_repo):
    data = collect_map(pairs_repo)
    painted = []
    image = render_image(
        data, width_px=1400, height_px=1000, dpi=150, options=RenderOptions(legend=False), on_painted=painted.append
    )
    at = painted[0].positions
    ids = {a.name.split()[0]: a.id for a in data.actors}

    def strokes_across(a: str, b: str) -> int:
        """Separate runs of ink crossing the column a third of the way from ``a`` to ``b``."""
        p, q = at[ids[a]], at[ids[b]]
        x = round(p.x() + (q.x() - p.x()) / 3)
        y0 = round(p.y())
        inked = [image.pixelColor(x, y).lightness() < 200 for y in range(y0 - 80, y0 + 81)]
        return sum(1 for i in range(1, len(inked)) if inked[i] and not inked[i - 1])

    assert strokes_across("Alpha", "Bravo") == 1
    assert strokes_across("Charlie", "Delta") == 2
    grey = QColor(FOLDED)
    p, q = at[ids["Alpha"]], at[ids["Bravo"]]
    x = round(p.x() + (q.x() - p.x()) / 3)
    darkest = min((image.pixelColor(x, y) for y in range(round(p.y()) - 6, round(p.y()) + 7)), key=QColor.lightness)
    assert abs(darkest.red() - grey.red()) < 40 and abs(darkest.blue() - grey.blue()) < 40


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")
def test_report_cites_every_relationship_of_a_folded_line(pairs_repo, tmp_path):
    data = collect_map(pairs_repo)
    folded = sorted(r.number for r in data.relationships if r.type in FIVE)
    # the five take consecutive numbers even where reading order would put Alpha's
    # member-of Echo among them, so the line's one badge names them all
    assert folded == list(range(folded[0], folded[0] + 5)) and number_ranges(folded) == f"{folded[0]}–{folded[-1]}"
    out = write_report(data, tmp_path / "report.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True, text=True).stdout
    pages = [" ".join(p.split()) for p in text.split("\f") if p.strip()]
    assert f"{folded[0]}–{folded[-1]}" in pages[0]
    assert "between the same two actors" in pages[0]  # the legend says what the range means
    appendix = " ".join(pages[1:])
    for rel in data.relationships:
        arrow = "→" if rel.directed else "—"
        assert f"{rel.number}. {rel.source} — {rel.label} {arrow} {rel.target}" in appendix
    assert appendix.count(" ".join(ARTICLE[:64].split())) == 5  # each folded relationship's excerpt
