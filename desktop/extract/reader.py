"""Reading article files into text the workspace can store, refusing what is not an article.

Offsets matter: evidence points at characters of the stored text. When a leading date marker
(``date 2022-01-08`` inline or on its own first line) is lifted into the article's date, the
number of characters removed is kept in :attr:`ArticleFile.offset`, so a position in the
stored text plus ``offset`` is the same position in the file as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.model.cleantext import visible_controls
from desktop.model.errors import RelmapError
from desktop.model.titles import find_dateline, is_dateline_or_place, strip_dateline

MAX_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; 20 MB is a book, not an article

# Possessive runs of blanks: two optional runs side by side ("date   :   2022") must not be
# re-split at every position when no date follows (a line of 1 MB of blanks took minutes).
_DATE_PREFIX = re.compile(
    r"\A[ \t]*+(?:date|published|dated)[ \t]*+(?::[ \t]*+)?(\d{4}-\d{2}-\d{2})"
    r"(?:[ \t]*+\n[ \t]*+\n?|[ \t]++)",
    re.IGNORECASE,
)


class ArticleFileError(RelmapError, ValueError):
    """A file that cannot be imported as an article; the message names the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class ArticleFile:
    """An article read from a file, ready to store."""

    path: Path
    title: str
    source: str
    published: date | None
    text: str
    offset: int = 0  # characters removed from the front of the decoded file
    url: str = ""  # where the article was published, when the file says (an HTML page's canonical address)


def decode_text(data: bytes, path: Path | str) -> str:
    """Bytes -> str for article text: UTF-8 (a BOM is allowed), or UTF-16 with a BOM.

    Anything else (binary files, other encodings) is refused with the position of the first
    bad byte, rather than guessed at and stored as mojibake. Newlines come out as ``\n``, and
    other control characters visible (desktop.model.cleantext), one for one.
    """
    if not data.strip():
        raise ArticleFileError(path, "is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return visible_controls(normalise_newlines(data.decode("utf-16")))
        except UnicodeDecodeError as exc:
            raise ArticleFileError(path, f"is not valid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if b"\x00" in data[:8192]:
        raise ArticleFileError(path, "is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFileError(
            path,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and import it again",
        ) from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise ArticleFileError(path, "looks like a binary file, not text (too many control characters)")
    return visible_controls(normalise_newlines(text))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_date_prefix(text: str) -> tuple[date | None, int]:
    """Find a leading ``date YYYY-MM-DD`` marker; return the date and how many characters it took."""
    match = _DATE_PREFIX.match(text)
    if not match:
        return None, 0
    try:
        return date.fromisoformat(match.group(1)), match.end()
    except ValueError:
        return None, 0


def guess_title(text: str, *, fallback: str) -> str:
    """A short first line is a headline; otherwise the opening words of the first sentence.

    A dateline is never a title (desktop.model.titles): "MOSCOW, January 7." on its own line
    is passed over for the next line, "ALMATY (Reuters) - Authorities said ..." gives
    "Authorities said ...", and a first line that is only a place ("WASHINGTON", "Hong Kong")
    is no headline. ``fallback`` when nothing else is left."""
    lines = [line.strip() for line in text.strip().split("\n")]
    lines = [line for line in lines if line][:6]
    for i, line in enumerate(lines):
        more = i + 1 < len(lines)
        if len(line) <= 150 and not line.endswith((".", ":", ",")) and more:
            if not is_dateline_or_place(line) and not _is_place_name(line):
                return line
            if find_dateline(line) is None:
                continue  # a place on its own line: the next line may be the headline
        line = strip_dateline(line)
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0] if line else ""
        if not sentence or is_dateline_or_place(sentence) or _is_place_name(sentence):
            continue
        if len(sentence) > 90:
            sentence = sentence[:90].rsplit(" ", 1)[0] + "…"
        return sentence
    return fallback


def dateline_source(text: str) -> str:
    """The wire service or outlet a leading dateline names in brackets ("ALMATY (Reuters) -"
    gives "Reuters"), or ''."""
    for line in text.strip().split("\n")[:3]:
        found = find_dateline(line.strip())
        if found is not None:
            return found.agency or ""
    return ""


def _is_place_name(words: str) -> bool:
    """A country, a capital or a demonym on its own ("Hong Kong", "Moscow."), by the lexicon."""
    from desktop.extract.lexicon import CAPITALS, DEMONYM_TO_COUNTRY

    key = " ".join(words.strip(" .,:;-–—").lower().split())
    return key in CAPITALS or key in DEMONYM_TO_COUNTRY


def read_file_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of an article file; refuses a missing, unreadable, folder or oversized path."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ArticleFileError(path, "does not exist") from None
    except OSError as exc:
        raise ArticleFileError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if path.is_dir():
        raise ArticleFileError(path, "is a folder, not an article file")
    if size > max_bytes:
        raise ArticleFileError(
            path, f"is too large for an article ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArticleFileError(path, f"cannot be read ({exc.strerror or exc})") from exc


def read_text_article(
    path: Path | str, *, title: str | None = None, source: str | None = None, max_bytes: int = MAX_BYTES
) -> ArticleFile:
    """Read a plain-text article; refuse empty, binary, undecodable and oversized files."""
    path = Path(path)
    raw = normalise_newlines(decode_text(read_file_bytes(path, max_bytes=max_bytes), path))
    published, cut = split_date_prefix(raw)
    body = raw[cut:]
    # trailing whitespace carries no meaning; leading whitespace would shift offsets, so only
    # the part already counted in `cut` is removed from the front
    body = body.rstrip()
    if not body.strip():
        raise ArticleFileError(path, "has no article text")
    return ArticleFile(
        path=path,
        title=visible_controls(title or guess_title(body, fallback=path.stem)),
        source=visible_controls(source or dateline_source(body)),
        published=published,
        text=body,
        offset=cut,
    )
