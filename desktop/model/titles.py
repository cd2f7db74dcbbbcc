"""What an article is called: refusing datelines and bare place names as titles.

News copy opens with a dateline ("MOSCOW, Jan. 7 (Reuters) -", "WASHINGTON —", "New Delhi:"),
and a title guessed from a text's first line or sentence is too often that dateline, or the
opening sentence with the dateline stuck to its front. The rules here are on the *shape* of the
words (capitals, a date, an agency in brackets, the punctuation after them), not on a list of
places, so they hold for any city. The import's title guess strips a leading dateline
(desktop.extract.reader.guess_title); :func:`article_label` is how a report, a list or a
citation names an article whose stored title is empty or still a dateline (an older import).
No Qt, no database: plain text in, plain text out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["Dateline", "UNTITLED", "article_label", "find_dateline", "is_dateline_or_place", "strip_dateline"]

#: what an import stores when it has no title; shown through article_label()
UNTITLED = "(untitled)"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# "January 7", "Jan. 7, 2022", "7 January 2022", "Monday", "Monday, January 7", "2022-01-07"
_DATE = (
    rf"(?:(?:{_WEEKDAY},?\s*)?(?:{_MONTH}\s+{_DAY}(?:,?\s*\d{{4}})?|{_DAY}\s+{_MONTH}(?:,?\s*\d{{4}})?)"
    rf"|{_WEEKDAY}|\d{{4}}-\d{{2}}-\d{{2}})"
)
# A place in capitals: "MOSCOW", "NEW YORK", "ST. PETERSBURG", "BEIJING/SHANGHAI", "N'DJAMENA".
_CAPS_PLACE = r"[A-Z][A-Z.'’\-]*[A-Z.](?:[ /][A-Z][A-Z.'’\-]*[A-Z.]?){0,3}"
# A place in ordinary capitals: "New Delhi", "Rio de Janeiro", "Kuala Lumpur" (at most 4 words).
_TITLE_PLACE = r"[A-Z][a-zà-ÿ'’\-]+(?:[ ](?:de|da|do|del|la|al|el|[A-Z][a-zà-ÿ'’\-]+)){0,3}"
_AGENCY = r"\((?P<agency>[^()]{1,80})\)"
_DASH = r"(?:\s+[-–—]+\s*|\s*[–—]+\s*|\s*--\s*)"

# A leading dateline with what follows it. Group "place", optional "date", optional "agency",
# then a separator: a dash, a colon, or (for "MOSCOW, January 7.") a full stop.
_CAPS_LEAD = re.compile(
    rf"^\s*(?P<place>{_CAPS_PLACE})(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)(?=\s*[,(–—-]))?"
    rf"(?:,\s*(?P<date>{_DATE}))?(?:\s*{_AGENCY})?"
    rf"(?P<sep>{_DASH}|\s*:\s*|\.\s+|\.?\s*$|,\s+|\s+)"
)
_TITLE_LEAD = re.compile(
    rf"^\s*(?P<place>{_TITLE_PLACE})(?:,\s*(?P<date>{_DATE}))?(?:\s*{_AGENCY})?"
    rf"(?P<sep>{_DASH}|\s*:\s*|\.\s+|\.?\s*$|\s+)"
)
_ONLY_PUNCT = re.compile(r"^[\s.,:;\-–—]*$")


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a text: ``end`` is where what follows it begins."""

    place: str
    date: str | None
    agency: str | None  # the wire service or outlet in brackets, without a date in it
    end: int


def _agency(text: str | None) -> str | None:
    """ "UrduPoint News / Sputnik - 21st April, 2023" -> "UrduPoint News / Sputnik"; a bracket
    that only holds a date is no agency."""
    if not text:
        return None
    cut = re.split(rf"\s*[-–—,]\s*(?={_DATE}\b)", text, maxsplit=1)[0].strip(" ,-–—")
    if not cut or re.fullmatch(_DATE, cut) or not re.search(r"[A-Za-z]{2}", cut):
        return None
    return cut


def find_dateline(text: str) -> Dateline | None:
    """The dateline ``text`` opens with, if any.

    In capitals ("ALMATY (Reuters) –", "MOSCOW, January 7.", "WASHINGTON -") a place is a
    dateline before a dash, colon, comma or full stop. In ordinary capitals ("New Delhi:",
    "Tokyo, April 5 -") it must be followed by a date, an agency in brackets or a colon, and
    what follows must start like a sentence, so a headline such as "Brexit talks - what next"
    is not taken apart.
    """
    head = text[:300]
    m = _CAPS_LEAD.match(head)
    if m is not None and len(re.sub(r"[^A-Z]", "", m.group("place"))) >= 2:
        sep, rest = m.group("sep"), head[m.end() :]
        marked = bool(m.group("date") or m.group("agency"))
        # "NATO, the alliance" and "NATO - the alliance said" are sentences about NATO: after a
        # comma or a bare space a dateline has a date or an agency ("WASHINGTON (AP) The..."),
        # and what follows it starts like a sentence
        plain = sep.strip() in ("", ",") and rest.strip()
        if (marked or not plain) and _starts_sentence(rest):
            return Dateline(m.group("place"), m.group("date"), _agency(m.group("agency")), m.end())
    m = _TITLE_LEAD.match(head)
    if m is not None:
        sep = m.group("sep").strip()
        rest = head[m.end() :]
        marked = bool(m.group("date") or m.group("agency") or sep == ":")
        if marked and (sep or m.group("agency") or not rest.strip()) and _starts_sentence(rest):
            return Dateline(m.group("place"), m.group("date"), _agency(m.group("agency")), m.end())
    return None


def _starts_sentence(rest: str) -> bool:
    return not rest.strip() or bool(re.match(r"[\"“'‘(]?[A-Z0-9]", rest))


def strip_dateline(text: str) -> str:
    """``text`` without the dateline it opens with (unchanged if it has none)."""
    found = find_dateline(text)
    return text[found.end :].lstrip() if found is not None else text


def is_dateline_or_place(title: str) -> bool:
    """True when ``title`` says where (and when) an article was filed, not what it is about:
    a whole dateline ("MOSCOW, January 7.", "ALMATY (Reuters) -"), a place in capitals
    ("WASHINGTON"), or a single word with a colon or dash after it ("Tokyo:")."""
    t = " ".join((title or "").split())
    if not t or _ONLY_PUNCT.match(t):
        return True
    found = find_dateline(t)
    if found is not None and _ONLY_PUNCT.match(t[found.end :]):
        return True
    # one capitalised word and punctuation: a place or a section name, not a headline
    return bool(re.fullmatch(r"[A-Z][\w'’.\-]*\s*[:,\-–—]", t))


def article_label(title: str, source: str = "", published: date | None = None) -> str:
    """What to call an article in a report, a list or a citation: its title, unless that is
    missing or only a dateline or place; then its source (site or outlet); then
    "Untitled article (date)"."""
    t = " ".join((title or "").split())
    if t and t != UNTITLED and not is_dateline_or_place(t):
        return t
    s = " ".join((source or "").split())
    if s:
        return s
    return f"Untitled article ({published.isoformat()})" if published else "Untitled article (undated)"
