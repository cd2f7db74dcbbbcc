"""``python -m desktop.extract FILE [--json]``: print what extraction proposes for an article."""

from __future__ import annotations

import argparse
import json
import sys

from desktop.extract.files import extract_file_json


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
    for a in result["actors"]:
        aliases = f"  (also: {', '.join(a['aliases'])})" if a["aliases"] else ""
        print(f"{a['kind']:12} {a['name']}{aliases}")
    for r in result["relations"]:
        print(f"{r['confidence']:.2f} {r['source']} --{r['type']}--> {r['target']}")
        print(f"       \"{r['evidence']['text']}\"")
    return 0


if __name__ == "__main__":
    sys.exit(main())
