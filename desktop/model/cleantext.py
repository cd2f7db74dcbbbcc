"""Control characters in text from outside, made visible: the one rule every import follows.

Article files, pasted text, JSON workspaces, GraphML, GEXF and CSV tables can carry characters
nobody sees: NUL, terminal escape sequences (ESC ``[31m``), bidirectional overrides that
disguise a name ("Trojan Source"), lone surrogates. Relmap keeps newline and tab, and replaces
every other such character with a visible one of the same length in code points, so evidence
offsets stay exactly what they were in the text as read:

* C0 controls and DEL become their Unicode "control pictures" (U+2400–U+2421: ␀ ␛ ␡ ...);
* C1 controls, bidirectional embeddings, overrides and isolates, lone surrogates and the
  non-characters U+FFFE/U+FFFF become U+FFFD (�).

Names and titles stay recognisable, exports stay valid XML, and nothing printed to a terminal
can move its cursor or recolour it.
"""

from __future__ import annotations

import re

_REPLACEMENT = "\ufffd"


def _table() -> dict[int, str]:
    table = {cp: chr(0x2400 + cp) for cp in range(0x20) if cp not in (0x09, 0x0A)}
    table[0x7F] = "\u2421"
    for cp in (
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xD800, 0xE000),
        0xFFFE,
        0xFFFF,
    ):
        table[cp] = _REPLACEMENT
    return table


_TABLE = _table()
# Most text has none of them: one scan decides, and only then is the text translated.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def visible_controls(text: str) -> str:
    """``text`` with every control character but newline and tab made visible (same length)."""
    if not text or CONTROLS.search(text) is None:
        return text
    return text.translate(_TABLE)


def has_controls(text: str) -> bool:
    """True when :func:`visible_controls` would change ``text``."""
    return bool(text) and CONTROLS.search(text) is not None
