"""The `relmap` command: the GUI by default, and subcommands for scripts and report pipelines.

User mistakes (a missing file, a file that is not a workspace, bad JSON) print one line on
stderr and exit non-zero; a traceback is only shown with RELMAP_DEBUG=1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__
from desktop.model.errors import RelmapError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _workspace_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument("--workspace", "-w", metavar="PATH", type=Path,
                        default=None if top else argparse.SUPPRESS,
                        help="workspace file to open or create (default: the workspace in your user data folder)")
    parser.add_argument("--no-seed", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="create a new workspace empty instead of filling it with the demo article")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relmap",
        description="Relmap: map actors and the evidence-backed relationships between them. "
                    "Without a command, opens the main window.")
    parser.add_argument("--version", action="version", version=f"relmap {__version__}")
    _workspace_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="print the actors or relationships of a workspace")
    p.add_argument("what", choices=["actors", "relationships"])
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--types", metavar="T1,T2", help="only these relationship types")
    p.add_argument("--status", metavar="S1,S2", help="only these statuses (proposed, confirmed, rejected)")
    _workspace_option(p, top=False)

    p = sub.add_parser("import", help="store article files (plain text) in a workspace")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--title", help="title for the article (one file only)")
    p.add_argument("--source", help="source (URL or publisher) for every file")
    _workspace_option(p, top=False)

    p = sub.add_parser("export", help="write the workspace to a file")
    p.add_argument("--format", "-f", required=True, choices=["json"], help="output format")
    p.add_argument("--out", "-o", required=True, type=Path, metavar="PATH")
    _workspace_option(p, top=False)

    p = sub.add_parser("self-test", help="open the main window, click every relationship, check its evidence shows")
    p.add_argument("--screenshot", type=Path, metavar="PNG", help="also save a screenshot of the window")
    _workspace_option(p, top=False)

    p = sub.add_parser("import-json", help="read a workspace export (relmap export --format json) into a workspace")
    p.add_argument("file", type=Path, metavar="PATH")
    _workspace_option(p, top=False)
    return parser


def _workspace_path(args: argparse.Namespace) -> Path:
    from desktop.paths import default_workspace_path

    return args.workspace or default_workspace_path()


def _open(args: argparse.Namespace, *, seed: bool | None = None):  # noqa: ANN202
    from desktop.seed import open_user_workspace

    return open_user_workspace(_workspace_path(args), seed=(not args.no_seed) if seed is None else seed)


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def cmd_list(args: argparse.Namespace) -> int:
    repo = _open(args)
    try:
        if args.what == "actors":
            actors = repo.list_actors()
            if args.json:
                print(json.dumps([{"name": a.name, "kind": a.kind, "aliases": list(a.aliases), "notes": a.notes,
                                   "relationships": a.degree} for a in actors], ensure_ascii=False, indent=2))
            else:
                for a in actors:
                    also = f"  (also: {', '.join(a.aliases)})" if a.aliases else ""
                    print(f"{a.name}  [{a.kind}, {a.degree} relationships]{also}")
            return EXIT_OK
        known = {t.key for t in repo.list_relation_types()}
        types = _split(args.types)
        for t in types or ():
            if t not in known:
                raise RelmapError(f"unknown relationship type {t!r}; known: {', '.join(sorted(known))}")
        rels = repo.list_relationships(types=types, statuses=_split(args.status))
        if args.json:
            print(json.dumps([{
                "type": r.type, "source": r.source, "target": r.target, "status": r.status,
                "confidence": r.confidence, "valid_from": r.valid_from, "valid_to": r.valid_to, "note": r.note,
                "evidence": [{"article": e.article_title, "article_id": e.article_id,
                              "published": e.article_published.isoformat() if e.article_published else None,
                              "start": e.start, "end": e.end, "text": e.text, "origin": e.origin}
                             for e in r.evidence]} for r in rels], ensure_ascii=False, indent=2))
        else:
            for r in rels:
                arrow = "->" if r.directed else "--"
                print(f"{r.type:16} {r.source} {arrow} {r.target}  [{r.status}, {r.confidence:.2f}, "
                      f"{len(r.evidence)} excerpt{'s' if len(r.evidence) != 1 else ''}]")
        return EXIT_OK
    finally:
        repo.close()


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.extract.reader import read_text_article

    if args.title and len(args.files) > 1:
        raise RelmapError("--title can only be given with a single file")
    repo = _open(args)
    failed = 0
    try:
        for path in args.files:
            try:
                article = read_text_article(path, title=args.title, source=args.source)
                change = repo.add_article(article.text, title=article.title, source=article.source,
                                          published=article.published)
            except RelmapError as exc:
                print(f"relmap: {exc}", file=sys.stderr)
                failed += 1
                continue
            state = "imported" if change.articles else "already in the workspace"
            print(f"{path}: {state} as article {change.subject_id} ({article.title!r})")
    finally:
        repo.close()
    return EXIT_FAILED if failed else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.export.workspace_json import export_json

    repo = _open(args)
    try:
        out = export_json(repo, args.out)
    finally:
        repo.close()
    print(f"wrote {out}")
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    from desktop.export.workspace_json import import_json, read_json_file

    read_json_file(args.file)  # refuse a bad file before creating any workspace
    # A workspace created to receive an export starts empty: the file is the whole workspace.
    repo = _open(args, seed=False)
    try:
        counts = import_json(repo, args.file)
    finally:
        repo.close()
    print(f"read {counts['actors']} actors, {counts['articles']} articles and {counts['relationships']} "
          f"relationships from {args.file} into {repo.path}")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run

    return run(workspace=_workspace_path(args), seed=not args.no_seed)


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop.app import self_test

    return self_test(workspace=_workspace_path(args), screenshot=args.screenshot, seed=not args.no_seed)


COMMANDS = {"list": cmd_list, "import": cmd_import, "export": cmd_export, "import-json": cmd_import_json}
COMMANDS["self-test"] = cmd_self_test


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_gui)
    try:
        return handler(args)
    except RelmapError as exc:
        print(f"relmap: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("relmap: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"relmap: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if os.environ.get("RELMAP_DEBUG"):
            raise
        print(f"relmap: internal error: {type(exc).__name__}: {exc} (set RELMAP_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
