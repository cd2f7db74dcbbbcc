"""Reading articles of every supported format into the text a workspace stores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.extract.formats import article_from_text, markdown_to_text, read_article
from desktop.extract.reader import ArticleFileError

BODY = "President Kassym-Jomart Tokayev spoke with Russian President Vladimir Putin on Thursday, the Kremlin said."


def test_plain_text_keeps_characters_and_lifts_a_date_line(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f"date 2023-04-05\nLeaders talk\n\n{BODY}\n", encoding="utf-8")
    art = read_article(path)
    assert art.published == date(2023, 4, 5)
    assert art.title == "Leaders talk"
    assert art.text == f"Leaders talk\n\n{BODY}"
    assert path.read_text(encoding="utf-8")[art.offset :].rstrip() == art.text


def test_markdown_markup_is_stripped_and_front_matter_read(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        '---\ntitle: "Talks in Astana"\ndate: 2023-05-04\nsource: Example Wire\n---\n'
        "# Talks in Astana\n\n"
        'President **Kassym-Jomart Tokayev** spoke with *Vladimir Putin* on [Thursday](https://x.test/a "t").\n\n'
        '> The talks were "constructive", said_the_aide.\n\n'
        "- first point\n- second `code_point`\n\n![photo](img.png)\n\n***\n\nSnake_case_word and 5 * 3 stay.\n",
        encoding="utf-8",
    )
    art = read_article(path)
    assert (art.title, art.source, art.published) == ("Talks in Astana", "Example Wire", date(2023, 5, 4))
    assert art.text.startswith(
        "Talks in Astana\n\nPresident Kassym-Jomart Tokayev spoke with Vladimir Putin on Thursday."
    )
    assert 'The talks were "constructive", said_the_aide.' in art.text
    assert "first point\nsecond code_point" in art.text
    assert "Snake_case_word and 5 * 3 stay." in art.text
    for markup in ("**", "](", "![", "---", "> ", "# ", "img.png"):
        assert markup not in art.text


def test_markdown_setext_heading_and_fence():
    text, meta = markdown_to_text("Headline\n========\n\n```\nkeep *this* as is\n```\nafter\n")
    assert meta == {}
    assert "=" not in text and "```" not in text
    assert "Headline" in text and "keep *this* as is" in text and "after" in text


def test_html_boilerplate_and_scripts_are_stripped_and_metadata_taken(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Leaders meet | Example News</title>"
        '<meta property="og:title" content="Leaders meet in Astana">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2023-05-04T10:00:00Z">'
        "<script>var tracking = 'SCRIPT_TEXT';</script><style>p{color:red}</style></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/w'>World</a> | <a href='/s'>Sport</a></nav>"
        f"<article><h1>Leaders meet in Astana</h1><p>{BODY}</p>"
        "<p>The two leaders discussed trade, energy and security in a long telephone call.</p></article>"
        "<footer>Copyright 2023 Example News. All rights reserved.</footer>"
        "<script>alert('SCRIPT_TWO')</script></body></html>",
        encoding="utf-8",
    )
    art = read_article(path)
    assert art.title == "Leaders meet in Astana"
    assert art.source == "Example News"
    assert art.published == date(2023, 5, 4)
    assert BODY in art.text
    for junk in ("SCRIPT_TEXT", "SCRIPT_TWO", "color:red", "Copyright", "<p>", "Sport"):
        assert junk not in art.text


@pytest.fixture
def pdf_file(qapp, tmp_path) -> Path:  # noqa: ARG001 - QPdfWriter needs a QGuiApplication
    from PySide6.QtCore import QMarginsF, QRectF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    path = tmp_path / "story.pdf"
    writer = QPdfWriter(str(path))
    writer.setTitle("Talks in Astana")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 20, 20),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    font = painter.font()
    font.setPointSize(11)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, writer.width(), 400), 0, "Kremlin statement")
    painter.drawText(QRectF(0, 600, writer.width(), 400), 0, "Kassym-Jomart Tokayev spoke with Vladimir Putin.")
    writer.newPage()
    painter.drawText(QRectF(0, 0, writer.width(), 400), 0, "The call lasted an hour.")
    painter.end()
    return path


def test_pdf_text_layer_is_read_with_its_title(pdf_file):
    art = read_article(pdf_file)
    assert art.title == "Talks in Astana"
    assert "Kassym-Jomart Tokayev spoke with Vladimir Putin." in art.text
    assert "The call lasted an hour." in art.text


def test_pasted_text_takes_fields_and_date_prefix():
    art = article_from_text(f"  date 2022-01-08 {BODY}\n\n", title="", source="  Wire ")
    assert art.published == date(2022, 1, 8) and art.source == "Wire"
    assert art.text == BODY and art.title.startswith("President Kassym-Jomart Tokayev")
    art = article_from_text(BODY, title="Given", published=date(2020, 1, 2))
    assert (art.title, art.published) == ("Given", date(2020, 1, 2))
    with pytest.raises(ArticleFileError, match="pasted text: has no article text"):
        article_from_text(" \n date 2022-01-08 \n")


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.md", b"  \n", "is empty"),
        ("bin.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin.md", "Caf\xe9".encode("latin-1"), "is not UTF-8 text"),
        ("only-markup.md", b"---\ntitle: x\n---\n# \n\n![a](b.png)\n", "has no article text"),
        ("empty.html", b"", "is empty"),
        ("bin.html", b"\x00\x01\x02<html>\x00", "binary"),
        ("nottags.html", b"just some words without any markup at all", "does not look like an HTML page"),
        ("nothing.html", b"<html><head><script>var a=1;</script></head><body>  </body></html>", "has no article text"),
        ("fake.pdf", b"hello, I am not a PDF", "is not a PDF file"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer << >>\n%%EOF", "PDF"),
        ("story.docx", b"PK\x03\x04", "Relmap reads .txt, .md, .html and .pdf"),
    ],
)
def test_malformed_files_are_refused_naming_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleFileError) as info:
        read_article(path)
    assert str(path) in str(info.value) and problem in str(info.value)


def test_missing_and_folder_are_refused(tmp_path):
    with pytest.raises(ArticleFileError, match="does not exist"):
        read_article(tmp_path / "nope.html")
    with pytest.raises(ArticleFileError, match="is a folder"):
        read_article(tmp_path)


def test_pdf_without_text_layer_or_with_password_is_refused(tmp_path):
    from pypdf import PdfWriter

    blank = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with blank.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ArticleFileError, match="has no text layer"):
        read_article(blank)
    locked = tmp_path / "locked.pdf"
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ArticleFileError, match="password-protected") as info:
        read_article(locked)
    assert str(locked) in str(info.value)
