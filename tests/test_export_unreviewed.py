"""Pictures and reports show what was reviewed: confirmed relationships by default, proposals only on
request and then marked as unreviewed (dashed, said in the legend, UNREVIEWED in the appendix).
User kinds travel with their shape and colour. Articles titled by a dateline are named by their
source or as "Untitled article (date)". Everything invented; real files in tmp_path."""

from __future__ import annotations

import csv
import re
from datetime import date

import defusedxml.ElementTree as SafeET
import networkx as nx
import pytest
from PySide6.QtCore import QSettings

from desktop.cli import main
from desktop.export.exporters import ExportRequest, request_map
from desktop.model import open_workspace
from tests.helpers import seeded_workspace
from tests.test_export_report import page_texts

STORY = (
    "MOSCOW, January 7.\n\nThe envoy of Zoravia met the foreign minister of Quillia for talks on the "
    "border, officials said."
)


@pytest.fixture
def ws(tmp_path):
    """The seed workspace plus one unreviewed proposal from an article whose guessed title was a dateline
    (what an older import stored), and an actor of a kind of the user's own."""
    repo = seeded_workspace(tmp_path, "w.relmap")
    try:
        article = repo.add_article(STORY, title="MOSCOW, January 7.", published=date(2022, 1, 7)).subject_id
        a = repo.create_actor("Envoy of Zoravia").subject_id
        b = repo.create_actor("Quillia Foreign Ministry", "organisation").subject_id
        rel = repo.add_relationship("spoke-with", a, b, status="proposed", confidence=0.7).subject_id
        start = STORY.index("The envoy")
        repo.add_evidence(rel, article, start, start + 60, origin="extractor")
        repo.add_actor_kind("Vessel", shape="star", color="#aa3377")
        vessel = repo.create_actor("MV Example", "vessel").subject_id
        repo.add_relationship("member-of", vessel, b, status="confirmed")
    finally:
        repo.close()
    return tmp_path / "w.relmap"


def _report(ws, out, *extra) -> str:
    assert main(["export", "-w", str(ws), "-f", "report", "-o", str(out), *extra]) == 0
    return " ".join(page_texts(out))


def test_the_report_leaves_proposals_out_unless_asked_and_then_marks_them(ws, tmp_path, qapp):
    text = _report(ws, tmp_path / "default.pdf")
    assert "Envoy of Zoravia" not in text and "UNREVIEWED" not in text
    assert "confirmed only" in text  # the caption says what is shown

    _report(ws, tmp_path / "asked.pdf", "--status", "proposed,confirmed")
    pages = page_texts(tmp_path / "asked.pdf")
    assert "proposed, not reviewed (dashed)" in pages[0]  # the legend on the map page says so
    assert "(unreviewed)" in pages[0]  # ...and so does the key to the numbers
    appendix = " ".join(pages[1:])
    assert re.search(r"\d+\. Envoy of Zoravia — spoke with — Quillia Foreign Ministry \[UNREVIEWED\]", appendix)
    assert "proposed by Relmap from the text, not reviewed" in appendix
    assert "UNREVIEWED · Untitled article (2022-01-07) · characters" in appendix  # the citation is marked
    assert "MOSCOW, January 7." not in appendix  # a dateline is never an article's name
    assert "nobody has reviewed yet" in appendix


def test_a_source_names_an_article_whose_title_is_a_dateline(ws, tmp_path, qapp):
    repo = open_workspace(ws, create=False)
    try:
        article = next(a for a in repo.list_articles() if a.title == "MOSCOW, January 7.")
        repo.update_article(article.id, source="Example Wire", url="https://wire.example.org/envoy")
    finally:
        repo.close()
    appendix = _report(ws, tmp_path / "r.pdf", "--status", "proposed,confirmed")
    assert "UNREVIEWED · Example Wire · 2022-01-07" in appendix
    assert "https://wire.example.org/envoy" in appendix  # the Sources list gives the address


def test_pictures_default_to_confirmed_and_graph_files_keep_proposals(ws, qapp):
    repo = open_workspace(ws, create=False)
    try:
        for fmt in ("png", "svg", "pdf", "report"):
            data = request_map(repo, ExportRequest(format=fmt, out=ws))
            assert data.statuses == ("confirmed",) and not data.unreviewed
        data = request_map(repo, ExportRequest(format="graphml", out=ws))
        assert set(data.statuses) == {"proposed", "confirmed"} and data.unreviewed
        asked = request_map(repo, ExportRequest(format="png", out=ws, statuses=["proposed", "confirmed"]))
        assert asked.unreviewed and "proposed (unreviewed) and confirmed" in asked.caption()
    finally:
        repo.close()


def test_svg_with_proposals_draws_them_dashed_and_says_so(ws, tmp_path, qapp):
    out = tmp_path / "map.svg"
    assert main(["export", "-w", str(ws), "-f", "svg", "-o", str(out), "--status", "proposed,confirmed"]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "proposed, not reviewed (dashed)" in svg
    assert "stroke-dasharray" in svg
    plain = tmp_path / "plain.svg"
    assert main(["export", "-w", str(ws), "-f", "svg", "-o", str(plain)]) == 0
    assert "not reviewed" not in plain.read_text(encoding="utf-8")


def test_user_kinds_travel_in_every_format(ws, tmp_path, qapp):
    graphml = tmp_path / "m.graphml"
    assert main(["export", "-w", str(ws), "-f", "graphml", "-o", str(graphml)]) == 0
    g = nx.read_graphml(graphml)
    vessel = next(d for _n, d in g.nodes(data=True) if d.get("label") == "MV Example")
    assert (vessel["kind"], vessel["kind_label"], vessel["shape"], vessel["color"]) == (
        "vessel",
        "Vessel",
        "star",
        "#aa3377",
    )
    assert 'type="star5"' in graphml.read_text(encoding="utf-8")  # yEd draws it as a star too
    gexf = tmp_path / "m.gexf"
    assert main(["export", "-w", str(ws), "-f", "gexf", "-o", str(gexf)]) == 0
    root = SafeET.parse(gexf).getroot()
    values = {
        v.get("for"): v.get("value")
        for node in root.iter("{http://www.gexf.net/1.2draft}node")
        if node.get("label") == "MV Example"
        for v in node.iter("{http://www.gexf.net/1.2draft}attvalue")
    }
    assert (values["kind"], values["kind_label"], values["shape"], values["color"]) == (
        "vessel",
        "Vessel",
        "star",
        "#aa3377",
    )
    folder = tmp_path / "csv"
    assert main(["export", "-w", str(ws), "-f", "csv", "-o", str(folder)]) == 0
    with (folder / "actors.csv").open(encoding="utf-8-sig") as fh:
        row = next(r for r in csv.DictReader(fh) if r["name"] == "MV Example")
    assert (row["kind"], row["kind_label"], row["shape"], row["color"]) == ("vessel", "Vessel", "star", "#aa3377")
    png = tmp_path / "m.svg"
    assert main(["export", "-w", str(ws), "-f", "svg", "-o", str(png)]) == 0
    assert "Vessel" in png.read_text(encoding="utf-8")  # the legend names the kind


def test_export_dialog_offers_proposals_as_a_checkbox(ws, tmp_path, qtbot):
    from desktop.ui.export_dialog import ExportDialog

    repo = open_workspace(ws, create=False)
    try:
        dlg = ExportDialog(
            repo,
            visible_statuses=["confirmed", "proposed"],
            settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        )
        qtbot.addWidget(dlg)
        dlg.set_format("png")
        assert dlg.proposed_check.isEnabled() and not dlg.proposed_check.isChecked()
        assert {r.status for r in dlg.map_data().relationships} == {"confirmed"}
        dlg._on_refresh()
        assert "left out" in dlg.preview_note.text()
        assert "confirmed only" in dlg.caption_edit.text()
        dlg.proposed_check.click()
        assert "proposed" in {r.status for r in dlg.map_data().relationships}
        dlg._on_refresh()
        assert "unreviewed" in dlg.caption_edit.text() and "unreviewed (dashed)" in dlg.preview_note.text()
        out = tmp_path / "with.graphml"
        dlg.set_format("graphml")
        assert not dlg.proposed_check.isEnabled()  # graph files carry each status as data
        dlg.export_to(out)
        assert nx.read_graphml(out).number_of_edges() == len(
            repo.list_relationships(statuses=["proposed", "confirmed"], with_evidence=False)
        )
    finally:
        repo.close()
