"""One entry point for every export format, shared by the command line and the Export dialog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.export.mapdata import DEFAULT_STATUSES, REVIEWED_STATUSES, MapData, collect_map
from desktop.model import Repository

IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = ("png", "svg", "pdf", "report", "graphml", "gexf", "csv", "json")
SUFFIX = {
    "png": ".png",
    "svg": ".svg",
    "pdf": ".pdf",
    "report": ".pdf",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": "",
    "json": ".json",
}
DEFAULT_DPI = 150
SVG_PX_PER_INCH = 96  # what --width/--height mean for SVG: CSS pixels


@dataclass(frozen=True)
class ExportRequest:
    """Everything the user chose for one export."""

    format: str
    out: Path
    types: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    date_from: date | None = None  # a window of time on date_axis, both days included
    date_to: date | None = None
    date_axis: str = "reported"
    dpi: int | None = None
    width: int | None = None  # pixels (PNG: device pixels; SVG: CSS pixels at 96 per inch)
    height: int | None = None
    title: str | None = None
    caption: str | None = None
    legend: bool = True
    transparent: bool = False
    landscape: bool = True
    positions: Mapping[int, tuple[float, float]] | None = None
    y_up: bool = True  # layout y grows upwards, as in the graph view (pyqtgraph's default)


def default_statuses(fmt: str) -> tuple[str, ...]:
    """What an export shows unless told: a picture or a report shows reviewed (confirmed)
    relationships only; interchange files carry proposals too, each marked with its status."""
    return REVIEWED_STATUSES if fmt in IMAGE_FORMATS or fmt == "report" else DEFAULT_STATUSES


def request_map(repo: Repository, request: ExportRequest) -> MapData:
    return collect_map(
        repo,
        positions=request.positions,
        types=request.types,
        statuses=request.statuses or default_statuses(request.format),
        date_from=request.date_from,
        date_to=request.date_to,
        date_axis=request.date_axis,
    )


def export_file(repo: Repository, request: ExportRequest, *, data: MapData | None = None) -> list[Path]:
    """Write ``request.out`` in ``request.format``; returns the files written."""
    fmt = request.format
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    out = Path(request.out)
    if fmt == "json":
        from desktop.export.workspace_json import export_json

        return [export_json(repo, out)]
    data = data or request_map(repo, request)
    if fmt in IMAGE_FORMATS or fmt == "report":
        from desktop.export import render

        options = render.RenderOptions(
            title=request.title,
            caption=request.caption,
            legend=request.legend,
            background="transparent" if request.transparent else "white",
            flip_y=request.y_up,
        )
        if fmt == "png":
            dpi = request.dpi or DEFAULT_DPI
            width, height = request.width, request.height
            if width is None and height is None and not request.landscape:
                width, height = render.page_pixels(*render.A4_MM, dpi)
            return [render.write_png(data, out, width_px=width, height_px=height, dpi=dpi, options=options)]
        if fmt == "svg":
            w_pt = request.width * 72 / SVG_PX_PER_INCH if request.width else None
            h_pt = request.height * 72 / SVG_PX_PER_INCH if request.height else None
            if (w_pt is None) != (h_pt is None):
                a4w, a4h = render.a4_points(landscape=request.landscape)
                w_pt = w_pt or h_pt * a4w / a4h  # type: ignore[operator]
                h_pt = h_pt or w_pt * a4h / a4w
            elif w_pt is None:
                w_pt, h_pt = render.a4_points(landscape=request.landscape)
            return [render.write_svg(data, out, width_pt=w_pt, height_pt=h_pt, options=options)]
        if fmt == "pdf":
            return [render.write_pdf(data, out, landscape=request.landscape, options=options)]
        from desktop.export.report import write_report

        return [
            write_report(
                data, out, title=request.title, legend=request.legend, caption=request.caption, y_up=request.y_up
            )
        ]
    if fmt == "graphml":
        from desktop.export.graphml import write_graphml

        return [write_graphml(data, out)]
    if fmt == "gexf":
        from desktop.export.gexf import write_gexf

        return [write_gexf(data, out)]
    from desktop.export.tables_csv import write_csv

    return write_csv(data, out)
