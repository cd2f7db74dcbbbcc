"""The sentence(s) around an excerpt, so evidence reads in context. No Qt."""

from __future__ import annotations

import re

__all__ = ["excerpt_context"]

# A sentence ends at . ! ? (possibly followed by closing quotes/brackets) and then white space,
# or at a blank line / line break.
_BOUNDARY = re.compile(r"[.!?][\"'”’»)\]]*\s+|\n+")


def excerpt_context(text: str, start: int, end: int, *, max_extra: int = 320) -> tuple[int, int]:
    """Bounds ``(lo, hi)`` of the sentence(s) containing ``text[start:end]``.

    The context never reaches more than ``max_extra`` characters beyond the span on either side
    (cut at a word boundary then), so a huge paragraph without full stops stays readable.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    window_lo = max(0, start - max_extra)
    lo = window_lo
    for match in _BOUNDARY.finditer(text, window_lo, start):
        lo = match.end()
    if lo == window_lo and window_lo > 0:
        space = text.find(" ", window_lo, start)
        lo = space + 1 if space >= 0 else window_lo
    window_hi = min(len(text), end + max_extra)
    # A span that already ends a sentence needs no more text after it.
    if end > start and text[end - 1] in ".!?\n":
        return lo, end
    after = _BOUNDARY.search(text, end, window_hi)
    if after:
        hi = after.start() + 1 if text[after.start()] in ".!?" else after.start()
        # keep closing quotes that belong to the sentence
        while hi < len(text) and text[hi] in "\"'”’»)]":
            hi += 1
    elif window_hi == len(text):
        hi = window_hi
    else:
        space = text.rfind(" ", end, window_hi)
        hi = space if space > end else window_hi
    return lo, hi
