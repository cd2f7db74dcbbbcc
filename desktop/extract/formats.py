"""Reading article files of several formats (.txt, .md, .html, .pdf) and pasted text.

Every reader returns an :class:`~desktop.extract.reader.ArticleFile` whose ``text`` is what the
workspace stores: evidence offsets index that text. Every reader refuses what is not an article
(missing, empty, binary, undecodable, malformed, huge, no text layer) with an
:class:`~desktop.extract.reader.ArticleFileError` that names the file, so nothing is stored.

Plain text keeps its characters exactly (only a leading date marker is lifted, see
``ArticleFile.offset``); the other formats are converted to plain text first, so offsets point
into the converted text, never into the markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.extract.reader import (
    MAX_BYTES,
    ArticleFile,
    ArticleFileError,
    dateline_source,
    decode_text,
    guess_title,
    normalise_newlines,
    read_file_bytes,
    read_text_article,
    split_date_prefix,
)
from desktop.model.cleantext import visible_controls
from desktop.model.titles import is_dateline_or_place

TEXT_SUFFIXES = frozenset({".txt", ".text", ""})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = (TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES) - {""}
# For file pickers: "Articles (*.txt *.md ...)".
FILE_FILTER = "Articles (" + " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES)) + ");;All files (*)"

PASTED = Path("pasted text")


def read_article(
    path: Path | str,
    *,
    title: str | None = None,
    source: str | None = None,
    published: date | None = None,
    max_bytes: int = MAX_BYTES,
) -> ArticleFile:
    """Read an article file of any supported format, chosen by its suffix.

    ``title``, ``source`` and ``published`` override what the file itself says (a Markdown
    front matter, an HTML page's metadata, a PDF's document info, a ``date`` prefix).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        if suffix in (".doc", ".docx", ".odt", ".rtf", ".epub", ".xls", ".xlsx", ".png", ".jpg", ".jpeg"):
            raise ArticleFileError(
                path,
                f"is a {suffix} file; Relmap reads .txt, .md, .html and .pdf articles (save it as one of those first)",
            )
        reader = _read_text  # unknown suffix: accept it if it is plain UTF-8 text
    article = reader(path, title=title, source=source, max_bytes=max_bytes)
    if published is not None and article.published != published:
        article = ArticleFile(
            path=article.path,
            title=article.title,
            source=article.source,
            published=published,
            text=article.text,
            offset=article.offset,
            url=article.url,
        )
    return article


def article_from_text(
    text: str, *, title: str = "", source: str = "", published: date | None = None, name: Path | str = PASTED
) -> ArticleFile:
    """An article typed or pasted by the user; a leading ``date YYYY-MM-DD`` is lifted as in files.

    Control characters other than newline and tab are made visible, as in files."""
    raw = visible_controls(normalise_newlines(text))
    lead = len(raw) - len(raw.lstrip(" \t\n"))  # blank lines above pasted text mean nothing
    found, cut = split_date_prefix(raw[lead:])
    cut += lead
    body = raw[cut:].rstrip()
    if not body.strip():
        raise ArticleFileError(name, "has no article text")
    if len(body.encode("utf-8")) > MAX_BYTES:
        raise ArticleFileError(name, f"is too large for an article (the limit is {MAX_BYTES / 1e6:.0f} MB)")
    return ArticleFile(
        path=Path(name),
        title=visible_controls((title or "").strip()) or guess_title(body, fallback="Pasted article"),
        source=visible_controls((source or "").strip()) or dateline_source(body),
        published=published or found,
        text=body,
        offset=cut,
    )


# ---------------------------------------------------------------------------- shared checks
def _read_bytes(path: Path, max_bytes: int) -> bytes:
    data = read_file_bytes(path, max_bytes=max_bytes)
    if not data.strip():
        raise ArticleFileError(path, "is empty")
    return data


def _finish(
    path: Path,
    body: str,
    *,
    title: str | None,
    meta_title: str | None,
    source: str | None,
    meta_source: str | None,
    published: date | None,
    url: str | None = None,
) -> ArticleFile:
    """Tidy converted text and build the ArticleFile; a leading date marker is honoured too.

    What a converter hands back (trafilatura, pypdf) may hold control characters the file
    encoded as entities or escapes: they are made visible here, as in plain text."""
    body = visible_controls(_tidy(body))
    found, cut = split_date_prefix(body)
    body = body[cut:].rstrip()
    if not body.strip():
        raise ArticleFileError(path, "has no article text")
    meta_title = (meta_title or "").strip()
    if meta_title and is_dateline_or_place(meta_title):
        meta_title = ""  # a page titled "MOSCOW" says where, not what
    title = visible_controls(title or meta_title) or guess_title(body, fallback=path.stem)
    return ArticleFile(
        path=path,
        title=title,
        source=visible_controls(source or (meta_source or "").strip()) or dateline_source(body),
        published=published or found,
        text=body,
        url=web_address(url),
    )


def web_address(value: object) -> str:
    """An http(s) address a page or front matter gives for the article, or '' (anything else,
    such as a relative link or a file path, is not an address a reader can follow)."""
    text = " ".join(str(value or "").split())
    return text if re.match(r"^https?://[^\s/]+\S*$", text, re.IGNORECASE) and len(text) <= 2000 else ""


def _tidy(text: str) -> str:
    """Converted text: no trailing spaces, at most one blank line in a row, no leading blank lines."""
    lines = [line.rstrip() for line in normalise_newlines(text).split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip("\n")


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    match = re.search(r"(\d{4})-?(\d{2})-?(\d{2})", str(value))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# ---------------------------------------------------------------------------- plain text
def _read_text(path: Path, *, title: str | None, source: str | None, max_bytes: int) -> ArticleFile:
    return read_text_article(path, title=title, source=source, max_bytes=max_bytes)


# ---------------------------------------------------------------------------- Markdown
# Every pattern here runs on text anyone can paste, so each is linear in the line's length:
# character classes that cannot cross the delimiter they look for, possessive quantifiers
# (Python 3.11) where a failed match must not be retried shorter, no lazy scans to a far
# delimiter. A 1 MB line of any of them ("<!--", "[a](", "![", "**a ", "`") converts in well
# under a second (tests/test_hostile_input.py; tests/bench/bench_hostile.py times them).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]++(.*+))?$")
_SETEXT = re.compile(r"^[ \t]{0,3}(?:=++|-++)[ \t]*+$")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$")
_BULLET = re.compile(r"^([ \t]*+)(?:[-*+]|\d{1,9}[.)])[ \t]++(?:\[[ xX]\][ \t]++)?")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)++")
_IMAGE = re.compile(r"!\[[^\[\]]*+\]\([^()]*+\)")
_LINK = re.compile(r"\[([^\[\]]++)\]\((?:[^()\s]++|\([^()\s]*+\))*+(?:[ \t]++\"[^\"]*+\")?\)")
_REF_LINK = re.compile(r"\[([^\[\]]++)\]\[[^\[\]]*+\]")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\[\]]++\]:[ \t]*+\S")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]++)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*+(?:\s[^<>]*+)?>")
# Emphasis: a marker is removed where it hugs a word, opening or closing; "5 * 3", a*b and
# snake_case stay. Markers are not paired (pairing is what took quadratic time).
_MARKER = re.compile(r"\*++|_++|~++")
_MAX_MARKERS = 2000
_CODE = re.compile(r"(?<!`)(`++)([^`]++)\1(?!`)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_HTML_ENTITY = re.compile(r"&(amp|lt|gt|quot|nbsp|#39);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": " ", "#39": "'"}


def _without_comments(text: str) -> str:
    """HTML comments out, by scanning once (a pattern for them rescans the line per "<!--")."""
    if "<!--" not in text:
        return text
    out, at = [], 0
    while True:
        start = text.find("<!--", at)
        if start == -1:
            break
        end = text.find("-->", start + 4)
        if end == -1:  # unclosed: the rest is not a comment Relmap removes
            break
        out.append(text[at:start])
        at = end + 3
    out.append(text[at:])
    return "".join(out)


def _heading_text(match: re.Match) -> str:
    """The words of an ATX heading, without its optional closing hashes."""
    words = (match.group(1) or "").rstrip(" \t")
    bare = words.rstrip("#")
    if bare != words and (not bare or bare[-1] in " \t"):
        words = bare.rstrip(" \t")
    return words


def markdown_to_text(source: str) -> tuple[str, dict[str, str]]:
    """Markdown -> plain text with paragraphs kept, and the front matter's simple ``key: value`` pairs.

    Markup characters are removed (headings, emphasis, links keep their words, images and
    reference definitions go); text inside code spans and fences is kept as written.
    """
    meta: dict[str, str] = {}
    match = _FRONT_MATTER.match(source)
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() and not key.startswith((" ", "\t")):
                meta[key.strip().lower()] = value.strip().strip("\"'")
        source = source[match.end() :]
    out: list[str] = []
    in_fence: str | None = None
    for line in source.split("\n"):
        fence = _FENCE.match(line)
        if in_fence is not None:
            if fence and fence.group(1) == in_fence:
                in_fence = None
            else:
                out.append(line)
            continue
        if fence:
            in_fence = fence.group(1)
            continue
        if _SETEXT.match(line) and out and out[-1].strip():
            out.append("")  # the underline of a heading: the heading text stays, the line goes
            continue
        if _RULE.match(line) or _REF_DEF.match(line):
            out.append("")
            continue
        heading = _HEADING.match(line)
        if heading:
            if out and out[-1].strip():
                out.append("")
            out.append(_inline(_heading_text(heading)))
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        line = _BULLET.sub(r"\1", line)
        if line.strip().startswith("|") and set(line.strip()) <= set("|-: "):
            continue  # the separator row of a table
        out.append(_inline(line.strip()))
    return "\n".join(out), meta


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _strip_emphasis(text: str) -> str:
    """Emphasis markers (``*``, ``**``, ``***``, ``_``..., ``~~``) out where they hug a word."""

    def marker(m: re.Match) -> str:
        run = m.group()
        if len(run) > 3 or (run[0] == "~" and len(run) != 2):
            return run
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        opening = not _word_char(before) and not after.isspace()
        closing = not before.isspace() and not _word_char(after)
        return "" if opening or closing else run

    return _MARKER.sub(marker, text)


def _inline(text: str) -> str:
    codes: list[str] = []

    def keep_code(m: re.Match) -> str:
        codes.append(m.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    # Each pass only where its character occurs: most lines have no markup at all.
    # Text inside code spans stays as written; NUL cannot be in text read by decode_text (it is
    # made visible), so it marks where each span goes back.
    # A line with thousands of backticks or emphasis markers is not prose: its markers stay as
    # they are (one look at each would be linear too, but slow at a megabyte of them).
    if "`" in text and text.count("`") <= _MAX_MARKERS:
        text = _CODE.sub(keep_code, text)
    if "[" in text:
        text = _REF_LINK.sub(r"\1", _LINK.sub(r"\1", _IMAGE.sub("", text)))
    if "<" in text:
        text = _TAG.sub("", _without_comments(_AUTOLINK.sub(r"\1", text)))
    if ("*" in text or "_" in text or "~" in text) and text.count("*") + text.count("_") + text.count(
        "~"
    ) <= _MAX_MARKERS:
        text = _strip_emphasis(text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = _HTML_ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)
    kept = text.rstrip(" \t")
    if len(text) - len(kept) >= 2:  # a hard line break's trailing blanks
        text = kept
    if codes:
        text = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], text)
    return text


def _read_markdown(path: Path, *, title: str | None, source: str | None, max_bytes: int) -> ArticleFile:
    raw = normalise_newlines(decode_text(_read_bytes(path, max_bytes), path))
    text, meta = markdown_to_text(raw)
    meta_title = meta.get("title")
    if not meta_title:
        heading = next((_HEADING.match(line) for line in raw.split("\n") if _HEADING.match(line)), None)
        meta_title = _inline(_heading_text(heading)) if heading else None
    return _finish(
        path,
        text,
        title=title,
        meta_title=meta_title,
        source=source,
        meta_source=meta.get("source")
        or meta.get("publisher")
        or meta.get("site")
        or _site_of(web_address(meta.get("url"))),
        published=_parse_date(meta.get("date") or meta.get("published")),
        url=meta.get("url"),
    )


def _site_of(url: str) -> str:
    """ "https://www.example.org/news/1" -> "example.org" (a source when nothing better is known)."""
    match = re.match(r"^https?://(?:www\.)?([^/:?#]+)", url, re.IGNORECASE)
    return match.group(1).lower() if match else ""


# ---------------------------------------------------------------------------- HTML
_HTML_META_CHARS = 200_000


def _read_html(path: Path, *, title: str | None, source: str | None, max_bytes: int) -> ArticleFile:
    data = _read_bytes(path, max_bytes)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleFileError(path, "is a binary file, not an HTML page (it contains NUL bytes)")
    html = _decode_html(data, path)
    if not re.search(
        r"<\s*(html|body|p|div|article|head|title|h[1-6]|br|span|section|main)\b", html[:200_000], re.IGNORECASE
    ):
        raise ArticleFileError(
            path, "does not look like an HTML page (no HTML tags found); rename it to .txt if it is plain text"
        )
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    _linear_trafilatura_filter()

    # On a big page the metadata search (dates, title, site name) runs its patterns over all
    # the page's text, several seconds a megabyte: it reads the top of the page only, where a
    # page says those things; the text itself is extracted from the whole page.
    big = len(html) > _HTML_META_CHARS
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=not big,
            favor_recall=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
        if isinstance(doc, dict):  # only with as_dict=True (deprecated), which this call does not pass
            raise TypeError("trafilatura answered with a dict")
        meta = doc
        if big:
            from trafilatura.metadata import extract_metadata

            head_end = html.find("</head>", 0, _HTML_META_CHARS)
            meta = extract_metadata(html[: max(head_end, 0) + 20_000])
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds on broken markup
        raise ArticleFileError(path, f"is not an HTML page Relmap can read ({type(exc).__name__}: {exc})") from exc
    body = (doc.text or "") if doc is not None else ""
    if not body.strip():
        # trafilatura found no main content (a very short page); fall back to its plain
        # conversion, which still drops scripts, styles and markup
        try:
            body = trafilatura.html2txt(html) or ""
        except Exception:  # noqa: BLE001
            body = ""
    if not body.strip():
        raise ArticleFileError(path, "has no article text (the page holds no readable paragraphs)")
    # trafilatura separates paragraphs by one newline; a blank line reads better in excerpts
    body = "\n\n".join(p.strip() for p in normalise_newlines(body).split("\n") if p.strip())
    meta_source = None
    url = None
    if meta is not None:
        # a page saved from a browser names its own address: <link rel="canonical"> or og:url
        url = web_address(meta.url)
        meta_source = meta.sitename or meta.hostname or _site_of(url)
    return _finish(
        path,
        body,
        title=title,
        meta_title=meta.title if meta is not None else None,
        source=source,
        meta_source=meta_source,
        published=_parse_date(meta.date if meta is not None else None),
        url=url,
    )


def _linear_trafilatura_filter() -> None:
    """trafilatura drops share-button lines with ``\\W*(Facebook|Print|...)$`` matched on every
    line: a line of a megabyte of punctuation is retried at every length (~2 s). The keywords
    all start with a word character, so a possessive run of non-word characters finds exactly
    the same lines, in one pass."""
    import trafilatura.utils as utils

    pattern = getattr(utils, "RE_FILTER", None)
    if pattern is not None and pattern.pattern.startswith(r"\W*("):
        utils.RE_FILTER = re.compile(r"\W*+" + pattern.pattern[3:], pattern.flags)


def _decode_html(data: bytes, path: Path) -> str:
    """UTF-8 first (what browsers save), else the page's own declared charset."""
    try:
        return decode_text(data, path)
    except ArticleFileError as first:
        declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.IGNORECASE)
        if declared:
            try:
                return visible_controls(normalise_newlines(data.decode(declared.group(1).decode("ascii"))))
            except (LookupError, UnicodeDecodeError):
                pass
        raise first


# ---------------------------------------------------------------------------- PDF
def _read_pdf(path: Path, *, title: str | None, source: str | None, max_bytes: int) -> ArticleFile:
    data = _read_bytes(path, max_bytes)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ArticleFileError(path, "is not a PDF file (it does not start with %PDF-)")
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    # pypdf logs recoverable damage as warnings; what matters here is whether text comes out
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ArticleFileError(path, "is a password-protected PDF; save an unprotected copy")
            except (NotImplementedError, PyPdfError) as exc:
                raise ArticleFileError(path, "is a password-protected PDF; save an unprotected copy") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ArticleFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any damage pypdf trips over is a damaged file, not our bug
        # Beside its own errors pypdf raises whatever the damage leads its parser into: a
        # misspelt filter name is NotImplementedError ("Unsupported filter"), broken numbers
        # are ValueError or OverflowError, cyclic objects RecursionError, bad streams zlib.error
        # (the fuzz in tests/fuzz_cases.py found the first). None of them is Relmap's fault.
        kind = "" if isinstance(exc, (PdfReadError, PyPdfError)) else f"{type(exc).__name__}: "
        raise ArticleFileError(path, f"is a damaged PDF that cannot be read ({kind}{exc})") from exc
    body = "\n\n".join(_unwrap_pdf_page(p) for p in pages if p.strip())
    if not body.strip():
        raise ArticleFileError(path, "has no text layer (a scanned PDF?); Relmap cannot read text from images")
    meta_title = None
    if info is not None:
        try:
            meta_title = info.title
        except (PyPdfError, ValueError, KeyError, TypeError):
            pass
    # A PDF's creation date is when the file was made (often a print-out), not when the
    # article was published, so it is not taken as the article date.
    return _finish(path, body, title=title, meta_title=meta_title, source=source, meta_source=None, published=None)


def _unwrap_pdf_page(text: str) -> str:
    """Join lines a PDF broke for layout into paragraphs; keep blank lines and hyphen breaks honest."""
    text = normalise_newlines(text)
    paragraphs = re.split(r"\n[ \t]*\n", text)
    out = []
    for para in paragraphs:
        # Qt and other writers place words one by one: pypdf reads the gaps as tabs or runs of spaces
        lines = [" ".join(line.split()) for line in para.split("\n") if line.strip()]
        joined = ""
        for line in lines:
            if not joined:
                joined = line
            elif joined.endswith("-") and line[:1].islower():
                joined = joined[:-1] + line  # "govern-\nment" -> "government"
            else:
                joined += " " + line
        if joined:
            out.append(joined)
    return "\n\n".join(out)


_READERS: dict[str, Callable[..., ArticleFile]] = {
    **{s: _read_text for s in TEXT_SUFFIXES},
    **{s: _read_markdown for s in MARKDOWN_SUFFIXES},
    **{s: _read_html for s in HTML_SUFFIXES},
    **{s: _read_pdf for s in PDF_SUFFIXES},
}
