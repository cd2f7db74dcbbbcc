"""GEXF 1.2 for Gephi (and networkx, sigma.js): typed attributes plus viz colour, position, size, shape.

Like the GraphML writer, every edge is written directed (networkx rejects mixed GEXF graphs) and
the ``directed`` attribute tells which relationship types read both ways. Proposed relationships
get Gephi's dashed edge shape.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop import __version__
from desktop.export.graphml import FORMAT_TAG, POSITION_SCALE, excerpt_summary, number_text, rgb, value_text
from desktop.export.mapdata import MapData
from desktop.export.style import node_radius_pt, write_atomically, xml_safe

NS = "http://www.gexf.net/1.2draft"
NS_VIZ = "http://www.gexf.net/1.2draft/viz"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"
# GEXF's viz shapes are few: the nearest one, and the exact shape in the "shape" attribute
GEXF_SHAPE = {
    "circle": "disc",
    "square": "square",
    "hexagon": "disc",
    "diamond": "diamond",
    "triangle": "triangle",
    "pentagon": "disc",
    "star": "diamond",
    "cross": "square",
}

NODE_ATTRS = [
    ("kind", "string"),
    ("kind_label", "string"),
    ("shape", "string"),
    ("aliases", "string"),
    ("notes", "string"),
    ("color", "string"),
    ("degree", "integer"),
]
EDGE_ATTRS = [
    ("type", "string"),
    ("directed", "boolean"),
    ("status", "string"),
    ("confidence", "double"),
    ("evidence_count", "integer"),
    ("citation", "integer"),
    ("color", "string"),
    ("valid_from", "string"),
    ("valid_to", "string"),
    ("note", "string"),
    ("excerpts", "string"),
]


def gexf_tree(data: MapData) -> ET.ElementTree:
    ET.register_namespace("", NS)
    ET.register_namespace("viz", NS_VIZ)
    ET.register_namespace("xsi", NS_XSI)
    root = ET.Element(f"{{{NS}}}gexf", {"version": "1.2", f"{{{NS_XSI}}}schemaLocation": SCHEMA})
    meta = ET.SubElement(root, f"{{{NS}}}meta", {"lastmodifieddate": data.made_on.isoformat()})
    ET.SubElement(meta, f"{{{NS}}}creator").text = f"Relmap {__version__}"
    ET.SubElement(meta, f"{{{NS}}}description").text = (
        f"{FORMAT_TAG}; workspace {data.workspace}; {data.filter_text()}; positions are layout units "
        f"times {POSITION_SCALE:g}"
    )
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"defaultedgetype": "directed", "mode": "static"})
    for cls, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        block = ET.SubElement(graph, f"{{{NS}}}attributes", {"class": cls, "mode": "static"})
        for name, kind in attrs:
            ET.SubElement(block, f"{{{NS}}}attribute", {"id": name, "title": name, "type": kind})

    def values(parent: ET.Element, pairs: list[tuple[str, object]]) -> None:
        holder = ET.SubElement(parent, f"{{{NS}}}attvalues")
        for name, value in pairs:
            text = value_text(value)
            if text is not None:
                ET.SubElement(holder, f"{{{NS}}}attvalue", {"for": name, "value": text})

    nodes = ET.SubElement(graph, f"{{{NS}}}nodes")
    for a in data.actors:
        look = data.kind(a.kind)
        shape, color = look.shape, look.color
        node = ET.SubElement(nodes, f"{{{NS}}}node", {"id": f"a{a.id}", "label": a.name})
        values(
            node,
            [
                ("kind", a.kind),
                ("kind_label", look.label),
                ("shape", shape),
                ("aliases", "; ".join(a.aliases)),
                ("notes", a.notes),
                ("color", color),
                ("degree", a.degree),
            ],
        )
        r, g, b = rgb(color)
        ET.SubElement(node, f"{{{NS_VIZ}}}color", {"r": str(r), "g": str(g), "b": str(b)})
        ET.SubElement(
            node,
            f"{{{NS_VIZ}}}position",
            {"x": number_text(a.x * POSITION_SCALE), "y": number_text(a.y * POSITION_SCALE), "z": "0.0"},
        )
        ET.SubElement(node, f"{{{NS_VIZ}}}size", {"value": number_text(2 * node_radius_pt(a.degree))})
        ET.SubElement(node, f"{{{NS_VIZ}}}shape", {"value": GEXF_SHAPE.get(shape, "disc")})
    edges = ET.SubElement(graph, f"{{{NS}}}edges")
    for rel in data.relationships:
        edge = ET.SubElement(
            edges,
            f"{{{NS}}}edge",
            {
                "id": f"r{rel.id}",
                "source": f"a{rel.source_id}",
                "target": f"a{rel.target_id}",
                "label": rel.label,
                "weight": number_text(max(rel.evidence_count, 1)),
            },
        )
        values(
            edge,
            [
                ("type", rel.type),
                ("directed", bool(rel.directed)),
                ("status", rel.status),
                ("confidence", float(rel.confidence)),
                ("evidence_count", rel.evidence_count),
                ("citation", rel.number),
                ("color", rel.color),
                ("valid_from", rel.valid_from),
                ("valid_to", rel.valid_to),
                ("note", rel.note),
                ("excerpts", excerpt_summary(rel)),
            ],
        )
        r, g, b = rgb(rel.color)
        ET.SubElement(edge, f"{{{NS_VIZ}}}color", {"r": str(r), "g": str(g), "b": str(b)})
        ET.SubElement(edge, f"{{{NS_VIZ}}}thickness", {"value": number_text(1.0 + 0.75 * min(rel.evidence_count, 5))})
        ET.SubElement(
            edge, f"{{{NS_VIZ}}}shape", {"value": {"proposed": "dashed", "rejected": "dotted"}.get(rel.status, "solid")}
        )
    ET.indent(root, space=" ")
    return ET.ElementTree(xml_safe(root))


def write_gexf(data: MapData, out: Path | str) -> Path:
    """Write the map as GEXF 1.2 (UTF-8)."""
    out = Path(out)
    buffer = io.BytesIO()
    buffer.write(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    gexf_tree(data).write(buffer, encoding="utf-8", xml_declaration=False)
    return write_atomically({out: buffer.getvalue()})[0]
