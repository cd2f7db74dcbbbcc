"""Finding actors in a parsed article: mentions, title stripping, aliases, pronouns.

An *actor table* maps every token that belongs to a mention of an actor to that actor, so
relation rules can ask "which actor is this token?" in O(1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from desktop.extract.lexicon import (
    DEMONYM_TO_COUNTRY,
    GENERIC_AGENTS,
    NEWS_AGENCIES,
    TITLE_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "other", "NORP": "other"}
# Name particles that are spelled with or without a hyphen or dropped ("al-Burhan", "Burhan").
_PARTICLES = frozenset({"al", "el", "ad", "ash", "as", "bin", "ibn", "van", "von", "der", "de",
                        "da", "di", "du", "la", "le", "del"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
# Title words that also start organisation names ("State Department", "Supreme Court").
_ORG_TITLE_OK = frozenset({"state", "supreme", "house", "parliament", "interior", "foreign",
                           "defence", "defense", "finance", "justice", "executive", "opposition"})
_ORG_WORDS = frozenset({"department", "ministry", "committee", "council", "party", "court",
                        "office", "agency", "bank", "union", "forces", "army", "group", "company"})
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
# Similarity (0-100) above which two spellings of one surname are the same surname.
SURNAME_SIMILARITY = 85.0


def name_key(name: str) -> tuple[str, ...]:
    """Lower-case name tokens without punctuation, hyphens or particles: for comparing names."""
    words = re.sub(r"[^\w\s]", " ", name.replace("-", " ").replace("’", " ").lower()).split()
    kept = tuple(w for w in words if w not in _PARTICLES)
    return kept or tuple(words)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two person-name keys can name the same person.

    A lone surname matches a full name with that surname; two full names must agree on the
    first name (or initial) as well as the surname, so "Hillary Clinton" and "Bill Clinton"
    stay apart.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    if not _similar(a[-1], b[-1]):
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    fa, fb = a[0], b[0]
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return _similar(fa, fb)


def _similar(x: str, y: str) -> bool:
    return x == y or (x[:1] == y[:1] and fuzz.ratio(x, y) >= SURNAME_SIMILARITY)


def acronym(name: str) -> str:
    """Initials of the capitalised words of a name: "Rapid Support Forces" -> "RSF"."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’]*", name) if w[0].isupper())


@dataclass
class Mention:
    """One stretch of tokens naming an actor."""

    start: int
    end: int
    kind: str
    name: str
    root: int
    actor: int = -1


@dataclass
class Actor:
    """An actor being assembled from its mentions."""

    kind: str
    names: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    generic: bool = False
    canonical: str = ""
    key: tuple[str, ...] = ()


class ActorTable:
    """The actors of one article and which tokens mention them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.actors: list[Actor] = []
        self.mentions: list[Mention] = []
        self.token_actor: dict[int, int] = {}
        self._generic: dict[tuple[str, str], int] = {}
        self._build()

    # -- public lookups ------------------------------------------------------------------------

    def actor_at(self, i: int) -> int | None:
        """The actor whose mention covers token ``i``, if any."""
        return self.token_actor.get(i)

    def kind(self, actor: int) -> str:
        """The kind of an actor."""
        return self.actors[actor].kind

    def is_generic(self, actor: int) -> bool:
        """Whether the actor is a collective noun like "police" rather than a name."""
        return self.actors[actor].generic

    def name(self, actor: int) -> str:
        """Canonical name of an actor."""
        return self.actors[actor].canonical

    def generic_actor(self, tok: Token) -> int | None:
        """An actor for a collective agent noun ("Kazakh authorities", "police in Lyon")."""
        if tok.lower_ not in GENERIC_AGENTS and tok.lemma_.lower() not in GENERIC_AGENTS:
            return None
        if tok.i in self.token_actor:
            return self.token_actor[tok.i]
        doc = self.doc
        lo, hi = tok.i, tok.i + 1
        country = ""
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i == lo - 1 or (
                c.dep_ in ("amod", "compound", "nmod") and c.i >= lo - 3
            ):
                lo = min(lo, c.i)
                country = country or DEMONYM_TO_COUNTRY.get(c.lower_, "")
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("in", "of") and c.i == hi:
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs and objs[0].ent_type_ in ("GPE", "NORP", "ORG"):
                    ent_end = max(t.i for t in objs[0].subtree) + 1
                    hi = ent_end
                    country = country or DEMONYM_TO_COUNTRY.get(
                        doc[objs[0].left_edge.i:ent_end].text.lower().removeprefix("the "), "")
        while lo < tok.i and doc[lo].dep_ == "det":
            lo += 1
        text = doc[lo:hi].text
        head = tok.lemma_.lower()
        key = (country or text.lower(), head)
        if key in self._generic:
            actor = self._generic[key]
        else:
            actor = len(self.actors)
            self.actors.append(Actor(kind="organisation", generic=True, canonical=text,
                                     key=(text.lower(),)))
            self._generic[key] = actor
        a = self.actors[actor]
        if text not in a.names:
            a.names.append(text)
        a.spans.append((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])))
        for i in range(lo, hi):
            self.token_actor.setdefault(i, actor)
        return actor

    def resolve_pronoun(self, tok: Token) -> int | None:
        """The actor a personal pronoun most likely refers to, or None.

        News English mostly refers back to the grammatical subject: prefer the nearest
        preceding subject in the same sentence, else the first subject of an earlier sentence.
        """
        low = tok.lower_
        if low in _PERSON_PRONOUNS:
            kinds = ("person",)
        elif low in _THING_PRONOUNS:
            kinds = ("organisation", "country")
        else:
            return None
        doc = self.doc
        sent = tok.sent
        before = [m for m in self.mentions if m.start < tok.i and self.actors[m.actor].kind in kinds]
        if not before:
            return None
        same = [m for m in before if m.start >= sent.start]
        subjects = [m for m in same if doc[m.root].dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[-1].actor
        if same:
            return same[-1].actor
        # earlier sentences, nearest first: the first subject mention of that sentence
        prev = [m for m in before if m.start < sent.start]
        last_sent_start = doc[prev[-1].start].sent.start
        for m in prev:
            if m.start >= last_sent_start and doc[m.root].dep_ in ("nsubj", "nsubjpass"):
                return m.actor
        return prev[-1].actor

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        raw = [m for ent in self.doc.ents if (m := self._mention(ent)) is not None]
        raw += self._parenthesised_acronyms(raw)
        raw.sort(key=lambda m: m.start)
        self._cluster(raw)
        self._rescan()
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.token_actor[i] = m.actor
        for a in self.actors:
            a.canonical = self._canonical(a)

    def _mention(self, ent: Span) -> Mention | None:
        kind = _LABEL_KIND.get(ent.label_)
        if kind is None:
            return None
        doc = self.doc
        s, e = ent.start, ent.end
        while s < e and (doc[s].lower_ == "the" or not doc[s].text[0].isalnum()):
            s += 1
        while e > s and (doc[e - 1].lower_ in _POSSESSIVE or not doc[e - 1].text[-1].isalnum()):
            e -= 1
        if s >= e:
            return None
        text = doc[s:e].text
        country = DEMONYM_TO_COUNTRY.get(text.lower())
        if country:
            return Mention(s, e, "country", country, doc[s:e].root.i)
        if ent.label_ == "NORP":
            return None  # "Islamist", "Republicans": groups too vague to be actors
        if text.lower() in NEWS_AGENCIES:
            return None
        if kind == "person":
            # Strip titles the model sometimes includes ("Secretary Blinken", "Russian President X").
            while e - s > 1 and (doc[s].lower_ in TITLE_WORDS or doc[s].lower_ in DEMONYM_TO_COUNTRY):
                s += 1
        elif ent.label_ == "ORG" and doc[s].lower_ in TITLE_WORDS and doc[s].lower_ not in _ORG_TITLE_OK:
            # "Secretary Blinken" tagged as an organisation: a title then a short capitalised name.
            rest = doc[s + 1 : e]
            if 1 <= len(rest) <= 3 and _looks_like_name(rest) and not any(
                    t.lower_ in _ORG_WORDS for t in rest):
                s, kind = s + 1, "person"
        text = doc[s:e].text
        if not any(ch.isupper() for ch in text):
            return None
        return Mention(s, e, kind, text, doc[s:e].root.i)

    def _parenthesised_acronyms(self, mentions: list[Mention]) -> list[Mention]:
        """``National Security Committee (KNB)``: the bracketed acronym is an alias."""
        doc = self.doc
        by_start = {m.start: m for m in mentions}
        extra = []
        for m in mentions:
            j = m.end
            while j < len(doc) and doc[j].lower_ in _POSSESSIVE:
                j += 1
            if j + 2 < len(doc) + 0 and doc[j].text == "(" and j + 2 < len(doc) and doc[j + 2].text == ")":
                tok = doc[j + 1]
                if _ACRONYM.match(tok.text) and m.kind in ("organisation", "person", "other"):
                    if tok.i in by_start:
                        by_start[tok.i].kind = m.kind
                        by_start[tok.i].name = tok.text
                        by_start[tok.i].alias_of = m  # type: ignore[attr-defined]
                    else:
                        am = Mention(tok.i, tok.i + 1, m.kind, tok.text, tok.i)
                        am.alias_of = m  # type: ignore[attr-defined]
                        extra.append(am)
        return extra

    def _cluster(self, mentions: list[Mention]) -> None:
        persons_full: list[int] = []
        by_key: dict[tuple[str, ...], int] = {}
        pending_single: list[Mention] = []
        # Surnames of multi-word person names, so a mislabelled lone surname still joins them.
        surnames = {name_key(m.name)[-1] for m in mentions if m.kind == "person" and len(name_key(m.name)) > 1}
        for m in mentions:
            key = name_key(m.name)
            if not key:
                continue
            alias_of = getattr(m, "alias_of", None)
            if alias_of is not None and alias_of.actor >= 0:
                self._attach(m, alias_of.actor)
                continue
            if m.kind != "person" and m.kind != "country" and len(key) == 1 and key[0] in surnames:
                m.kind = "person"
            if m.kind == "person":
                if len(key) == 1:
                    pending_single.append(m)
                    continue
                target = next((a for a in reversed(persons_full) if same_person(self.actors[a].key, key)), None)
                if target is None:
                    target = self._new_actor("person", key)
                    persons_full.append(target)
                elif len(key) > len(self.actors[target].key):
                    self.actors[target].key = key
                self._attach(m, target)
                continue
            if m.kind == "country":
                k = ("country", m.name.lower())
            else:
                k = (m.kind if m.kind == "other" else "organisation",) + self._org_key(m.name)
            target = by_key.get(k)
            if target is None:
                # an acronym standing for an earlier organisation's name
                if m.kind == "organisation" and _ACRONYM.match(m.name):
                    target = next((a for a in range(len(self.actors)) if self.actors[a].kind == "organisation"
                                   and any(acronym(n) == m.name.replace(".", "") for n in self.actors[a].names)), None)
                if target is None:
                    target = self._new_actor("country" if m.kind == "country" else m.kind, key)
                by_key[k] = target
            self._attach(m, target)
        for m in pending_single:
            key = name_key(m.name)
            cands = [a for a in persons_full if same_person(self.actors[a].key, key)]
            if cands:
                # the nearest full name mentioned before this surname, else the first after
                earlier = [a for a in cands if self.actors[a].spans and min(self.actors[a].spans)[0] <= self.doc[m.start].idx]
                target = max(earlier, key=lambda a: self._last_before(a, m)) if earlier else cands[0]
            else:
                k = ("person",) + key
                target = by_key.get(k)
                if target is None:
                    target = self._new_actor("person", key)
                    by_key[k] = target
            self._attach(m, target)
        self.mentions = sorted(self.mentions, key=lambda m: m.start)

    def _last_before(self, actor: int, m: Mention) -> int:
        idx = self.doc[m.start].idx
        return max((s for s, _ in self.actors[actor].spans if s <= idx), default=-1)

    @staticmethod
    def _org_key(name: str) -> tuple[str, ...]:
        # "US State Department" and "State Department" are one organisation.
        key = name_key(name)
        while len(key) > 1 and key[0] in DEMONYM_TO_COUNTRY:
            key = key[1:]
        return key

    def _new_actor(self, kind: str, key: tuple[str, ...]) -> int:
        self.actors.append(Actor(kind=kind, key=key))
        return len(self.actors) - 1

    def _attach(self, m: Mention, actor: int) -> None:
        m.actor = actor
        a = self.actors[actor]
        if m.name not in a.names:
            a.names.append(m.name)
        doc = self.doc
        a.spans.append((doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])))
        self.mentions.append(m)

    def _rescan(self) -> None:
        """Find later uses of a known name the NER model missed (surnames, acronyms)."""
        doc = self.doc
        covered = {i for m in self.mentions for i in range(m.start, m.end)}
        table: dict[tuple[str, ...], int] = {}
        surname_owner: dict[str, set[int]] = {}
        for idx, a in enumerate(self.actors):
            if a.kind == "person" and len(a.key) > 1:
                surname_owner.setdefault(a.key[-1], set()).add(idx)
        for idx, a in enumerate(self.actors):
            if a.generic:
                continue
            for n in a.names:
                words = tuple(w.lower() for w in n.split())
                if 0 < len(words) <= 5:
                    table.setdefault(words, idx)
            if a.kind == "person" and len(a.key) > 1 and len(surname_owner.get(a.key[-1], ())) == 1:
                table.setdefault((a.key[-1],), idx)
        if not table:
            return
        longest = max(len(k) for k in table)
        i, n = 0, len(doc)
        added = []
        while i < n:
            tok = doc[i]
            if i in covered or not tok.text[:1].isupper():
                i += 1
                continue
            for size in range(min(longest, n - i), 0, -1):
                if any(j in covered for j in range(i, i + size)):
                    continue
                words = tuple(t.lower_ for t in doc[i:i + size])
                actor = table.get(words)
                if actor is not None:
                    m = Mention(i, i + size, self.actors[actor].kind, doc[i:i + size].text,
                                doc[i:i + size].root.i, actor)
                    added.append(m)
                    i += size - 1
                    break
            i += 1
        for m in added:
            self._attach(m, m.actor)
        self.mentions.sort(key=lambda m: m.start)

    def _canonical(self, a: Actor) -> str:
        if a.generic:
            return a.canonical
        if a.kind == "country":
            return a.names[0]
        if a.kind == "person":
            return max(a.names, key=lambda n: (len(name_key(n)), -a.names.index(n)))
        full = [n for n in a.names if not _ACRONYM.match(n)]
        pool = full or a.names
        return max(pool, key=lambda n: (len(n.split()), -pool.index(n)))


def _looks_like_name(span: Span) -> bool:
    return all(t.text[:1].isupper() for t in span) and len(span) <= 4
