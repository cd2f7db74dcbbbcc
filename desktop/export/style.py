"""How actors and relationships look in every export, and small file helpers. No Qt here, so the
interchange writers (GraphML, GEXF, CSV) run where Qt's GUI libraries are not installed."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

from desktop.model.cleantext import visible_controls

# Actor kinds differ by shape first (readable in greyscale print) and colour second. Each
# workspace keeps its kinds' shapes and colours (actor_kind rows, MapData.kind_styles); these are
# the built-in kinds' defaults, the same as the graph view's, for data made without them.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "person": ("circle", "#3f6fb5"),
    "organisation": ("square", "#c98a1b"),
    "country": ("hexagon", "#3d9a6b"),
    "other": ("diamond", "#8a8f98"),
}
KIND_LABEL = {"person": "Person", "organisation": "Organisation", "country": "Country", "other": "Other"}


def edge_width_pt(evidence_count: int) -> float:
    """Line width grows with the excerpts behind a relationship, and stops growing at five."""
    return 0.9 + 0.55 * min(evidence_count, 5)


def node_radius_pt(degree: int) -> float:
    """Actors with more relationships are drawn larger, up to a limit."""
    return min(4.5 + 2.2 * math.sqrt(max(degree, 0)), 14.0)


def atomic_target(out: Path) -> Path:
    """A temporary name beside ``out`` to write to before moving into place (no half files)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return out.with_name(f".{out.name}.part")


def xml_safe(root: ET.Element) -> ET.Element:
    """Make every text and attribute of ``root`` writable as XML 1.0, which has no way to write
    most control characters: a workspace made before imports cleaned them may still hold some
    (an actor named with U+0001). They are made visible, as an import would."""
    for el in root.iter():
        if el.text:
            el.text = visible_controls(el.text)
        if el.tail:
            el.tail = visible_controls(el.tail)
        for key, value in el.attrib.items():
            if value:
                el.attrib[key] = visible_controls(value)
    return root
