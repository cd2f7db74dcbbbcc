"""How actors and relationships look in every export, and small file helpers. No Qt here, so the
interchange writers (GraphML, GEXF, CSV) run where Qt's GUI libraries are not installed."""

from __future__ import annotations

import math
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from desktop.model.cleantext import visible_controls
from desktop.model.errors import RelmapError

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


class ExportWriteError(RelmapError):
    """An export could not be written (disk full, read-only folder...); nothing was written and
    a file already at the destination is unchanged."""


def write_atomically(files: Mapping[Path, bytes]) -> list[Path]:
    """Write each ``{path: content}`` to a temporary name beside it, flushed to disk, and move
    them into place only when every one is complete: a full disk, a read-only folder or an
    immutable file leaves no half file, no ``.part`` file, and the old files as they were.

    Raises :class:`ExportWriteError` naming the file and the problem.
    """
    done: list[tuple[Path, Path]] = []
    try:
        for out, content in files.items():
            out = Path(out)
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
            except OSError as exc:
                raise ExportWriteError(
                    f"{out}: cannot be written ({exc.strerror or exc}); nothing was written"
                ) from exc
            tmp = Path(name)
            done.append((tmp, out))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(content)
                    fh.flush()
                    os.fsync(fh.fileno())
                # mkstemp makes the file private (0600); an export gets the user's usual permissions
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            except OSError as exc:
                raise ExportWriteError(
                    f"{out}: cannot be written ({exc.strerror or exc}); nothing was written"
                ) from exc
        for tmp, out in done:
            try:
                os.replace(tmp, out)
            except OSError as exc:
                raise ExportWriteError(f"{out}: cannot be replaced ({exc.strerror or exc})") from exc
    finally:
        for tmp, _out in done:
            tmp.unlink(missing_ok=True)
    return [out for _tmp, out in done]


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
