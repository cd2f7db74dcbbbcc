"""The report PDF: map page with citation numbers, evidence appendix, laid out inside the page."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import defusedxml.ElementTree as SafeET
import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.export.mapdata import collect_map
from desktop.export.report import write_report
from tests.helpers import empty_workspace, seeded_workspace

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(path) -> list[str]:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
        return [flat(p) for p in out.split("\f") if p.strip()]
    return [flat(p.extract_text()) for p in PdfReader(str(path)).pages]


def test_report_of_the_seed_workspace(tmp_path, capsys, qapp):
    ws, out = tmp_path / "w.relmap", tmp_path / "report.pdf"
    seeded_workspace(tmp_path, "w.relmap").close()
    assert main(["export", "-w", str(ws), "-f", "report", "-o", str(out), "--title", "Kazakhstan, January 2022"]) == 0
    reader = PdfReader(str(out))
    pages = reader.pages
    assert len(pages) >= 2
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (842, 595)
    for page in pages[1:]:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    texts = page_texts(out)
    total = len(texts)
    for i, text in enumerate(texts, start=1):
        assert f"page {i} of {total}" in text
    first = texts[0]
    assert "Kazakhstan, January 2022" in first
    for entry in ("Person", "Organisation", "Country", "leader of", "spoke with", "citation number"):
        assert entry in first, entry
    for number in range(1, 10):  # a badge per relationship on the map
        assert re.search(rf"(^|\s){number}(\s|$)", first), number
    appendix = " ".join(texts[1:])
    repo = seeded_workspace(tmp_path, "w.relmap")
    try:
        data = collect_map(repo)
    finally:
        repo.close()
    for rel in data.relationships:
        arrow = "→" if rel.directed else "—"
        assert f"{rel.number}. {rel.source} — {rel.label} {arrow} {rel.target}" in appendix
        for ev in rel.evidence:
            assert flat(ev.text) in appendix  # every excerpt, whole, across wrapped lines
    assert "Kazakhstan unrest: Putin and Tokayev talk" in appendix and "2022-01-08" in appendix
    assert "Wire report" in appendix
    assert "Sources" in appendix and "cited for 1, 2, 3, 4, 5, 6, 7, 8, 9" in appendix


@needs_poppler
def test_long_text_stays_inside_the_page(tmp_path, qapp):
    """Long names, a long unbroken URL and many excerpts: wrapped, paginated, nothing off the page."""
    repo = empty_workspace(tmp_path)
    try:
        url = "https://example.org/" + "very-long-path-segment-" * 12 + "end"
        body = " ".join(
            f"Sentence {i} says that the Ministry of Infrastructure and Regional Development paid "
            f"the Consolidated Engineering Holding Company of the Northern Territories."
            for i in range(60)
        )
        body += " Source: " + url + "."
        article = repo.add_article(
            body, title="A very long title " * 8, source=url, published=date(2021, 3, 4)
        ).subject_id
        a = repo.create_actor("Ministry of Infrastructure and Regional Development of the Republic", "organisation")
        b = repo.create_actor("Consolidated Engineering Holding Company of the Northern Territories", "organisation")
        rel = repo.add_relationship("member-of", a.subject_id, b.subject_id, status="proposed").subject_id
        for i in range(0, len(body) - 400, 350):
            repo.add_evidence(rel, article, i, i + 340)
        repo.add_evidence(rel, article, body.index("Source:"), len(body))
        data = collect_map(repo)
    finally:
        repo.close()
    out = write_report(data, tmp_path / "long.pdf")
    assert len(PdfReader(str(out)).pages) >= 4
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], check=True, capture_output=True, text=True).stdout
    root = SafeET.fromstring(bbox.replace("<!DOCTYPE", "<!-- ").replace('.dtd">', '.dtd" -->'))
    ns = "{http://www.w3.org/1999/xhtml}"
    checked = 0
    for page in root.iter(f"{ns}page"):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.iter(f"{ns}word"):
            x0, x1 = float(word.get("xMin")), float(word.get("xMax"))
            y0, y1 = float(word.get("yMin")), float(word.get("yMax"))
            assert 10 <= x0 and x1 <= width - 10, (word.text, x0, x1, width)
            assert 10 <= y0 and y1 <= height - 10, (word.text, y0, y1, height)
            checked += 1
    assert checked > 500
    text = flat(" ".join(page_texts(out)))
    assert "very-long-path-segment" in text and "proposed" in text
