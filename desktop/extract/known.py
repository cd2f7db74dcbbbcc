"""Resolving article actors to actors already in the investigator's workspace.

:class:`KnownActorIndex` is the extractor's look-up by name (exact alias, then fuzzy);
:class:`IdentityIndex` is the import's, by the identity rules of :mod:`desktop.extract.identity`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from desktop.extract.actors import name_key, same_person
from desktop.extract.identity import NameForms, judge

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
            owners = {
                idx
                for k in keys
                for idx, (_, wkeys) in enumerate(self.entries)
                if any(len(w) > 1 and same_person(k, w) for w in wkeys)
            }
            if len(owners) == 1:
                return WorkspaceMatch(self.entries[owners.pop()][0], "fuzzy", SURNAME_ONLY_SCORE)
        return None


SURNAME_ONLY_SCORE = 80.0


@dataclass(frozen=True)
class Resolution:
    """Which known actor a proposed one is: ``same`` (resolve to it silently), or the known
    actors it might be (``maybe``: (actor id, score, reason), best first) for the investigator."""

    same: int | None = None
    reason: str = ""
    maybe: tuple[tuple[int, float, str], ...] = ()


class IdentityIndex:
    """The workspace's actors, looked up by what their names say (desktop.extract.identity).

    Each actor is filed under a few blocking keys (its comparable names, surname, first name,
    acronym and initials, country, kind of collective body), so a look-up judges only the
    handful of actors that share one instead of every actor in the workspace.
    """

    def __init__(self) -> None:
        self.forms: dict[int, NameForms] = {}
        self._blocks: dict[tuple[str, ...], set[int]] = {}

    def __len__(self) -> int:
        return len(self.forms)

    def add(self, actor_id: int, forms: NameForms) -> None:
        """File (or re-file, with more names) an actor."""
        self.discard(actor_id)
        self.forms[actor_id] = forms
        for key in _blocking_keys(forms):
            self._blocks.setdefault(key, set()).add(actor_id)

    def discard(self, actor_id: int) -> None:
        old = self.forms.pop(actor_id, None)
        if old is not None:
            for key in _blocking_keys(old):
                self._blocks.get(key, set()).discard(actor_id)

    def candidates(self, forms: NameForms) -> set[int]:
        out: set[int] = set()
        for key in _blocking_keys(forms, query=True):
            out |= self._blocks.get(key, set())
        return out

    def resolve(
        self, forms: NameForms, *, in_article: dict[int, int] | None = None, first_offset: int | None = None
    ) -> Resolution:
        """The known actor ``forms`` names, if the rules are sure; else the ones it might be.

        ``in_article`` maps the known actors this article also names to where it first names
        them; ``first_offset`` is where it first names this one (so a short name used after a
        full one can be told from a different organisation introduced first).
        """
        in_article = in_article or {}
        same: list[tuple[float, int, str]] = []
        maybe: list[tuple[float, int, str]] = []
        for cand in self.candidates(forms):
            here = cand in in_article
            after = here and first_offset is not None and in_article[cand] < first_offset
            v = judge(forms, self.forms[cand], same_article=here, shorter_after_full=after)
            if v.verdict == "same":
                same.append((v.score, cand, v.reason))
            elif v.verdict == "maybe":
                maybe.append((v.score, cand, v.reason))
        if len(same) > 1:
            # the article's own actor wins over the workspace's (its context decided)
            local = [s for s in same if s[1] in in_article]
            if len(local) == 1:
                same = local
            elif len({s[1] for s in same}) > 1:
                maybe.extend((min(s[0], 0.65), s[1], f"{s[2]} (one of {len(same)})") for s in same)
                same = []
        if len(same) == 1:
            return Resolution(same=same[0][1], reason=same[0][2])
        maybe.sort(key=lambda m: (-m[0], m[1]))
        return Resolution(maybe=tuple((c, s, r) for s, c, r in maybe))


def _blocking_keys(forms: NameForms, *, query: bool = False) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = {("k", *k) for k in forms.keys}
    for k in forms.people:
        keys.add(("p", k[-1]))
        if query:
            keys.add(("o", k[0]))  # "Wohua" typed a person, short for "Wohua Pharmaceutical"
        if len(k) > 1:
            keys.add(("g", k[0]))
        elif query:
            keys.add(("g", k[0]))  # a lone word may be a given name used alone
    for a in forms.acronyms | forms.initials:
        keys.add(("a", a))
    for _nat, core in forms.org_cores:
        if core:
            keys.add(("o", core[0]))
    if forms.country:
        keys.add(("c", forms.country.casefold()))
    if forms.generic is not None:
        keys.add(("G", forms.generic.body))
    return keys
