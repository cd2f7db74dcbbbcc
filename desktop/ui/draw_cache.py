"""The graph view's one cache: everything it derives from the session, under the key it was
derived for (versions of the session's parts, the zoom, the theme).

A lookup whose key differs recomputes; nothing is ever invalidated by hand, so a stale
drawing cannot survive a change the key names. The keys are tuples of plain values (numbers,
strings, bytes) or of objects compared by identity.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class DrawCache:
    """Named entries, each one value and the key it was computed for."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Hashable, Any]] = {}

    def get(self, name: str, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value of ``name`` for ``key``, computed (and kept) if the kept one is for another key."""
        hit = self._entries.get(name)
        if hit is not None and _same(hit[0], key):
            return hit[1]
        value = compute()
        self._entries[name] = (key, value)
        return value

    def peek(self, name: str) -> tuple[Any, Any] | None:
        """``(key, value)`` kept under ``name``, whatever its key, or None. The key comes back
        as the caller put it (often a tuple it reads parts of), so it is typed as loosely as
        the value."""
        return self._entries.get(name)

    def put(self, name: str, key: Hashable, value: Any) -> None:
        self._entries[name] = (key, value)

    def clear(self) -> None:
        self._entries.clear()


def _same(a: Hashable, b: Hashable) -> bool:
    if a is b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # e.g. numpy arrays: compared by identity only
        return False
