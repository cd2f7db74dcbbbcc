"""Adversarial inputs of 1 MB for every pattern applied to imported text: each converts to the
right result (the time each takes is measured in tests/bench/bench_hostile.py, not here)."""

from __future__ import annotations

import pytest

from desktop.extract.formats import markdown_to_text, read_article
from desktop.extract.identity import strip_dateline
from desktop.extract.reader import guess_title, split_date_prefix
from desktop.extract.textprep import mask_datelines

MB = 1_000_000

# name -> (Markdown source of about 1 MB, a check of the text it converts to)
MARKDOWN = {
    # each of these took minutes with the hand-written patterns (catastrophic backtracking)
    "unclosed comments": ("<!--" * (MB // 4), lambda t: t == "<!--" * (MB // 4)),
    "unclosed links": ("[link](" * (MB // 7), lambda t: t.count("[link](") == MB // 7),
    "unclosed images": ("![" * (MB // 2), lambda t: len(t) == MB),
    "brackets": ("[" * MB, lambda t: t == "[" * MB),
    "link in link": ("[](" * (MB // 3), lambda t: len(t) == MB // 3 * 3),
    "autolink starts": ("<http:" * (MB // 6), lambda t: len(t) == MB // 6 * 6),
    "tag starts": ("<a " * (MB // 3), lambda t: t.startswith("<a <a")),
    # a line of thousands of markers is not prose: they stay (tests below check ordinary emphasis)
    "emphasis openers": ("**a " * (MB // 4), lambda t: t.strip() == ("**a " * (MB // 4)).strip()),
    "underscores": ("_a" * (MB // 2), lambda t: "a" * 10 in t.replace("_", "")),
    "code span starts": ("``a`" * (MB // 4), lambda t: "a" in t),
    "heading with a long gap": ("# a" + " " * MB + "b", lambda t: t.strip() == "a" + " " * MB + "b"),
    "trailing spaces": ("a" + " " * MB + "b", lambda t: t == "a" + " " * MB + "b"),
    "a long rule-like line": ("- " * (MB // 2) + "x", lambda t: t.endswith("x")),
    "closed comments": ("a<!-- hidden -->" * (MB // 16), lambda t: t == "a" * (MB // 16)),
}


@pytest.mark.parametrize("name", sorted(MARKDOWN))
def test_markdown_conversion_of_hostile_lines(name):
    source, check = MARKDOWN[name]
    text, meta = markdown_to_text(source)
    assert meta == {} and check(text)


def test_ordinary_markdown_still_converts():
    line = "A *short* claim. " * 200  # hundreds of markers in a long paragraph are still emphasis
    assert markdown_to_text(line)[0] == "A short claim. " * 199 + "A short claim."
    text, _ = markdown_to_text(
        "# Head #\n\nSome **bold**, *it*, _it_, ~~gone~~ and `co*de*` with [a link](http://x.test "
        '"t") and ![pic](p.png) <b>tag</b><!-- note -->, 5 * 3 and snake_case.\n'
    )
    assert (
        text.split() == ("Head Some bold, it, it, gone and co*de* with a link and tag, 5 * 3 and snake_case.").split()
    )


def test_other_patterns_on_hostile_text():
    caps = "ABCD" * (MB // 4)
    spaced = "ABC " * (MB // 4)
    for text in (caps, spaced, "ABCDE\n" * (MB // 6), "AAA (" * (MB // 5), " " * MB, "date " + " " * MB):
        assert len(mask_datelines(text)) == len(text)
        assert strip_dateline(text) in (text, text.lstrip())
        assert split_date_prefix(text) == (None, 0)
        guess_title(text, fallback="x")
    assert mask_datelines("MOSCOW (Reuters) - A minister spoke.") == " " * 19 + "A minister spoke."


def test_hostile_files_of_each_kind_convert(tmp_path):
    (tmp_path / "a.md").write_text("Title\n\n" + "[link](" * (MB // 7) + "\n", encoding="utf-8")
    (tmp_path / "a.html").write_text(
        "<html><head><title>Big page</title></head><body><p>" + "&lt;" * MB + "</p></body></html>", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text("date " + " " * 1000 + "\n" + "word " * (MB // 5), encoding="utf-8")
    md = read_article(tmp_path / "a.md")
    assert md.title == "Title" and md.text.count("[link](") == MB // 7
    html = read_article(tmp_path / "a.html")
    assert html.title == "Big page" and html.text == "<" * MB
    txt = read_article(tmp_path / "a.txt")
    assert txt.published is None and txt.text.count("word") == MB // 5
