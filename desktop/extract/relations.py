"""Relation rules over a dependency parse: triggers, argument roles, factuality.

Each rule starts from a trigger token (a verb like "detained" or a role noun like "ally"),
finds the actors in its argument roles (subject, object, agent, "with"/"of" objects,
appositions, possessors), checks that the event is stated as fact (not negated, hedged,
planned or future), and proposes a typed, directed relationship whose evidence is the
sentence (or two adjacent sentences) it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from desktop.extract.lexicon import (
    ALLY_NOUNS,
    ALLY_VERBS,
    APPOINT_VERBS,
    ARREST_NOUNS,
    ARREST_VERBS,
    CHOOSE_VERBS,
    CLOSE_ALLY_NOUNS,
    GENERIC_AGENTS,
    HANDOVER_VERBS,
    HEDGE_ADVERBS,
    HEDGE_MODIFIERS,
    LEAD_VERBS,
    LEADER_ROLES,
    MEMBER_NOUNS,
    MEMBER_ROLES,
    MEMBER_VERBS,
    MODALS,
    NONFACTIVE,
    OPPOSE_NOUNS,
    OPPOSE_VERBS,
    POWER_NOUNS,
    PRESS_ROLES,
    PRIME_WORDS,
    REPORT_VERBS,
    REPORTED_ADVERBS,
    REPORTED_GOVERNORS,
    REPORTED_MODIFIERS,
    SPEAK_LIGHT_VERBS,
    SPEAK_NOUNS,
    SPEAK_RECIPROCAL,
    SPEAK_TRANSITIVE,
    SPEAK_VERBS,
    SPOKES_ROLES,
    SUCCEED_VERBS,
    TITLE_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from desktop.extract.actors import ActorTable

from desktop.extract.actors import country_word

# Dependency links along which an event inherits the modality of what governs it.
_CHAIN_DEPS = frozenset(
    {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "attr", "acomp", "oprd", "conj", "advcl", "aux", "dative"}
)
# "is to meet", "is going to meet", "is due to meet": future however the verb is inflected.
_FUTURE_HEADS = frozenset({"be", "go", "set", "due", "about", "poise", "expect", "schedule"})
_FUTURE_PREPS = frozenset({"before", "ahead", "toward", "towards", "pending"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_PEOPLE_ORGS = ("person", "organisation", "country")
_COURTS = ("court", "judge", "tribunal", "jury")
_HEARSAY = frozenset({"rumour", "rumor", "speculation", "gossip", "rumours", "rumors"})
_SECURITY_WORDS = (
    "police",
    "security",
    "intelligence",
    "guard",
    "army",
    "military",
    "forces",
    "authorit",
    "service",
    "bureau",
    "agency",
    "marines",
    "navy",
    "gendarmerie",
)
# Words in the name of a body that can hold people: police, security, justice and state bodies.
_AUTHORITY_WORDS = _SECURITY_WORDS + (
    "ministry",
    "prosecut",
    "procurat",
    "committee",
    "government",
    "department",
    "investigat",
    "commission",
    "directorate",
    "office",
    "interior",
    "justice",
    "gendarm",
    "ranger",
    "guard",
    "militia",
    "junta",
    "regime",
    "court",
)
# Armed men who act for whoever they are "loyal to" ("troops loyal to General X").
_ARMED_MEN = frozenset({"soldier", "troop", "force", "fighter", "militiaman", "gunman", "guard", "officer", "rebel"})
# What opens a clause or phrase of the time an appointment is made ("after his predecessor resigned").
_TIME_MARKS = frozenset({"after", "following", "when", "once", "upon", "since", "as"})
# Prepositions of a time or setting adjunct: what they introduce is not governed by the verb.
_ADJUNCT_PREPS = frozenset({"at", "during", "after", "following", "since", "in", "on", "amid"})
# Common nouns a body's name can precede: "the Civic Choice party", "the Halden group".
_BODY_NOUNS = frozenset(
    {
        "party",
        "group",
        "company",
        "firm",
        "bank",
        "movement",
        "alliance",
        "coalition",
        "organisation",
        "organization",
        "network",
        "newspaper",
        "agency",
        "militia",
        "faction",
        "bloc",
        "union",
        "conglomerate",
        "corporation",
        "platform",
        "broadcaster",
    }
)
# Words that make an office a deputy's: "vice-president", "deputy chairman".
_DEPUTY_WORDS = frozenset({"deputy", "vice", "assistant", "would-be", "co", "acting-deputy", "under"})
# Plural nouns that can stand for two bodies just named: "the companies", "both sides".
_PAIR_BODIES = frozenset(
    {
        "company",
        "firm",
        "group",
        "bank",
        "party",
        "side",
        "country",
        "nation",
        "government",
        "carrier",
        "airline",
        "partner",
        "rival",
    }
)
# Offices that lead a city or a region as well as a country or a body.
_PLACE_LEADERS = frozenset({"governor", "mayor", "leader", "premier", "chief", "head"})
# Titles that can stand between a coordinated office and the name ("President and CEO X").
_OFFICE_TITLES = frozenset(
    {
        "ceo",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "president",
        "chief",
        "founder",
        "cfo",
        "coo",
        "secretary",
        "general",
    }
)
# Time words the parser sometimes makes the head of the noun before them ("police hours after").
_TIME_WORDS = frozenset({"hour", "day", "week", "month", "year", "minute", "night", "morning", "evening"})
# Nouns of a standing alliance between bodies, and the verbs that make or keep one.
_ALLIANCE_NOUNS = frozenset({"alliance", "partnership", "coalition", "pact", "venture", "merger"})
_ALLIANCE_VERBS = (
    "form",
    "forge",
    "build",
    "sign",
    "seal",
    "join",
    "enter",
    "have",
    "agree",
    "deepen",
    "strengthen",
    "extend",
    "expand",
    "renew",
    "cement",
    "create",
    "launch",
    "set",
)
# Plural nouns that can stand for two people just named: "the two leaders", "both presidents".
_PAIR_NOUNS = frozenset(
    {
        "leader",
        "president",
        "minister",
        "premier",
        "chancellor",
        "man",
        "woman",
        "counterpart",
        "head",
        "diplomat",
        "statesman",
        "politician",
        "executive",
        "chief",
        "foreign minister",
        "official",
    }
)
# "one of", "some of", "two of": a part of the group its "of" object names.
_PARTITIVES = frozenset(
    {
        "one",
        "some",
        "several",
        "two",
        "three",
        "four",
        "many",
        "most",
        "each",
        "any",
        "few",
        "both",
        "all",
        "none",
        "member",
    }
)
# Nouns for the people a body acts through: "members of the security forces", "agents from X".
_BODY_MEMBERS = frozenset(
    {
        "member",
        "officer",
        "agent",
        "official",
        "soldier",
        "personnel",
        "unit",
        "operative",
        "guard",
        "trooper",
        "staff",
        "detective",
        "investigator",
        "representative",
        "employee",
        "team",
        "board",
        "director",
        "shareholder",
    }
)
# "X is said / believed / reported to have met Y": a reported fact, not a plan.
_REPORTED_RAISING = frozenset(
    {
        "say",
        "believe",
        "report",
        "think",
        "understand",
        "know",
        "allege",
        "claim",
        "suppose",
        "consider",
        "see",
        "suspect",
        "confirm",
    }
)
# Verbs of a custody order: "placed under house arrest", "remanded in custody", "ordered ... held".
_CUSTODY_VERBS = frozenset({"order", "place", "put", "remand", "keep"})
# Taking up an office: "sworn in", "took office", "assumed the presidency", "became president".
_TAKE_OFFICE_VERBS = frozenset({"swear", "take", "assume", "become"})
# A holder's leaving an office, as a noun ("after the resignation of X") or a verb.
_DEPARTURE_NOUNS = frozenset(
    {
        "resignation",
        "death",
        "ouster",
        "removal",
        "impeachment",
        "departure",
        "retirement",
        "dismissal",
        "overthrow",
        "exit",
        "assassination",
        "sacking",
        "firing",
        "downfall",
        "deposition",
        "abdication",
        "resign",
    }
)
_DEPARTURE_VERBS = frozenset({"resign", "retire", "step", "quit", "die", "leave", "depart", "abdicate"})
# Verbs whose object is the doer of the infinitive after it: "appointed Y to replace X".
_OBJECT_CONTROL = frozenset(
    {
        "appoint",
        "name",
        "nominate",
        "designate",
        "install",
        "tap",
        "hire",
        "choose",
        "pick",
        "select",
        "elect",
        "anoint",
        "groom",
        "handpick",
        "recruit",
        "promote",
        "reappoint",
        "vote",
    }
)
# Offices a name in apposition can rename: "the speaker of parliament, X".
_APPOS_OFFICES = (
    LEADER_ROLES
    | MEMBER_ROLES
    | SPOKES_ROLES
    | frozenset({"speaker", "deputy", "adviser", "advisor", "aide", "secretary", "minister", "governor", "mayor"})
)
# Every verb (or verb-like adjective) some rule starts from.
_VERB_TRIGGERS = (
    SPEAK_VERBS
    | SPEAK_TRANSITIVE
    | SPEAK_RECIPROCAL
    | ALLY_VERBS
    | ARREST_VERBS
    | SUCCEED_VERBS
    | HANDOVER_VERBS
    | APPOINT_VERBS
    | LEAD_VERBS
    | MEMBER_VERBS
    | OPPOSE_VERBS
    | CHOOSE_VERBS
    | _TAKE_OFFICE_VERBS
    | _CUSTODY_VERBS
    | {"elect"}
    | {"take", "allied", "loyal", "round", "inherit", "surrender", "hold", "go", "fill"}
)
# The place a holder leaves: "X's post goes to Y", "Y takes X's place", "Y fills X's seat".
_PLACE_NOUNS = frozenset(
    {"place", "post", "job", "seat", "position", "role", "portfolio", "slot", "shoes", "office", "chair", "spot"}
)
# An office held for a while, until a successor is chosen: "named X acting mayor".
_STOPGAP_WORDS = frozenset({"acting", "interim", "caretaker", "temporary", "provisional"})
# Leaving an office as a passive: "was dismissed", "was sacked", "was ousted".
_REMOVAL_VERBS = frozenset({"dismiss", "sack", "fire", "oust", "remove", "depose", "impeach", "topple"})
# What two parties exchange when they talk (not fire, prisoners or blows).
_EXCHANGED = frozenset(
    {"view", "views", "opinion", "idea", "message", "letter", "greeting", "information", "assessment", "pleasantry"}
)


@dataclass(frozen=True)
class RawRelation:
    """A relation between actor ids with its evidence as character offsets (before naming)."""

    type: str
    source: int
    target: int
    confidence: float
    start: int
    end: int


def _sent_bounds(text: str, sents: list[Span]) -> tuple[int, int]:
    start, end = sents[0].start_char, sents[-1].end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _aside(t: Token) -> bool:
    """Whether a noun phrase is a date, a number or enclosed in brackets (never an argument)."""
    if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"):
        return True
    doc = t.doc
    lo = t.left_edge.i
    return doc[lo].text in ("(", "[") or (lo > 0 and doc[lo - 1].text in ("(", "["))


def _name_right_after(p: Token) -> list[Token]:
    """A preposition the parser left without an object but that a name follows directly ("took
    over from | Grace Obi." with a sentence break put before the name): the name is its object."""
    doc = p.doc
    i = p.i + 1
    if i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        return []
    j = i + 1
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    return [doc[i:j].root]


def _is_agent_word(t: Token) -> bool:
    """ "police", "officers", "agents": a noun for people who detain on a body's behalf."""
    return t.lemma_.lower() in GENERIC_AGENTS or t.lower_ in GENERIC_AGENTS


def is_factual(tok: Token) -> bool:
    """Whether the event at ``tok`` is asserted (plainly or as reported): see :func:`factuality`."""
    return factuality(tok) > 0.0


def factuality(tok: Token) -> float:
    """How firmly the text asserts the event at ``tok``: 1.0 stated, less when reported, 0 not.

    Blocked (0): negation ("did not meet", "never"), modals and the future ("will meet", "is
    expected to meet", "is set to"), conditions ("if they meet"), questions, plans, wishes,
    requests, refusals and denials governing the event ("plans to replace", "asked to meet",
    "denied meeting", "calls to replace"), speculation ("possibly", "a potential rival") and
    unconfirmed hearsay ("rumours say"). Reported facts are facts, proposed lower: an event
    marked "allegedly" or "reportedly", an "alleged" or "reported" event noun, "is said / is
    believed / is reported to have met", or one governed by "claim", "believe", "allege",
    "suspect".
    """
    sent = tok.sent
    if sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        return 0.0
    factor = 1.0
    x = tok
    via = ""
    prev: Token | None = None
    for _ in range(10):
        for c in x.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "neg") and low in ("never", "no")):
                return 0.0
            if c.dep_ in ("aux", "auxpass") and (low in MODALS or c.lemma_.lower() in MODALS):
                return 0.0
            if c.dep_ == "advmod" and low in REPORTED_ADVERBS:
                factor = min(factor, 0.8)
            elif c.dep_ == "advmod" and low in HEDGE_ADVERBS:
                return 0.0
            if c.dep_ == "mark" and low in ("if", "unless", "whether", "once"):
                return 0.0
            if c.dep_ in ("amod", "compound") and x.pos_ in ("NOUN", "PROPN"):
                mod = c.lemma_.lower()
                if low in REPORTED_MODIFIERS or mod in REPORTED_MODIFIERS:
                    factor = min(factor, 0.8)
                elif mod in HEDGE_MODIFIERS or low in HEDGE_MODIFIERS:
                    return 0.0
        lemma = x.lemma_.lower()
        # an adjunct ("at talks on Monday, they agreed ...", "after meeting X, he pledged ...")
        # happened whatever the verb it hangs on plans or promises
        adjunct = via == "advcl" or (via == "prep" and prev is not None and prev.lower_ in _ADJUNCT_PREPS)
        if x is not tok and not adjunct:
            if lemma in REPORTED_GOVERNORS or x.lower_ in REPORTED_GOVERNORS:
                factor = min(factor, 0.7)  # "prosecutors allege X met Y": a claim, reported
            elif lemma in NONFACTIVE or x.lower_ in NONFACTIVE:
                return 0.0
        if x is not tok and lemma in REPORT_VERBS:
            # "unconfirmed reports said X met Y", "rumours say ...": the source itself is hedged
            for subj in (c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subj.lemma_.lower() in _HEARSAY or any(
                    g.dep_ == "amod" and g.lower_ in HEDGE_MODIFIERS for g in subj.children
                ):
                    return 0.0
        if (
            x is not tok
            and any(c.dep_ == "prt" and c.lower_ in ("out", "off") for c in x.children)
            and lemma in ("rule", "call", "put", "hold", "break")
        ):
            return 0.0  # "ruled out meeting", "called off the talks", "put off", "broke off"
        if x.dep_ == "xcomp" and any(c.lower_ == "yet" for c in x.head.children):
            return 0.0  # "has yet to meet"
        if x.dep_ in ("acl", "relcl") and x.tag_ == "VB" and any(c.lower_ == "to" for c in x.children):
            return 0.0  # "calls to replace X", "a plan to meet Y": a purpose, not an event
        if x.dep_ not in _CHAIN_DEPS or x.head is x:
            break
        head = x.head.lemma_.lower()
        if x.dep_ == "xcomp" and head in _FUTURE_HEADS:
            return 0.0
        if x.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in x.head.children) and head not in _OBJECT_CONTROL:
            if head not in _REPORTED_RAISING:
                return 0.0  # "is expected to meet", "is invited to meet", "is tipped to replace"
            factor = min(factor, 0.75)  # "is said to have met", "is believed to have detained"
        if x.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in x.children):
            break  # "X will retire and Y has been appointed": a clause of its own, its own modality
        if x.dep_ == "pobj" and x.head.lower_ in _FUTURE_PREPS:
            return 0.0
        via = x.dep_
        prev = x
        x = x.head
    return factor


class SentenceRules:
    """Apply every relation rule to one document's sentences."""

    def __init__(self, doc: Doc, table: ActorTable) -> None:
        self.doc = doc
        self.table = table
        self.text = doc.text
        self.sents = list(doc.sents)
        self.out: list[RawRelation] = []
        # how firmly the trigger being read is asserted (1.0 stated, less when only reported)
        self.hedge = 1.0
        self._factuality: dict[int, float] = {}

    def factuality(self, tok: Token) -> float:
        """:func:`factuality`, computed once per token (rules ask about the same verbs often)."""
        f = self._factuality.get(tok.i)
        if f is None:
            f = self._factuality[tok.i] = factuality(tok)
        return f

    def is_factual(self, tok: Token) -> bool:
        """Whether the event at ``tok`` is asserted, plainly or as reported."""
        return self.factuality(tok) > 0.0

    # -- references -----------------------------------------------------------------------------

    def ref1(self, t: Token, *, generic: bool = True) -> tuple[int, float] | None:
        """The actor a single token stands for, with a confidence factor."""
        tab = self.table
        a = tab.actor_at(t.i)
        if a is not None:
            return a, 1.0
        if t.pos_ == "PRON" or t.tag_ in ("WP", "WP$", "WDT", "PRP", "PRP$"):
            if t.lower_ in ("who", "whom", "which", "that", "whose"):
                h = t.head
                for _ in range(5):
                    if h.dep_ in ("relcl", "acl") or h.head is h:
                        break
                    h = h.head
                if h.dep_ in ("relcl", "acl"):
                    return self.ref1(h.head, generic=generic)
                return None
            doers: frozenset[int] = frozenset()
            if t.dep_ in ("dobj", "pobj", "dative") and t.head.pos_ in ("VERB", "ADP"):
                # binding: an object pronoun is never its own clause's doer, however that doer
                # is found (control: "elected Y to replace him")
                v = t.head if t.head.pos_ == "VERB" else t.head.head
                if v.pos_ == "VERB" and v is not t:
                    doers = frozenset(
                        a
                        for x in self.subjects(v)
                        if x is not t and x.pos_ != "PRON"
                        for a, _ in self.refs(x, generic=False)
                    )
            a = tab.resolve_pronoun(t, not_these=doers)
            return (a, 0.85) if a is not None else None
        if t.lower_ == "old":
            a = tab.headless_age(t)
            return (a, 0.75) if a is not None else None
        if (
            t.lower_ in ("country", "nation")
            and t.dep_ != "poss"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
            and not any(c.dep_ in ("amod", "compound", "prep") for c in t.children)
        ):
            # "who has run the country since May": the country the article is about
            a = tab.article_country_actor(t)
            return (a, 0.8) if a is not None else None
        if (
            t.pos_ == "NOUN"
            and t.lemma_.lower() in _BODY_MEMBERS
            and (t.dep_ == "nsubj" or (t.dep_ == "pobj" and t.head.dep_ == "agent"))
        ):
            # "members of the security forces detained X", "X was detained by agents of Y": a
            # body acts through its members (as doer only: arresting members is not arresting it)
            for g in self.prep_objects(t, "of", "from"):
                r = self.ref1(g, generic=generic)
                if r is not None and tab.kind(r[0]) == "organisation":
                    return r[0], r[1] * 0.9
        if (
            t.tag_ == "NNS"
            and t.lemma_.lower() in _ARMED_MEN
            and (t.dep_ == "nsubj" or (t.dep_ == "pobj" and t.head.dep_ == "agent"))
        ):
            # "soldiers loyal to General X detained Y": armed men acting for someone named act
            # as that one's agents (as doers only, and only "loyal to" a named actor)
            for c in t.children:
                if c.dep_ == "amod" and c.lemma_.lower() == "loyal":
                    for g in self.prep_objects(c, "to"):
                        r = self.ref1(g, generic=False)
                        if r is not None:
                            return r[0], r[1] * 0.85
        if t.pos_ == "NOUN" and t.lemma_.lower() in _BODY_NOUNS:
            # "the Civic Choice party", "the Northwind group": the organisation named before it
            for c in t.children:
                a = tab.actor_at(c.i)
                if c.dep_ in ("compound", "nmod") and c.i < t.i and a is not None and tab.kind(a) == "organisation":
                    return a, 1.0
        if t.pos_ in ("NOUN", "PROPN"):
            # "his counterpart Kassym Tokayev", "a spokesperson for the ministry, Tom Lee"
            for c in t.children:
                if c.dep_ in ("appos", "compound", "nmod") and c.i > t.i:
                    a = tab.actor_at(c.i)
                    if a is not None and (
                        tab.kind(a) == "person"
                        or (tab.kind(a) == "organisation" and t.lemma_.lower() not in LEADER_ROLES | MEMBER_ROLES)
                    ):
                        return a, 0.95  # "online lender QuickRupee": the noun describes the name
            # "the leader of the Rapid Response Forces, Mohamed Daglo": a person hung as an
            # appositive of the body is the appositive of the office the body completes
            if t.lemma_.lower() in _APPOS_OFFICES:
                for g in self.prep_objects(t, "of", "for"):
                    ga = tab.actor_at(g.i)
                    if (ga is None and g.pos_ != "NOUN") or (ga is not None and tab.kind(ga) == "person"):
                        continue  # ("the speaker of parliament, X": the body need not be an actor)
                    for c in g.children:
                        a = self.appositive_name(c)
                        if a is not None and tab.kind(a) == "person":
                            return a, 0.9
                inner = self._appos_on_outer_role(t)
                if inner is not None:
                    return inner, 0.85
                loose = self._name_after_comma(t)
                if loose is not None:
                    return loose, 0.8
            # the same with the name misparsed: a person's name right after a role noun
            if t.pos_ == "NOUN" and t.i + 1 < len(self.doc):
                a = tab.actor_at(t.i + 1)
                if a is not None and tab.kind(a) == "person" and self.doc[t.i + 1].ent_iob_ == "B":
                    return a, 0.85
            a = tab.described(t)
            if a is not None:
                return a, 0.75
            if generic:
                a = tab.generic_actor(t)
                if a is not None:
                    return a, 0.75
            a = tab.name_at(t)
            if a is not None:
                return a, 0.8
        return None

    def refs(self, t: Token | None, *, generic: bool = True) -> list[tuple[int, float]]:
        """Actors of a token and of everything coordinated with it ("A, B and C")."""
        if t is None:
            return []
        pair = self.plural_pair(t)
        if pair:
            return pair
        seen: list[Token] = []
        stack = [t]
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.append(x)
            for c in x.children:
                if c.dep_ == "conj" or self.listed_apposition(x, c):
                    stack.append(c)
                elif c.dep_ == "appos":
                    stack.extend(g for g in c.children if g.dep_ == "conj")
                elif c.dep_ == "prep" and c.lower_ == "among" and x.tag_ == "NNS":
                    stack.extend(g for g in c.children if g.dep_ == "pobj")
            stack.extend(self.stranded_conjuncts(x))
            stack.extend(self.examples_of(x))
            if x.lemma_.lower() in _PARTITIVES or x.like_num:
                # "detained two of X's aides, A and B": the people listed are the part taken
                stack.extend(
                    g
                    for p in x.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children
                    if g.dep_ == "pobj" and g.tag_ == "NNS"
                )
        out: list[tuple[int, float]] = []
        for x in sorted(seen, key=lambda x: x.i):
            r = self.ref1(x, generic=generic)
            if r is not None and all(r[0] != o[0] for o in out):
                out.append(r)
        return out

    def plural_pair(self, t: Token) -> list[tuple[int, float]]:
        """The two people "the two leaders", "both presidents" or "they" refer back to.

        Resolved only to two people the article has just coordinated as a subject ("A and his
        counterpart B agreed ..."), in the same sentence before ``t`` or in one of the two
        sentences before it ("they": the sentence right before only). Anything less clear
        stays unresolved.
        """
        low = t.lower_
        kinds: tuple[str, ...] = ("person",)
        holders = self.office_holders(t)
        if holders:
            return holders
        if low in ("they", "them"):
            if t.dep_ not in ("nsubj", "nsubjpass"):
                return []
            reach = 1
        elif (
            t.pos_ == "NOUN"
            and t.tag_ == "NNS"
            and t.lemma_.lower() in _PAIR_BODIES
            and any(c.lower_ in ("the", "both", "two") for c in t.children if c.dep_ in ("det", "nummod", "predet"))
        ):
            # "the companies said", "both sides": the two bodies just named together
            kinds, reach = ("organisation", "country"), 1
        elif (
            t.pos_ in ("NOUN", "PROPN")
            and self.table.actor_at(t.i) is None
            and (t.tag_ in ("NNS", "NNPS") or low.endswith("s"))
            and (
                t.lemma_.lower() in _PAIR_NOUNS
                or low.removesuffix("s") in _PAIR_NOUNS
                or low.removesuffix("es") in _PAIR_NOUNS
            )
            and any(c.lower_ in ("two", "both") for c in t.children if c.dep_ in ("nummod", "det", "predet", "amod"))
        ):
            reach = 2
        else:
            return []
        si = next((i for i, s in enumerate(self.sents) if s.start <= t.i < s.end), None)
        if si is None:
            return []
        for k in range(si, max(-1, si - reach - 1), -1):
            subjects = [x for x in self.sents[k] if x.dep_ in ("nsubj", "nsubjpass") and x.i < t.i and x is not t]
            for x in reversed(subjects):
                if x.pos_ == "PRON" or (x.pos_ == "NOUN" and self.table.actor_at(x.i) is None and x.tag_ == "NNS"):
                    continue
                people = [r for r in self.refs(x, generic=False) if self.table.kind(r[0]) in kinds]
                if len(people) == 2:
                    return [(a, f * 0.9) for a, f in people]
                if people:
                    return []  # the nearest subject is someone else: do not reach past it
        return []

    def office_holders(self, t: Token) -> list[tuple[int, float]]:
        """ "the presidents of Ukraine and Russia", "the leaders of both countries ... X and Y":
        a plural office of several named countries is each country's office holder, when the
        article named exactly one for each."""
        if t.tag_ not in ("NNS", "NNPS") or not any(c.lower_ == "the" for c in t.children):
            return []
        lemma = t.lemma_.lower()
        if lemma.endswith("s"):
            lemma = lemma[:-1]
        if lemma not in ("president", "leader", "premier", "chancellor", "king", "minister"):
            return []
        countries = [
            g
            for c in t.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g0 in c.children
            if g0.dep_ == "pobj"
            for g in g0.conjuncts + (g0,)
        ]
        wanted_rank = {"prime"} if lemma == "minister" else set()
        out: list[tuple[int, float]] = []
        for g in sorted(countries, key=lambda g: g.i):
            place = country_word(g)
            holder = self.table.office_holder(lemma, {place} | wanted_rank, t) if place else None
            if holder is None:
                return []
            if all(holder != o[0] for o in out):
                out.append((holder, 0.85))
        return out if len(out) >= 2 else []

    def stranded_conjuncts(self, x: Token) -> list[Token]:
        """List members the parser hung on the wrong word: "A of X, B of Y and C of Z".

        In a list of names each followed by its own "of" phrase, the small model often makes
        the last name a conjunct of the previous member's "of" object ("C" coordinated with
        "Y"). A conjunct of such an object belongs to the list when it names the same kind of
        actor as the list member and a different kind from the object it hangs on (a person
        after a country).
        """
        tab = self.table
        a = tab.actor_at(x.i)
        if a is None:
            return []
        out = []
        for p in x.children:
            if p.dep_ != "prep" or p.lower_ not in ("of", "from"):
                continue
            for g in p.children:
                ga = tab.actor_at(g.i)
                if g.dep_ != "pobj" or ga is None or tab.kind(ga) == tab.kind(a):
                    continue
                for c in g.conjuncts:
                    ca = tab.actor_at(c.i)
                    if c.i > g.i and ca is not None and tab.kind(ca) == tab.kind(a):
                        out.append(c)
        return out

    def examples_of(self, x: Token) -> list[Token]:
        """The examples "including" gives of a plural noun: "three suspects, including X", "Weber's
        allies, including A and B", "several ministers ... were dropped, including A and B".

        They belong to the nearest plural common noun before "including", wherever the parser
        hung it (on the verb, on the subject, on a name in between); never to a name.
        """
        if x.tag_ != "NNS" or x.pos_ != "NOUN" or self.table.actor_at(x.i) is not None:
            return []
        out: list[Token] = []
        for t in x.sent:
            if t.i <= x.i or t.lower_ != "including" or t.dep_ not in ("prep", "advcl", "acl"):
                continue
            between = self.doc[x.i + 1 : t.i]
            if any(b.tag_ == "NNS" and b.pos_ == "NOUN" and self.table.actor_at(b.i) is None for b in between):
                break  # a nearer plural noun owns it
            out.extend(g for g in t.children if g.dep_ == "pobj")
        return out

    def coordinated(self, t: Token) -> list[Token]:
        """``t`` and the tokens coordinated with it, in text order ("A, B and C")."""
        seen: list[Token] = []
        stack = [t]
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.append(x)
            stack.extend(c for c in x.children if c.dep_ == "conj" or self.listed_apposition(x, c))
            stack.extend(self.stranded_conjuncts(x))
        return sorted(seen, key=lambda x: x.i)

    def listed_apposition(self, x: Token, c: Token) -> bool:
        """A name "in apposition" to another actor's name of the same kind is a list member:
        an appositive restates its noun, so two different people side by side ("A of X,
        B of Y and C of Z" parsed with B as an appositive of A) are a list."""
        if c.dep_ != "appos":
            return False
        a, b = self.table.actor_at(x.i), self.table.actor_at(c.i)
        return a is not None and b is not None and a != b and self.table.kind(a) == self.table.kind(b)

    def name_head(self, tok: Token) -> Token:
        """The head token of the name ``tok`` belongs to ("Weber" for "Hans" in "Hans Weber")."""
        a = self.table.actor_at(tok.i)
        y = tok
        for _ in range(6):
            if y.head is y or self.table.actor_at(y.head.i) != a:
                break
            y = y.head
        return y

    @staticmethod
    def is_plural_role(t: Token) -> bool:
        """A role noun that describes several people: "allies", "both close allies", "all loyalists"."""
        return t.tag_ in ("NNS", "NNPS") or any(
            c.lower_ in ("both", "all") for c in t.children if c.dep_ in ("det", "predet", "nummod", "quantmod")
        )

    def listed_names(self, t: Token, name: Token, factor: float) -> list[tuple[int, float]]:
        """The actors a role noun ``t`` describes when it stands beside the name ``name``.

        A plural role ("allies", "both allies of C") covers every member of the list ``name``
        heads; a singular one only the name itself.
        """
        if not self.is_plural_role(t):
            a = self.table.actor_at(name.i)
            return [(a, factor)] if a is not None else []
        out: list[tuple[int, float]] = []
        for m in self.coordinated(self.name_head(name)):
            a = self.table.actor_at(m.i)
            if a is not None and all(a != o[0] for o in out):
                out.append((a, factor))
        return out

    # -- argument roles ---------------------------------------------------------------------

    @staticmethod
    def is_passive(v: Token) -> bool:
        """A passive verb: "was arrested", "arrested by police" (a participle modifying a noun),
        and a bare participle coordinated with a passive verb, which shares its auxiliary and
        subject ("was moved to X and replaced by Y")."""
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
            return True
        if (
            v.dep_ == "conj"
            and v.tag_ == "VBN"
            and not any(c.dep_ in ("aux", "nsubj") for c in v.children)
            and any(c.dep_ in ("auxpass", "nsubjpass") for c in v.head.children)
        ):
            return True
        return v.dep_ == "acl" and v.tag_ == "VBN"

    @staticmethod
    def is_infinitive(v: Token) -> bool:
        """A "to" infinitive: "to replace", "to take over"."""
        return v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)

    def subjects(self, v: Token, depth: int = 0) -> list[Token]:
        """The subject tokens of a verb, inherited through coordination and control."""
        subj = [c for c in v.children if c.dep_ in ("nsubj", "csubj")]
        if (
            subj
            and self.is_infinitive(v)
            and any(m.dep_ == "mark" and m.lower_ == "as" and m.i < subj[0].i for m in v.children)
        ):
            # "appointed Y as minister to replace X": "as minister" is Y's role, not a subject
            subj = []
        if len(subj) > 1:
            # "Police on Tuesday (Nov 7) detained X": a date or a bracketed aside taken for a
            # second subject is never the doer
            subj = [c for c in subj if not _aside(c)] or subj
        if (
            len(subj) == 2
            and all(c.i < v.i for c in subj)
            and any(
                c.dep_ == "cc" and c.lower_ == "and" and subj[0].i < c.i < subj[1].left_edge.i for c in subj[0].children
            )
        ):
            # "President X of A and B's Prime Minister Y met": two subjects joined by "and" that
            # the parser left uncoordinated (the possessive after "and" hides the conjunct)
            return subj
        if subj:
            # two subjects is a misparse (often a dateline): the one nearest the verb is right
            before = [c for c in subj if c.i < v.i]
            subj = [before[-1] if before else subj[0]]
            moved = self._moved_to_where(v, subj[0])
            return [moved] if moved is not None else subj
        if depth > 4:
            return []
        if v.dep_ == "acl" and not self.is_passive(v):
            if self.table.actor_at(v.head.i) is not None:
                return [v.head]
            if v.head.dep_ in ("dobj", "pobj", "attr") and v.head.head.pos_ in ("VERB", "AUX", "ADP"):
                gov = v.head.head
                if gov.pos_ == "ADP":
                    gov = gov.head
                return self.subjects(gov, depth + 1)
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in _REPORTED_RAISING and self.is_passive(v.head):
            # "X is said to have met Y": the raised subject of "is said" is the doer
            return self.children(v.head, "nsubjpass")
        if (
            v.dep_ in ("xcomp", "advcl", "ccomp")
            and self.is_infinitive(v)
            and v.head.pos_ == "VERB"
            and v.head.lemma_.lower() in _OBJECT_CONTROL
        ):
            # "elected Y to succeed X", "Y was named to replace X": the one appointed does it
            h = v.head
            controller = self.patients(h) if self.is_passive(h) else self.children(h, "dobj")
            if controller:
                return controller
        if v.dep_ in ("advcl", "xcomp") and v.tag_ == "VBG" and v.head.pos_ in ("VERB", "AUX"):
            # "X appointed Y as minister, replacing Z": the participle's doer is the appointee
            h = v.head
            if h.lemma_.lower() in APPOINT_VERBS | CHOOSE_VERBS | _OBJECT_CONTROL:
                return self.appointees(h) or self.patients(h) or self.subjects(h, depth + 1)
            if not any(c.dep_ in ("nsubj", "csubj") for c in h.children) and self.patients(h):
                return self.patients(h)
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
            # "after meeting Y, X said": the doer of the main clause
            return self.subjects(v.head.head, depth + 1)
        if v.dep_ == "acomp" and v.head.pos_ in ("VERB", "AUX"):
            return self.subjects(v.head, depth + 1) or self.patients(v.head)
        if v.dep_ == "conj" and self.own_auxiliary(v) and not self.is_passive(v):
            lost = self.subject_before_auxiliary(v)
            if lost is not None:
                return [lost]
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.pos_ in ("VERB", "AUX"):
            if v.dep_ == "conj" and any(c.dep_ == "nsubjpass" for c in v.head.children) and not self.is_passive(v):
                return []
            return self.subjects(v.head, depth + 1)
        return []

    def appointees(self, v: Token) -> list[Token]:
        """The one an appointing verb names: its object. "named Y as minister" is often parsed
        with Y as the verb's predicate (oprd) rather than its object, and then a misparsed
        "named" hanging off the subject's name as a participle made the subject the appointee
        ("PM X on Friday named Y as minister, replacing Z" gave X as Z's successor)."""
        objs = self.children(v, "dobj")
        if objs:
            return objs
        return [o for o in self.children(v, "oprd") if self.table.actor_at(o.i) is not None]

    def patients(self, v: Token) -> list[Token]:
        """The undergoer of a verb: its passive subject, or the noun a passive participle modifies."""
        for c in v.children:
            if c.dep_ == "nsubjpass":
                return [c]
        if v.dep_ == "acl" and v.tag_ == "VBN":
            return [v.head]
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in _REPORTED_RAISING and self.is_passive(v.head):
            return self.children(v.head, "nsubjpass")  # "X is believed to have been detained"
        if v.dep_ == "conj" and self.own_auxiliary(v):
            # "X will retire and Y has been appointed": a clause of its own, whose subject the
            # parser hung elsewhere; never the first clause's subject
            lost = self.subject_before_auxiliary(v)
            if lost is not None:
                return [lost]
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX") and self.is_passive(v):
            # "X stepped down and was replaced by Y": the shared subject is the undergoer
            return self.patients(v.head) or [c for c in v.head.children if c.dep_ == "nsubj"]
        return []

    @staticmethod
    def own_auxiliary(v: Token) -> bool:
        """Whether a verb carries its own auxiliary ("has been appointed", "will meet")."""
        return any(c.dep_ in ("aux", "auxpass") and c.i < v.i for c in v.children)

    def subject_before_auxiliary(self, v: Token) -> Token | None:
        """The name right before a subjectless clause's auxiliaries: its subject, misattached.

        In "X will retire from the company and Y has been appointed", the small model makes Y
        a conjunct of "company" and leaves "appointed" without a subject. In English the noun
        phrase right before a clause's auxiliary chain is its subject, so a name ending there
        is taken (only names of actors, never a common noun).
        """
        first = min((c.i for c in v.children if c.dep_ in ("aux", "auxpass") and c.i < v.i), default=None)
        if first is None or first == 0:
            return None
        prev = self.doc[first - 1]
        if self.table.actor_at(prev.i) is None or prev.dep_ in ("nsubj", "nsubjpass"):
            return None
        return self.name_head(prev)

    @staticmethod
    def children(v: Token, *deps: str) -> list[Token]:
        return [c for c in v.children if c.dep_ in deps]

    @staticmethod
    def prep_objects(v: Token, *preps: str) -> list[Token]:
        """Objects of ``v``'s prepositions among ``preps`` (and of prepositions coordinated with
        them). A preposition left at the end of a relative clause ("X, who Y took over from")
        has the clause's antecedent as its object."""
        out = []
        for c in v.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if (
                    v.dep_ == "relcl"
                    and all(_aside(g) for g in objs)
                    and not any(s.dep_ in ("nsubj", "nsubjpass") and s.tag_ in ("WP", "WDT") for s in v.children)
                ):
                    objs = [v.head]  # stranded: "from" with nothing (or a date) after it
                if not objs:
                    objs = _name_right_after(c)
                out.extend(objs)
                for cc in c.conjuncts:
                    if cc.dep_ in ("prep", "conj") and cc.lower_ in preps:
                        out.extend(g for g in cc.children if g.dep_ == "pobj")
        return out

    def agents(self, v: Token) -> list[Token]:
        """The "by" phrase of a passive verb. "detained by police hours after ...", where the
        parser made "police" a compound of the time word after it, gives "police"."""
        out: list[Token] = []
        # "was succeeded as finance chief by Y": the parser hangs "by Y" on the role noun
        roles = [g for c in v.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
        for c in [*v.children, *(c for r in roles for c in r.children if c.lower_ == "by")]:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                for g in c.children:
                    if g.dep_ != "pobj":
                        continue
                    if g.lemma_.lower() in _TIME_WORDS:
                        out.extend(x for x in g.children if x.dep_ == "compound" and x.pos_ in ("NOUN", "PROPN"))
                    else:
                        out.append(g)
        return out

    def appositive_name(self, c: Token) -> int | None:
        """The actor a name in apposition stands for ("the head of X, NAME"), None if ``c`` is
        not an appositive. A name the small model tagged as a building, a product or a work of
        art (it does so with many foreign names) is taken as a name here, where the sentence
        says it is one."""
        if c.dep_ != "appos":
            return None
        a = self.table.actor_at(c.i)
        if a is None and c.pos_ == "PROPN":
            a = self.table.name_at(c)
        return a

    def actors_of(self, toks: list[Token], *, generic: bool = True) -> list[tuple[int, float]]:
        out: list[tuple[int, float]] = []
        for t in toks:
            for r in self.refs(t, generic=generic):
                if all(r[0] != o[0] for o in out):
                    out.append(r)
        return out

    def holder(self, t: Token) -> list[tuple[int, float]]:
        """Who a role noun describes: "X, a close ally of Y", "X is a member", "ally X"."""
        x = t
        while x.dep_ == "conj" and x.head is not x:
            x = x.head
        # the role noun has the name attached: "spokesperson Tom Lee", "his counterpart X",
        # "his allies A and B"
        for c in t.children:
            if c.dep_ in ("appos", "compound", "nmod") and c.i > t.i:
                a = self.table.actor_at(c.i)
                if a is not None and not (c.dep_ == "appos" and self._claimed_by_inner_role(t, c)):
                    return self.listed_names(t, c, 1.0)
        if self.table.actor_at(t.i) is not None:
            return []
        for g in self.prep_objects(t, "of", "for"):
            ga = self.table.actor_at(g.i)
            if ga is not None and self.table.kind(ga) != "person":
                for c in g.children:
                    a = self.appositive_name(c)
                    if a is not None and self.table.kind(a) == "person":
                        return [(a, 0.9)]  # "the leader of X, NAME"
        for c in t.children:
            a = self.table.actor_at(c.i)
            if (
                c.dep_ == "conj"
                and c.i > t.i
                and a is not None
                and self.table.kind(a) == "person"
                and any(x.dep_ == "compound" and x.lower_ in _OFFICE_TITLES for x in c.children)
            ):
                # "Northwind President and CEO Tom Berg" parsed as "President" and "CEO Tom Berg"
                return [(a, 0.9)]
            if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i > t.i:
                # "her predecessor and ally X": the name after the last role is every role's
                shared = self.holder(c)
                if shared:
                    return shared
        listed = self.examples_of(t)
        if listed:
            return self.actors_of(listed, generic=False)  # "X's allies, including Y and Z"
        # "Weber's ally Peter Graf": a name right after the role noun, however it was parsed
        nxt = t.i + 1
        if nxt < len(self.doc):
            a = self.table.actor_at(nxt)
            if (
                a is not None
                and self.table.kind(a) == "person"
                and self.doc[nxt].head.i != t.i - 0
                or (a is not None and self.table.kind(a) == "person" and self.doc[nxt].dep_ == "compound")
            ):
                if not any(self.doc[nxt] in p.subtree for p in t.children if p.dep_ == "prep"):
                    return self.listed_names(t, self.doc[nxt], 0.9)
        dep = x.dep_
        if dep == "pobj" and x.head.lower_ in ("of", "among") and x.head.head is not x.head:
            q = x.head.head
            if x.head.lower_ == "of" and q.lemma_.lower() in _PARTITIVES:
                # "X, one of Y's closest allies", "X is one of the allies of Y": whom "one" is
                return self.holder(q)
            if x.head.lower_ == "among" and q.pos_ in ("VERB", "AUX"):
                # "X is among Y's allies", "X, among the allies of Y, ..."
                return self.actors_of(self.subjects(q) or self.patients(q), generic=False)
        if dep == "appos":
            return self._appositive_holders(x)
        if dep in ("compound", "nmod", "amod") and self.table.actor_at(x.head.i) is not None:
            return [(self.table.actor_at(x.head.i), 1.0)]  # type: ignore[list-item]
        if dep == "compound" and x.head.pos_ in ("NOUN", "PROPN"):
            return self.holder(x.head)
        if dep in ("attr", "acomp", "oprd"):
            v = x.head
            return self.actors_of(self.children(v, "dobj") or self.subjects(v) or self.patients(v), generic=False)
        if dep == "pobj" and x.head.lower_ == "as" and x.head.head is not x.head:
            v = x.head.head
            if v.pos_ in ("VERB", "AUX"):
                objs = self.children(v, "dobj")
                if objs and v.lemma_.lower() in SUCCEED_VERBS:
                    # "X replaced Y as head of Z": the post is the newcomer's (and was Y's)
                    return self.actors_of(self.subjects(v) + objs, generic=False)
                if objs:
                    held = self.actors_of(objs, generic=False)
                    if not held:
                        # "X touted his experience as Lagos governor": whose experience it was
                        held = self.actors_of([p for o in objs for p in o.children if p.dep_ == "poss"], generic=False)
                    return held
                pat = self.patients(v)
                if pat:
                    return self.actors_of(pat, generic=False)
                return self.actors_of(self.subjects(v), generic=False)
            if v.pos_ in ("NOUN", "PROPN"):
                held = self.refs(v, generic=False)
                if not held:
                    # "her tenure as chief executive", "his years as governor"
                    held = self.actors_of(self.children(v, "poss"), generic=False)
                return held
        return []

    def _appositive_holders(self, x: Token) -> list[tuple[int, float]]:
        """Whom an appositive role noun describes.

        An appositive stands right after the noun it describes. After a list ("A and B, key
        allies of C") the parser hangs it on the list's first member: a plural role ("allies",
        "both allies", "all loyalists") describes every member, a singular one ("a close ally
        of C") only the last, the name it stands beside. "A, commander of X, and B" says
        nothing of B: members listed after the appositive are never included.
        """
        h = x.head
        members = [m for m in self.coordinated(h) if m.i < x.i]
        if len(members) > 1 and self.table.actor_at(h.i) is not None:
            chosen = members if self.is_plural_role(x) else members[-1:]
            out: list[tuple[int, float]] = []
            for m in chosen:
                r = self.ref1(m, generic=False)
                if r is not None and all(r[0] != o[0] for o in out):
                    out.append(r)
            return out
        r = self.ref1(h, generic=False)
        return [r] if r is not None else []

    def _appointee_of_the_post(self, n: Token) -> list[tuple[int, float]]:
        """Whose "his/her predecessor" an appointment's time clause names: the appointee's.
        "X appointed Y after his predecessor, Z, resigned", "X named Y as minister after her
        predecessor's death": a post has one holder before the appointee, so the pronoun is
        the appointee, not the one appointing (whom the nearest-subject reading would pick).
        Only a pronoun possessor, and only in a clause or phrase on the appointing verb."""
        if n.lemma_.lower() != "predecessor" or not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in n.children):
            return []
        if (
            n.dep_ in ("nsubj", "nsubjpass")
            and n.head.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in _TIME_MARKS for m in n.head.children)
        ):
            v = n.head.head
        elif n.dep_ == "pobj" and n.head.dep_ in ("prep", "mark") and n.head.lower_ in _TIME_MARKS:
            v = n.head.head
            if v.dep_ == "advcl":  # "after" taken for the mark of "resigned"
                v = v.head
        else:
            return []
        if v.pos_ != "VERB" or v.lemma_.lower() not in APPOINT_VERBS | CHOOSE_VERBS | {"elect"}:
            return []
        if self.is_passive(v):
            return self.actors_of(self.patients(v))
        return self.actors_of(self.appointees(v))

    def role_objects(
        self, t: Token, preps: tuple[str, ...] = ("of", "to", "for", "at", "in")
    ) -> list[tuple[int, float]]:
        """Whom a role noun is about: its possessor, its "of"/"for" object, a name in its modifiers."""
        out: list[tuple[int, float]] = []
        toks = [c for c in t.children if c.dep_ == "poss"]
        toks += self.prep_objects(t, *preps)
        if not toks and t.dep_ == "conj" and t.head.pos_ == "NOUN":
            # "her predecessor and ally X", "founder and chief executive of X": conjoined roles
            # share their possessor and their "of" phrase
            toks = [c for c in t.head.children if c.dep_ == "poss"] + self.prep_objects(t.head, *preps)
        if not toks and t.dep_ in ("compound", "nmod") and self.table.actor_at(t.head.i) is not None:
            # "X's French alliance partner Y" with "X's" hung on the name: the role's possessor
            toks = [c for c in t.head.children if c.dep_ == "poss" and c.i < t.i]
        for x in toks:
            out.extend(r for r in self.refs(x, generic=True) if all(r[0] != o[0] for o in out))
        if not out:
            for c in t.lefts:
                for g in c.subtree:
                    if g.i + 1 < len(self.doc) and self.doc[g.i + 1].text == "-":
                        continue  # "Russian-backed", "Saudi-led": a modifier, not the office
                    a = self.table.actor_at(g.i)
                    if a is not None and all(a != o[0] for o in out):
                        out.append((a, 0.9))
        return out

    # -- emitting ---------------------------------------------------------------------------

    def emit(
        self,
        rtype: str,
        src: list[tuple[int, float]],
        tgt: list[tuple[int, float]],
        conf: float,
        sents: list[Span],
        *,
        src_kinds: tuple[str, ...] = _PEOPLE_ORGS,
        tgt_kinds: tuple[str, ...] = _PEOPLE_ORGS,
    ) -> None:
        start, end = _sent_bounds(self.text, sents)
        tab = self.table
        for s, fs in src:
            for t, ft in tgt:
                if s == t:
                    continue
                for a, kinds in ((s, src_kinds), (t, tgt_kinds)):
                    # the small model often types foreign personal names as organisations
                    if kinds == ("person",) and tab.person_shaped(a):
                        tab.make_person(a)
                if tab.kind(s) not in src_kinds or tab.kind(t) not in tgt_kinds:
                    continue
                if tab.is_generic(s) and tab.is_generic(t):
                    continue
                if rtype == "spoke-with" and any(tab.is_generic(a) and tab.name(a).islower() for a in (s, t)):
                    # "met investigators", "told officials": a conversation with nobody in
                    # particular maps nothing (a placed body, "Kazakh authorities", still counts)
                    continue
                self.out.append(RawRelation(rtype, s, t, round(min(1.0, conf * fs * ft * self.hedge), 3), start, end))

    # -- the rules --------------------------------------------------------------------------

    def run(self) -> list[RawRelation]:
        for si, sent in enumerate(self.sents):
            for tok in sent:
                self.hedge = 1.0
                lemma = tok.lemma_.lower()
                low = tok.lower_
                if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and lemma in ("allied", "loyal")):
                    self._verb(tok, lemma, si)
                elif tok.i not in self.table.token_actor and (
                    tok.pos_ in ("NOUN", "PROPN")
                    or (
                        # "chief executive Renata Alves" with "executive" tagged as an adjective
                        tok.pos_ == "ADJ"
                        and (low in LEADER_ROLES or low in MEMBER_ROLES or low in SPOKES_ROLES)
                        and tok.head.i in self.table.token_actor
                    )
                ):
                    self._noun(tok, low if tok.pos_ == "ADJ" else lemma, low, si)
                elif tok.pos_ == "PROPN" and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                    self._person_of_body(tok, si)
        return self.out

    def _person_of_body(self, name: Token, si: int) -> None:
        """ "Irene Tal of Northwind Capital said ...": a person named with the body they speak
        for or work at belongs to it. Only a bare name (an office before it, as in "President X
        of Y", is read by the role rules) and only an organisation ("X of Ruritania" is not a
        membership)."""
        tab = self.table
        a = tab.actor_at(name.i)
        if a is None or tab.kind(a) != "person" or self.name_head(name) is not name:
            return
        if any(
            c.dep_ in ("compound", "amod", "nmod") and c.i < name.i and tab.actor_at(c.i) != a for c in name.children
        ):
            return  # a title or role before the name: the role rules decide
        bodies = [
            b for b in self.actors_of(self.prep_objects(name, "of"), generic=False) if tab.kind(b[0]) == "organisation"
        ]
        if bodies and self.factuality(name):
            self.hedge = 1.0
            # "X, the founder and chief executive officer (CEO), of Y" with "of Y" hung on the
            # name: the office in apposition is the one held in Y
            offices = [
                r for c in name.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") for r in [c, *c.conjuncts]
            ]
            leads = any(self._leads(r) for r in offices)
            self.emit(
                "leader-of" if leads else "member-of",
                [(a, 1.0)],
                bodies,
                0.7 if leads else 0.55,
                [self.sents[si]],
                src_kinds=("person",),
                tgt_kinds=("organisation",),
            )

    def _leads(self, role: Token) -> bool:
        """Whether a role noun is the head of what it is of: "chairman", "CEO", "chief executive
        officer" (not "vice-chairman", not "officer")."""
        low = role.lower_
        if self._deputy_before(role) or any(c.lower_ in _DEPUTY_WORDS for c in role.lefts):
            return False
        if low in ("executive", "officer"):
            return (
                any(c.lower_ == "chief" for c in role.children)
                or (role.i > 0 and self.doc[role.i - 1].lower_ == "chief")
                or any(c.lower_ == "chief" for c in role.subtree)
            )
        return low in LEADER_ROLES or role.lemma_.lower() in LEADER_ROLES

    def _verb(self, v: Token, lemma: str, si: int) -> None:
        sent = [self.sents[si]]
        if lemma not in _VERB_TRIGGERS:
            return
        self.hedge = self.factuality(v)
        if not self.hedge and (
            lemma in SUCCEED_VERBS | {"fill", "go"}
            or (lemma == "take" and any(c.dep_ == "prt" and c.lower_ == "over" for c in v.children))
        ):
            self.hedge = self._announced(v)
        if not self.hedge:
            return
        passive = self.is_passive(v)
        if passive:
            doers = self.actors_of(self.agents(v))
            undergoers = self.actors_of(self.patients(v))
        else:
            doers = self.actors_of(self.subjects(v))
            undergoers = self.actors_of(self.children(v, "dobj"))
        prt = {c.lower_ for c in v.children if c.dep_ == "prt"}

        # spoke-with
        if lemma in SPEAK_VERBS or lemma in SPEAK_TRANSITIVE or lemma in SPEAK_RECIPROCAL:
            others = self.actors_of(
                self.prep_objects(v, "with", "to")
                if lemma in SPEAK_VERBS
                else self.prep_objects(v, "with")
                if lemma in SPEAK_RECIPROCAL
                else []
            )
            if not others and lemma in SPEAK_VERBS:
                # "spoke by telephone with Y", "talked over the phone to Y": the "with" hangs lower
                for medium in self.prep_objects(v, "by", "via", "over", "on"):
                    others = self.actors_of(self.prep_objects(medium, "with", "to"))
                    if others:
                        break
            if others and lemma in SPEAK_VERBS | {"discuss", "exchange"}:
                self.emit("spoke-with", doers, others, 0.85, sent)
            elif (
                lemma in SPEAK_TRANSITIVE
                and undergoers
                and (lemma in ("tell", "assure") or not self.children(v, "oprd", "xcomp", "ccomp"))
            ):
                conf = {"meet": 0.85, "phone": 0.8, "telephone": 0.8, "call": 0.7, "ring": 0.7, "contact": 0.65}.get(
                    lemma, 0.55
                )
                person_only = lemma in ("host", "receive", "brief", "call", "tell", "assure", "welcome")
                if lemma in ("tell", "assure"):
                    # "told Y that ...", "thanked Y in a call": words addressed to Y, weaker
                    conf = 0.55
                    doers = [d for d in doers if self.table.kind(d[0]) == "person"]
                self.emit(
                    "spoke-with",
                    doers,
                    [u for u in undergoers if self.table.kind(u[0]) == "person"] if person_only else undergoers,
                    conf,
                    sent,
                )
            elif (
                lemma in SPEAK_RECIPROCAL
                and len(doers) >= 2
                and (lemma != "exchange" or any(o.lemma_.lower() in _EXCHANGED for o in self.children(v, "dobj")))
            ):
                for a, b in combinations(doers, 2):
                    self.emit("spoke-with", [a], [b], 0.75, sent)

        # ally-of
        if lemma == "loyal":
            others = self.actors_of(self.prep_objects(v, "to"))
            self.emit("ally-of", self._loyal_holders(v), others, 0.6, sent)
            return
        if lemma in ALLY_VERBS or lemma == "allied":
            others = self.actors_of(self.prep_objects(v, "with", "to"))
            if others and lemma in ("ally", "allied", "side", "align"):
                subj = doers or self.actors_of(self.subjects(v)) or self.actors_of(self.patients(v))
                self.emit("ally-of", subj, others, 0.8, sent)
            elif lemma in ("back", "support", "endorse") and undergoers:
                self.emit("ally-of", doers, undergoers, 0.55, sent)

        # arrested-by
        if (
            lemma in ARREST_VERBS
            or (lemma == "take" and any(o.lower_ == "custody" for o in self.prep_objects(v, "into")))
            or (lemma == "round" and "up" in prt)
        ):
            if not undergoers:
                # "detained three activists. They are A, B and C."
                group = self.patients(v) if passive else self.children(v, "dobj")
                undergoers = [r for g in group for r in self._listed_on_verb(v, g)] or [
                    r for g in group for r in self._named_next(g, si)
                ]
            if undergoers:
                doers = [self._named_body(d, si) for d in doers]
                persons = [u for u in undergoers if self.table.kind(u[0]) == "person" or self.table.person_shaped(u[0])]
                # courts sentence and jail; arrests are made by police and security services
                named_doers = bool(doers)
                doers = [d for d in doers if not any(w in self.table.name(d[0]).lower() for w in _COURTS)]
                conf = 0.85 if lemma in ("arrest", "detain", "apprehend", "take", "nab", "round") else 0.65
                if not doers and not named_doers:
                    # "X was detained in a raid by Y"
                    for op in self.prep_objects(v, "in", "during"):
                        doers = self.actors_of(self.prep_objects(op, "by"))
                        if doers:
                            break
                if doers:
                    self.emit("arrested-by", persons, doers, conf, sent, src_kinds=("person",))
                elif not named_doers:
                    self._arrest_agent_elsewhere(v, persons, si)

        if lemma in _CUSTODY_VERBS:
            self._custody_order(v, lemma, passive, sent)
        if lemma == "hold" and passive and doers and undergoers and not self.children(v, "dobj"):
            # "X is being held by police": detention, when the holder is a security body
            keepers = [
                d
                for d in doers
                if self.table.is_generic(d[0]) or any(w in self.table.name(d[0]).lower() for w in _SECURITY_WORDS)
            ]
            persons = [u for u in undergoers if self.table.kind(u[0]) == "person"]
            self.emit("arrested-by", persons, keepers, 0.6, sent, src_kinds=("person",))
        if lemma == "surrender" and not passive:
            # "X surrendered to police": the custody is the police's
            keepers = self.actors_of(self.prep_objects(v, "to"))
            self.emit("arrested-by", doers, keepers, 0.6, sent, src_kinds=("person",))

        # successor-of
        if lemma in SUCCEED_VERBS and undergoers:
            self._replacement(v, passive, doers, undergoers, sent)
        if lemma in _TAKE_OFFICE_VERBS:
            self._office_after_departure(v, lemma, sent)
        if lemma in APPOINT_VERBS | CHOOSE_VERBS | {"elect"}:
            self._appointment_after_departure(v, passive, sent)
            self._stopgap_after_departure(v, passive, si)
        if lemma in ("go", "take", "fill"):
            self._vacated_place(v, lemma, passive, sent)
        if (lemma == "take" and "over" in prt) or lemma == "inherit":
            olds = self.actors_of(
                self.prep_objects(v, "from")
                or [o for r in self.prep_objects(v, "as") for o in self.prep_objects(r, "from")]
            )
            self.emit("successor-of", doers, olds, 0.8, sent, src_kinds=("person",), tgt_kinds=("person",))
        if lemma in HANDOVER_VERBS and not passive:
            objs = self.children(v, "dobj")
            if (any(o.lemma_.lower() in POWER_NOUNS for o in objs) and ("over" in prt or lemma != "turn")) or (
                lemma == "hand" and "over" in prt and not objs
            ):
                news = self.actors_of(self.prep_objects(v, "to"))
                self.emit("successor-of", news, doers, 0.8, sent, src_kinds=("person",), tgt_kinds=("person",))

        # appointed-by
        if lemma in APPOINT_VERBS and undergoers:
            named_as = self.prep_objects(v, "as") or self.children(v, "oprd", "xcomp", "attr", "ccomp", "dobj")
            if lemma not in ("name", "hire", "promote") or named_as or (passive and doers):
                if not any(c.lower_ == "after" for c in v.children if c.dep_ == "prep"):
                    self.emit(
                        "appointed-by", undergoers, doers, 0.75, sent, src_kinds=("person",), tgt_kinds=_PEOPLE_ORGS
                    )

        # leader-of
        if lemma in LEAD_VERBS and undergoers and (lemma != "run" or not passive):
            self.emit(
                "leader-of", doers, undergoers, 0.7, sent, src_kinds=("person",), tgt_kinds=("organisation", "country")
            )

        # member-of
        if lemma in MEMBER_VERBS and undergoers:
            self.emit("member-of", doers, undergoers, 0.7, sent, src_kinds=_PEOPLE_ORGS, tgt_kinds=("organisation",))

        # opposed-to
        if lemma in OPPOSE_VERBS:
            others = undergoers + [
                o for o in self.actors_of(self.prep_objects(v, "with", "against")) if o not in undergoers
            ]
            if lemma == "clash" and len(doers) >= 2 and not others:
                for a, b in combinations(doers, 2):
                    self.emit("opposed-to", [a], [b], 0.7, sent)
            self.emit("opposed-to", doers, others, 0.7, sent)

    def _custody_order(self, v: Token, lemma: str, passive: bool, sent: list[Span]) -> None:
        """A court or authority ordering someone held: "a Moscow court placed X under house
        arrest", "X was remanded in custody by a court", "the court ordered X to be placed under
        house arrest", "a court ordered the arrest of X", "ordered X detained". Unlike a
        sentence to prison, such an order is the arrest itself, so a court is its agent here.
        """
        held: list[Token] = []
        agents: list[Token] = []
        if lemma == "order" and not passive:
            for o in self.children(v, "dobj"):
                if o.lemma_.lower() in ARREST_NOUNS:
                    held += self.prep_objects(o, "of") + self.children(o, "poss")  # "ordered the arrest of X"
                elif any(
                    c.dep_ in ("xcomp", "oprd", "ccomp")
                    and (c.lemma_.lower() in ARREST_VERBS | {"hold"} or self._custody_phrase(c))
                    for c in v.children
                ) or any(
                    # "ordered X, ..., to be placed under house arrest": the parser makes the
                    # infinitive a clause on the object when an apposition comes between
                    c.dep_ in ("relcl", "acl")
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                    and (c.lemma_.lower() in ARREST_VERBS | {"hold"} or self._custody_phrase(c))
                    for c in o.children
                ):
                    held.append(o)  # "ordered X detained", "ordered X to be placed under house arrest"
            for c in self.children(v, "ccomp"):
                # "ordered former mayor X to be placed under house arrest", parsed with X as the
                # passive subject of a clause of its own rather than the object of "ordered"
                if self.is_passive(c) and (c.lemma_.lower() in ARREST_VERBS | {"hold"} or self._custody_phrase(c)):
                    held += self.patients(c)
            agents = self.subjects(v)
        elif lemma in ("place", "put", "remand", "keep") and self._custody_phrase(v):
            if v.dep_ == "xcomp" and v.head.lemma_.lower() == "order":
                return  # read from "order" itself
            held = self.patients(v) if passive else self.children(v, "dobj")
            agents = self.agents(v) if passive else self.subjects(v)
        if not held:
            return
        keepers = [a for a in self.actors_of(agents) if self.table.kind(a[0]) == "organisation"]
        self.emit("arrested-by", self.actors_of(held), keepers, 0.7, sent, src_kinds=("person",))

    @staticmethod
    def _custody_phrase(v: Token) -> bool:
        """ "under (house) arrest", "in custody", "in (pre-trial) detention" on a verb."""
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("under", "in", "into"):
                if any(g.dep_ == "pobj" and g.lemma_.lower() in ("arrest", "custody", "detention") for g in c.children):
                    return True
        return False

    def _loyal_holders(self, v: Token) -> list[tuple[int, float]]:
        """Who is "loyal": "X is loyal to Y", "X, loyal to Y", and with a verb of regard, "X is
        seen as loyal to Y", "ministers seen/regarded/viewed as loyal to Y(, including A and B)"
        (the noun the participle describes, or the verb's subject)."""
        g = v.head
        if g.lower_ == "as" and g.head is not g:
            g = g.head  # "as loyal": the word of regard governs
        if v.dep_ in ("amod", "acl", "appos") and g is v.head and g.pos_ in ("NOUN", "PROPN"):
            return self.refs(g, generic=False)  # "X, loyal to Y"
        if g.pos_ not in ("VERB", "AUX"):
            return []
        if g.dep_ == "acl":
            return self.refs(g.head, generic=False)  # "ministers seen as loyal to Y"
        subj = self.children(g, "nsubjpass") or self.children(g, "nsubj")
        return self.actors_of(subj, generic=False)

    def _replacement(
        self,
        v: Token,
        passive: bool,
        doers: list[tuple[int, float]],
        undergoers: list[tuple[int, float]],
        sent: list[Span],
    ) -> None:
        """ "Y replaced X", "X was replaced by Y"; and "Z replaced X with Y", where the one named
        in the "with" phrase is the newcomer and the subject only made the change (Z
        appointed Y)."""
        withs = self.prep_objects(v, "with")
        for o in self.children(v, "dobj"):
            withs += self.prep_objects(o, "with")  # the parser often hangs "with Y" on the object
        newcomers = [n for n in self.actors_of(withs) if all(n[0] != u[0] for u in undergoers)]
        if v.lemma_.lower() in ("replace", "substitute") and newcomers:
            self.emit("successor-of", newcomers, undergoers, 0.8, sent, src_kinds=("person",), tgt_kinds=("person",))
            if not passive:
                self.emit("appointed-by", newcomers, doers, 0.55, sent, src_kinds=("person",))
            return
        self.emit("successor-of", doers, undergoers, 0.85, sent, src_kinds=("person",), tgt_kinds=("person",))

    def _office_after_departure(self, v: Token, lemma: str, sent: list[Span]) -> None:
        """ "Y was sworn in (as president) after the resignation of X", "Y took office following X's
        death", "Y became prime minister after X resigned": taking office right after a named
        holder left. The post is not always named, so the succession is proposed lower."""
        prt = {c.lower_ for c in v.children if c.dep_ == "prt"}
        if lemma == "swear" and "in" not in prt:
            return
        if lemma in ("take", "assume") and not any(
            o.lemma_.lower() in POWER_NOUNS | {"oath"} for o in self.children(v, "dobj")
        ):
            return
        if lemma == "become" and not any(
            a.lemma_.lower() in LEADER_ROLES or a.lemma_.lower() == "minister" for a in self.children(v, "attr")
        ):
            return
        newcomers = self.actors_of(self.patients(v) if self.is_passive(v) else self.subjects(v))
        olds: list[tuple[int, float]] = []
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("after", "following", "upon", "on"):
                for n in c.children:
                    if n.dep_ == "pobj" and n.lemma_.lower() in _DEPARTURE_NOUNS:
                        olds += self.actors_of(self.prep_objects(n, "of") + self.children(n, "poss"))
            elif (
                c.dep_ == "advcl"
                and c.lemma_.lower() in _DEPARTURE_VERBS
                and any(m.dep_ == "mark" and m.lower_ in ("after", "when", "once") for m in c.children)
            ):
                if self.is_factual(c):
                    olds += self.actors_of(self.subjects(c) or self.patients(c))
        self.emit("successor-of", newcomers, olds, 0.6, sent, src_kinds=("person",), tgt_kinds=("person",))

    def _appointment_after_departure(self, v: Token, passive: bool, sent: list[Span]) -> None:
        """ "X will retire and Y has been appointed as the new chief executive", "X stepped down,
        and Y was named the new chair": an appointment to a *new* holder of a post, coordinated
        with a named person's departure, makes the appointee the successor. Without "new" (or
        "successor", "replacement") the post may be another one, so nothing is proposed."""
        departure = v.head if v.dep_ == "conj" else next((c for c in v.children if c.dep_ == "conj"), None)
        if departure is None or departure is v or departure.lemma_.lower() not in _DEPARTURE_VERBS:
            return
        if departure.lemma_.lower() == "step" and not any(c.lower_ in ("down", "aside") for c in departure.children):
            return
        appointees = self.patients(v) if passive else self.children(v, "dobj")
        if not appointees:
            return
        inside = {t.i for a in appointees for t in a.subtree}
        if not any(
            t.lower_ in ("new", "incoming", "successor", "replacement") and t.i not in inside
            for t in v.subtree
            if t.i > v.i
        ):
            return
        olds = self.actors_of(self.subjects(departure))
        self.emit(
            "successor-of", self.actors_of(appointees), olds, 0.6, sent, src_kinds=("person",), tgt_kinds=("person",)
        )

    def _claimed_by_inner_role(self, outer: Token, name: Token) -> bool:
        """Whether a name in apposition to ``outer`` really names the office in its "of" phrase:
        in "an ally of the speaker of parliament, Ivan Tel", the parser hangs "Ivan Tel" on
        "ally", but an apposition after an "of" phrase that ends in an unnamed office
        renames that office (the nearest noun phrase a comma-set name can rename)."""
        for g in self.prep_objects(outer, "of", "to"):
            if (
                g.pos_ == "NOUN"
                and g.lemma_.lower() in _APPOS_OFFICES
                and self.table.actor_at(g.i) is None
                and g.right_edge.i < name.i
            ):
                return True
        return False

    def _name_after_comma(self, t: Token) -> int | None:
        """ "talks with the head of the Northern Bank, Aro Salmi, on funding": a person's name
        set off by commas right after an office noun's phrase renames the office, even where
        the parser hung the name on the verb (as a loose adverbial or an unlabelled dependent).
        Never a name the parser made a subject, an object or a conjunct."""
        doc = self.doc
        j = t.right_edge.i + 1
        if j + 1 >= len(doc) or doc[j].text != ",":
            return None
        while j + 2 < len(doc) and doc[j + 1].lower_ in TITLE_WORDS and self.table.actor_at(j + 1) is None:
            j += 1  # ", General Aro Salmi": a title before the name
        a = self.table.actor_at(j + 1)
        if a is None or self.table.kind(a) != "person":
            return None
        k = j + 1
        while k < len(doc) and self.table.actor_at(k) == a:
            k += 1
        if k < len(doc) and doc[k].text not in (",", ".", ";"):
            return None
        head = self.name_head(doc[j + 1])
        return a if head.dep_ in ("appos", "npadvmod", "dep") else None

    def _appos_on_outer_role(self, t: Token) -> int | None:
        """The person named in apposition after an office noun's phrase, when the parser hung
        the name on the role noun governing it: "a longtime ally of the speaker of parliament,
        Ivan Tel" (see :meth:`_claimed_by_inner_role`)."""
        if t.dep_ != "pobj" or t.head.lower_ not in ("of", "to"):
            return None
        outer = t.head.head
        if outer.pos_ != "NOUN":
            return None
        for c in outer.children:
            a = self.table.actor_at(c.i)
            if c.dep_ == "appos" and c.i > t.right_edge.i and a is not None and self.table.kind(a) == "person":
                return a
        return None

    def _listed_on_verb(self, v: Token, group: Token) -> list[tuple[int, float]]:
        """The people a plural group noun stands for when they are listed after it in the same
        clause, past an adjunct: "detained two members of the council on Thursday, lawyer A and
        writer B". The parser hangs such a list on the verb rather than on the noun. Only a
        plural common noun naming no actor itself, and only people (or names shaped like
        people's) after it."""
        if group.tag_ != "NNS" or self.table.actor_at(group.i) is not None:
            return []
        out: list[tuple[int, float]] = []
        for c in v.children:
            if c.i <= group.right_edge.i or c.dep_ not in ("dep", "appos", "npadvmod"):
                continue
            for x in [c, *c.conjuncts]:
                a = self.table.actor_at(x.i)
                if a is None:
                    continue
                if self.table.kind(a) != "person" and not self.table.person_shaped(a):
                    return []
                if all(a != o[0] for o in out):
                    out.append((a, 0.9))
        return out

    def _named_next(self, group: Token, si: int) -> list[tuple[int, float]]:
        """The people a plural group noun stands for when the next sentence names them:
        "detained three activists. They are A, B and C." or "... The detained activists, A, B
        and C, were released." Only a plural common noun that names no actor itself, only
        the sentence right after, and only "They/Those are NAMES" or the same noun again with
        the names in apposition; proposed a little lower (0.85)."""
        if group.tag_ != "NNS" or self.table.actor_at(group.i) is not None or si + 1 >= len(self.sents):
            return []
        nxt = self.sents[si + 1]
        names: list[Token] = []
        for t in nxt:
            if (
                t.lemma_ == "be"
                and t.dep_ == "ROOT"
                and any(c.dep_ == "nsubj" and c.lower_ in ("they", "those", "these") for c in t.children)
            ):
                names = self.children(t, "attr")
            elif (
                t.lemma_.lower() == group.lemma_.lower()
                and t.tag_ == "NNS"
                and any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in t.children)
            ):
                # (the parser makes names after "the students," appositives or conjuncts)
                names = [c for c in t.children if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN"]
            if names:
                break
        out: list[tuple[int, float]] = []
        for n in names:
            for x in [n, *n.conjuncts]:
                a = self.table.actor_at(x.i)
                if (
                    a is not None
                    and (self.table.kind(a) == "person" or self.table.person_shaped(a))
                    and all(a != o[0] for o in out)
                ):
                    out.append((a, 0.85))
        return out

    def _named_body(self, doer: tuple[int, float], si: int) -> tuple[int, float]:
        """A collective agent with no place or body of its own ("security officers", "police",
        "agents") is the organisation the same or the next sentence says such people belong
        to: "Agents of the State Guard Service also searched his office", "officers from
        the Interior Bureau", "State Guard officers". Only when exactly one organisation is
        so named; otherwise the collective stays."""
        actor, f = doer
        tab = self.table
        if not tab.is_generic(actor) or tab.actors[actor].place:
            return doer
        found: set[int] = set()
        for span in self.sents[si : si + 2]:
            for t in span:
                if t.pos_ != "NOUN" or (t.lemma_.lower() not in _BODY_MEMBERS and not _is_agent_word(t)):
                    continue
                for g in self.prep_objects(t, "of", "from") + self.children(t, "compound"):
                    a = tab.actor_at(g.i)
                    if a is not None and a != actor and tab.kind(a) == "organisation" and not tab.is_generic(a):
                        found.add(a)
        if len(found) == 1:
            return next(iter(found)), f * 0.9
        return doer

    def _announced(self, v: Token) -> float:
        """A succession announced for the future is stated: "X will take over from Y", "X will be
        succeeded by Y", "X is to succeed Y", "X is set to replace Y" (news announces handovers
        before they happen, and the decision is the fact). Only plain "will"/"shall" and "is
        (set/due) to" qualify; conditionals, "could", "may", expectations ("is expected to"),
        negation and anything the text itself hedges stay blocked. Proposed lower (0.8)."""
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not")) for c in v.children):
            return 0.0
        if any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless", "once") for m in c.children)
            for c in v.children
        ):
            return 0.0  # "if the board agrees, X will take over": a condition
        auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass") and c.i < v.i]
        modal = [a for a in auxes if a.lower_ in MODALS or a.lemma_.lower() in MODALS]
        if modal:
            if any(a.lower_ not in ("will", "'ll", "shall") for a in modal):
                return 0.0
            top = v
        elif (
            v.dep_ == "xcomp"
            and any(c.lower_ == "to" for c in v.children)
            and (
                v.head.lemma_.lower() == "be"
                or (v.head.lemma_.lower() in ("set", "due") and any(c.lemma_ == "be" for c in v.head.children))
            )
        ):
            top = v.head
        else:
            return 0.0
        if top.dep_ in ("ROOT", "conj") or top.head is top:
            return 0.8
        # "the company said X will take over": the report around it must itself be stated
        return 0.8 if self.factuality(top.head) > 0 else 0.0

    def _moved_to_where(self, v: Token, subj: Token) -> Token | None:
        """ "moved his deputy, X, to the trade ministry, where she succeeds Y": a "where" clause on
        the destination of a move or appointment is about the one moved, so its subject
        pronoun stands for the verb's object (or passive subject), not for whoever the pronoun
        resolver finds last. Only for a personal pronoun subject."""
        if subj.tag_ != "PRP" or subj.lower_ not in ("he", "she", "they") or v.dep_ != "relcl":
            return None
        if not any(c.lower_ == "where" for c in v.children if c.dep_ == "advmod"):
            return None
        dest = v.head
        if dest.dep_ != "pobj" or dest.head.lower_ not in ("to", "into", "at", "as"):
            return None
        mover = dest.head.head
        if mover.pos_ not in ("VERB", "AUX"):
            return None
        moved = self.patients(mover) if self.is_passive(mover) else self.children(mover, "dobj")
        who = self.refs(moved[0], generic=False) if moved else []
        if not who or self.table.kind(who[0][0]) != "person":
            return None
        return moved[0]

    def _vacated_place(self, v: Token, lemma: str, passive: bool, sent: list[Span]) -> None:
        """The place a named holder leaves, given to another: "X's post goes to Y", "X's seat
        at the ministry went to Y", "Y takes X's place (as head of ...)", "Y will fill X's seat",
        "X's seat was filled by Y". The holder is the possessor of a place noun (place, post,
        job, seat, role, portfolio); the newcomer the other party. Nothing for a place without
        a named possessor ("the post went to Y")."""
        if lemma == "go" and not passive:
            places = self.children(v, "nsubj")
            news = self.actors_of(self.prep_objects(v, "to"))
        elif lemma in ("take", "fill") and not passive:
            places = self.children(v, "dobj")
            news = self.actors_of(self.subjects(v))
        elif lemma == "fill" and passive:
            places = self.patients(v)
            news = self.actors_of(self.agents(v))
        else:
            return
        olds: list[tuple[int, float]] = []
        for p in places:
            if p.lemma_.lower() in _PLACE_NOUNS and p.tag_ in ("NN", "NNS"):
                olds += self.actors_of(self.children(p, "poss"), generic=False)
        if lemma == "take" and any(p.lemma_.lower() in ("office", "seat", "chair") for p in places) and not olds:
            return
        self.emit("successor-of", news, olds, 0.7, sent, src_kinds=("person",), tgt_kinds=("person",))

    def _stopgap_after_departure(self, v: Token, passive: bool, si: int) -> None:
        """ "Mayor X resigned on Friday. The council named his deputy, Y, as acting mayor": an
        acting or interim holder named to the office a person just left (resigned, stepped
        down, quit, was dismissed or ousted) in the same or the previous sentence succeeds
        that person. The appointment must name the office as "acting/interim ROLE", and the
        one who left must be the only person leaving there; proposed lower (0.6)."""
        role = None
        for r in [
            g for c in v.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"
        ] + self.children(v, "oprd", "xcomp", "attr"):
            if any(m.lower_ in _STOPGAP_WORDS for m in r.children if m.dep_ in ("amod", "compound")):
                role = r
        if role is None:
            return
        appointees = self.patients(v) if passive else self.children(v, "dobj")
        if not appointees:
            return
        news = self.actors_of(appointees)
        olds: list[tuple[int, float]] = []
        spans = [self.sents[j] for j in (si - 1, si) if j >= 0]
        for span in spans:
            for t in span:
                low = t.lemma_.lower()
                if t.pos_ not in ("VERB", "AUX") or t.i == v.i:
                    continue
                leaving = (
                    low in _DEPARTURE_VERBS
                    and (low != "step" or any(c.lower_ in ("down", "aside") for c in t.children))
                ) or (low in _REMOVAL_VERBS and self.is_passive(t))
                if leaving and self.is_factual(t):
                    who = self.patients(t) if self.is_passive(t) else self.subjects(t)
                    olds += [
                        o
                        for o in self.actors_of(who, generic=False)
                        if self.table.kind(o[0]) == "person" and o not in olds
                    ]
        if len(olds) != 1:
            return
        self.emit("successor-of", news, olds, 0.6, spans, src_kinds=("person",), tgt_kinds=("person",))

    def _arrest_agent_elsewhere(self, v: Token, detained: list[tuple[int, float]], si: int) -> None:
        """A passive arrest with no "by": the agent may be the reporting body or the next sentence."""
        if not detained:
            return
        # "X was detained, the police said": the reporting organisation, weakly.
        reporters = self._reporters(v)
        if reporters:
            self.emit("arrested-by", detained, reporters, 0.45, [self.sents[si]], src_kinds=("person",))
            return
        # "X was arrested on Monday. The operation was carried out by Y."
        if si + 1 < len(self.sents):
            nxt = self.sents[si + 1]
            for t in nxt:
                lem = t.lemma_.lower()
                agents: list[tuple[int, float]] = []
                if t.pos_ == "VERB" and lem in ARREST_VERBS | {"carry", "conduct", "make"}:
                    # only about the same person: a pronoun, the same actor, or nobody named
                    undergoer = self.patients(t) if self.is_passive(t) else self.children(t, "dobj")
                    if (
                        lem in ARREST_VERBS
                        and undergoer
                        and not all(
                            o.pos_ == "PRON" or any(r[0] == d[0] for r in self.refs(o) for d in detained)
                            for o in undergoer
                        )
                    ):
                        continue
                    agents = self.actors_of(self.agents(t) if self.is_passive(t) else self.subjects(t))
                    if not agents and lem in ARREST_VERBS:
                        # "X was arrested. Police said he had been detained at the airport."
                        agents = [(a, f * 0.85) for a, f in self._reporters(t)]
                elif t.pos_ == "NOUN" and lem in ARREST_NOUNS:
                    agents = self.actors_of(self.prep_objects(t, "by"))
                    if not agents and t.dep_ == "dobj" and t.head.lemma_.lower() in REPORT_VERBS:
                        # "Police confirmed the arrest"
                        agents = [
                            (a, f * 0.85)
                            for a, f in self.actors_of(self.subjects(t.head))
                            if self.table.kind(a) != "person"
                        ]
                if agents and self.is_factual(t):
                    agents = [a for a in agents if self.table.kind(a[0]) in _PEOPLE_ORGS]
                    self.emit("arrested-by", detained, agents, 0.6, [self.sents[si], nxt], src_kinds=("person",))
                    return
        # "X was arrested. [...] The agency said in a note that the arrest took place on Monday":
        # a body that reports details of *the* arrest a little later is, weakly, who made it.
        # Only a definite "the arrest"/"his arrest" counts, and only a few sentences on.
        for later in range(si + 1, min(si + 5, len(self.sents))):
            for t in self.sents[later]:
                if not (
                    t.pos_ == "NOUN"
                    and t.lemma_.lower() in ARREST_NOUNS
                    and t.dep_ in ("nsubj", "nsubjpass", "dobj")
                    and any(c.lower_ in ("the", "his", "her", "this") for c in t.children)
                ):
                    continue
                clause = t.head
                reporter = clause if t.dep_ == "dobj" else (clause.head if clause.dep_ == "ccomp" else None)
                if reporter is None or reporter.lemma_.lower() not in REPORT_VERBS or not self.is_factual(reporter):
                    continue
                agents = [(a, f * 0.8) for a, f in self.actors_of(self.subjects(reporter)) if self.can_detain(a)]
                if agents:
                    self.emit("arrested-by", detained, agents, 0.5, self.sents[si : later + 1], src_kinds=("person",))
                    return

    def _reporters(self, v: Token) -> list[tuple[int, float]]:
        """Organisations reporting the clause ``v`` ("..., the police said", "according to
        police, ..."), if any."""
        gov = v
        while gov.dep_ in ("ccomp", "conj") and gov.head is not gov:
            gov = gov.head
        for g in (v, gov):
            for c in g.children:
                if c.dep_ in ("prep", "advcl") and c.lower_ == "according":
                    sources = self.actors_of(self.prep_objects(c, "to"))
                    return [r for r in sources if self.can_detain(r[0])]
        if gov is v or gov.lemma_.lower() not in REPORT_VERBS or not self.is_factual(gov):
            return []
        return [r for r in self.actors_of(self.subjects(gov)) if self.can_detain(r[0])]

    def can_detain(self, actor: int) -> bool:
        """Whether an actor is a body that arrests or holds people: a collective agent ("police",
        "authorities") or an organisation whose name says it is a security, police, justice or
        state body. A newspaper or a company reporting an arrest is only its source."""
        if self.table.kind(actor) != "organisation":
            return False
        name = self.table.name(actor).lower()
        if any(w in name for w in ("news", "media", "press", "newspaper", "broadcast")):
            return False
        if self.table.is_generic(actor):
            return True
        return any(w in name for w in _AUTHORITY_WORDS)

    def _noun(self, n: Token, lemma: str, low: str, si: int) -> None:
        sent = [self.sents[si]]
        is_press = lemma in PRESS_ROLES and any(c.lower_ == "press" for c in n.children)
        before = self.doc[n.i - 1].lower_ if n.i > 0 and lemma in ("minister", "executive", "officer") else ""
        # "prime minister", "chief executive": by the word before, however the parser hung it
        is_prime = (
            lemma == "minister" and (any(c.lower_ in PRIME_WORDS for c in n.children) or before in PRIME_WORDS)
        ) or (lemma in ("executive", "officer") and (any(c.lower_ == "chief" for c in n.children) or before == "chief"))
        if lemma == "chief" and n.i + 1 < len(self.doc) and n.nbor(1).lower_ in ("executive", "officer"):
            return  # "chief executive": the office is read at "executive"
        interesting = (
            lemma in _ALLIANCE_NOUNS
            or lemma in ("appointment", "nomination", "party")
            or lemma in SPEAK_NOUNS
            or low in SPEAK_NOUNS
            or lemma in ALLY_NOUNS
            or low in ALLY_NOUNS
            or lemma in ARREST_NOUNS
            or lemma in ("successor", "predecessor", "heir")
            or lemma in SPOKES_ROLES
            or low in SPOKES_ROLES
            or is_press
            or lemma in LEADER_ROLES
            or is_prime
            or lemma in MEMBER_NOUNS
            or lemma in MEMBER_ROLES
            or lemma in OPPOSE_NOUNS
            or low in OPPOSE_NOUNS
            or lemma == "counterpart"
        )
        if not interesting:
            return
        self.hedge = self.factuality(n)
        if not self.hedge:
            return

        if lemma in SPEAK_NOUNS or low in SPEAK_NOUNS:
            self._conversation(n, sent)
        if lemma in ALLY_NOUNS or low in ALLY_NOUNS:
            conf = 0.8 if lemma in CLOSE_ALLY_NOUNS or low in CLOSE_ALLY_NOUNS else 0.55
            if any(c.lower_ in ("former", "ex", "onetime", "one-time", "erstwhile") for c in n.children):
                conf *= 0.8  # true once; the investigator decides whether it still holds
            holders, objects = self.holder(n), self.role_objects(n, ("of", "to"))
            if not objects and len(holders) >= 2 and n.tag_ == "NNS":
                for a, b in combinations(holders, 2):  # "X and Y are close allies"
                    self.emit("ally-of", [a], [b], conf * 0.9, sent)
            self.emit("ally-of", holders, objects, conf, sent)
        if lemma in _ALLIANCE_NOUNS and n.dep_ in ("dobj", "pobj", "nsubj"):
            self._pairing(n, "ally-of", 0.65, sent, _ALLIANCE_VERBS)
        if lemma in ("appointment", "nomination") and not any(
            c.dep_ == "poss" and c.lower_ in ("his", "her") for c in n.children
        ):
            appointees = self.actors_of(self.prep_objects(n, "of"))
            appointers = self.actors_of(self.prep_objects(n, "by")) or self.actors_of(self.children(n, "poss"))
            self.emit("appointed-by", appointees, appointers, 0.65, sent, src_kinds=("person",))
        if lemma in ("successor", "predecessor", "heir"):
            holders = self.holder(n)
            others = self._appointee_of_the_post(n) or self.role_objects(n, ("of", "to"))
            if not others and n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.lemma_.lower() in CHOOSE_VERBS:
                others = self.actors_of(self.subjects(n.head.head))
            if lemma in ("successor", "heir"):
                conf = 0.8 if lemma == "successor" else 0.6
                self.emit("successor-of", holders, others, conf, sent, src_kinds=("person",), tgt_kinds=("person",))
            else:
                self.emit("successor-of", others, holders, 0.8, sent, src_kinds=("person",), tgt_kinds=("person",))
        if lemma in ARREST_NOUNS and lemma != "custody":
            detained = self.actors_of(self.prep_objects(n, "of"))
            by = self.actors_of(self.prep_objects(n, "by"))
            poss = self.actors_of(self.children(n, "poss"))
            if by and not detained:
                detained = poss
            elif detained and not by:
                by = poss
            self.emit("arrested-by", detained, by, 0.75, sent, src_kinds=("person",))
        if lemma == "custody" and n.dep_ == "pobj" and n.head.lower_ == "in":
            keepers = self.actors_of(self.prep_objects(n, "of")) or self.actors_of(self.children(n, "poss"))
            v = n.head.head
            if v.pos_ in ("VERB", "AUX"):
                held = self.actors_of(self.subjects(v) or self.patients(v) or self.children(v, "dobj"))
                self.emit("arrested-by", held, keepers, 0.6, sent, src_kinds=("person",))
        if lemma in SPOKES_ROLES or low in SPOKES_ROLES or is_press:
            self._role(n, "spokesperson-of", 0.8, sent, ("organisation", "country", "person"))
        elif lemma in LEADER_ROLES or is_prime:
            # a governor, mayor or leader can lead a city or region too ("Hong Kong leader X",
            # "the governor of Lagos"); a president or a chief executive leads a country or a body
            places = ("organisation", "country", "other") if lemma in _PLACE_LEADERS else ("organisation", "country")
            self._role(n, "leader-of", 0.75, sent, places)
        elif lemma in MEMBER_NOUNS:
            self._role(n, "member-of", 0.75, sent, ("organisation",))
        elif lemma in MEMBER_ROLES:
            self._role(n, "member-of", 0.55, sent, ("organisation",))
        if lemma == "counterpart":
            self._counterpart(n, sent)
        if lemma == "party":
            # "Khan's party, Pakistan Movement for Justice": the possessor belongs to the party named
            owners = [r for r in self.actors_of(self.children(n, "poss")) if self.table.kind(r[0]) == "person"]
            named = [
                r
                for c in n.children
                if c.dep_ == "appos"
                for r in self.refs(c)
                if self.table.kind(r[0]) == "organisation"
            ]
            self.emit("member-of", owners, named, 0.65, sent, src_kinds=("person",), tgt_kinds=("organisation",))
        if lemma in OPPOSE_NOUNS or low in OPPOSE_NOUNS:
            self._opposition(n, lemma, sent)

    def _conversation(self, n: Token, sent: list[Span]) -> None:
        """ "held talks with", "a phone call between A and B", "was in contact with"."""
        others = self.actors_of(self.prep_objects(n, "with", "from"))
        between = self.actors_of(self.prep_objects(n, "between"))
        if len(between) >= 2:
            for a, b in combinations(between, 2):
                self.emit("spoke-with", [a], [b], 0.75, sent)
            return
        agents = self.actors_of(self.children(n, "poss"))
        if (
            not agents
            and n.dep_ == "pobj"
            and n.head.lower_ in ("in", "during", "at", "after", "on")
            and n.head.head.pos_ in ("VERB", "AUX")
        ):
            # "In a call with Y, X said ...", "During talks with Y, X agreed ..."
            v = n.head.head
            if self.is_factual(v) and others:
                self.emit("spoke-with", self.actors_of(self.subjects(v)), others, 0.75, sent)
            elif self.is_factual(v):
                doers = [d for d in self.actors_of(self.subjects(v)) if self.table.kind(d[0]) == "person"]
                addressed = [o for o in self.actors_of(self.children(v, "dobj")) if self.table.kind(o[0]) == "person"]
                if addressed and n.lemma_.lower() in (
                    "call",
                    "phone",
                    "phonecall",
                    "conversation",
                    "meeting",
                    "talk",
                    "talks",
                ):
                    # "X congratulated Y in a phone call", "X thanked Y during a meeting": they spoke
                    self.emit("spoke-with", doers, addressed, 0.7, sent)
                elif len(doers) == 2 and n.lemma_.lower() in ("talk", "talks", "meeting", "summit", "discussion"):
                    # "At bilateral talks on Monday, the two leaders agreed ...": they talked
                    self.emit("spoke-with", doers[:1], doers[1:], 0.65, sent)
            return
        if not agents:
            x = n
            while x.dep_ in ("conj", "pobj", "prep", "compound") and x.head is not x:
                x = x.head
            if x.dep_ in ("dobj", "attr", "pobj", "nsubj") or x.pos_ in ("VERB", "AUX"):
                v = x if x.pos_ in ("VERB", "AUX") else x.head
                if v.pos_ in ("VERB", "AUX") and v.lemma_.lower() in SPEAK_LIGHT_VERBS:
                    if not self.is_factual(v):
                        return
                    agents = self.actors_of(self.subjects(v) if not self.is_passive(v) else self.agents(v))
        if others:
            self.emit("spoke-with", agents, others, 0.8, sent)
        elif len(agents) >= 2 and n.lemma_.lower() in (
            "talk",
            "talks",
            "call",
            "meeting",
            "discussion",
            "negotiation",
            "conversation",
            "contact",
        ):
            for a, b in combinations(agents, 2):
                self.emit("spoke-with", [a], [b], 0.7, sent)

    def _pairing(self, n: Token, rtype: str, conf: float, sent: list[Span], verbs: tuple[str, ...]) -> None:
        """ "X formed an alliance with Y", "an alliance between X and Y"."""
        between = self.actors_of(self.prep_objects(n, "between"))
        if len(between) >= 2:
            for a, b in combinations(between, 2):
                self.emit(rtype, [a], [b], conf, sent)
            return
        others = self.actors_of(self.prep_objects(n, "with"))
        v = n.head.head if n.dep_ == "pobj" else n.head
        if v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() not in verbs or not self.is_factual(v):
            return
        doers = self.actors_of(self.subjects(v))
        if others:
            self.emit(rtype, doers, others, conf, sent)
        elif len(doers) >= 2 and n.dep_ == "dobj":
            # "A and B formed a joint venture", "..., deepening an alliance": among themselves
            for a, b in combinations(doers, 2):
                self.emit(rtype, [a], [b], conf * 0.9, sent)

    def _role(self, n: Token, rtype: str, conf: float, sent: list[Span], tgt_kinds: tuple[str, ...]) -> None:
        """Titles and role nouns: "Kremlin spokesman X", "X, the commander of Y", "President X of Y"."""
        holder_kinds = ("person", "organisation", "country") if rtype == "member-of" else ("person",)
        if self._listed_offices(n, rtype, conf, sent):
            return
        holders = [h for h in self.holder(n) if self.table.kind(h[0]) in holder_kinds]
        if not holders:
            return
        deputy = any(c.lower_ in _DEPUTY_WORDS for c in n.lefts) or self._deputy_before(n)
        if deputy and rtype == "leader-of":
            # "vice-president of X", "deputy chairman of X": a post inside X, not its head
            rtype, conf, tgt_kinds = "member-of", 0.55, ("organisation",)
        targets = self.role_objects(n)
        if rtype == "member-of" and n.lemma_.lower() in ("minister", "secretary"):
            # "Home Affairs Minister X", "External Affairs Minister X": the words before the title
            # name a portfolio, not a body the minister belongs to
            before = {t.i for c in n.lefts for t in c.subtree}
            targets = [t for t in targets if not any(self.table.actor_at(i) == t[0] for i in before)]
        if (
            not targets
            and n.dep_ == "pobj"
            and n.head.lower_ == "as"
            and n.head.head.pos_ == "VERB"
            and n.head.head.lemma_.lower() in APPOINT_VERBS | CHOOSE_VERBS | _OBJECT_CONTROL
        ):
            # "The board of Halcyon Bank named X as chief executive": the body that appoints
            # someone to an office without naming whose is the body the office is in
            v = n.head.head
            targets = [
                t
                for t in self.actors_of(self.agents(v) if self.is_passive(v) else self.subjects(v))
                if self.table.kind(t[0]) == "organisation" and not self.table.is_generic(t[0])
            ]
        # "President X of Y": the "of" phrase hangs on the name, not on the title.
        if not targets and n.dep_ in ("compound", "amod"):
            h = n.head
            while h.dep_ in ("compound", "amod") and h.head is not h:
                h = h.head
            targets = self.actors_of(self.prep_objects(h, "of"))
            if not targets:
                # "African Union Commission Chairperson Moussa Faki": the body is a sibling modifier
                for c in h.children:
                    if c.i < n.i and c.dep_ in ("compound", "amod", "nmod"):
                        for g in c.subtree:
                            a = self.table.actor_at(g.i)
                            if (
                                a is not None
                                and g.i + 1 < len(self.doc)
                                and self.doc[g.i + 1].text != "-"
                                and all(a != t[0] for t in targets)
                            ):
                                targets.append((a, 0.9))
        if rtype == "leader-of":
            # "intelligence chief", "army commander": head of a body inside the country, not of it
            sub_body = [
                c
                for c in n.lefts
                if c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" and self.table.actor_at(c.i) is None
            ]
            if sub_body:
                # "finance director of X": a post inside X, so a member of it, not its leader
                orgs = [t for t in targets if self.table.kind(t[0]) == "organisation"]
                self.emit("member-of", holders, orgs, 0.55, sent, src_kinds=("person",), tgt_kinds=("organisation",))
                return
        self.emit(rtype, holders, targets, conf, sent, src_kinds=holder_kinds, tgt_kinds=tgt_kinds)

    def _deputy_before(self, n: Token) -> bool:
        """ "vice-presidents", "vice president", "co-chair" however tokenised: the word right
        before the role noun (over a hyphen) makes it a deputy's post."""
        doc = self.doc
        i = n.i - 1
        if i >= 0 and doc[i].text in ("-", "–"):
            i -= 1
        return i >= 0 and doc[i].lower_ in _DEPUTY_WORDS

    def _listed_offices(self, n: Token, rtype: str, conf: float, sent: list[Span]) -> bool:
        """ "presidents A of X, B of Y and C of Z": each listed name holds the office in its own
        "of" phrase. A plural role noun before a list of names, each with an "of" object;
        returns whether the shape was found (then nothing else is said of the role noun)."""
        if not self.is_plural_role(n):
            return False
        first: Token | None
        if n.dep_ in ("compound", "amod") and self.table.actor_at(n.head.i) is not None:
            first = n.head  # "Prime ministers A of X and B of Y"
        else:
            first = next(
                (
                    c
                    for c in n.children
                    if c.dep_ in ("appos", "compound", "nmod") and c.i > n.i and self.table.actor_at(c.i) is not None
                ),
                None,
            )
            if first is None:
                return False
        members = self.coordinated(self.name_head(first))
        if len(members) < 2:
            return False
        pairs = []
        for m in members:
            holder = self.table.actor_at(m.i)
            if holder is None and m.pos_ == "NOUN":
                continue  # "... and C of Z as well as delegations from W": not a name
            preps = [p for p in m.children if p.dep_ == "prep" and p.lower_ == "of"]
            if not preps and m.dep_ == "conj":
                # the stranded last member's own "of" phrase hangs on the word it hangs on
                preps = [p for p in m.head.children if p.dep_ == "prep" and p.lower_ == "of" and p.i > m.i]
            own = [g for p in preps for g in p.children if g.dep_ == "pobj" and self.table.actor_at(g.i) is not None]
            if holder is None or self.table.kind(holder) != "person" or len(own) != 1:
                return False
            place = self.table.actor_at(own[0].i)
            if place is None:  # never: own holds only words that name an actor
                return False
            pairs.append((holder, place))
        for holder, body in pairs:
            self.emit(
                rtype,
                [(holder, 1.0)],
                [(body, 1.0)],
                conf,
                sent,
                src_kinds=("person",),
                tgt_kinds=("organisation", "country"),
            )
        return True

    def _counterpart(self, n: Token, sent: list[Span]) -> None:
        """ "his Kazakh counterpart X": X holds the possessor's office in the named country."""
        holders = [h for h in self.holder(n) if self.table.kind(h[0]) == "person"]
        countries = [
            (a, f)
            for c in n.children
            if c.dep_ in ("amod", "compound")
            for a, f in [(self.table.actor_at(c.i), 1.0)]
            if a is not None and self.table.kind(a) == "country"
        ]
        poss = self.actors_of(self.children(n, "poss"))
        if not holders or not countries or not poss:
            return
        owner_is_leader = any(r.type == "leader-of" and r.source == p for r in self.out for p, _ in poss)
        if owner_is_leader:
            self.emit("leader-of", holders, countries, 0.65, sent, src_kinds=("person",), tgt_kinds=("country",))

    def _opposition(self, n: Token, lemma: str, sent: list[Span]) -> None:
        between = self.actors_of(self.prep_objects(n, "between"))
        if len(between) >= 2:
            for a, b in combinations(between, 2):
                self.emit("opposed-to", [a], [b], 0.65, sent)
            return
        if lemma in ("rival", "opponent", "foe", "enemy", "critic", "adversary", "nemesis"):
            self.emit("opposed-to", self.holder(n), self.role_objects(n, ("of", "to")), 0.7, sent)
            return
        targets = self.actors_of(self.prep_objects(n, "against", "with", "on"))
        if not targets:
            return
        agents = self.actors_of(self.children(n, "poss"))
        if not agents and n.dep_ in ("dobj", "pobj"):
            # "X launched airstrikes against Y", "X is locked in a legal battle with Y"
            v = n.head if n.dep_ != "pobj" else n.head.head
            if (
                v.pos_ in ("VERB", "AUX")
                and (n.dep_ == "dobj" or n.head.lower_ in ("in", "into"))
                and self.is_factual(v)
            ):
                agents = self.actors_of(self.subjects(v) or self.patients(v))
        self.emit("opposed-to", agents, targets, 0.6, sent)
