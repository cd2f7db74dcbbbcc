"""Map images (PNG, SVG, PDF) read back with readers that are not the ones that wrote them."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.export.mapdata import collect_map
from desktop.export.render import RenderOptions, write_pdf, write_png, write_svg
from tests.helpers import seeded_workspace

SEED_NAMES = [
    "Vladimir Putin",
    "Kassym-Jomart Tokayev",
    "Nursultan Nazarbayev",
    "Aidos Ukibay",
    "Karim Masimov",
    "National Security Committee",
    "Russia",
    "Kazakhstan",
]
SVG = "{http://www.w3.org/2000/svg}"


def png_chunks(path: Path) -> dict[bytes, bytes]:
    """The chunks of a PNG file, parsed by hand (CRC checked): an independent reader."""
    raw = path.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, i = {}, 8
    while i < len(raw):
        (length,) = struct.unpack(">I", raw[i : i + 4])
        kind, body = raw[i + 4 : i + 8], raw[i + 8 : i + 8 + length]
        (crc,) = struct.unpack(">I", raw[i + 8 + length : i + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks.setdefault(kind, body)
        i += 12 + length
    return chunks


def png_size_and_dpi(path: Path) -> tuple[int, int, float]:
    chunks = png_chunks(path)
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    ppm_x, ppm_y, unit = struct.unpack(">IIB", chunks[b"pHYs"])
    assert unit == 1 and ppm_x == ppm_y  # pixels per metre, square pixels
    return width, height, ppm_x * 0.0254


def svg_texts(path: Path) -> list[str]:
    root = SafeET.parse(str(path), forbid_dtd=True).getroot()
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")]


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture
def seed_map(tmp_path, qapp):
    repo = seeded_workspace(tmp_path)
    try:
        yield collect_map(repo)
    finally:
        repo.close()


def test_png_has_the_asked_size_and_dpi(seed_map, tmp_path):
    out = write_png(seed_map, tmp_path / "map.png", width_px=1200, height_px=800, dpi=300)
    assert png_size_and_dpi(out)[:2] == (1200, 800)
    assert round(png_size_and_dpi(out)[2]) == 300
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    # white background, and something dark drawn on it (names, lines)
    assert image.pixelColor(2, 2).name() == "#ffffff"
    dark = sum(1 for x in range(0, 1200, 7) for y in range(0, 800, 7) if image.pixelColor(x, y).lightness() < 100)
    assert dark > 50


def test_png_a4_at_600_dpi_and_transparent(seed_map, tmp_path):
    out = write_png(seed_map, tmp_path / "a4.png", dpi=600, options=RenderOptions(background="transparent"))
    width, height, dpi = png_size_and_dpi(out)
    assert (width, height) == (7016, 4961) and round(dpi) == 600  # A4 landscape at 600 DPI
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.hasAlphaChannel() and image.pixelColor(3, 3).alpha() == 0


def test_svg_is_vector_with_names_as_text(seed_map, tmp_path):
    out = write_svg(seed_map, tmp_path / "map.svg", options=RenderOptions(title="Kazakhstan, January 2022"))
    texts = svg_texts(out)
    joined = " ".join(texts)
    for name in SEED_NAMES:
        assert name in joined or all(part in texts for part in name.split()), name
    assert "Kazakhstan, January 2022" in texts
    assert {"Person", "Organisation", "Country", "leader of (→)", "spoke with"} <= set(texts)
    root = SafeET.parse(str(out)).getroot()
    assert root.get("width").endswith("mm") and root.get("viewBox")
    assert not list(root.iter(f"{SVG}image")), "an SVG export must not embed a raster image"
    assert any(el.get("stroke-dasharray") is None for el in root.iter(f"{SVG}path"))


def test_pdf_is_vector_text_with_names_and_legend(seed_map, tmp_path):
    out = write_pdf(seed_map, tmp_path / "map.pdf", options=RenderOptions(title="Map of the seed"))
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595  # A4 landscape in points
    text = " ".join(pdf_text(out).split())
    assert "Map of the seed" in text
    for entry in (
        "Karim Masimov",
        "Aidos Ukibay",
        "Russia",
        "Kazakhstan",
        "Person",
        "Organisation",
        "Country",
        "arrested by",
        "spokesperson of",
        "confirmed",
        "width: number of excerpts",
    ):
        assert entry in text, entry
    assert not reader.pages[0].images, "a vector PDF holds no raster images"


def test_filters_show_only_what_is_visible(tmp_path, qapp):
    repo = seeded_workspace(tmp_path)
    try:
        data = collect_map(repo, types=["leader-of"])
    finally:
        repo.close()
    assert {r.type for r in data.relationships} == {"leader-of"}
    assert {a.name for a in data.actors} == {
        "Vladimir Putin",
        "Russia",
        "Kassym-Jomart Tokayev",
        "Nursultan Nazarbayev",
        "Kazakhstan",
    }
    out = write_svg(data, tmp_path / "leaders.svg")
    texts = svg_texts(out)
    assert "leader of (→)" in texts and "spoke with" not in texts
    assert not any("Masimov" in t for t in texts)


def test_cli_export_images_without_a_display(tmp_path):
    """In a fresh process with no display and no QT_QPA_PLATFORM, export still works (offscreen)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    ws = tmp_path / "w.relmap"
    seeded_workspace(tmp_path, "w.relmap").close()
    for fmt, extra in (("png", ["--dpi", "200", "--width", "1000", "--height", "700"]), ("svg", []), ("pdf", [])):
        out = tmp_path / f"map.{fmt}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "export",
                "-w",
                str(ws),
                "--format",
                fmt,
                "--out",
                str(out),
                "--title",
                "Seed map",
                *extra,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 1000
    assert png_size_and_dpi(tmp_path / "map.png") == pytest.approx((1000, 700, 200), abs=0.01)
    assert "Vladimir Putin" in svg_texts(tmp_path / "map.svg")


def test_cli_saves_the_layout_it_made(tmp_path, capsys, qapp):
    ws = tmp_path / "w.relmap"
    seeded_workspace(tmp_path, "w.relmap").close()
    assert (
        main(
            [
                "export",
                "-w",
                str(ws),
                "-f",
                "png",
                "-o",
                str(tmp_path / "a.png"),
                "--width",
                "400",
                "--height",
                "300",
                "--dpi",
                "72",
            ]
        )
        == 0
    )
    repo = seeded_workspace(tmp_path, "w.relmap")
    try:
        first = {a.name: (a.x, a.y) for a in repo.list_actors()}
    finally:
        repo.close()
    assert all(x is not None and y is not None for x, y in first.values())
    assert main(["export", "-w", str(ws), "-f", "svg", "-o", str(tmp_path / "b.svg")]) == 0
    repo = seeded_workspace(tmp_path, "w.relmap")
    try:
        assert {a.name: (a.x, a.y) for a in repo.list_actors()} == first  # saved positions are used, not redone
    finally:
        repo.close()
    assert "wrote" in capsys.readouterr().out


def test_cli_refuses_bad_options(tmp_path, capsys):
    seeded_workspace(tmp_path, "w.relmap").close()
    code = main(
        ["export", "-w", str(tmp_path / "w.relmap"), "-f", "png", "-o", str(tmp_path / "x.png"), "--dpi", "5000"]
    )
    err = capsys.readouterr().err
    assert code == 1 and "--dpi" in err
    code = main(
        [
            "export",
            "-w",
            str(tmp_path / "w.relmap"),
            "-f",
            "png",
            "-o",
            str(tmp_path / "x.png"),
            "--types",
            "married-to",
        ]
    )
    assert code == 1 and "married-to" in capsys.readouterr().err


def test_current_view_rectangle_keeps_what_is_inside(tmp_path, qapp):
    repo = seeded_workspace(tmp_path)
    try:
        ids = {a.name: a.id for a in repo.list_actors()}
        positions = {actor_id: (10.0, 10.0) for actor_id in ids.values()}
        positions.update(
            {ids["Vladimir Putin"]: (0.0, 0.0), ids["Russia"]: (1.0, 0.5), ids["Kassym-Jomart Tokayev"]: (0.5, 1.0)}
        )
        data = collect_map(repo, positions=positions, view_rect=(-0.5, -0.5, 1.5, 1.5))
    finally:
        repo.close()
    assert {a.name for a in data.actors} == {"Vladimir Putin", "Russia", "Kassym-Jomart Tokayev"}
    assert {(r.type, r.source, r.target) for r in data.relationships} == {
        ("leader-of", "Vladimir Putin", "Russia"),
        ("spoke-with", "Vladimir Putin", "Kassym-Jomart Tokayev"),
    }
    assert [r.number for r in data.relationships] == [1, 2]
    out = write_svg(data, tmp_path / "view.svg")
    assert "Karim Masimov" not in " ".join(svg_texts(out))


def test_a_crowded_map_stays_fast_and_says_which_names_it_left_out(tmp_path, qapp):
    import random
    import time

    from tests.helpers import empty_workspace

    repo = empty_workspace(tmp_path)
    rnd = random.Random(7)
    try:
        with repo.batch():
            ids = [
                repo.create_actor(f"Actor with a long name {i}", rnd.choice(["person", "organisation"])).subject_id
                for i in range(200)
            ]
            for _ in range(400):
                a, b = rnd.sample(ids, 2)
                repo.add_relationship(rnd.choice(["ally-of", "member-of", "opposed-to"]), a, b, status="confirmed")
        # a dense square: far more names than fit
        repo.set_positions({actor_id: (rnd.random(), rnd.random()) for actor_id in ids})
        data = collect_map(repo)
    finally:
        repo.close()
    started = time.monotonic()
    out = write_svg(data, tmp_path / "crowded.svg")
    assert time.monotonic() - started < 30
    texts = svg_texts(out)
    note = [t for t in " ".join(texts).split("·") if "drawn without their names" in t]
    assert note, "the caption says that some names were left out"
    named = [t for t in texts if t.startswith("Actor with")]  # a name may wrap onto two lines
    assert 12 <= len(named) < 200
