"""Finding an actor by what a user types: every name and alias, ranked by relevance.

A workspace of thousands of actors cannot be picked from a list sorted as strings. What the
user types is matched against each actor's name and aliases (case, accents and spacing
ignored), and the actors come back best first:

0. a name or alias that is exactly what was typed;
1. a name or alias that starts with it ("tok" finds "Tokayev");
2. a name or alias with a word starting with each typed word ("jomart tok", "putin");
3. a name or alias that contains it anywhere;

and within each, the most connected actor first (relationships), then by name. With nothing
typed, the most connected actors come first. No Qt here: the pickers in ``desktop.ui`` show it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

__all__ = ["ActorIndex", "ActorMatch", "search_key"]

_WORD = re.compile(r"\w+", re.UNICODE)
EXACT, PREFIX, WORD_PREFIX, SUBSTRING = 0, 1, 2, 3


def search_key(text: str) -> str:
    """The form names are compared in: case-folded, accents dropped, single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(folded.split())


@dataclass(frozen=True)
class ActorMatch:
    """One actor found: its id and name, how well it matched (0 best) and through which of
    its names (``via`` is the alias that matched, or "" when the name did)."""

    actor_id: int
    name: str
    tier: int
    via: str = ""


class ActorIndex:
    """The names of a set of actors, ready to rank against what a user types."""

    def __init__(
        self,
        ids: Sequence[int],
        names: Sequence[str],
        aliases: Sequence[Sequence[str]] | None = None,
        degree: Sequence[int] | None = None,
    ) -> None:
        n = len(ids)
        self.ids = [int(i) for i in ids]
        self.names = list(names)
        aliases = aliases if aliases is not None else [()] * n
        self.degree = [int(d) for d in degree] if degree is not None else [0] * n
        # one entry per (actor, name or alias): its key and its words
        self._entries: list[tuple[int, str, str, tuple[str, ...]]] = []  # (position, shown form, key, words)
        self._exact: dict[str, int] = {}
        for pos in range(n):
            seen = set()
            for form in (self.names[pos], *aliases[pos]):
                key = search_key(form)
                if not key or key in seen:
                    continue
                seen.add(key)
                self._entries.append((pos, form, key, tuple(_WORD.findall(key))))
                self._exact.setdefault(key, pos)
        self._position = {a: p for p, a in enumerate(self.ids)}
        self._by_degree = sorted(range(n), key=lambda p: (-self.degree[p], search_key(self.names[p]), self.ids[p]))

    def __len__(self) -> int:
        return len(self.ids)

    def exact(self, text: str) -> int | None:
        """Id of the actor with exactly this name or alias (case and accents aside), or None."""
        pos = self._exact.get(search_key(text))
        return None if pos is None else self.ids[pos]

    def name_of(self, actor_id: int) -> str | None:
        pos = self._position.get(int(actor_id))
        return None if pos is None else self.names[pos]

    def rank(self, text: str, *, limit: int | None = 50, exclude: Collection[int] = ()) -> list[ActorMatch]:
        """The actors whose names match ``text``, best first (see the module's docstring)."""
        query = search_key(text)
        skip = {int(i) for i in exclude}
        if not query:
            out = [
                ActorMatch(self.ids[p], self.names[p], SUBSTRING) for p in self._by_degree if self.ids[p] not in skip
            ]
            return out[:limit] if limit is not None else out
        words = tuple(_WORD.findall(query))
        best: dict[int, tuple[int, str]] = {}  # position -> (tier, matched form)
        for pos, form, key, key_words in self._entries:
            if key == query:
                tier = EXACT
            elif key.startswith(query):
                tier = PREFIX
            elif words and all(any(w.startswith(q) for w in key_words) for q in words):
                tier = WORD_PREFIX
            elif query in key:
                tier = SUBSTRING
            else:
                continue
            old = best.get(pos)
            if old is None or tier < old[0] or (tier == old[0] and form == self.names[pos]):
                best[pos] = (tier, form)
        ranked = sorted(best, key=lambda p: (best[p][0], -self.degree[p], search_key(self.names[p]), self.ids[p]))
        out = []
        for p in ranked:
            if self.ids[p] in skip:
                continue
            tier, form = best[p]
            out.append(ActorMatch(self.ids[p], self.names[p], tier, "" if form == self.names[p] else form))
            if limit is not None and len(out) >= limit:
                break
        return out
