"""``python -m desktop.extract FILE [--json]``: print what extraction proposes for an article."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.extract.files import extract_file_json, format_listing


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: JSON with ``--json``, else a short human-readable listing."""
    parser = argparse.ArgumentParser(prog="python -m desktop.extract", description=__doc__)
    parser.add_argument("file", help="UTF-8 text file holding one article")
    parser.add_argument("--json", action="store_true", help="print the JSON the eval scorer reads")
    args = parser.parse_args(argv)
    from desktop.model.errors import RelmapError

    try:
        result = extract_file_json(args.file)
    except (OSError, RelmapError) as exc:
        print(f"python -m desktop.extract: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(format_listing(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
