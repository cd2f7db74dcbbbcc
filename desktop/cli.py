"""The `relmap` command: the GUI by default, and subcommands for scripts and report pipelines.

User mistakes (a missing file, a file that is not a workspace, bad JSON) print one line on
stderr and exit non-zero; a traceback is only shown with RELMAP_DEBUG=1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.model.cleantext import CONTROLS, visible_controls
from desktop.model.errors import NotAWorkspaceError, RelmapError

if TYPE_CHECKING:
    from desktop.model.repository import Repository

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
EXPORT_FORMATS = ["png", "svg", "pdf", "report", "graphml", "gexf", "csv", "json"]


@dataclass
class _NewWorkspace:
    """A workspace this command created, until it has said so on stderr (see _announce)."""

    seeded: bool
    announced: bool = False


#: the workspaces _open created (a repository closed and dropped leaves on its own)
_CREATED: weakref.WeakKeyDictionary[Repository, _NewWorkspace] = weakref.WeakKeyDictionary()


def _out(text: str, *, file=None, flush: bool = False) -> None:  # noqa: ANN001 - a text stream
    """Print a line for a person: names and titles may hold escape sequences or bidi overrides
    (from a workspace made before imports cleaned them), which must not reach the terminal raw."""
    print(visible_controls(text), file=file or sys.stdout, flush=flush)


def _json(data: object, *, indent: int) -> str:
    """JSON for scripts: the same data, with characters a terminal would act on written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _location(value: str) -> Path | str:
    from desktop.model.store import workspace_location

    return workspace_location(value)


def _workspace_option(parser: argparse.ArgumentParser, *, top: bool, creates: bool = False) -> None:
    what = "workspace file to open or create" if creates else "workspace file to open (it must exist)"
    parser.add_argument(
        "--workspace",
        "-w",
        metavar="PATH|URL",
        type=_location,
        default=None if top else argparse.SUPPRESS,
        help=f"{what}, or a team workspace on PostgreSQL: postgresql://user@host:port/database "
        "(passwords come from PGPASSWORD, ~/.pgpass or a service file, never the command "
        "line) (default: the workspace in your user data folder)",
    )
    parser.add_argument(
        "--no-seed",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="create a new workspace empty instead of filling it with the demo article",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relmap",
        description="Relmap: map actors and the evidence-backed relationships between them. "
        "Without a command, opens the main window; `relmap PATH` opens the workspace PATH.",
    )
    parser.add_argument("--version", action="version", version=f"relmap {__version__}")
    _workspace_option(parser, top=True, creates=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="print the actors or relationships of a workspace")
    p.add_argument("what", choices=["actors", "relationships"])
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--types", metavar="T1,T2", help="only these relationship types")
    p.add_argument("--status", metavar="S1,S2", help="only these statuses (proposed, confirmed, rejected)")
    _workspace_option(p, top=False)

    p = sub.add_parser(
        "import",
        help="store articles (.txt, .md, .html, .pdf) and the relationships they propose, "
        "or a workspace export (.json); creates the workspace if needed",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--title", help="title for the article (one file only)")
    p.add_argument("--source", help="source (URL or publisher) for every file")
    p.add_argument(
        "--no-extract", action="store_true", help="store the articles only, without proposing actors and relationships"
    )
    _workspace_option(p, top=False, creates=True)

    p = sub.add_parser("extract", help="print the actors and relationships proposed for an article (no workspace)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON instead of a listing")

    p = sub.add_parser(
        "export",
        help="write the map, a report or an interchange file (no display needed)",
        description="Images and reports use the saved layout; actors never laid out are placed "
        "with the force layout first (and the positions saved).",
    )
    p.add_argument(
        "--format",
        "-f",
        required=True,
        choices=EXPORT_FORMATS,
        help="png, svg, pdf: the map; report: map plus evidence appendix (PDF); graphml, gexf, csv: "
        "for Gephi, yEd, Cytoscape, spreadsheets (csv writes a folder); json: the whole workspace",
    )
    p.add_argument("--out", "-o", required=True, type=Path, metavar="PATH")
    p.add_argument(
        "--dpi", type=int, default=None, help="PNG resolution in dots per inch (default 150; 300-600 for print)"
    )
    p.add_argument("--width", type=int, metavar="PX", help="PNG/SVG width in pixels (default: A4 landscape)")
    p.add_argument("--height", type=int, metavar="PX", help="PNG/SVG height in pixels")
    p.add_argument("--title", help="title printed above the map")
    p.add_argument("--caption", help="caption under the map (default: workspace, date, filters)")
    p.add_argument("--types", metavar="T1,T2", help="only these relationship types")
    p.add_argument(
        "--status",
        metavar="S1,S2",
        help="only these statuses (default: confirmed for png, svg, pdf and report, which then mark "
        "proposed ones as unreviewed; proposed,confirmed for graph files)",
    )
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="time window start: 2022, 2022-01 or 2022-01-05 (its first day); the caption states the window",
    )
    p.add_argument(
        "--to", dest="date_to", metavar="DATE", help="time window end: 2022, 2022-01 or 2022-01-05 (its last day)"
    )
    p.add_argument(
        "--held",
        action="store_true",
        help="the window asks when relationships held (valid from/to), not when their evidence was reported",
    )
    p.add_argument("--no-legend", action="store_true", help="leave the legend out")
    p.add_argument("--transparent", action="store_true", help="PNG/SVG without a white background")
    p.add_argument("--portrait", action="store_true", help="PDF/PNG pages upright instead of landscape")
    _workspace_option(p, top=False)

    p = sub.add_parser(
        "import-graph",
        help="read a GraphML, GEXF or CSV graph (actors, types, relationships) "
        "into a workspace; a bad file stores nothing",
    )
    p.add_argument("file", type=Path, metavar="PATH", help=".graphml, .gexf, .csv, or a folder of CSV tables")
    _workspace_option(p, top=False, creates=True)

    p = sub.add_parser("self-test", help="open the main window, click every relationship, check its evidence shows")
    p.add_argument("--screenshot", type=Path, metavar="PNG", help="also save a screenshot of the window")
    _workspace_option(p, top=False)

    p = sub.add_parser(
        "import-json",
        help="merge a workspace export (relmap export --format json) into an existing "
        "workspace (`relmap import EXPORT.json` makes a new one from it)",
    )
    p.add_argument("file", type=Path, metavar="PATH")
    _workspace_option(p, top=False)

    for name, what in (
        ("push", "copy a workspace file into a team workspace"),
        ("pull", "copy a team workspace into a workspace file"),
    ):
        p = sub.add_parser(
            name,
            help=f"{what}: an empty (or new) one becomes an exact copy; one that holds work "
            "already gets it merged in, as import-json does",
            description="SOURCE and TARGET are each a workspace file or a postgresql:// address.",
        )
        p.add_argument("source", type=_location, metavar="SOURCE")
        p.add_argument("target", type=_location, metavar="TARGET")
    return parser


def _workspace_path(args: argparse.Namespace) -> Path | str:
    from desktop.paths import default_workspace_path

    return args.workspace or default_workspace_path()


def _open(args: argparse.Namespace, *, create: bool = False, seed: bool | None = None):  # noqa: ANN202
    """The workspace the command works on. Only commands that make things (the GUI, the
    imports) create a workspace named on the command line, and say so once what they import
    is stored (_close); the others refuse a name that leads nowhere (a typo must not quietly
    become a demo workspace). The default workspace in the user data folder is made by the
    first command that needs it, as the main window makes it, and that says so too."""
    from desktop.seed import open_user_workspace

    path = ensure_workspace_may_open(args, create=create)
    seed = (not args.no_seed) if seed is None else seed
    if isinstance(path, str) and not create:
        # a team workspace is always named on the command line: an empty database behind the
        # address is refused like a missing file, not quietly filled with the demo map
        try:
            repo = open_user_workspace(path, seed=seed, create=False)
        except NotAWorkspaceError as exc:
            raise NotAWorkspaceError(
                exc.location, f"{exc.problem} (the main window and `relmap import` create workspaces)"
            ) from None
    else:
        repo = open_user_workspace(path, seed=seed)
    if repo.created:
        _CREATED[repo] = _NewWorkspace(seeded=seed)  # for the announcement
        if not create:
            _announce(repo)
    return repo


def _announce(repo: Repository) -> None:
    new = _CREATED.get(repo)
    if new is not None and not new.announced:
        new.announced = True
        _out(f"relmap: created workspace {repo.location}{' with the demo map' if new.seeded else ''}", file=sys.stderr)


def ensure_workspace_may_open(args: argparse.Namespace, *, create: bool) -> Path | str:
    """The workspace path of ``args``; raises if it names a workspace that does not exist and
    this command does not create workspaces."""
    path = _workspace_path(args)
    if isinstance(path, str):
        return path  # a team workspace: reaching the server and what it holds is open_workspace's to check
    path = path.expanduser()
    if not create and args.workspace is not None and not path.exists():
        raise RelmapError(f"{path}: no such workspace (the main window and `relmap import` create workspaces)")
    return path


def _close(repo, *, keep: bool) -> None:  # noqa: ANN001 - a Repository
    """Close ``repo``; a workspace this command created is removed again unless ``keep``: an
    import refused into a new path leaves no empty (or demo-only) workspace behind."""
    repo.close()
    if repo.created and not keep and repo.path is not None:  # (a team workspace's database stays)
        for leftover in (Path(repo.path), Path(f"{repo.path}-wal"), Path(f"{repo.path}-shm")):
            leftover.unlink(missing_ok=True)
    elif repo.created:
        _announce(repo)  # (if _open made it)


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def cmd_list(args: argparse.Namespace) -> int:
    repo = _open(args)
    try:
        if args.what == "actors":
            actors = repo.list_actors()
            if args.json:
                print(
                    _json(
                        [
                            {
                                "name": a.name,
                                "kind": a.kind,
                                "aliases": list(a.aliases),
                                "notes": a.notes,
                                "status": a.status,
                                "relationships": a.degree,
                            }
                            for a in actors
                        ],
                        indent=2,
                    )
                )
            else:
                for a in actors:
                    also = f"  (also: {', '.join(a.aliases)})" if a.aliases else ""
                    _out(f"{a.name}  [{a.kind}, {a.degree} relationships]{also}")
            return EXIT_OK
        known = {t.key for t in repo.list_relation_types()}
        types = _split(args.types)
        for t in types or ():
            if t not in known:
                raise RelmapError(f"unknown relationship type {t!r}; known: {', '.join(sorted(known))}")
        rels = repo.list_relationships(types=types, statuses=_split(args.status))
        if args.json:
            print(
                _json(
                    [
                        {
                            "type": r.type,
                            "source": r.source,
                            "target": r.target,
                            "status": r.status,
                            "confidence": r.confidence,
                            "valid_from": r.valid_from,
                            "valid_to": r.valid_to,
                            "note": r.note,
                            "evidence": [
                                {
                                    "article": e.article_title,
                                    "article_id": e.article_id,
                                    "published": e.article_published.isoformat() if e.article_published else None,
                                    "start": e.start,
                                    "end": e.end,
                                    "text": e.text,
                                    "origin": e.origin,
                                }
                                for e in r.evidence
                            ],
                        }
                        for r in rels
                    ],
                    indent=2,
                )
            )
        else:
            for r in rels:
                arrow = "->" if r.directed else "--"
                _out(
                    f"{r.type:16} {r.source} {arrow} {r.target}  [{r.status}, {r.confidence:.2f}, "
                    f"{len(r.evidence)} excerpt{'s' if len(r.evidence) != 1 else ''}]"
                )
        return EXIT_OK
    finally:
        repo.close()


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.extract.formats import read_article
    from desktop.extract.ingest import FileOutcome, ingest_files

    if args.title and len(args.files) > 1:
        raise RelmapError("--title can only be given with a single file")
    exports = [p for p in args.files if p.suffix.lower() == ".json"]
    if exports:
        return _import_exports(args, exports, [p for p in args.files if p not in exports])
    articles = []
    failed = 0
    for path in args.files:  # every file is read before the workspace is opened (or made)
        try:
            articles.append(read_article(path, title=args.title, source=args.source))
        except RelmapError as exc:
            _out(f"relmap: {exc}", file=sys.stderr)
            failed += 1
    if not articles:
        return EXIT_FAILED
    repo = _open(args, create=True)

    def report(_done: int, _total: int, outcome: FileOutcome) -> None:
        if outcome.error is not None:
            _out(f"relmap: {outcome.error}", file=sys.stderr)
        elif outcome.result is not None:
            _out(f"{outcome.path}: {outcome.result.summary()}", flush=True)
            for why in outcome.result.skipped:
                _out(f"  skipped {why}")

    batch = None
    try:
        batch = ingest_files(repo, articles, progress=report, extract_proposals=not args.no_extract)
    finally:
        _close(repo, keep=batch is not None and any(o.ok for o in batch.outcomes))
    failed += batch.failed
    return EXIT_FAILED if failed else EXIT_OK


def _import_exports(args: argparse.Namespace, exports: list[Path], others: list[Path]) -> int:
    """``relmap import EXPORT.json``: a workspace export read into the workspace, which is made
    empty if it does not exist yet (the file is the whole workspace)."""
    from desktop.export.workspace_json import import_json, read_json_file

    if others:
        raise RelmapError("import workspace exports (.json) and articles in separate commands")
    data = [read_json_file(path) for path in exports]  # refuse a bad file before creating any workspace
    repo = _open(args, create=True, seed=False)
    done = []
    try:
        for path, parsed in zip(exports, data):
            counts = import_json(repo, path, data=parsed)
            done.append((path, counts))
    finally:
        _close(repo, keep=bool(done))
    for path, counts in done:
        _out(
            f"read {counts['actors']} actors, {counts['articles']} articles and {counts['relationships']} "
            f"relationships from {path} into {repo.location}"
        )
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from desktop.extract.formats import TEXT_SUFFIXES, read_article

    article = read_article(args.file)  # refuses empty, binary and malformed files first
    if args.file.suffix.lower() in TEXT_SUFFIXES:
        from desktop.extract.files import extract_file_json

        # offsets index the file as read (its date prefix included), as the extractor defines
        result = extract_file_json(args.file)
    else:
        from desktop.extract.engine import extract

        # offsets index the article text converted from the markup
        result = extract(article.text).to_json()
    if args.json:
        print(_json(result, indent=1))
        return EXIT_OK
    from desktop.extract.files import format_listing

    _out(format_listing(result))
    return EXIT_OK


def _ensure_layout(repo) -> dict[int, tuple[float, float]] | None:  # noqa: ANN001
    """Give actors that were never drawn a position (force layout around the saved ones), and save it.

    A read-only workspace keeps its file as it is: the positions are returned instead, for the
    export to use (None when nothing had to be placed or they were saved).
    """
    actors = repo.list_actors()
    if all(a.x is not None and a.y is not None for a in actors):
        return None
    import numpy as np

    from desktop.graph.layout import layout

    index = {a.id: i for i, a in enumerate(actors)}
    rels = repo.list_relationships(with_evidence=False)
    edges = np.array([[index[r.source_id], index[r.target_id]] for r in rels], dtype=np.int64).reshape(-1, 2)
    pos = np.array(
        [[a.x, a.y] if a.x is not None and a.y is not None else [np.nan, np.nan] for a in actors], dtype=np.float64
    ).reshape(-1, 2)
    have: np.ndarray = ~np.any(np.isnan(pos), axis=1)  # actors with a saved position
    # saved positions stay exactly where the investigator left them; only the new ones are placed,
    # by the window's own layout (a fresh map packed for a landscape A4 page)
    out = layout(
        edges, len(actors), pos=pos, pinned=have, names=[a.name for a in actors], view_px=(1123.0, 794.0)
    ).positions
    placed = {a.id: (float(out[i, 0]), float(out[i, 1])) for i, a in enumerate(actors) if not have[i]}
    if repo.read_only:
        return {**{a.id: (a.x, a.y) for i, a in enumerate(actors) if have[i]}, **placed}
    repo.set_positions(placed)
    return None


def _window(first: str | None, last: str | None):  # noqa: ANN202 - (date | None, date | None)
    """--from/--to as days: a partial date stands for its first day (--from) or last (--to)."""
    from desktop.graph.timeline import partial_date_bounds

    out = []
    for text, option, end in ((first, "--from", 0), (last, "--to", 1)):
        try:
            bounds = partial_date_bounds(text)
        except ValueError:
            raise RelmapError(f"{option} must look like 2022, 2022-01 or 2022-01-05, not {text!r}") from None
        out.append(None if bounds is None else bounds[end])
    if out[0] is not None and out[1] is not None and out[0] > out[1]:
        raise RelmapError(f"--from {first} is after --to {last}")
    return out[0], out[1]


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.export.exporters import ExportRequest, export_file

    if args.dpi is not None and not 18 <= args.dpi <= 1200:
        raise RelmapError(f"--dpi must be between 18 and 1200, not {args.dpi}")
    repo = _open(args)
    try:
        positions = None
        if args.format in ("png", "svg", "pdf", "report", "graphml", "gexf"):
            positions = _ensure_layout(repo)
        date_from, date_to = _window(args.date_from, args.date_to)
        request = ExportRequest(
            format=args.format,
            out=args.out,
            types=_split(args.types),
            statuses=_split(args.status),
            positions=positions,
            date_from=date_from,
            date_to=date_to,
            date_axis="held" if args.held else "reported",
            dpi=args.dpi,
            width=args.width,
            height=args.height,
            title=args.title,
            caption=args.caption,
            legend=not args.no_legend,
            transparent=args.transparent,
            landscape=not args.portrait,
        )
        written = export_file(repo, request)
    finally:
        repo.close()
    for path in written:
        _out(f"wrote {path}")
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    from desktop.export.workspace_json import import_json, read_json_file

    ensure_workspace_may_open(args, create=False)
    data = read_json_file(args.file)  # refuse a bad file before opening any workspace
    repo = _open(args, seed=False)
    counts = None
    try:
        counts = import_json(repo, args.file, data=data)
    finally:
        _close(repo, keep=counts is not None)
    _out(
        f"read {counts['actors']} actors, {counts['articles']} articles and {counts['relationships']} "
        f"relationships from {args.file} into {repo.location}"
    )
    return EXIT_OK


def cmd_import_graph(args: argparse.Namespace) -> int:
    from desktop.export.importers import parse_graph_file, store_graph

    parsed = parse_graph_file(args.file)  # refuse a bad file before creating any workspace
    repo = _open(args, create=True, seed=False)
    summary = None
    try:
        summary = store_graph(repo, parsed)
    finally:
        _close(repo, keep=summary is not None)
    _out(f"read {args.file} into {repo.location}: {summary.describe()}")
    return EXIT_OK


def cmd_transfer(args: argparse.Namespace) -> int:
    from desktop.export.workspace_json import transfer_workspace
    from desktop.model import normal_location, open_workspace

    if normal_location(args.source) == normal_location(args.target):
        raise RelmapError(f"{args.source}: source and target are the same workspace")
    source = open_workspace(args.source, create=False)
    try:
        target = open_workspace(args.target)  # a new target starts empty: the source is the whole of it
        try:
            done = transfer_workspace(source, target)
            counts = target.counts()
        finally:
            target.close()
    finally:
        source.close()
    print(
        f"{done} {source.location} into {target.location}: it now holds {counts['actors']} actors, "
        f"{counts['relationships']} relationships, {counts['evidence']} excerpts and {counts['articles']} articles"
    )
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run

    path = _workspace_path(args)
    if isinstance(path, str):
        return run(workspace=path, seed=not args.no_seed)  # a team workspace: run() says if it made it
    path = path.expanduser()
    if not path.exists():
        _out(f"relmap: created workspace {path}{'' if args.no_seed else ' with the demo map'}", file=sys.stderr)
    return run(workspace=path, seed=not args.no_seed)


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop.app import self_test

    path = ensure_workspace_may_open(args, create=False)
    return self_test(workspace=path, screenshot=args.screenshot, seed=not args.no_seed)


COMMANDS = {
    "list": cmd_list,
    "import": cmd_import,
    "extract": cmd_extract,
    "export": cmd_export,
    "import-json": cmd_import_json,
    "import-graph": cmd_import_graph,
    "self-test": cmd_self_test,
    "push": cmd_transfer,
    "pull": cmd_transfer,
}


def _subcommand_names(parser: argparse.ArgumentParser) -> set[str]:
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)  # noqa: SLF001
        for name in action.choices
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `relmap PATH` is how a desktop opens a double-clicked .relmap file (Exec=relmap %f):
    # the same as `relmap --workspace PATH`.
    if len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in _subcommand_names(parser):
        argv = ["--workspace", argv[0]]
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_gui)
    try:
        return handler(args)
    except RelmapError as exc:
        _out(f"relmap: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _out("relmap: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        _out(f"relmap: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if os.environ.get("RELMAP_DEBUG"):
            raise
        _out(f"relmap: internal error: {type(exc).__name__}: {exc} (set RELMAP_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
