"""Finding actors in a parsed article: mentions, title stripping, aliases, pronouns.

An *actor table* maps every token that belongs to a mention of an actor to that actor, so
relation rules can ask "which actor is this token?" in O(1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from desktop.extract.lexicon import (
    CAPITALS,
    COUNTRY_ADJECTIVE,
    DEMONYM_TO_COUNTRY,
    DISEASES,
    GENERIC_AGENTS,
    LEADER_ROLES,
    LOCATIVE_PREPS,
    MEMBER_ROLES,
    NEWS_AGENCIES,
    SPOKES_ROLES,
    TITLE_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_LABEL_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "other", "NORP": "other"}
# Name particles that are spelled with or without a hyphen or dropped ("al-Burhan", "Burhan").
_PARTICLES = frozenset(
    {"al", "el", "ad", "ash", "as", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "la", "le", "del"}
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,9}$")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_THING_PRONOUNS = frozenset({"it", "its", "itself"})
# Title words that also start organisation names ("State Department", "Supreme Court").
_ORG_TITLE_OK = frozenset(
    {
        "state",
        "supreme",
        "house",
        "parliament",
        "interior",
        "foreign",
        "defence",
        "defense",
        "finance",
        "justice",
        "executive",
        "opposition",
    }
)
_ORG_WORDS = frozenset(
    {
        "department",
        "ministry",
        "committee",
        "council",
        "party",
        "court",
        "office",
        "agency",
        "bank",
        "union",
        "forces",
        "army",
        "group",
        "company",
        "league",
        "front",
        "movement",
        "alliance",
        "association",
        "federation",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "plc",
        "fund",
        "institute",
        "university",
        "commission",
        "authority",
        "service",
        "police",
        "guard",
        "guards",
        "navy",
        "organisation",
        "organization",
        "foundation",
        "congress",
        "parliament",
        "assembly",
        "senate",
        "brigade",
        "brigades",
        "militia",
        "holdings",
        "airlines",
        "bureau",
        "directorate",
        "command",
        "network",
        "society",
        "club",
        "government",
        # words of company names
        "energy",
        "gas",
        "oil",
        "petroleum",
        "motors",
        "motor",
        "systems",
        "industries",
        "capital",
        "partners",
        "securities",
        "media",
        "foods",
        "pharmaceutical",
        "pharmaceuticals",
        "telecom",
        "telecoms",
        "steel",
        "mining",
        "resources",
        "technologies",
        "technology",
        "software",
        "insurance",
        "logistics",
        "shipping",
        "solutions",
        "labs",
        "electric",
        "electronics",
        "chemicals",
        "co",
        "co.",
        "inc.",
        "ltd.",
        "llc",
        "ag",
        "sa",
        "gmbh",
        "bancorp",
        "investments",
        "ventures",
        "enterprises",
        "international",
        "airways",
        "railways",
        "communications",
        "entertainment",
        "studios",
        "pictures",
        "press",
        "times",
        "post",
        "news",
    }
)
# Words that, right before a name or in apposition to it, mark it as a person's name.
_PERSON_CUES = frozenset(
    (
        LEADER_ROLES
        | SPOKES_ROLES
        | MEMBER_ROLES
        | TITLE_WORDS
        | {
            "counterpart",
            "son",
            "daughter",
            "wife",
            "husband",
            "brother",
            "sister",
            "father",
            "mother",
            "lawyer",
            "businessman",
            "businesswoman",
            "tycoon",
            "journalist",
            "lord",
            "billionaire",
            "oligarch",
            "dissident",
            "suspect",
            "cousin",
            "nephew",
        }
    )
    - (_ORG_TITLE_OK - {"executive"})
    - {"head", "state", "house", "court"}
)
# Occupations and describing words that open a sentence before a name and get tagged with it.
_OCCUPATIONS = frozenset(
    """analyst activist strategist counsel special economist blogger investor banker
    financier entrepreneur author writer actor actress singer novelist poet artist director producer
    coach player striker midfielder veteran political politician campaigner commentator pundit scholar
    researcher scientist professor doctor surgeon pilot officer soldier sergeant agent detective
    businessman businesswoman tycoon magnate mogul billionaire millionaire journalist reporter editor
    lawyer attorney barrister judge prosecutor dissident opposition rebel militant cleric preacher
    rapper footballer athlete chef designer architect engineer founder co-founder chairman ceo""".split()
)
# Offices a body's name can modify ("Northwind President X"): the name is then the body's.
_OFFICE_WORDS = frozenset(
    LEADER_ROLES
    | SPOKES_ROLES
    | {"ceo", "cfo", "coo", "chief", "executive", "board", "director", "spokesman", "official", "officials"}
)
# Entity types that are never a person's or body's name, however a rule needs one there.
_NEVER_NAMES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "GPE"})
# Singular heads of collective agents (their plurals are in GENERIC_AGENTS).
_GENERIC_SINGULARS = frozenset({"court", "guard", "prosecutor", "army", "military", "police"})
# Companies whose names the model often takes for people ("said on Twitter").
_PLATFORMS = frozenset(
    {
        "twitter",
        "facebook",
        "telegram",
        "instagram",
        "youtube",
        "tiktok",
        "whatsapp",
        "linkedin",
        "weibo",
        "wechat",
        "truth social",
        "reddit",
    }
)
# Bodies that belong to whoever is named as their possessor.
_OWNED_BODIES = frozenset(
    {"government", "administration", "regime", "cabinet", "ministry", "court", "coalition", "junta"}
)
# Role nouns that, with "the", can stand for the one person the article gave that role.
_DESCRIPTION_ROLES = frozenset(
    {
        "president",
        "minister",
        "premier",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "chairman",
        "chairwoman",
        "governor",
        "mayor",
        "king",
        "queen",
        "commander",
        "general",
        # people described by what they do: "the tycoon", "the 45-year-old activist"
        "activist",
        "businessman",
        "businesswoman",
        "tycoon",
        "billionaire",
        "magnate",
        "lawyer",
        "journalist",
        "dissident",
        "politician",
        "strategist",
        "executive",
        "founder",
        "ambassador",
        "envoy",
        "diplomat",
        "senator",
        "lawmaker",
        "banker",
        "financier",
        "entrepreneur",
        "blogger",
        "cleric",
        "colonel",
        "officer",
        "man",
        "woman",
    }
)
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
# Verbs that attribute a quotation to its speaker.
_SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "write",
        "tweet",
        "post",
        "state",
        "insist",
        "explain",
        "recall",
        "declare",
        "continue",
        "note",
    }
)
# Similarity (0-100) above which two spellings of one surname are the same surname.
SURNAME_SIMILARITY = 85.0


@lru_cache(maxsize=8192)
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
    # for a collective agent: the place the article gives it ("" when none) and its head noun
    place: str = ""
    head: str = ""


class ActorTable:
    """The actors of one article and which tokens mention them."""

    def __init__(self, doc: Doc, *, known: Sequence[tuple[tuple[str, ...], str]] = ()) -> None:
        """Find the actors of ``doc``.

        ``known`` holds workspace names as (lower-cased tokens, canonical name): their uses in
        the text are found even where the NER model saw no entity.
        """
        self.doc = doc
        self.actors: list[Actor] = []
        self.mentions: list[Mention] = []
        self.token_actor: dict[int, int] = {}
        self._generic: dict[tuple[str, str], int] = {}
        self._known = known
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

    def person_shaped(self, actor: int) -> bool:
        """Whether an actor the model typed as a place or organisation is named like a person.

        Two to four capitalised words, none of them an organisation word or a nationality; and
        nothing in the article marks it as a body: no bracketed acronym of its own ("Northwind
        Commercial Shipping (NCS)") and no use as the modifier of an office ("NCS President
        Tomas Lind", "Northwind chief executive ...").
        """
        a = self.actors[actor]
        if a.kind not in ("organisation", "other") or a.generic or not a.canonical:
            return False
        words = a.canonical.replace("-", " ").split()
        if not (
            2 <= len(words) <= 4
            and all(
                w[:1].isupper() and w.lower() not in _ORG_WORDS and w.lower() not in DEMONYM_TO_COUNTRY for w in words
            )
        ):
            return False
        if any(_ACRONYM.match(n) for n in a.names):
            return False
        doc = self.doc
        for m in self.mentions:
            if m.actor == actor and m.end < len(doc):
                nxt = doc[m.end]
                if nxt.lower_ in _OFFICE_WORDS or (
                    nxt.text == "(" and m.end + 1 < len(doc) and _ACRONYM.match(doc[m.end + 1].text)
                ):
                    return False
        return True

    def make_person(self, actor: int) -> None:
        """Re-type an actor as a person (a rule found it in a person-only role)."""
        self.actors[actor].kind = "person"

    def generic_actor(self, tok: Token) -> int | None:
        """An actor for a collective agent noun ("Kazakh authorities", "police in Lyon")."""
        if tok.lower_ not in GENERIC_AGENTS and tok.lemma_.lower() not in GENERIC_AGENTS:
            return None
        if tok.i in self.token_actor:
            return self.token_actor[tok.i]
        if tok.lemma_.lower() in _OWNED_BODIES:
            # "Andreou's government", "Israel's government": the one who owns it acts
            for c in tok.children:
                if c.dep_ == "poss" and c.i in self.token_actor:
                    return self.token_actor[c.i]
            if not any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in tok.children) and not any(
                c.dep_ == "prep" and c.lower_ in ("in", "of") for c in tok.children
            ):
                return None  # a bare "the government" names nobody in particular
        # "agents of the FBI", "police from the Interior Ministry": the named body itself
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "from"):
                for g in c.children:
                    body = self.token_actor.get(g.i)
                    if g.dep_ == "pobj" and body is not None and self.actors[body].kind == "organisation":
                        return body
        doc = self.doc
        lo, hi = tok.i, tok.i + 1
        country = ""
        for c in reversed(list(tok.lefts)):
            if (
                c.dep_ in ("amod", "compound", "nmod", "poss")
                and c.right_edge.i == lo - 1
                or (c.dep_ in ("amod", "compound", "nmod") and c.i >= lo - 3)
            ):
                # a place of several words ("Hong Kong police", "the country's prosecutor") is
                # taken whole
                first = c.left_edge.i
                lo = min(lo, first)
                place = doc[first : c.i + 1].text.lower()
                country = country or DEMONYM_TO_COUNTRY.get(place, "") or DEMONYM_TO_COUNTRY.get(c.lower_, "")
        place = ""
        for c in tok.lefts:
            if c.i >= lo and (c.ent_type_ in ("GPE", "NORP", "LOC") or c.lower_ in DEMONYM_TO_COUNTRY):
                place = doc[min(c.left_edge.i, c.i) : c.i + 1].text  # "Moscow police", "Pakistani police"
        trailing = ""
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("in", "of") and c.i == hi:
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs and objs[0].lemma_.lower() in _PLACE_KINDS and objs[0].ent_type_ == "":
                    # "police in the northern province of Dorra", "a court in the city of X":
                    # the place is the name after the kind of place
                    named = [
                        g
                        for pp in objs[0].children
                        if pp.dep_ == "prep" and pp.lower_ == "of"
                        for g in pp.children
                        if g.dep_ == "pobj" and g.text[:1].isupper()
                    ]
                    objs = named or objs
                if objs and (
                    objs[0].ent_type_ in ("GPE", "NORP")
                    or (
                        objs[0].ent_type_ == "ORG"
                        and objs[0].pos_ == "PROPN"
                        and not any(t.lower_ in _ORG_WORDS for t in objs[0].subtree)
                    )
                ):
                    ent_end = max(t.i for t in objs[0].subtree) + 1
                    hi = ent_end
                    where = doc[objs[0].left_edge.i : ent_end].text
                    if where.lower().startswith("the "):
                        where = where[4:]
                    country = country or DEMONYM_TO_COUNTRY.get(where.lower(), "")
                    trailing = where
        if (
            not country
            and not place
            and not trailing
            and tok.lemma_.lower() in _OWNED_BODIES
            and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in tok.children)
        ):
            return None  # "led a coalition government": an indefinite government without a place is nobody
        while lo < tok.i and doc[lo].dep_ == "det":
            lo += 1
        text = doc[lo:hi].text
        head = tok.lemma_.lower()
        canonical = text
        deictic = next(
            (
                c
                for c in tok.lefts
                if c.dep_ == "poss" and c.lower_ in ("country", "nation") and any(d.lower_ == "the" for d in c.children)
            ),
            None,
        )
        if deictic is not None and not place and not trailing:
            # "the country's top prosecutor": the country the article is about, when it has one
            home = self._article_country(tok)
            if home:
                country = home
                place = home
                rest = doc[deictic.right_edge.i + 1 : tok.i].text
                canonical = " ".join(w for w in (COUNTRY_ADJECTIVE.get(home, home), rest, tok.lower_) if w)
        if trailing and not place:
            # "police in Islamabad" -> "Islamabad police", "authorities in China" -> "Chinese
            # authorities": one name however the article orders the words; the text is an alias
            modifiers = doc[lo : tok.i].text
            where = COUNTRY_ADJECTIVE.get(country, trailing) if country else trailing
            canonical = " ".join(w for w in (where, modifiers, tok.lower_) if w)
            place = trailing
        key = (country or place.lower() or text.lower(), head)
        if key in self._generic:
            actor = self._generic[key]
        else:
            actor = len(self.actors)
            self.actors.append(
                Actor(
                    kind="organisation",
                    generic=True,
                    canonical=canonical,
                    key=(canonical.lower(),),
                    place=country or place,
                    head=head,
                )
            )
            self._generic[key] = actor
        a = self.actors[actor]
        if text not in a.names:
            a.names.append(text)
        a.spans.append((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])))
        for i in range(lo, hi):
            self.token_actor.setdefault(i, actor)
        return actor

    def _article_country(self, tok: Token) -> str:
        """The country "the country" means at ``tok``: the one named most often before it (and
        only if no other is named as often)."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.start < tok.i and self.actors[m.actor].kind == "country":
                name = self.actors[m.actor].names[0] if self.actors[m.actor].names else ""
                counts[name] = counts.get(name, 0) + 1
        if not counts:
            return ""
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return ""
        return ranked[0][0]

    def article_country_actor(self, tok: Token) -> int | None:
        """The country actor "the country" or "the nation" stands for at ``tok`` (see
        :meth:`_article_country`)."""
        name = self._article_country(tok)
        if not name:
            return None
        return next(
            (i for i, a in enumerate(self.actors) if a.kind == "country" and a.names and a.names[0] == name), None
        )

    def central_actors(self) -> set[int]:
        """Actors the article is about though no relationship was found for them: a person or
        a named organisation mentioned at least three times, at least twice as the subject or
        object of a clause ("Saputo reported ...", "analysts expect Saputo to ..."). Places,
        countries and collectives ("police") are never central on their own."""
        doc = self.doc
        count: dict[int, int] = {}
        arguments: dict[int, int] = {}
        for m in self.mentions:
            a = self.actors[m.actor]
            if a.kind not in ("person", "organisation") or a.generic:
                continue
            count[m.actor] = count.get(m.actor, 0) + 1
            if doc[m.root].dep_ in ("nsubj", "nsubjpass", "dobj", "iobj", "dative"):
                arguments[m.actor] = arguments.get(m.actor, 0) + 1
        return {a for a, n in count.items() if n >= 3 and arguments.get(a, 0) >= 2}

    def settle_generics(self) -> None:
        """A collective agent the article names without a place ("police") is the one it names
        with a place ("Moscow police") when there is exactly one such body of that kind; the
        bare name never stands alone beside it."""
        placed: dict[str, list[int]] = {}
        for i, a in enumerate(self.actors):
            if a.generic and a.place:
                placed.setdefault(a.head, []).append(i)
        for a in self.actors:
            if a.generic and not a.place and len(placed.get(a.head, ())) == 1:
                owner = self.actors[placed[a.head][0]]
                owner.names.extend(n for n in a.names if n not in owner.names)
                a.canonical = owner.canonical

    def quoted_speaker(self, tok: Token) -> int | None:
        """Who "I" is inside a quotation: the person the quotation is attributed to, by a
        reporting verb right after it ('"I spoke to him," Weber said', '..., he said') or right
        before it ('Weber said: "I ..."'), in the sentence where the quotation ends or begins.
        "I" outside quotation marks, or in an unattributed quotation, is nobody."""
        quote = next(((a, b) for a, b in self._quote_spans() if a < tok.i < b), None)
        if quote is None:
            return None
        doc = self.doc
        start, end = quote
        after = doc[end].sent
        candidates = [t for t in after if t.i > end] + [t for t in doc[start].sent if t.i < start]
        for v in candidates:
            if v.pos_ == "VERB" and v.lemma_.lower() in _SPEECH_VERBS:
                for subj in v.children:
                    if subj.dep_ != "nsubj":
                        continue
                    a = self.token_actor.get(subj.i)
                    if a is None and subj.lower_ in ("he", "she"):
                        a = self.resolve_pronoun(subj)
                    if a is not None and self.actors[a].kind == "person":
                        return a
        return None

    def _quote_spans(self) -> list[tuple[int, int]]:
        """(opening, closing) token indices of every quotation in the article.

        News convention: a quotation running over several paragraphs reopens each paragraph
        with a quotation mark and closes only at its end; a paragraph that ends inside a
        quotation and is not followed by such a reopening closes it.
        """
        if getattr(self, "_quotes", None) is None:
            doc = self.doc
            spans = []
            open_at = None
            for t in doc:
                new_paragraph = t.i > 0 and "\n" in doc[t.i - 1].text_with_ws
                if new_paragraph and open_at is not None:
                    if t.text in ('"', "“", "``"):
                        continue  # the quotation goes on in this paragraph
                    spans.append((open_at, t.i - 1))
                    open_at = None
                if t.text in ("“", "``") or (t.text == '"' and open_at is None):
                    open_at = t.i
                elif t.text in ("”", "''") or (t.text == '"' and open_at is not None):
                    if open_at is not None:
                        spans.append((open_at, t.i))
                    open_at = None
            if open_at is not None:
                spans.append((open_at, len(doc) - 1))
            self._quotes = spans
        return self._quotes

    def resolve_pronoun(self, tok: Token, *, not_these: frozenset[int] = frozenset()) -> int | None:
        """The actor a personal pronoun most likely refers to, or None.

        News English mostly refers back to the grammatical subject: prefer the nearest
        preceding subject in the same sentence, else the first subject of an earlier sentence.
        ``not_these`` are actors the pronoun cannot be (an object pronoun is never the doer of
        its own clause: "Y was elected to replace him" is not Y).
        """
        low = tok.lower_
        if low in ("i", "me", "my", "myself"):
            return self.quoted_speaker(tok)
        kinds: tuple[str, ...]
        if low in _PERSON_PRONOUNS:
            kinds = ("person",)
        elif low in _THING_PRONOUNS:
            kinds = ("organisation", "country")
        else:
            return None
        doc = self.doc
        sent = tok.sent
        excluded: set[int] = set()
        if tok.dep_ in ("dobj", "pobj", "dative") and not low.endswith("self"):
            # "Tokayev spoke with him": an object pronoun is not its own clause's subject
            v = tok.head
            while v.pos_ not in ("VERB", "AUX") and v.head is not v:
                v = v.head
            excluded = {
                self.token_actor[c.i]
                for c in v.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.i in self.token_actor
            }
        if not low.endswith("self"):
            excluded |= not_these
        before = [
            m
            for m in self.mentions
            if m.start < tok.i and self.actors[m.actor].kind in kinds and m.actor not in excluded
        ]
        if not before:
            return None
        same = [m for m in before if m.start >= sent.start]
        quotes = self._quote_spans()
        if quotes and not any(a < tok.i < b for a, b in quotes):
            # '"I spoke to Y," he said': the one quoted is never named inside his own quotation
            same = [m for m in same if not any(a < m.start < b for a, b in quotes)]
        subjects = [m for m in same if doc[m.root].dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[-1].actor
        if same:
            return same[-1].actor
        # earlier sentences, nearest first: the first subject mention of that sentence
        prev = [m for m in before if m.start < sent.start]
        if not prev:
            return None
        last_sent_start = doc[prev[-1].start].sent.start
        for m in prev:
            if m.start >= last_sent_start and doc[m.root].dep_ in ("nsubj", "nsubjpass"):
                return m.actor
        return prev[-1].actor

    # -- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        raw = [
            m for ent in self.doc.ents for part in _split_name_of_place(ent) if (m := self._mention(part)) is not None
        ]
        raw = self._split_coordinated(raw)
        raw += self._parenthesised_acronyms(raw)
        raw += self._coordinated_bodies(raw)
        raw = self._titled_people(raw)
        raw += self._untagged_bodies(raw)
        self._promote_people(raw)
        self._demote_company_words(raw)
        raw.sort(key=lambda m: m.start)
        self._cluster(raw)
        self._rescan()
        self._kinds_from_workspace()
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.token_actor[i] = m.actor
        for a in self.actors:
            if a.names:
                a.canonical = self._canonical(a)
        self._collect_roles()
        self._describe()

    def _describe(self) -> None:
        """Record "the prime minister", "his spokesman" as mentions of the one person they fit.

        Only the character spans are kept (so the evidence panel can highlight them); a
        description is never made an alias, since it would match other people elsewhere.
        """
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.i in self.token_actor or tok.lemma_.lower() not in _DESCRIPTION_ROLES:
                continue
            if any(
                c.dep_ in ("appos", "compound")
                and c.i in self.token_actor
                and self.actors[self.token_actor[c.i]].kind == "person"
                for c in tok.children
            ):
                continue  # a named role ("spokesman Aidos Ukibay"), not a description
            actor = self.described(tok)
            if actor is not None:
                start = (
                    min(c.i for c in tok.lefts if c.dep_ in ("det", "poss", "amod", "compound"))
                    if any(c.dep_ in ("det", "poss", "amod", "compound") for c in tok.lefts)
                    else tok.i
                )
                first = self.doc[start]
                self.actors[actor].spans.append((first.idx, tok.idx + len(tok)))

    def _collect_roles(self) -> None:
        """Role words said of each person ("Prime Minister X", "X, the spokesman"), so a later
        "the prime minister" can be resolved when exactly one person holds that role."""
        doc = self.doc
        self.roles: dict[int, set[str]] = {}
        self.ages: dict[int, str] = {}
        for m in self.mentions:
            if self.actors[m.actor].kind != "person":
                continue
            words: set[str] = set()
            i = m.start - 1
            while i >= 0 and i < doc[i].head.i < m.end and doc[i].pos_ in ("PROPN", "NOUN", "ADJ"):
                words.add(doc[i].lemma_.lower())
                i -= 1
            root = doc[m.root]
            for c in root.children:
                if c.dep_ == "appos" and c.pos_ == "NOUN":
                    words.add(c.lemma_.lower())
                    words.update(g.lemma_.lower() for g in c.children if g.dep_ in ("amod", "compound"))
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                words.add(root.head.lemma_.lower())
                words.update(g.lemma_.lower() for g in root.head.children if g.dep_ in ("amod", "compound"))
            # "President X of Russia": the country the office is of
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    words.update(w for g in c.children if g.dep_ == "pobj" and (w := country_word(g)))
            if words:
                self.roles.setdefault(m.actor, set()).update(words)
            age = _stated_age(doc, m)
            if age:
                self.ages.setdefault(m.actor, age)

    def described(self, tok: Token) -> int | None:
        """The one person a description like "the prime minister", "the spokesman" or "the
        45-year-old activist" fits: the only person the article gave that office (with the same
        country or rank), or the only one whose stated age it repeats."""
        if not hasattr(self, "roles"):
            return None
        lemma = tok.lemma_.lower()
        owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in ("his", "her")), None)
        place = country_word(owner) if owner is not None else ""
        if lemma not in _DESCRIPTION_ROLES or not (
            place or any(c.lower_ in ("the", "his", "her") for c in tok.children)
        ):
            return None  # "the president", "his spokesman", "Russia's president"
        age = _described_age(tok)
        if age:
            return self.aged(age, tok)
        if lemma in ("man", "woman", "officer"):
            return None  # too common to stand for one person without an age
        mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound")}
        if lemma == "minister" and "prime" not in mods:
            return None
        # Only modifiers that say which office count ("Kazakh", "prime", "deputy"); ages and
        # adjectives like "81-year-old" or "veteran" do not.
        wanted = {_office_word(m) for m in mods if m in DEMONYM_TO_COUNTRY or m in TITLE_WORDS} - {"former", "then"}
        # "the president of Russia", "Russia's president": the country is part of the office
        of_places = [
            country_word(g)
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        wanted |= {w for w in [place, *of_places] if w}
        return self.office_holder(lemma, wanted, tok)

    def office_holder(self, lemma: str, wanted: set[str], tok: Token) -> int | None:
        """The only person named before ``tok`` with the office ``lemma`` and every word in
        ``wanted`` (countries as lower-case country names, ranks like "prime")."""
        fits = [
            a
            for a, words in self.roles.items()
            if lemma in words
            and wanted <= {_office_word(w) for w in words}
            and any(s <= tok.idx for s, _ in self.actors[a].spans)
        ]
        return fits[0] if len(fits) == 1 else None

    def aged(self, age: str, tok: Token) -> int | None:
        """The only person mentioned before ``tok`` whose age the article gave as ``age``."""
        if not hasattr(self, "ages"):
            return None
        aged = [a for a, n in self.ages.items() if n == age and any(s <= tok.idx for s, _ in self.actors[a].spans)]
        return aged[0] if len(aged) == 1 else None

    def headless_age(self, tok: Token) -> int | None:
        """ "the 61-year-old said ...": an age standing for the one person it was given to."""
        if tok.lower_ != "old" or not any(c.lower_ == "the" for c in tok.children):
            return None
        age = _described_age(tok)
        return self.aged(age, tok) if age else None

    def name_at(self, tok: Token) -> int | None:
        """A capitalised name the NER model missed, found because a rule needs an actor there.

        ``tok`` is a proper noun heading a flat name ("Ana Fontes"); a lone surname of an
        earlier unlabelled mention joins it.
        """
        doc = self.doc
        # the small model tags foreign names as anything: a work of art, a product, a place
        if tok.pos_ != "PROPN" or tok.i in self.token_actor or tok.ent_type_ in _NEVER_NAMES:
            return None
        parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
        lo, hi = min(p.i for p in parts), tok.i + 1
        taken = {self.token_actor[i] for i in range(lo, hi) if i in self.token_actor}
        if taken and (
            len(taken) > 1 or len(self.actors[next(iter(taken))].key) != 1 or self.actors[next(iter(taken))].generic
        ):
            return None  # part of the span is another actor's longer name
        span = doc[lo:hi]
        if (
            not 2 <= len(span) <= 4
            or not _looks_like_name(span)
            or span.text.lower() in NEWS_AGENCIES
            or span.text.lower() in DEMONYM_TO_COUNTRY
            or any(t.lower_ in TITLE_WORDS for t in span)
        ):
            return None
        kind = "organisation" if any(t.lower_ in _ORG_WORDS for t in span) else "person"
        if (
            tok.dep_ == "conj"
            and self.token_actor.get(tok.head.i) is not None
            and self.actors[self.token_actor[tok.head.i]].kind == "organisation"
        ):
            kind = "organisation"  # "Brightwater Energy and Solano Gas": coordination joins likes
        key = name_key(span.text)
        # a lone word already known for this name: the surname of a person, the first word of
        # a body ("Solano" for "Solano Gas")
        ends = (key[-1],) if kind == "person" else (key[0], key[-1])
        actor = next(
            (
                i
                for i, a in enumerate(self.actors)
                if a.kind != "merged" and not a.generic and len(a.key) == 1 and a.key[0] in ends and a.kind != "country"
            ),
            None,
        )
        if actor is None:
            actor = self._new_actor(kind, key)
        a = self.actors[actor]
        a.kind, a.key = kind, key
        m = Mention(lo, hi, kind, span.text, tok.i, actor)
        self._attach(m, actor)
        a.canonical = self._canonical(a)
        for i in range(lo, hi):
            self.token_actor[i] = actor
        return actor

    def _mention(self, ent: Span) -> Mention | None:
        kind = _LABEL_KIND.get(ent.label_)
        if kind is None:
            return None
        doc = self.doc
        s, e = ent.start, ent.end
        while s < e and (
            doc[s].lower_ == "the"
            or not any(ch.isalnum() for ch in doc[s].text)
            or doc[s].pos_ in ("ADV", "DET", "ADP", "CCONJ", "SCONJ", "PRON", "AUX", "VERB")
        ):
            s += 1  # "Later Tokayev", "Meanwhile Putin": sentence adverbs the model took in
        # "Ruritania Rail (RR" tagged as one entity: a name never contains a bracket; the
        # bracketed acronym is found as an alias on its own
        bracket = next((i for i in range(s + 1, e) if doc[i].text in ("(", "[")), None)
        if bracket is not None:
            e = bracket
        while e > s and (
            doc[e - 1].lower_ in _POSSESSIVE
            or not any(ch.isalnum() for ch in doc[e - 1].text)
            or doc[e - 1].pos_ in ("ADP", "CCONJ")
        ):
            e -= 1  # "Nikola Stanev of" tagged before a place: a name never ends in "of" or "and"
        if s >= e:
            return None
        # "Marine Le Pen" where the model stopped at "Le": take in the rest of the flat name
        while (
            e < len(doc)
            and ent.label_ == "PERSON"
            and doc[e].pos_ == "PROPN"
            and doc[e].ent_type_ == ""
            and doc[e].text[:1].isupper()
            and (doc[e - 1].head.i == e or s <= doc[e].head.i < e)
        ):
            e += 1
        # "Shavkat Tashkentov" where the model tagged only "Shavkat" (as anything): the name's
        # head is the untagged capitalised word the tagged part modifies
        if (
            e - s == 1
            and ent.label_ in ("ORG", "PERSON")
            and e < len(doc)
            and doc[s].dep_ == "compound"
            and doc[s].head.i == e
            and doc[e].pos_ == "PROPN"
            and doc[e].ent_type_ == ""
            and doc[e].text[:1].isupper()
            and doc[e].lower_ not in TITLE_WORDS
            and doc[e].lower_ not in _OFFICE_WORDS
            and doc[e].lower_ not in _ORG_WORDS
        ):
            e += 1  # the kind stays the model's; syntax or a person-only role decides it later
        # "Ana Fontes" where the model tagged only "Fontes": take in untagged given names
        body = ent.label_ == "ORG" and doc[e - 1].lower_ in _ORG_WORDS
        while (
            s > 0
            and ent.label_ in ("PERSON", "ORG")
            and doc[s - 1].pos_ == "PROPN"
            and doc[s - 1].ent_type_ == ""
            and doc[s - 1].dep_ == "compound"
            and s <= doc[s - 1].head.i < e
            and doc[s - 1].text[:1].isupper()
            and (body or doc[s - 1].lower_ not in TITLE_WORDS)
            and doc[s - 1].lower_ not in DEMONYM_TO_COUNTRY
        ):
            s -= 1  # ("State" before "Anti-Fraud Agency": a title word is part of a body's name)
        text = doc[s:e].text
        if _never_an_actor(doc, s, e):
            return None
        if (
            text.isupper()
            and len(text) > 3
            and (s == 0 or "\n" in doc[s - 1].text_with_ws or doc[s - 1].is_space)
            and e < len(doc)
            and doc[e].text in (",", "(", "-", "–", "—")
        ):
            return None  # a dateline ("NAIROBI, May 3 (Reuters) -") names where, not who
        country = DEMONYM_TO_COUNTRY.get(text.lower())
        root = doc[s:e].root
        if _names_a_collective(root, e):
            return None  # "Moscow police", "police in Islamabad": the place of a collective, named with it
        if country is None and text.lower() in CAPITALS and ent.label_ in ("GPE", "PERSON", "ORG"):
            if not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS):
                country = CAPITALS[text.lower()]  # "Moscow's closest ally": the state acting
            elif ent.label_ == "PERSON":
                return Mention(s, e, "other", text, root.i)
        if country:
            return Mention(s, e, "country", country, doc[s:e].root.i)
        if ent.label_ == "NORP":
            return None  # "Islamist", "Republicans": groups too vague to be actors
        if text.lower() in NEWS_AGENCIES:
            return None
        if text.lower() in _PLATFORMS and doc[s:e].root.dep_ == "pobj" and doc[s:e].root.head.lower_ in ("on", "via"):
            return None  # "said on Twitter": where it was said, not who
        if kind == "person" and (any(t.lower_ in _ORG_WORDS for t in doc[s:e]) or text.lower() in _PLATFORMS):
            kind = "organisation"  # "Green League" tagged as a person
        if kind == "person":
            # Strip titles the model sometimes includes ("Secretary Blinken", "Russian President X").
            while e - s > 1 and (
                doc[s].lower_ in TITLE_WORDS
                or doc[s].lower_ in DEMONYM_TO_COUNTRY
                or doc[s].lower_ in _OCCUPATIONS
                or doc[s].lower_ in _PERSON_CUES
            ):
                s += 1  # "Analyst Priya Natarajan", "Special Counsel Robert Mueller": the name follows
        elif ent.label_ == "ORG" and doc[s].lower_ in TITLE_WORDS and doc[s].lower_ not in _ORG_TITLE_OK:
            # "Secretary Blinken" tagged as an organisation: a title then a short capitalised name.
            rest = doc[s + 1 : e]
            if 1 <= len(rest) <= 3 and _looks_like_name(rest) and not any(t.lower_ in _ORG_WORDS for t in rest):
                s, kind = s + 1, "person"
        text = doc[s:e].text
        if not any(ch.isupper() for ch in text):
            return None
        if kind != "person" and e - s == 1 and text.lower() in TITLE_WORDS:
            return None  # "State" out of "Secretary of State"
        return Mention(s, e, kind, text, doc[s:e].root.i)

    def _split_coordinated(self, mentions: list[Mention]) -> list[Mention]:
        """ "Biden and Zelenskiy" tagged as one entity: split when each side is a known surname."""
        doc = self.doc
        surnames = {name_key(m.name)[-1] for m in mentions if m.kind == "person" and len(name_key(m.name)) > 1}
        out = []
        for m in mentions:
            ands = [i for i in range(m.start + 1, m.end - 1) if doc[i].lower_ in ("and", "&")]
            if len(ands) == 1 and m.kind in ("person", "organisation"):
                left, right = doc[m.start : ands[0]], doc[ands[0] + 1 : m.end]
                lk, rk = name_key(left.text), name_key(right.text)
                if lk and rk and (m.kind == "person" or (lk[-1] in surnames and rk[-1] in surnames)):
                    out.append(Mention(left.start, left.end, "person", left.text, left.root.i))
                    out.append(Mention(right.start, right.end, "person", right.text, right.root.i))
                    continue
            out.append(m)
        return out

    def _titled_people(self, mentions: list[Mention]) -> list[Mention]:
        """A personal title followed by two or three capitalised words is a person's name:
        "President Ilse Marant of ...", "Governor Tomo Sawada met ...", "Finance Minister Radu
        Pescaru". The small model often tags such foreign names as nothing, a place or an
        organisation. The words must be proper nouns, none a title, an organisation word, a
        nationality or a country, and they must be untagged or tagged exactly as one name
        (then its kind becomes person). A single word after a title is left to the model
        ("President Ostra" is too often a misreading)."""
        doc = self.doc
        by_span = {(m.start, m.end): m for m in mentions}
        covered = {i for m in mentions for i in range(m.start, m.end)}
        added: list[Mention] = []
        for t in doc:
            if t.lower_ not in _NAME_TITLES or t.i + 2 >= len(doc):
                continue
            e = t.i + 1
            while e < len(doc) and e - t.i <= 3 and _name_word(doc[e]):
                e += 1
            if not 2 <= e - (t.i + 1) <= 3 or (e < len(doc) and doc[e].pos_ == "PROPN" and doc[e].text[:1].isupper()):
                continue
            s0 = t.i + 1
            name = doc[s0:e]
            if name.text.lower() in DEMONYM_TO_COUNTRY or name.text.lower() in CAPITALS:
                continue
            exact = by_span.get((s0, e))
            if exact is not None:
                exact.kind = "person"
            elif not any(i in covered for i in range(s0, e)):
                added.append(Mention(s0, e, "person", name.text, name.root.i))
                covered.update(range(s0, e))
        return mentions + added

    def _untagged_bodies(self, mentions: list[Mention]) -> list[Mention]:
        """ "the State Anti-Graft Agency", "the National Investigation Bureau": a run of two to
        six capitalised words after "the", ending in an organisation word (agency, bureau,
        service, directorate, ministry, ...), is an organisation's name even where the model
        tagged nothing. Only untagged words; the run must open after "the" so that a
        capitalised sentence start ("Police in ...") is never taken."""
        doc = self.doc
        covered = {i for m in mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        for t in doc:
            if t.lower_ not in _BODY_ENDINGS or not t.text[:1].isupper() or t.i in covered or t.ent_type_:
                continue
            s0 = t.i
            while (
                s0 > 0
                and s0 - 1 not in covered
                and not doc[s0 - 1].ent_type_
                and (
                    doc[s0 - 1].text[:1].isupper()
                    or (doc[s0 - 1].text == "-" and s0 > 1 and doc[s0 - 2].text[:1].isupper())
                )
            ):
                s0 -= 1
            if t.i - s0 < 1 or t.i - s0 > 5 or s0 == 0 or doc[s0 - 1].lower_ != "the":
                continue
            out.append(Mention(s0, t.i + 1, "organisation", doc[s0 : t.i + 1].text, t.i))
            covered.update(range(s0, t.i + 1))
        return out

    def _promote_people(self, mentions: list[Mention]) -> None:
        """Names the model tagged as organisations but the syntax shows are people.

        "President Kassym-Jomart Tokayev", "his counterpart X", "X, the commander of Y": a
        personal title or role right before or in apposition makes the name a person's. So does
        an age in apposition ("X, 64,") and reporting about oneself ("X said he/she ...").
        """
        doc = self.doc
        for m in mentions:
            if (
                m.kind not in ("organisation", "other")
                or any(t.lower_ in _ORG_WORDS for t in doc[m.start : m.end])
                or not _looks_like_name(doc[m.start : m.end])
            ):
                continue
            root = doc[m.root]
            after = (
                m.end + 3 if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")" else m.end
            )
            if after < len(doc) and doc[after].lower_ in _OFFICE_WORDS:
                continue  # "Northwind Shipping (NS) President X": the body whose office X holds
            cues = [doc[m.start - 1]] if m.start > 0 else []
            cues += [c for c in root.children if c.dep_ == "appos" and c.i > m.end]
            if root.dep_ == "appos" and root.head.i < m.start:
                cues.append(root.head)
            # "A and B, two former ministers": a plural role in apposition to the last of
            # coordinated names describes every one of them
            for conj in (*root.conjuncts, root):
                cues += [
                    c
                    for c in conj.children
                    if c.dep_ == "appos" and c.tag_ == "NNS" and c.i > m.end and conj.i >= root.i
                ]
            if any(
                (c.lower_ in _PERSON_CUES or (c.tag_ == "NNS" and c.lemma_.lower() in _PERSON_CUES))
                and c.pos_ in ("NOUN", "PROPN", "ADJ")
                for c in cues
            ):
                m.kind = "person"
            elif _stated_age(doc, m) or _says_of_self(root) or _he_or_she_next(root):
                m.kind = "person"
        # every other mention of a name shown to be a person's is that person's ("Ahmadou
        # Diallo-Keita met ... Diallo-Keita said he ...")
        first_person: dict[str, int] = {}
        for m in mentions:
            key = name_key(m.name)
            if m.kind == "person" and key:
                first_person[key[-1]] = min(first_person.get(key[-1], m.start), m.start)
        for m in mentions:
            key = name_key(m.name)
            if (
                m.kind not in ("organisation", "other")
                or not key
                or key[-1] not in first_person
                or not _looks_like_name(doc[m.start : m.end])
                or any(t.lower_ in _ORG_WORDS for t in doc[m.start : m.end])
            ):
                continue
            # a full name whose surname is a person's; a lone surname only once the person is
            # named (it never refers forward: "joined Northgate" before "James Northgate" is the company)
            if len(key) > 1 or m.start > first_person[key[-1]]:
                m.kind = "person"

    def _coordinated_bodies(self, mentions: list[Mention]) -> list[Mention]:
        """ "Brightwater Energy and Solano Gas": a capitalised name coordinated with an
        organisation and ending in a company word is an organisation too, even where the model
        tagged only the first (coordination joins likes)."""
        doc = self.doc
        roots = {m.root: m for m in mentions if m.kind == "organisation"}
        covered = {i for m in mentions for i in range(m.start, m.end)}
        extra = []
        for root in roots:
            for t in doc[root].conjuncts:
                if t.i <= root or t.pos_ != "PROPN" or t.lower_ not in _ORG_WORDS or t.i in covered:
                    continue
                left = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                lo = min((c.i for c in left), default=t.i)
                span = doc[lo : t.i + 1]
                if left and _looks_like_name(span) and not any(i in covered for i in range(lo, t.i)):
                    extra.append(Mention(lo, t.i + 1, "organisation", span.text, t.i))
        return extra

    def _demote_company_words(self, mentions: list[Mention]) -> None:
        """ "Solano's chairman" after "Solano Gas": a single word the model took for a person is
        the organisation whose name it opens or closes, when no person in the article has it as
        a name and an organisation does ("Boeing" beside "Boeing Global Services" and "Boeing
        Commercial Airplanes" is the company the others are named after)."""
        doc = self.doc
        person_words = {
            w for m in mentions if m.kind == "person" and len(name_key(m.name)) > 1 for w in name_key(m.name)
        }
        org_words: dict[str, set[str]] = {}
        for m in mentions:
            k = name_key(m.name)
            if m.kind == "organisation" and len(k) > 1:
                for w in (k[0], k[-1]):
                    org_words.setdefault(w, set()).add(" ".join(k))
        for m in mentions:
            k = name_key(m.name)
            if (
                m.kind == "person"
                and len(k) == 1
                and k[0] not in person_words
                and org_words.get(k[0])
                and not any(doc[i].lower_ in TITLE_WORDS for i in range(max(0, m.start - 1), m.start))
            ):
                m.kind = "organisation"

    def _parenthesised_acronyms(self, mentions: list[Mention]) -> list[Mention]:
        """``National Security Committee (KNB)``: the bracketed acronym is an alias."""
        doc = self.doc
        by_start = {m.start: m for m in mentions}
        extra = []
        for m in mentions:
            j = m.end
            while j < len(doc) and doc[j].lower_ in _POSSESSIVE:
                j += 1
            if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
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
        # family-name-first names ("Wang Yi" then "Wang"): a lone first token names the person too
        surnames |= {
            name_key(m.name)[0]
            for m in mentions
            if m.kind == "person" and len(name_key(m.name)) > 1 and len(name_key(m.name)[0]) > 2
        }
        # where each surname is first given with a full name: a lone surname never refers forward
        first_named: dict[str, int] = {}
        for m in mentions:
            k = name_key(m.name)
            if m.kind == "person" and len(k) > 1:
                for w in (k[-1], k[0]):
                    first_named[w] = min(first_named.get(w, m.start), m.start)
        for m in mentions:
            key = name_key(m.name)
            if not key:
                continue
            alias_of = getattr(m, "alias_of", None)
            if alias_of is not None and alias_of.actor >= 0:
                self._attach(m, alias_of.actor)
                continue
            if (
                m.kind != "person"
                and len(key) == 1
                and key[0] in surnames
                and self.doc[m.root].pos_ in ("PROPN", "NOUN")
                and first_named.get(key[0], len(self.doc)) < m.start
            ):
                # "Montenegro's spokeswoman" after "Prime Minister Luis Montenegro": the person
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
                    target = next(
                        (
                            a
                            for a in range(len(self.actors))
                            if self.actors[a].kind == "organisation"
                            and any(acronym(n) == m.name.replace(".", "") for n in self.actors[a].names)
                        ),
                        None,
                    )
                if target is None:
                    target = self._new_actor("country" if m.kind == "country" else m.kind, key)
                by_key[k] = target
            self._attach(m, target)
        self._merge_short_org_names()
        for m in pending_single:
            key = name_key(m.name)
            cands = [a for a in persons_full if same_person(self.actors[a].key, key)]
            if not cands:
                # "Abiy" for "Abiy Ahmed": a given name, only when one person has it
                cands = [a for a in persons_full if self.actors[a].key[0] == key[0]]
                cands = cands if len(cands) == 1 else []
            if cands:
                # the nearest full name mentioned before this surname, else the first after
                earlier = [
                    a for a in cands if self.actors[a].spans and min(self.actors[a].spans)[0] <= self.doc[m.start].idx
                ]
                target = max(earlier, key=lambda a: self._last_before(a, m)) if earlier else cands[0]
            else:
                k = ("person",) + key
                target = by_key.get(k)
                if target is None:
                    target = self._new_actor("person", key)
                    by_key[k] = target
            self._attach(m, target)
        self.mentions = sorted(self.mentions, key=lambda m: m.start)

    def _merge_short_org_names(self) -> None:
        """ "the Commission" after "the European Commission": one organisation, when unambiguous."""
        orgs = [i for i, a in enumerate(self.actors) if a.kind == "organisation" and not a.generic]
        for i in orgs:
            a = self.actors[i]
            if len(a.key) != 1 or _ACRONYM.match(a.names[0]):
                continue
            owners = [j for j in orgs if j != i and len(self.actors[j].key) > 1 and self.actors[j].key[-1] == a.key[0]]
            if not owners:
                # "Samsung" after "Samsung Electronics"
                owners = [
                    j
                    for j in orgs
                    if j != i
                    and len(self.actors[j].key) > 1
                    and self.actors[j].key[0] == a.key[0]
                    and len(a.key[0]) > 3
                ]
            if len(owners) == 1:
                j = owners[0]
                for m in self.mentions:
                    if m.actor == i:
                        m.actor = j
                b = self.actors[j]
                b.names.extend(n for n in a.names if n not in b.names)
                b.spans.extend(a.spans)
                a.names, a.spans, a.kind = [], [], "merged"

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

    def _kinds_from_workspace(self) -> None:
        """A name the workspace knows as a person's ("Masimov" for "Karim Masimov") is a
        person here too, whatever the NER model tagged it."""
        if not self._known:
            return
        people = {name_key(" ".join(words)) for words, canonical in self._known if _guess_kind(canonical) == "person"}
        for a in self.actors:
            if a.kind in ("organisation", "other") and not a.generic and any(name_key(n) in people for n in a.names):
                a.kind = "person"

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
        # a given name standing alone ("Abiy"), when exactly one person has it and nobody's surname is it
        given: dict[str, set[int]] = {}
        for idx, a in enumerate(self.actors):
            if a.kind == "person" and len(a.key) > 1 and len(a.key[0]) > 2:
                given.setdefault(a.key[0], set()).add(idx)
        for g, owners in given.items():
            if len(owners) == 1 and g not in surname_owner:
                table.setdefault((g,), next(iter(owners)))
        short_org = self._short_org_names(surname_owner)
        # workspace names the model did not tag: a new actor per workspace actor, on first use
        known_actor: dict[str, int] = {}
        pending_known: dict[tuple[str, ...], str] = {}
        for words, canonical in self._known:
            if words and words not in table and (len(words) > 1 or len(words[0]) > 2):
                pending_known.setdefault(words, canonical)
        if not table and not pending_known:
            return
        longest = max(len(k) for k in (*table, *pending_known))
        i, end = 0, len(doc)
        added = []
        while i < end:
            tok = doc[i]
            if i in covered or not tok.text[:1].isupper():
                i += 1
                continue
            for size in range(min(longest, end - i), 0, -1):
                if any(j in covered for j in range(i, i + size)):
                    continue
                words = tuple(t.lower_ for t in doc[i : i + size])
                actor = table.get(words)
                if size == 1:
                    known_org = actor if actor is not None and self.actors[actor].kind == "organisation" else None
                    org = known_org if known_org is not None else short_org.get(words[0])
                    owners = surname_owner.get(words[0], set())
                    person = next(iter(owners)) if len(owners) == 1 else None
                    if org is not None and person is not None:
                        # both a company and a surname: see _short_org_use
                        actor = org if self._short_org_use(tok, org, person) else person
                    elif org is not None and known_org is None:
                        actor = org if self._short_org_use(tok, org, None) else actor
                    if (
                        actor is not None
                        and self.actors[actor].kind == "person"
                        and len(self.actors[actor].key) > 1
                        and tok.idx < min((st for st, _ in self.actors[actor].spans), default=0)
                    ):
                        # a lone surname does not refer forward to a person named later
                        # ("the rapper Toomaj Rahimi ... his uncle, Eghbal Rahimi")
                        actor = None
                if actor is None and words in pending_known:
                    canonical = pending_known[words]
                    actor = known_actor.get(canonical)
                    if actor is None:
                        actor = self._new_actor(_guess_kind(canonical), name_key(canonical))
                        known_actor[canonical] = actor
                if actor is not None:
                    m = Mention(
                        i, i + size, self.actors[actor].kind, doc[i : i + size].text, doc[i : i + size].root.i, actor
                    )
                    added.append(m)
                    i += size - 1
                    break
            i += 1
        for m in added:
            self._attach(m, m.actor)
        self.mentions.sort(key=lambda m: m.start)

    def _short_org_names(self, surname_owner: dict[str, set[int]]) -> dict[str, int]:
        """One word standing for an organisation named in full elsewhere in the article: the
        first or last word of its name ("Northgate" for Northgate Industries, "Union" for the
        People's Union), when no other organisation shares that word and it is no country,
        nationality or title."""
        owners: dict[str, set[int]] = {}
        for idx, a in enumerate(self.actors):
            if a.kind != "organisation" or a.generic or len(a.key) < 2 or _ACRONYM.match(a.canonical or ""):
                continue
            for w in {a.key[0], a.key[-1]}:
                if len(w) > 3 and w not in DEMONYM_TO_COUNTRY and w not in TITLE_WORDS and w not in _PARTICLES:
                    owners.setdefault(w, set()).add(idx)
        return {w: next(iter(o)) for w, o in owners.items() if len(o) == 1}

    def _short_org_use(self, tok: Token, org: int, person: int | None) -> bool:
        """Whether a capitalised word that can stand for ``org`` does here.

        A sentence's first word is capitalised anyway: only taken when an office or a company
        word follows ("Union leader X", "Northgate shares"). A word that is also a person's
        surname is the organisation only before that person is first named (a surname does not
        refer forward) or as the possessor of company words ("Northgate's shares").
        """
        doc = self.doc
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        company_words = (
            "shares",
            "stock",
            "profit",
            "profits",
            "revenue",
            "sales",
            "board",
            "chief",
            "ceo",
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "leader",
            "chairman",
            "president",
        )
        follows = nxt is not None and (
            nxt.lower_ in company_words
            or nxt.lower_ in LEADER_ROLES
            or (nxt.lower_ in _POSSESSIVE and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ in company_words)
        )
        if tok.is_sent_start and not follows:
            return False
        if person is not None and self.actors[person].kind == "person":
            first = min((st for st, _ in self.actors[person].spans), default=len(doc.text))
            return tok.idx < first or follows
        return True

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


def _office_word(word: str) -> str:
    """A role modifier with demonyms and country names made comparable ("kazakh" == "kazakhstan")."""
    return DEMONYM_TO_COUNTRY.get(word, word).lower()


def _guess_kind(name: str) -> str:
    """The kind of a workspace actor known only by name."""
    low = name.lower()
    if low in DEMONYM_TO_COUNTRY:
        return "country"
    words = name.replace("-", " ").split()
    if _ACRONYM.match(name) or any(w.lower() in _ORG_WORDS for w in words):
        return "organisation"
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person"
    return "organisation"


# Last words of an organisation's name: "the National Investigation Bureau".
_BODY_ENDINGS = frozenset(
    {
        "agency",
        "bureau",
        "service",
        "directorate",
        "ministry",
        "committee",
        "council",
        "commission",
        "court",
        "front",
        "union",
        "authority",
        "department",
        "institute",
        "guard",
        "police",
        "inspectorate",
        "office",
    }
)
# Kinds of place named after them: "the province of Dorra", "the city of Kessel".
_PLACE_KINDS = frozenset(
    {
        "province",
        "city",
        "region",
        "state",
        "town",
        "district",
        "county",
        "capital",
        "village",
        "prefecture",
        "municipality",
        "oblast",
        "territory",
    }
)
# Titles that come right before a person's full name ("Governor Tomo Sawada").
_NAME_TITLES = frozenset(
    {
        "president",
        "minister",
        "premier",
        "governor",
        "mayor",
        "chairman",
        "chairwoman",
        "chancellor",
        "senator",
        "ambassador",
        "envoy",
        "secretary",
        "general",
        "judge",
        "ceo",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "colonel",
        "commander",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "lawmaker",
        "mp",
        "activist",
        "businessman",
        "businesswoman",
        "tycoon",
        "dissident",
        "journalist",
    }
)


def _name_word(tok: Token) -> bool:
    """A word that can be part of a personal name after a title: a capitalised proper noun
    that is no title, organisation word, nationality or month."""
    low = tok.lower_
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.text.replace("-", "").isalpha()
        and low not in TITLE_WORDS
        and low not in _ORG_WORDS
        and low not in DEMONYM_TO_COUNTRY
        and tok.ent_type_ not in ("DATE", "TIME", "NORP")
    )


def _looks_like_name(span: Span) -> bool:
    words = [t for t in span if t.text not in ("-", "'", "’", ".")]
    return bool(words) and all(t.text[:1].isupper() for t in words) and len(words) <= 4


def _placelike(span: Span) -> bool:
    """A single capitalised word the parser attaches as the object of "of" or "in" ("the
    city of Arequipa", "in Lima"): a place, not a person or a body."""
    return len(span) == 1 and span[0].dep_ == "pobj" and span[0].head.lower_ in ("of", "in")


def _split_name_of_place(ent: Span) -> list[Span]:
    """ "Nana Akufo-Addo of Ghana" tagged as one entity: a person's name, then the country.

    The small model glues "Name of Country" into one organisation. When the words before "of"
    look like a personal name (two to four capitalised words, none of them an organisation
    word) and the words after it name a country, the entity is split in two. "Bank of China"
    and "University of Tokyo" keep their organisation word and are left whole.
    """
    from spacy.tokens import Span as _Span

    doc = ent.doc
    comma = next((k for k in range(ent.start + 1, ent.end - 1) if doc[k].text == ","), None)
    if comma is not None:
        # "the mayor of Arequipa, Rosa Quispe" tagged as one entity: a name never spans a comma
        # (it is a place and a name in apposition, or two names of a list); each part keeps its
        # own label, the place's from its look and the rest as a name for the rules to type
        head, rest = doc[ent.start : comma], doc[comma + 1 : ent.end]
        parts = [p for p in (head, rest) if p.text[:1].isupper()]
        if len(parts) == 2:
            first = "GPE" if head.text.lower() in DEMONYM_TO_COUNTRY or _placelike(head) else ent.label_
            return [
                *_split_name_of_place(_Span(doc, head.start, head.end, label=first)),
                *_split_name_of_place(_Span(doc, rest.start, rest.end, label=ent.label_)),
            ]
    for k in range(ent.start + 2, ent.end - 1):
        if doc[k].lower_ != "of":
            continue
        name, place = doc[ent.start : k], doc[k + 1 : ent.end]
        if place.text.lower().removeprefix("the ") not in DEMONYM_TO_COUNTRY:
            return [ent]
        words = [t for t in name if t.text not in ("-", "'", "’", ".")]
        if (
            not 2 <= len(words) <= 4
            or not _looks_like_name(name)
            or any(t.lower_ in _ORG_WORDS or t.lower_ in TITLE_WORDS for t in name)
        ):
            return [ent]
        return [_Span(doc, name.start, name.end, label="PERSON"), _Span(doc, place.start, place.end, label="GPE")]
    return [ent]


def _is_collective(tok: Token) -> bool:
    return (
        tok.lower_ in GENERIC_AGENTS or tok.lemma_.lower() in GENERIC_AGENTS or tok.lemma_.lower() in _GENERIC_SINGULARS
    )


def _names_a_collective(root: Token, end: int) -> bool:
    """Whether a place name only says whose collective agent it is: "Moscow police", "a Tokyo
    court", "police in Islamabad", "authorities in China". Such a place is part of the agent's
    name, not an actor of its own (the country still is when the article names it elsewhere)."""
    if root.dep_ in ("compound", "nmod", "amod") and root.head.i == end and _is_collective(root.head):
        return True
    if (
        root.dep_ == "pobj"
        and root.head.lower_ in ("in", "of")
        and root.head.i == root.head.head.i + 1
        and not any(t.lower_ in _ORG_WORDS for t in root.subtree)
    ):
        # ("agents of the State Guard Service" names the service itself: an actor)
        return (
            _is_collective(root.head.head) and root.head.head.tag_ in ("NNS", "NN") and root.head.head.ent_type_ == ""
        )
    return False


def _stated_age(doc: Doc, m: Mention) -> str:
    """The age the article gives a person at a mention: "X, 45," or "45-year-old X"."""
    e = m.end
    if e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].like_num and doc[e + 2].text in (",", ".", ";"):
        return doc[e + 1].text
    for i in range(max(0, m.start - 6), m.start):
        if doc[i].like_num and i + 2 < m.start and doc[i + 1].text == "-" and doc[i + 2].lower_ == "year":
            return doc[i].text
    return ""


def _described_age(tok: Token) -> str:
    """ "the 45-year-old activist" -> "45"."""
    doc = tok.doc
    for i in range(max(0, tok.i - 6), tok.i):
        if doc[i].like_num and doc[i + 1].text == "-" and i + 2 < tok.i and doc[i + 2].lower_ == "year":
            return doc[i].text
    return ""


def _never_an_actor(doc: Doc, s: int, e: int) -> bool:
    """Spans the model tags as names that never are an actor: a hashtag or a handle ("#FreeX",
    "@someone"), a disease or a variant ("Covid-19", "Ebola"), and two names glued by a
    relative word ("Biden that Putin", "X who Y"), which is a mis-split, not a name."""
    first = doc[s]
    if first.text[:1] in ("#", "@") or (s > 0 and doc[s - 1].text in ("#", "@") and not doc[s - 1].whitespace_):
        return True
    if any(t.lower_ in ("that", "which", "who", "whom", "whose") for t in doc[s:e]):
        return True
    words = doc[s:e].text.lower()
    return words in DISEASES or words.split(" ")[0] in DISEASES and words.endswith(("variant", "virus", "outbreak"))


def _says_of_self(root: Token) -> bool:
    """ "X said he had discussed security", "X told reporters she was satisfied": the subject of
    a reporting verb whose reported clause is about "he" or "she" is a person."""
    if root.dep_ != "nsubj" or root.head.lemma_.lower() not in ("say", "tell", "add", "insist", "claim", "deny"):
        return False
    for c in root.head.children:
        if c.dep_ == "ccomp" and any(
            g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in ("he", "she") for g in c.children
        ):
            return True
    return False


def _he_or_she_next(root: Token) -> bool:
    """ "X met Y in Bamako. He said ...": the subject of a sentence whose next sentence opens
    with "he" or "she" as its subject (or "his"/"her" on its subject: "Her post goes to Y"),
    when no other name is that sentence's subject."""
    if root.dep_ != "nsubj":
        return False
    sent = root.sent
    doc = root.doc
    if sent.end >= len(doc):
        return False
    nxt = doc[sent.end : min(len(doc), sent.end + 4)]
    opener = next((t for t in nxt if not t.is_space and not t.is_punct), None)
    if opener is not None and opener.lower_ in ("his", "her") and opener.dep_ == "poss":
        return opener.head.dep_ in ("nsubj", "nsubjpass")  # "... resigned. Her post goes to Y."
    return opener is not None and opener.lower_ in ("he", "she") and opener.dep_ in ("nsubj", "nsubjpass")


def country_word(tok: Token) -> str:
    """The lower-case country a token (with its compounds) names, or ""."""
    span = tok.doc[tok.left_edge.i : tok.i + 1].text.lower().removeprefix("the ")
    country = DEMONYM_TO_COUNTRY.get(span) or DEMONYM_TO_COUNTRY.get(tok.lower_)
    return country.lower() if country else ""
