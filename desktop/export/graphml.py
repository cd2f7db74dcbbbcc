"""GraphML for Gephi, yEd, Cytoscape, networkx and igraph.

Attributes use the names those tools look for: Gephi maps ``label``, ``x``, ``y``, ``size``,
``r``/``g``/``b`` and ``weight`` onto its own properties, Cytoscape and igraph keep every typed
attribute, and a yFiles ``ShapeNode``/``PolyLineEdge`` per element lets yEd open the map with
its positions, shapes, colours and labels instead of a pile of nodes at the origin.

Mixed graphs: Relmap types are directed or symmetric, but networkx refuses a GraphML file whose
edges disagree on direction, so every edge is written directed and ``directed`` (boolean) says
whether its type reads both ways.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop import __version__
from desktop.export.mapdata import MapData
from desktop.export.style import node_radius_pt, write_atomically, xml_safe

NS = "http://graphml.graphdrawing.org/xmlns"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS_Y = "http://www.yworks.com/xml/graphml"
SCHEMA = "http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
# Layout units (median relationship about 1.0) times this are the coordinates written out: Gephi
# and yEd draw nodes some tens of units wide, so unscaled positions would pile every actor up.
POSITION_SCALE = 100.0
FORMAT_TAG = "relmap-graph/1"
YED_SHAPE = {
    "circle": "ellipse",
    "square": "roundrectangle",
    "hexagon": "hexagon",
    "diamond": "diamond",
    "triangle": "triangle",
    "pentagon": "octagon",
    "star": "star5",
    "cross": "octagon",
}

# (id, for, attr.name, attr.type)
GRAPH_KEYS = [
    ("g_format", "graph", "relmap_format", "string"),
    ("g_workspace", "graph", "workspace", "string"),
    ("g_scale", "graph", "position_scale", "double"),
    ("g_filters", "graph", "filters", "string"),
]
NODE_KEYS = [
    ("n_label", "node", "label", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_kind_label", "node", "kind_label", "string"),
    ("n_shape", "node", "shape", "string"),
    ("n_aliases", "node", "aliases", "string"),
    ("n_notes", "node", "notes", "string"),
    ("n_x", "node", "x", "double"),
    ("n_y", "node", "y", "double"),
    ("n_size", "node", "size", "double"),
    ("n_color", "node", "color", "string"),
    ("n_r", "node", "r", "int"),
    ("n_g", "node", "g", "int"),
    ("n_b", "node", "b", "int"),
    ("n_degree", "node", "degree", "int"),
]
EDGE_KEYS = [
    ("e_label", "edge", "label", "string"),
    ("e_type", "edge", "type", "string"),
    ("e_directed", "edge", "directed", "boolean"),
    ("e_status", "edge", "status", "string"),
    ("e_confidence", "edge", "confidence", "double"),
    ("e_evidence", "edge", "evidence_count", "int"),
    ("e_weight", "edge", "weight", "double"),
    ("e_citation", "edge", "citation", "int"),
    ("e_color", "edge", "color", "string"),
    ("e_r", "edge", "r", "int"),
    ("e_g", "edge", "g", "int"),
    ("e_b", "edge", "b", "int"),
    ("e_valid_from", "edge", "valid_from", "string"),
    ("e_valid_to", "edge", "valid_to", "string"),
    ("e_note", "edge", "note", "string"),
    ("e_excerpts", "edge", "excerpts", "string"),
]


def rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def excerpt_summary(rel) -> str:  # noqa: ANN001 - a MapRelationship
    """Every excerpt with its article, as one readable string (for tools without nested data)."""
    parts = []
    for ev in rel.evidence:
        when = ev.article_published.isoformat() if ev.article_published else "undated"
        parts.append(
            f"“{' '.join(ev.text.split())}” ({ev.article_title}, {when}"
            f"{', ' + ev.article_source if ev.article_source else ''})"
        )
    return "\n\n".join(parts)


def number_text(value: float) -> str:
    """A number as interchange files write it: six decimals at most, no trailing noise."""
    return repr(round(float(value), 6))


def value_text(value: object) -> str | None:
    """An attribute's value as GraphML and GEXF write it, None for nothing to write: booleans as
    true/false, floats as :func:`number_text`, anything else as its text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return number_text(value) if isinstance(value, float) else str(value)


def graphml_tree(data: MapData) -> ET.ElementTree:
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", NS_XSI)
    ET.register_namespace("y", NS_Y)
    root = ET.Element(f"{{{NS}}}graphml", {f"{{{NS_XSI}}}schemaLocation": SCHEMA})
    for key_id, domain, name, kind in GRAPH_KEYS + NODE_KEYS + EDGE_KEYS:
        ET.SubElement(root, f"{{{NS}}}key", {"id": key_id, "for": domain, "attr.name": name, "attr.type": kind})
    ET.SubElement(root, f"{{{NS}}}key", {"id": "y_node", "for": "node", "yfiles.type": "nodegraphics"})
    ET.SubElement(root, f"{{{NS}}}key", {"id": "y_edge", "for": "edge", "yfiles.type": "edgegraphics"})
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"id": "relmap", "edgedefault": "directed"})

    def put(parent: ET.Element, key: str, value: object) -> None:
        text = value_text(value)
        if text is not None:
            ET.SubElement(parent, f"{{{NS}}}data", {"key": key}).text = text

    put(graph, "g_format", FORMAT_TAG)
    put(graph, "g_workspace", data.workspace)
    put(graph, "g_scale", POSITION_SCALE)
    put(graph, "g_filters", data.filter_text())
    for a in data.actors:
        node = ET.SubElement(graph, f"{{{NS}}}node", {"id": f"a{a.id}"})
        look = data.kind(a.kind)
        shape, color = look.shape, look.color
        size = 2 * node_radius_pt(a.degree) * 2
        # yEd's graphics first: networkx reads x/y out of them too, and the plain x/y after win
        _yed_node(
            node, a.name, a.x * POSITION_SCALE, -a.y * POSITION_SCALE, size, YED_SHAPE.get(shape, "ellipse"), color
        )
        put(node, "n_label", a.name)
        put(node, "n_kind", a.kind)
        put(node, "n_kind_label", look.label)
        put(node, "n_shape", shape)
        put(node, "n_aliases", "; ".join(a.aliases))
        put(node, "n_notes", a.notes)
        put(node, "n_x", a.x * POSITION_SCALE)
        put(node, "n_y", a.y * POSITION_SCALE)
        put(node, "n_size", float(size))
        put(node, "n_color", color)
        for key, channel in zip(("n_r", "n_g", "n_b"), rgb(color)):
            put(node, key, channel)
        put(node, "n_degree", a.degree)
    for r in data.relationships:
        edge = ET.SubElement(
            graph, f"{{{NS}}}edge", {"id": f"r{r.id}", "source": f"a{r.source_id}", "target": f"a{r.target_id}"}
        )
        _yed_edge(edge, r.label, r.color, r.directed, r.status, r.evidence_count)
        put(edge, "e_label", r.label)
        put(edge, "e_type", r.type)
        put(edge, "e_directed", bool(r.directed))
        put(edge, "e_status", r.status)
        put(edge, "e_confidence", float(r.confidence))
        put(edge, "e_evidence", r.evidence_count)
        put(edge, "e_weight", float(max(r.evidence_count, 1)))
        put(edge, "e_citation", r.number)
        put(edge, "e_color", r.color)
        for key, channel in zip(("e_r", "e_g", "e_b"), rgb(r.color)):
            put(edge, key, channel)
        put(edge, "e_valid_from", r.valid_from)
        put(edge, "e_valid_to", r.valid_to)
        put(edge, "e_note", r.note)
        put(edge, "e_excerpts", excerpt_summary(r))
    ET.indent(root, space=" ")
    return ET.ElementTree(xml_safe(root))


def _yed_node(node: ET.Element, label: str, x: float, y: float, size: float, shape: str, color: str) -> None:
    data = ET.SubElement(node, f"{{{NS}}}data", {"key": "y_node"})
    shape_node = ET.SubElement(data, f"{{{NS_Y}}}ShapeNode")
    ET.SubElement(
        shape_node,
        f"{{{NS_Y}}}Geometry",
        {
            "x": number_text(x - size / 2),
            "y": number_text(y - size / 2),
            "width": number_text(size),
            "height": number_text(size),
        },
    )
    ET.SubElement(shape_node, f"{{{NS_Y}}}Fill", {"color": color.upper(), "transparent": "false"})
    ET.SubElement(shape_node, f"{{{NS_Y}}}BorderStyle", {"color": "#FFFFFF", "type": "line", "width": "1.0"})
    ET.SubElement(
        shape_node,
        f"{{{NS_Y}}}NodeLabel",
        {"modelName": "sides", "modelPosition": "s", "fontSize": "12", "textColor": "#1F2328"},
    ).text = label
    ET.SubElement(shape_node, f"{{{NS_Y}}}Shape", {"type": shape})


def _yed_edge(edge: ET.Element, label: str, color: str, directed: bool, status: str, evidence: int) -> None:
    data = ET.SubElement(edge, f"{{{NS}}}data", {"key": "y_edge"})
    line = ET.SubElement(data, f"{{{NS_Y}}}PolyLineEdge")
    style = {"proposed": "dashed", "rejected": "dotted"}.get(status, "line")
    ET.SubElement(
        line,
        f"{{{NS_Y}}}LineStyle",
        {"color": color.upper(), "type": style, "width": number_text(1.0 + 0.75 * min(evidence, 5))},
    )
    ET.SubElement(line, f"{{{NS_Y}}}Arrows", {"source": "none", "target": "standard" if directed else "none"})
    ET.SubElement(line, f"{{{NS_Y}}}EdgeLabel", {"fontSize": "10", "textColor": color.upper()}).text = label
    ET.SubElement(line, f"{{{NS_Y}}}BendStyle", {"smoothed": "true"})


def write_graphml(data: MapData, out: Path | str) -> Path:
    """Write the map as GraphML (UTF-8, with an XML declaration)."""
    out = Path(out)
    buffer = io.BytesIO()
    buffer.write(f"<?xml version='1.0' encoding='UTF-8'?>\n<!-- Relmap {__version__} -->\n".encode())
    graphml_tree(data).write(buffer, encoding="utf-8", xml_declaration=False)
    return write_atomically({out: buffer.getvalue()})[0]
