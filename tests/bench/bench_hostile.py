"""Hostile inputs of 1 MB: how long reading each takes, against ordinary prose of the same size.

Every pattern Relmap applies to imported text (Markdown conversion, HTML extraction, the date
prefix, titles, news datelines) gets inputs built to make a backtracking pattern take quadratic
time: a line of 1 MB of "<!--", "[link](", "![", "**a ", "`", blanks, capitals... Each file is
read the way `relmap import` reads it (desktop.extract.formats.read_article, extraction aside:
its cost is per word, see bench_extract and bench_big), and the dateline/title helpers run on
the text.

Baseline: the same reader on 1 MB of ordinary prose in the same format, measured in this run.
Target: every hostile input is read (or refused) in under 2 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
TARGET_S = 2.0
PROSE = "The minister met the mayor on Monday to discuss the harbour, officials said. "


def _inputs() -> dict[str, tuple[str, str]]:
    """name -> (suffix, content)."""
    md = {
        "md: unclosed comments": "<!--" * (MB // 4),
        "md: unclosed links": "[link](" * (MB // 7),
        "md: unclosed images": "![" * (MB // 2),
        "md: brackets": "[" * MB,
        "md: link in link": "[](" * (MB // 3),
        "md: autolink starts": "<http:" * (MB // 6),
        "md: tag starts": "<a " * (MB // 3),
        "md: emphasis openers": "**a " * (MB // 4),
        "md: underscores": "_a" * (MB // 2),
        "md: code span starts": "``a`" * (MB // 4),
        "md: backticks": "`" * MB,
        "md: heading gap": "# a" + " " * MB + "b",
        "md: trailing blanks": "a" + " " * MB + "b",
        "md: rule-like": "- " * (MB // 2) + "x",
        "md: quotes": "> " * (MB // 2) + "x",
    }
    html = {
        "html: angle brackets": "<p>" + "&lt;" * (MB // 4),
        "html: comments": "<p>a</p>" + "<!--" * (MB // 4),
        "html: entities": "<p>" + "&#" * (MB // 2),
        "html: nested divs": "<div>" * (MB // 5) + "text",
        "html: attributes": "<p " + "a=" * (MB // 2) + ">x</p>",
    }
    txt = {
        "txt: date then blanks": "date " + " \t" * (MB // 2) + "x",
        "txt: capitals": "ABCD" * (MB // 4),
        "txt: capitals, lines": "ABCDE\n" * (MB // 6),
        "txt: one word": "a" * MB + "\n\nsecond paragraph",
    }
    out = {name: (".md", "Title\n\n" + body) for name, body in md.items()}
    out.update(
        {
            name: (".html", f"<html><head><title>T</title></head><body>{body}</body></html>")
            for name, body in html.items()
        }
    )
    out.update({name: (".txt", body) for name, body in txt.items()})
    return out


def _read(path: Path) -> str:
    from desktop.extract.formats import read_article
    from desktop.extract.identity import strip_dateline
    from desktop.extract.model import Extraction  # noqa: F401 - the import costs are paid before timing
    from desktop.extract.textprep import mask_datelines
    from desktop.model.errors import RelmapError

    try:
        article = read_article(path)
    except RelmapError as exc:
        return f"refused: {exc.args[0].split(': ', 1)[-1][:40]}"
    mask_datelines(article.text)
    strip_dateline(article.text)
    return f"{len(article.text):,} chars"


def main(argv: list[str]) -> int:
    del argv
    folder = Path(tempfile.mkdtemp(prefix="relmap-bench-hostile-"))
    baselines = {}
    for suffix, content in (
        (".md", "Title\n\n" + PROSE * (MB // len(PROSE))),
        (".html", "<html><body><p>" + PROSE * (MB // len(PROSE)) + "</p></body></html>"),
        (".txt", PROSE * (MB // len(PROSE))),
    ):
        path = folder / f"prose{suffix}"
        path.write_text(content, encoding="utf-8")
        _read(path)  # warm: imports, caches
        started = time.perf_counter()
        _read(path)
        baselines[suffix] = time.perf_counter() - started
    print(f"{'input (1 MB)':28} {'seconds':>8} {'x prose':>8}  result")
    for suffix, seconds in baselines.items():
        print(f"{'baseline: prose ' + suffix:28} {seconds:8.2f} {1.0:8.1f}")
    worst = 0.0
    for name, (suffix, content) in _inputs().items():
        path = folder / f"input{suffix}"
        path.write_text(content, encoding="utf-8")
        started = time.perf_counter()
        result = _read(path)
        seconds = time.perf_counter() - started
        worst = max(worst, seconds)
        print(f"{name:28} {seconds:8.2f} {seconds / baselines[suffix]:8.1f}  {result}", flush=True)
    ok = worst < TARGET_S
    print(f"slowest hostile input: {worst:.2f} s (target < {TARGET_S:.0f} s): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
