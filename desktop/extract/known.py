"""Resolving article actors to actors already in the investigator's workspace."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from desktop.extract.actors import name_key, same_person

# Whole-name similarity (0-100, rapidfuzz token_sort_ratio) needed for a fuzzy match.
FUZZY_THRESHOLD = 90.0

KnownActors = Sequence[tuple[str, Sequence[str]]]


@dataclass(frozen=True)
class WorkspaceMatch:
    """A workspace actor an article actor was resolved to, and how."""

    name: str
    how: str  # "exact" | "fuzzy"
    score: float


class KnownActorIndex:
    """Look-ups over the workspace's (name, aliases) pairs."""

    def __init__(self, known: Iterable[tuple[str, Sequence[str]]]) -> None:
        self.entries: list[tuple[str, tuple[tuple[str, ...], ...]]] = []
        self.exact: dict[tuple[str, ...], set[int]] = {}
        for idx, (name, aliases) in enumerate(known):
            keys = tuple(k for k in (name_key(n) for n in (name, *aliases)) if k)
            self.entries.append((name, keys))
            for k in keys:
                self.exact.setdefault(k, set()).add(idx)

    def match(self, names: Sequence[str], *, person: bool) -> WorkspaceMatch | None:
        """The single workspace actor these article names denote, or None when unsure.

        Exact (case- and punctuation-insensitive) alias match first; then a fuzzy match on
        whole names. For people a fuzzy match must also agree on first name and surname, and a
        lone surname only matches when exactly one workspace person has it.
        """
        keys = [k for k in (name_key(n) for n in names) if k]
        exact_keys = keys
        if person and any(len(k) > 1 for k in keys):
            # A full name decides: "Hillary Clinton" (alias "Clinton") must not take the
            # workspace's "Bill Clinton" (alias "Clinton") through the shared surname.
            exact_keys = [k for k in keys if len(k) > 1]
        # exact, preferring the longest (most specific) article name
        for k in sorted(exact_keys, key=len, reverse=True):
            hits = self.exact.get(k, set())
            if len(hits) == 1:
                return WorkspaceMatch(self.entries[next(iter(hits))][0], "exact", 100.0)
            if len(hits) > 1:
                return None  # two workspace actors share this alias: let the investigator decide
        best: tuple[float, int] | None = None
        ambiguous = False
        full = [k for k in keys if len(k) > 1] if person else keys
        for idx, (_, wkeys) in enumerate(self.entries):
            score = 0.0
            for k in full:
                for w in wkeys:
                    if person and not (len(w) > 1 and same_person(k, w)):
                        continue
                    score = max(score, fuzz.token_sort_ratio(" ".join(k), " ".join(w)))
            if score >= FUZZY_THRESHOLD:
                if best is not None and abs(best[0] - score) < 1e-9 and best[1] != idx:
                    ambiguous = True
                if best is None or score > best[0]:
                    best, ambiguous = (score, idx), False
        if best is not None and not ambiguous:
            return WorkspaceMatch(self.entries[best[1]][0], "fuzzy", best[0])
        if person and not full:
            # a lone surname: only when exactly one workspace person carries it
            owners = {idx for k in keys for idx, (_, wkeys) in enumerate(self.entries)
                      if any(len(w) > 1 and same_person(k, w) for w in wkeys)}
            if len(owners) == 1:
                return WorkspaceMatch(self.entries[owners.pop()][0], "fuzzy", SURNAME_ONLY_SCORE)
        return None


SURNAME_ONLY_SCORE = 80.0
