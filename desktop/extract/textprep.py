"""Preparing article text for parsing without moving any character offset."""

from __future__ import annotations

import re

# "ALMATY (Reuters) – ", "NAIROBI, May 3 (Reuters) - ", "LONDON - ", "WASHINGTON (Agency - date) "
# at the start of a paragraph: where and who reported, not part of the first sentence.
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:\ufeff)?"
    # the place, in capitals: words of bounded length, so a line of a megabyte of capitals is
    # given up after a few dozen characters instead of retried at every length
    r"[A-Z][A-Z.'’\-]{2,40}(?:[ \t]{1,8}[A-Z][A-Z.'’\-]{1,40}){0,3}"
    r"(?:,[ \t]*[A-Za-z.]{3,10}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?"  # ", May 3"
    r"(?:(?:[ \t]*\([^()\n]{1,80}\))[ \t]*[-–—:]?|[ \t]*[-–—:])"  # "(Reuters)" and/or a dash
    r"[ \t]+"
)


def mask_datelines(text: str) -> str:
    """Replace news datelines with spaces of the same length.

    The parser otherwise reads "MOSCOW, Feb 2 - Russian Foreign Minister X held talks" as a
    sentence whose subject is MOSCOW. Blanking keeps every offset valid for the original text.
    """
    return _DATELINE.sub(lambda m: " " * len(m.group(0)), text)
