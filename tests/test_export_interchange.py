"""GraphML, GEXF and CSV: written, read back by networkx, igraph and the csv module, and imported."""

from __future__ import annotations

import csv
import math

import defusedxml.ElementTree as SafeET
import igraph
import networkx as nx
import pytest

from desktop.cli import main
from desktop.export.exporters import ExportRequest, export_file
from desktop.export.importers import import_graph
from desktop.export.workspace_json import InterchangeError
from tests.helpers import empty_workspace, seeded_workspace

SEED_KINDS = {
    "Vladimir Putin": "person",
    "Kassym-Jomart Tokayev": "person",
    "Nursultan Nazarbayev": "person",
    "Aidos Ukibay": "person",
    "Karim Masimov": "person",
    "National Security Committee": "organisation",
    "Russia": "country",
    "Kazakhstan": "country",
}


@pytest.fixture
def seed(tmp_path):
    repo = seeded_workspace(tmp_path)
    # positions as the graph view would have saved them
    repo.set_positions({a.id: (float(i), float(i % 3)) for i, a in enumerate(repo.list_actors())})
    yield repo
    repo.close()


def expected(repo):
    rels = repo.list_relationships(statuses=["proposed", "confirmed"])
    return {(r.type, r.source, r.target): (r.status, r.confidence, len(r.evidence)) for r in rels}


def test_graphml_read_by_networkx_and_igraph(seed, tmp_path):
    out = export_file(seed, ExportRequest(format="graphml", out=tmp_path / "map.graphml"))[0]
    want = expected(seed)
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == 8 and g.number_of_edges() == 9
    names = {d["label"]: d for _, d in g.nodes(data=True)}
    assert {n: d["kind"] for n, d in names.items()} == SEED_KINDS
    putin = seed.find_actor("Vladimir Putin")
    assert names["Vladimir Putin"]["x"] == pytest.approx(putin.x * 100)
    assert names["Vladimir Putin"]["y"] == pytest.approx(putin.y * 100)
    assert names["Russia"]["color"].startswith("#")
    got = {}
    for u, v, d in g.edges(data=True):
        got[(d["type"], g.nodes[u]["label"], g.nodes[v]["label"])] = (d["status"], d["confidence"], d["evidence_count"])
        assert d["color"] == seed.relation_type(d["type"]).color
        assert d["directed"] == seed.relation_type(d["type"]).directed
    assert got == want

    ig = igraph.Graph.Read_GraphML(str(out))
    assert (ig.vcount(), ig.ecount()) == (8, 9)
    assert sorted(ig.vs["label"]) == sorted(SEED_KINDS)
    assert dict(zip(ig.vs["label"], ig.vs["kind"])) == SEED_KINDS
    ig_edges = {
        (e["type"], ig.vs[e.source]["label"], ig.vs[e.target]["label"]): (
            e["status"],
            e["confidence"],
            int(e["evidence_count"]),
        )
        for e in ig.es
    }
    assert ig_edges == want
    assert sum(ig.es["evidence_count"]) == 13


def test_gexf_read_by_networkx_and_a_safe_xml_parser(seed, tmp_path):
    out = export_file(seed, ExportRequest(format="gexf", out=tmp_path / "map.gexf"))[0]
    g = nx.read_gexf(out)
    assert g.number_of_nodes() == 8 and g.number_of_edges() == 9
    labels = {d["label"]: d for _, d in g.nodes(data=True)}
    assert {n: d["kind"] for n, d in labels.items()} == SEED_KINDS
    assert labels["Russia"]["viz"]["position"]["x"] == pytest.approx(seed.find_actor("Russia").x * 100)
    got = {
        (d["type"], g.nodes[u]["label"], g.nodes[v]["label"]): (d["status"], d["confidence"], d["evidence_count"])
        for u, v, d in g.edges(data=True)
    }
    assert got == expected(seed)

    root = SafeET.parse(str(out), forbid_dtd=True).getroot()
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert len(nodes) == 8 and len(edges) == 9
    for node in nodes:
        assert node.find("viz:position", ns) is not None and node.find("viz:color", ns) is not None
    for edge in edges:
        assert edge.find("viz:color", ns) is not None and float(edge.get("weight")) >= 1


def test_csv_tables_read_by_the_csv_module(seed, tmp_path):
    formula = seed.create_actor('=HYPERLINK("http://x")', "other").subject_id
    seed.add_relationship("ally-of", formula, seed.find_actor("Russia").id, status="proposed")
    written = export_file(seed, ExportRequest(format="csv", out=tmp_path / "tables"))
    assert [p.name for p in written] == ["actors.csv", "relationships.csv", "evidence.csv"]

    def rows(name):
        with (tmp_path / "tables" / name).open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    actors, rels, evidence = rows("actors.csv"), rows("relationships.csv"), rows("evidence.csv")
    assert len(actors) == 9 and len(rels) == 10 and len(evidence) == 13
    assert {a["name"]: a["kind"] for a in actors if not a["name"].startswith("'")} == SEED_KINDS
    assert '\'=HYPERLINK("http://x")' in {a["name"] for a in actors}  # a spreadsheet shows it, never runs it
    leader = [r for r in rels if r["type"] == "leader-of" and r["source"] == "Nursultan Nazarbayev"][0]
    assert leader["evidence_count"] == "2" and leader["directed"] == "true" and "“" in leader["excerpts"]
    texts = {e["text"] for e in evidence}
    for rel in seed.list_relationships():
        for ev in rel.evidence:
            assert ev.text in texts
    assert all(e["article_title"].startswith("Kazakhstan unrest") and e["published"] == "2022-01-08" for e in evidence)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_round_trip_into_an_empty_workspace(seed, tmp_path, fmt):
    out = tmp_path / ("tables" if fmt == "csv" else f"map.{fmt}")
    export_file(seed, ExportRequest(format=fmt, out=out))
    fresh = empty_workspace(tmp_path, f"fresh-{fmt}.relmap")
    try:
        summary = import_graph(fresh, out)
        assert summary.actors_created == 8 and summary.relationships == 9 and not summary.skipped
        assert {a.name: a.kind for a in fresh.list_actors()} == SEED_KINDS
        assert fresh.find_actor("KNB").name == "National Security Committee"  # aliases came along

        def ends(r):  # symmetric relationships are stored smaller id first, and ids differ between workspaces
            return (r.type, r.source, r.target) if r.directed else (r.type, *sorted((r.source, r.target)))

        got = {ends(r): r.status for r in fresh.list_relationships()}
        assert got == {ends(r): r.status for r in seed.list_relationships()}
        # positions keep their shape: distances between actors in the same proportions
        a0, a1, a2 = (fresh.find_actor(n) for n in ("Russia", "Kazakhstan", "Karim Masimov"))
        b0, b1, b2 = (seed.find_actor(n) for n in ("Russia", "Kazakhstan", "Karim Masimov"))
        ratio = math.dist((a0.x, a0.y), (a1.x, a1.y)) / math.dist((b0.x, b0.y), (b1.x, b1.y))
        assert math.dist((a0.x, a0.y), (a2.x, a2.y)) == pytest.approx(ratio * math.dist((b0.x, b0.y), (b2.x, b2.y)))
    finally:
        fresh.close()


def test_foreign_graphml_brings_new_types(tmp_path):
    path = tmp_path / "foreign.graphml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="name" attr.type="string"/>
  <key id="d1" for="edge" attr.name="relationship" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="n0"><data key="d0">Acme Holdings</data></node>
    <node id="n1"><data key="d0">Jane Roe</data></node>
    <edge source="n1" target="n0"><data key="d1">Funded by</data></edge>
  </graph>
</graphml>""",
        encoding="utf-8",
    )
    repo = empty_workspace(tmp_path)
    try:
        summary = import_graph(repo, path)
        assert summary.types_created == ("funded-by",)
        rel = repo.list_relationships()[0]
        assert (rel.type, rel.status) == ("funded-by", "proposed") and not rel.directed
    finally:
        repo.close()


BAD_FILES = {
    "truncated.graphml": "<?xml version='1.0'?><graphml xmlns='http://graphml.graphdrawing.org/xmlns'><graph>"
    "<node id='a'/>",
    "bomb.graphml": """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph><node id="&lol3;"/></graph></graphml>""",
    "external.gexf": """<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes><node id="a" label="&secret;"/></nodes>
</graph></gexf>""",
    "dangling.gexf": """<?xml version="1.0"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph defaultedgetype="directed">
<nodes><node id="a" label="A"/><node id="b" label="B"/></nodes>
<edges><edge id="e1" source="a" target="b"/><edge id="e2" source="a" target="zz"/></edges></graph></gexf>""",
    "ragged.csv": "source,target,type\nAlice,Bob,ally-of\nAlice,Carol\n",
    "badstatus.csv": "source,target,type,status\nAlice,Bob,ally-of,confirmed\nBob,Carol,ally-of,maybe\n",
    "notgraph.graphml": "<?xml version='1.0'?><html><body/></html>",
    # well-formed and parsed fine: the workspace refuses the second edge's date while storing
    "baddate.graphml": """<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="v" for="edge" attr.name="valid_from" attr.type="string"/>
<key id="t" for="edge" attr.name="type" attr.type="string"/>
<graph edgedefault="directed"><node id="a"/><node id="b"/><node id="c"/>
<edge source="a" target="b"><data key="t">ally-of</data></edge>
<edge source="b" target="c"><data key="t">ally-of</data><data key="v">last spring</data></edge>
</graph></graphml>""",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_naming_the_file_and_storing_nothing(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_text(BAD_FILES[name], encoding="utf-8")
    repo = seeded_workspace(tmp_path)
    before = repo.counts(), {a.name for a in repo.list_actors()}, [t.key for t in repo.list_relation_types()]
    try:
        with pytest.raises(InterchangeError) as caught:
            import_graph(repo, path)
        assert str(path) in str(caught.value)
        assert (
            repo.counts(),
            {a.name for a in repo.list_actors()},
            [t.key for t in repo.list_relation_types()],
        ) == before
    finally:
        repo.close()
    # the same through the command line, into a workspace that does not exist yet: none is made
    ws = tmp_path / "new.relmap"
    code = main(["import-graph", "-w", str(ws), str(path)])
    err = capsys.readouterr().err
    assert code == 1 and str(path) in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "seeded.relmap"])  # no new workspace


def test_graph_formats_refuse_an_edge_to_an_undefined_node_alike(tmp_path, capsys):
    """GraphML, GEXF and CSV (a relationships table beside an actors table) all refuse it."""
    (tmp_path / "g.graphml").write_text(
        '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph>'
        '<node id="a"/><node id="b"/><edge source="a" target="b"/><edge source="a" target="zz"/></graph></graphml>',
        encoding="utf-8",
    )
    (tmp_path / "g.gexf").write_text(BAD_FILES["dangling.gexf"], encoding="utf-8")
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "actors.csv").write_text("name,kind,aliases\nAlice,person,Al\nBob,person,\n", encoding="utf-8")
    (tables / "relationships.csv").write_text(
        "source,target,type\nAl,Bob,ally-of\nAlice,Zed,ally-of\n", encoding="utf-8"
    )
    for path, where in (
        (tmp_path / "g.graphml", "'zz'"),
        (tmp_path / "g.gexf", "'zz'"),
        (tables, "'Zed' is not in the actors table"),
    ):
        code = main(["import-graph", "-w", str(tmp_path / "new.relmap"), str(path)])
        err = capsys.readouterr().err
        assert code == 1 and err.count("\n") == 1 and where in err, err
        assert not (tmp_path / "new.relmap").exists()


def test_xml_bomb_reports_dtd(tmp_path):
    path = tmp_path / "bomb.graphml"
    path.write_text(BAD_FILES["bomb.graphml"], encoding="utf-8")
    repo = empty_workspace(tmp_path)
    try:
        with pytest.raises(InterchangeError, match="DTD or entities"):
            import_graph(repo, path)
    finally:
        repo.close()


def test_cli_interchange_formats(tmp_path, capsys):
    ws = tmp_path / "w.relmap"
    seeded_workspace(tmp_path, "w.relmap").close()
    for fmt, out in (("graphml", "m.graphml"), ("gexf", "m.gexf"), ("csv", "tables"), ("json", "w.json")):
        assert main(["export", "-w", str(ws), "-f", fmt, "-o", str(tmp_path / out)]) == 0
    assert (tmp_path / "tables" / "relationships.csv").exists()
    assert (
        main(
            [
                "export",
                "-w",
                str(ws),
                "-f",
                "graphml",
                "-o",
                str(tmp_path / "c.graphml"),
                "--status",
                "confirmed",
                "--types",
                "leader-of",
            ]
        )
        == 0
    )
    assert nx.read_graphml(tmp_path / "c.graphml").number_of_edges() == 3
    assert main(["import-graph", "-w", str(tmp_path / "n.relmap"), str(tmp_path / "m.gexf")]) == 0
    assert "8 new actors" in capsys.readouterr().out


def test_graphml_carries_yed_graphics(seed, tmp_path):
    out = export_file(seed, ExportRequest(format="graphml", out=tmp_path / "map.graphml"))[0]
    root = SafeET.parse(str(out), forbid_dtd=True).getroot()
    y = "{http://www.yworks.com/xml/graphml}"
    shapes = list(root.iter(f"{y}ShapeNode"))
    assert len(shapes) == 8
    labels = {s.find(f"{y}NodeLabel").text for s in shapes}
    assert labels == set(SEED_KINDS)
    assert all(s.find(f"{y}Geometry") is not None and s.find(f"{y}Fill").get("color").startswith("#") for s in shapes)
    arrows = [e.find(f"{y}Arrows").get("target") for e in root.iter(f"{y}PolyLineEdge")]
    assert sorted(set(arrows)) == ["none", "standard"]


def test_gephi_gexf_1_3_with_mutual_edges(tmp_path):
    path = tmp_path / "gephi.gexf"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="undirected">
    <attributes class="node"><attribute id="0" title="kind" type="string"/></attributes>
    <nodes>
      <node id="1" label="Ministry of Finance"><attvalues><attvalue for="0" value="organization"/></attvalues>
        <viz:position x="-120.5" y="40.0" z="0.0"/></node>
      <node id="2" label="Ana Pérez"><viz:position x="80.0" y="-10.0" z="0.0"/></node>
      <node id="3" label="Banco Sur"><viz:position x="200.0" y="90.0" z="0.0"/></node>
    </nodes>
    <edges>
      <edge id="0" source="2" target="1" label="employed by" type="directed"/>
      <edge id="1" source="2" target="3" label="knows"/>
    </edges>
  </graph>
</gexf>""",
        encoding="utf-8",
    )
    repo = empty_workspace(tmp_path)
    try:
        summary = import_graph(repo, path)
        assert summary.actors_created == 3 and set(summary.types_created) == {"employed-by", "knows"}
        assert repo.find_actor("Ministry of Finance").kind == "organisation"
        assert repo.relation_type("employed-by").directed and not repo.relation_type("knows").directed
        ana, bank = repo.find_actor("Ana Pérez"), repo.find_actor("Banco Sur")
        # foreign coordinates are rescaled so the median relationship is about one layout unit
        assert math.dist((ana.x, ana.y), (bank.x, bank.y)) == pytest.approx(1.0, rel=0.5)
    finally:
        repo.close()


@pytest.mark.parametrize(
    "fmt, nodes, message",
    [
        ("graphml", "<node id='a'/><node/>", "node #2 has no id"),
        ("graphml", "<node id='a'/><node id='a'/>", "node id 'a' appears twice"),
        ("gexf", "<node id='a' label='A'/><node label='B'/>", "node #2 has no id"),
        ("gexf", "<node id='a' label='A'/><node id='a' label='B'/>", "node id 'a' appears twice"),
    ],
)
def test_nodes_without_an_id_or_with_one_twice_are_refused(tmp_path, fmt, nodes, message):
    path = tmp_path / f"ids.{fmt}"
    if fmt == "graphml":
        path.write_text(
            "<?xml version='1.0'?><graphml xmlns='http://graphml.graphdrawing.org/xmlns'>"
            f"<graph edgedefault='directed'>{nodes}</graph></graphml>",
            encoding="utf-8",
        )
    else:
        path.write_text(
            "<?xml version='1.0'?><gexf xmlns='http://www.gexf.net/1.2draft' version='1.2'>"
            f"<graph><nodes>{nodes}</nodes></graph></gexf>",
            encoding="utf-8",
        )
    repo = empty_workspace(tmp_path)
    try:
        with pytest.raises(InterchangeError, match=message) as caught:
            import_graph(repo, path)
        assert str(path) in str(caught.value)
        assert repo.counts()["actors"] == 0
    finally:
        repo.close()
