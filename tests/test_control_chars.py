"""Control characters from outside: made visible on every import, one for one, so offsets stay
honest; exports stay valid XML and read back; the terminal never gets them raw."""

from __future__ import annotations

import json
import sqlite3

import defusedxml.ElementTree as SafeET
import pytest

from desktop.cli import main
from desktop.extract.formats import article_from_text, read_article
from desktop.model import open_workspace
from desktop.model.cleantext import has_controls, visible_controls
from tests.helpers import empty_workspace

ESC = "\x1b[31m"  # "switch the terminal to red"
RLO = "\u202e"  # right-to-left override: shows "Smith" reversed after it
FILLER = "Nothing happened in the harbour that week, the port office said. " * 140  # past the first 8 KB


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_visible_controls_is_one_for_one():
    text = f"a\x00b{ESC}c{RLO}d\te\nf\x7f\x85\ud800\uffff"
    shown = visible_controls(text)
    assert len(shown) == len(text) and not has_controls(shown)
    assert shown == "a␀b␛[31mc�d\te\nf␡���"
    assert visible_controls("plain text, unchanged\n") == "plain text, unchanged\n"


def test_every_article_format_makes_controls_visible(tmp_path, qapp):  # noqa: ARG001 - the PDF needs Qt
    body = f"Mara Olsen{ESC} met Teo{RLO}Smith\x00 in the capital on Monday, officials said."
    files = {
        "a.txt": f"Harbour news\n\n{FILLER}\n\n{body}\n".encode(),
        "a.md": f"# Harbour {ESC}news\n\n{FILLER}\n\n{body}\n".encode(),
        "a.html": (
            f"<html><head><title>Harbour{RLO} news</title></head><body><article><p>{FILLER}</p>"
            f"<p>{body}</p></article></body></html>"
        ).encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        art = read_article(tmp_path / name, source=f"Wire{ESC}")
        assert not has_controls(art.text) and not has_controls(art.title) and not has_controls(art.source), name
        assert "Mara Olsen␛[31m met Teo�Smith␀ in the capital" in art.text, name
    pasted = article_from_text(body, title=f"Pasted{ESC}")
    assert pasted.text == visible_controls(body) and pasted.title == "Pasted␛[31m"

    from PySide6.QtGui import QPainter, QPdfWriter

    pdf = tmp_path / "a.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setTitle(f"Harbour{ESC} news{RLO}")
    painter = QPainter(writer)
    painter.drawText(200, 400, "Mara Olsen met Teo Smith in the capital on Monday.")
    painter.end()
    del writer
    art = read_article(pdf)
    assert art.title == "Harbour␛[31m news�" and not has_controls(art.text)


def test_offsets_stay_honest_from_extract_to_the_stored_evidence(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(
        f"Harbour news\n\n{FILLER}\x00{ESC}\n\nMara Olsen met Teo Smith in the capital on Monday, officials said.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "extract", path, "--json")
    assert code == 0, err
    proposed = json.loads(out)["relations"]
    assert proposed
    ws = tmp_path / "w.relmap"
    code, _, err = run(capsys, "import", path, "-w", ws, "--no-seed")
    assert code == 0, err
    code, out, _ = run(capsys, "list", "relationships", "-w", ws, "--json")
    stored = json.loads(out)
    repo = open_workspace(ws)
    text = repo.get_article(repo.list_articles()[0].id).text
    repo.close()
    assert "␀␛[31m" in text and not has_controls(text)
    want = {(p["evidence"]["start"], p["evidence"]["end"], p["evidence"]["text"]) for p in proposed}
    have = {(e["start"], e["end"], e["text"]) for r in stored for e in r["evidence"]}
    assert want == have
    assert all(text[s:e] == quote for s, e, quote in have)


def test_json_and_graph_imports_make_controls_visible(tmp_path, capsys):
    body = f"Mara Olsen met Teo Smith\x00 in the capital.{ESC} The talks went on."
    start = body.index("Mara")
    end = body.index("capital.") + len("capital.")
    export = {
        "format": "relmap-workspace",
        "version": 1,
        "actors": [
            {"name": f"Mara{ESC} Olsen", "kind": "person", "aliases": [f"M.{RLO}O."], "notes": "a\x07b"},
            {"name": "Teo Smith", "kind": "person", "aliases": []},
        ],
        "articles": [{"content_hash": "h1", "title": f"Talks{RLO}", "source": "Wire\x1b", "text": body}],
        "relationships": [
            {
                "type": "spoke-with",
                "source": f"Mara{ESC} Olsen",
                "target": "Teo Smith",
                "status": "confirmed",
                "note": "n\x00",
                "evidence": [{"article": "h1", "start": start, "end": end, "text": body[start:end]}],
            }
        ],
    }
    src = tmp_path / "in.json"
    src.write_text(json.dumps(export), encoding="utf-8")
    ws = tmp_path / "j.relmap"
    code, _, err = run(capsys, "import", src, "-w", ws)  # a workspace export makes a new workspace
    assert code == 0, err
    csv_dir = tmp_path / "tables"
    csv_dir.mkdir()
    (csv_dir / "relationships.csv").write_text(
        f"source,target,type\nAda{RLO} Kern,Bo\x1bLund,spoke with\n", encoding="utf-8"
    )
    graphml = tmp_path / "g.graphml"
    graphml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="l" for="node" attr.name="label" attr.type="string"/><graph edgedefault="directed">'
        f'<node id="n1"><data key="l">Cai{RLO} Berg</data></node><node id="n2"><data key="l">Dov\x85 Amir</data></node>'
        '<edge source="n1" target="n2"/></graph></graphml>',
        encoding="utf-8",
    )
    for graph in (csv_dir, graphml):
        code, _, err = run(capsys, "import-graph", graph, "-w", ws)
        assert code == 0, err
    repo = open_workspace(ws)
    try:
        names = {a.name: a for a in repo.list_actors()}
        assert {"Mara␛[31m Olsen", "Teo Smith", "Ada� Kern", "Bo␛Lund", "Cai� Berg", "Dov� Amir"} <= set(names)
        assert names["Mara␛[31m Olsen"].aliases == ("M.�O.",) and names["Mara␛[31m Olsen"].notes == "a␇b"
        article = repo.get_article(repo.list_articles()[0].id)
        assert (article.title, article.source) == ("Talks�", "Wire␛")
        rel = repo.list_relationships(types=["spoke-with"])
        ev = [e for r in rel for e in r.evidence]
        assert ev and all(article.text[e.start : e.end] == e.text for e in ev)
        for row in repo.export_rows().values():
            for record in row:
                assert not any(isinstance(v, str) and has_controls(v) for v in record.values())
    finally:
        repo.close()


@pytest.fixture
def old_workspace(tmp_path):
    """A workspace from before imports cleaned names: an actor with U+0001 and an escape in it."""
    repo = empty_workspace(tmp_path, "old.relmap")
    a = repo.create_actor("Placeholder One").subject_id
    b = repo.create_actor("Placeholder Two").subject_id
    repo.add_relationship("spoke-with", a, b, status="confirmed")  # pictures show confirmed ones
    repo.close()
    con = sqlite3.connect(tmp_path / "old.relmap")
    con.execute("UPDATE actor SET name = ? WHERE id = ?", ("Ctl\x01Name", a))
    con.execute("UPDATE actor SET name = ?, notes = ? WHERE id = ?", ("Red\x1b[31mText", "bell\x07", b))
    con.commit()
    con.close()
    return tmp_path / "old.relmap"


def test_exports_stay_valid_xml_and_read_back(tmp_path, capsys, old_workspace, qapp):  # noqa: ARG001
    for fmt in ("svg", "graphml", "gexf"):
        out = tmp_path / f"map.{fmt}"
        code, _, err = run(capsys, "export", "--format", fmt, "--out", out, "-w", old_workspace)
        assert code == 0, err
        SafeET.fromstring(out.read_bytes())  # raises on invalid XML
        assert "␁" in out.read_text(encoding="utf-8")
        if fmt != "svg":
            back = tmp_path / f"back-{fmt}.relmap"
            code, _, err = run(capsys, "import-graph", out, "-w", back)
            assert code == 0, err
            repo = open_workspace(back)
            assert {"Ctl␁Name", "Red␛[31mText"} <= {a.name for a in repo.list_actors()}
            repo.close()


def test_the_terminal_never_gets_controls_raw(capsys, old_workspace):
    code, out, _ = run(capsys, "list", "actors", "-w", old_workspace)
    assert code == 0 and "Red␛[31mText" in out and not has_controls(out.replace("\n", ""))
    code, out, _ = run(capsys, "list", "actors", "-w", old_workspace, "--json")
    assert code == 0 and "\x1b" not in out and "\\u001b" in out
    assert {a["name"] for a in json.loads(out)} == {"Ctl\x01Name", "Red\x1b[31mText"}  # the data, exactly
    code, out, _ = run(capsys, "list", "relationships", "-w", old_workspace)
    assert code == 0 and "\x1b" not in out and "\x01" not in out
