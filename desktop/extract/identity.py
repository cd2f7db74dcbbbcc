"""Who a name names: when two actors, from one article or from two, are one real-world actor.

Every rule reads the *structure* of a name in news English, never a particular name:

* **people** are compared on the name proper, with leading titles, roles, nationalities and
  possessives taken off ("Kazakh President Kassym Tokayev" is "Kassym Tokayev", president of
  Kazakhstan). Two full names are one person when surname and first name agree (allowing a
  spelling variant); a lone surname is the one person in the workspace who carries it; a name
  whose words are a subsequence of another's with the same surname ("Kassym Tokayev",
  "Kassym-Jomart Tokayev") is the same person;
* **organisations** are compared without legal suffixes ("Ltd.", "Inc.", "Co.") and without a
  leading nationality; an acronym is the organisation whose capitalised words it abbreviates
  ("CSTO" and "Collective Security Treaty Organization"); a short form that only drops
  company words ("Group", "Holdings", "Motor") is the company; within one article, a short form
  used *after* the full name is the full name ("Wohua Pharmaceutical" ... "Wohua");
* **countries** are compared on the country a name or demonym stands for, formal names included
  ("the Federal Republic of Nigeria");
* **generic collective agents** ("police", "court", "army", "security forces") are told apart by
  the place the article gives them ("Moscow police" is never "Pakistani police"); one without a
  place never joins two articles' stories;
* **role descriptions** ("Kazakhstan's president", "the president of Kazakhstan") are the person
  the article itself gives that role and place to; elsewhere they are only a possible match.

:func:`judge` returns a :class:`Verdict`: ``"same"`` (resolve silently), ``"maybe"`` (ask the
investigator: a merge proposal) or ``None`` (different actors).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from desktop.extract.actors import name_key, same_person
from desktop.extract.lexicon import (
    CAPITALS,
    DEMONYM_TO_COUNTRY,
    LEADER_ROLES,
    MEMBER_ROLES,
    SPOKES_ROLES,
    TITLE_WORDS,
)

# Legal forms that follow a company's name and never tell two companies apart.
LEGAL_SUFFIXES = frozenset(
    {
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "co",
        "corp",
        "corporation",
        "plc",
        "llc",
        "llp",
        "lp",
        "sa",
        "ag",
        "gmbh",
        "nv",
        "bv",
        "spa",
        "pjsc",
        "ojsc",
        "jsc",
        "pte",
        "pty",
        "company",
        "bhd",
        "sdn",
        "ab",
        "as",
        "asa",
        "oyj",
        "kk",
    }
)
# Words a company's full name adds to its short name without naming another company:
# "X Group", "X Holdings", "X Motor", "X Pharmaceutical" are X.
COMPANY_WORDS = frozenset(
    {
        "group",
        "holding",
        "holdings",
        "motor",
        "motors",
        "pharmaceutical",
        "pharmaceuticals",
        "electronics",
        "industries",
        "industry",
        "international",
        "technologies",
        "technology",
        "systems",
        "enterprises",
        "networks",
        "media",
    }
)
_FUNCTION_WORDS = frozenset(
    {"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "in", "on", "at", "to", "a", "an"}
)
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "that"})
# Role nouns beyond the extractor's title list that stand before a person's name.
_EXTRA_ROLES = frozenset(
    {
        "counsel",
        "strategist",
        "tycoon",
        "businessman",
        "businesswoman",
        "activist",
        "kingmaker",
        "magnate",
        "billionaire",
        "oligarch",
        "dissident",
        "lawyer",
        "journalist",
        "founder",
        "co-founder",
        "cofounder",
        "chairperson",
        "boss",
        "coach",
        "owner",
        "campaigner",
        "commentator",
        "economist",
        "analyst",
        "outsider",
        "opposition",
        "incumbent",
        "veteran",
        "political",
        "media",
        "campaign",
        "vice-president",
        "pm",
        "fm",
        "president-elect",
        "premier",
        "secretary-general",
        "director-general",
    }
)
ROLE_WORDS = frozenset(TITLE_WORDS | LEADER_ROLES | MEMBER_ROLES | SPOKES_ROLES | _EXTRA_ROLES)
# Role words that describe the same office under two names.
_ROLE_SYNONYMS = {
    "premier": ("prime", "minister"),
    "pm": ("prime", "minister"),
    "fm": ("foreign", "minister"),
    "chair": ("chairman",),
    "chairwoman": ("chairman",),
    "chairperson": ("chairman",),
    "ceo": ("chief", "executive"),
    "spokeswoman": ("spokesman",),
    "spokesperson": ("spokesman",),
}
# Role words that say nothing about which office ("the new president" is the president).
_ROLE_NOISE = frozenset(
    {
        "new",
        "current",
        "incumbent",
        "sitting",
        "top",
        "senior",
        "veteran",
        "long-time",
        "longtime",
        "powerful",
        "embattled",
        "political",
        "then",
    }
)

# Formal prefixes of a country's name: "the Federal Republic of Nigeria" is Nigeria.
_STATE_WORDS = frozenset(
    {
        "republic",
        "kingdom",
        "state",
        "states",
        "federation",
        "emirate",
        "emirates",
        "commonwealth",
        "principality",
        "sultanate",
        "confederation",
        "union",
    }
)
_STATE_QUALIFIERS = frozenset(
    {
        "federal",
        "islamic",
        "people's",
        "peoples",
        "democratic",
        "socialist",
        "united",
        "arab",
        "bolivarian",
        "plurinational",
        "hashemite",
        "cooperative",
    }
)

# Generic collective agents: head noun -> the kind of body it is. Two generic actors are one
# actor only if they are the same kind of body in the same place.
GENERIC_HEADS: dict[str, str] = {
    "police": "police",
    "policemen": "police",
    "policeman": "police",
    "gendarmes": "police",
    "gendarmerie": "police",
    "constabulary": "police",
    "army": "military",
    "military": "military",
    "forces": "military",
    "troops": "military",
    "soldiers": "military",
    "marines": "military",
    "armed forces": "military",
    "navy": "navy",
    "air force": "air force",
    "court": "court",
    "courts": "court",
    "tribunal": "court",
    "judge": "court",
    "judges": "court",
    "prosecutors": "prosecutors",
    "prosecutor": "prosecutors",
    "prosecution": "prosecutors",
    "prosecutor's office": "prosecutors",
    "investigators": "investigators",
    "agents": "investigators",
    "government": "government",
    "administration": "government",
    "regime": "government",
    "cabinet": "government",
    "junta": "government",
    "authorities": "authorities",
    "authority": "authorities",
    "officials": "authorities",
    "ministry": "ministry",
    "intelligence": "security",
    "counterintelligence": "security",
    "security forces": "security",
    "security service": "security",
    "security services": "security",
    "service": "security",
    "services": "security",
    "rebels": "rebels",
    "insurgents": "rebels",
    "militants": "rebels",
    "militia": "rebels",
    "militias": "rebels",
    "fighters": "rebels",
    "coalition": "coalition",
    "guards": "guards",
    "guard": "guards",
    "officers": "officers",
    "parliament": "parliament",
    "legislature": "parliament",
    "lawmakers": "parliament",
}
# Bodies that belong to a city as often as to a country.
_LOCAL_BODIES = frozenset({"police", "court", "prosecutors", "investigators", "officers", "guards"})
COUNTRY_NAMES = frozenset(DEMONYM_TO_COUNTRY.values())
# Modifiers that say which body of its kind it is ("trade ministry", "supreme court"); other
# modifiers ("armed", "regular", "government forces") only describe it.
_DISTINGUISHING_FOR = frozenset({"ministry", "court", "guards", "officers", "government"})
_NEUTRAL_MODIFIERS = frozenset(
    {
        "armed",
        "regular",
        "government",
        "state",
        "national",
        "federal",
        "local",
        "official",
        "riot",
        "security",
        "military",
        "police",
        "army",
        "special",
        "elite",
        "secret",
        "top",
        "senior",
        "public",
        "the",
        "country",
        "nation",
        "city",
        "municipal",
        "provincial",
        "regional",
    }
)

_TOKEN = re.compile(r"[^\s(),;:\"“”]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "'")


def _plain(word: str) -> str:
    """A word without possessive ending or edge punctuation, case-folded."""
    return _POSSESSIVE.sub("", _fold(word)).strip(".-'")


def country_of(words: Sequence[str]) -> str | None:
    """The country ``words`` (case-folded) name or describe, formal names included."""
    text = " ".join(words).strip()
    if text in DEMONYM_TO_COUNTRY:
        return DEMONYM_TO_COUNTRY[text]
    ws = [w for w in words if w not in ("the",)]
    if "of" in ws:
        i = ws.index("of")
        head = ws[:i]
        if head and head[-1] in _STATE_WORDS and all(w in _STATE_WORDS or w in _STATE_QUALIFIERS for w in head):
            return DEMONYM_TO_COUNTRY.get(" ".join(ws[i + 1 :]))
    return None


def _place_of(words: Sequence[str]) -> str | None:
    """A place (country, or a capital taken as the city it is) named by ``words``."""
    country = country_of(words)
    if country:
        return country
    text = " ".join(words)
    return text.title() if text in CAPITALS else None


def acronym_of(name: str) -> str:
    """Initials of a name's capitalised words: "Collective Security Treaty Organization" -> "CSTO"."""
    words = [w for w in re.split(r"[\s\-/]+", name) if w]
    return "".join(w[0] for w in words if w[:1].isupper() and _fold(w) not in _FUNCTION_WORDS)


def _as_acronym(name: str) -> str | None:
    bare = name.replace(".", "").strip()
    return bare if _ACRONYM.match(bare) else None


@dataclass(frozen=True)
class Generic:
    """A collective agent named by what it is, not by a proper name."""

    body: str  # police, military, court, ...
    place: str | None  # the country or city it belongs to, if the name gives one
    modifiers: frozenset[str] = frozenset()  # those that tell bodies of one kind apart
    inferred: bool = False  # the place came from the article around it, not the name itself


@dataclass(frozen=True)
class Role:
    """An office held in a place: "president" of "Kazakhstan"."""

    words: tuple[str, ...]
    place: str | None

    def text(self) -> str:
        """How the role is stored: "president|Kazakhstan"."""
        return f"{' '.join(self.words)}|{self.place or ''}"

    @staticmethod
    def parse(stored: str) -> Role:
        words, _, place = stored.partition("|")
        return Role(tuple(words.split()), place or None)


@dataclass(frozen=True)
class NameForms:
    """What an actor's names say about who it is."""

    kind: str
    names: tuple[str, ...]
    keys: frozenset[tuple[str, ...]] = frozenset()  # comparable forms (titles, legal suffixes off)
    people: frozenset[tuple[str, ...]] = frozenset()  # person-name keys (titles off)
    acronyms: frozenset[str] = frozenset()  # acronyms it goes by
    initials: frozenset[str] = frozenset()  # acronyms of its multi-word names
    org_cores: frozenset[tuple[str | None, tuple[str, ...]]] = frozenset()  # (nationality, rest)
    country: str | None = None
    generic: Generic | None = None
    role: Role | None = None  # set when the name is only a role description
    roles: frozenset[Role] = frozenset()  # offices its names give it ("Kazakh President X")
    scoped: bool = False  # a placeless generic renamed for its article: matches nothing else

    @property
    def surnames(self) -> frozenset[str]:
        return frozenset(k[-1] for k in self.people if k)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(name)


def role_of(words: Sequence[str]) -> Role | None:
    """The role a description of raw words states, if all of them describe an office:
    "Kazakhstan's president", "the President of Kazakhstan", "Kazakh President", "the
    former leader"."""
    role: list[str] = []
    place: str | None = None
    saw_possessive = saw_det = False
    i = 0
    plain = [_plain(w) for w in words]
    while i < len(words):
        p = plain[i]
        if not p:
            i += 1
            continue
        # the longest run of words from here that names a place
        found = None
        for j in range(min(len(words), i + 4), i, -1):
            cand = _place_of(plain[i:j])
            if cand:
                found = (cand, j)
                break
        if found:
            place = place or found[0]
            if _POSSESSIVE.search(_fold(words[found[1] - 1])):
                saw_possessive = True
            i = found[1]
            continue
        if p in _DETERMINERS:
            saw_det = True
        elif p == "of" and role:
            pass
        elif p in ROLE_WORDS or p in _ROLE_NOISE:
            if p not in _ROLE_NOISE:
                role.extend(_ROLE_SYNONYMS.get(p, (p,)))
        else:
            return None
        i += 1
    role = [r for r in role if r not in ("counterpart",)]
    if not role or not (place or saw_possessive or saw_det):
        return None
    return Role(tuple(role), place)


def _split_person(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(prefix, name proper) of a person's name: "Kazakh President Kassym Tokayev" ->
    (["Kazakh", "President"], ["Kassym", "Tokayev"])."""
    if not tokens:
        return [], []
    # "Nana Addo of Ghana": a trailing "of <place>" says where, it is not the name
    for k in range(len(tokens) - 1, 0, -1):
        if _fold(tokens[k]) == "of" and _place_of([_plain(t) for t in tokens[k + 1 :]]):
            tokens = tokens[:k]
            break
    end = len(tokens)
    start = end - 1
    while start > 0:
        w = tokens[start - 1]
        p = _plain(w)
        particle = p in ("al", "el", "bin", "ibn", "van", "von", "der", "de", "da", "di", "du", "la", "le", "del")
        if (
            _POSSESSIVE.search(_fold(w))
            or p in ROLE_WORDS
            or p in DEMONYM_TO_COUNTRY
            or not (w[:1].isupper() or particle)
        ):
            break
        start -= 1
    return tokens[:start], tokens[start:end]


def _org_key(tokens: list[str]) -> tuple[str, ...]:
    words = [_plain(t) for t in tokens]
    words = [w for w in words if w and w not in ("the",)]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return tuple(w for w in " ".join(words).replace("-", " ").split() if w)


def _nationality_split(key: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """("us", "state", "department") -> ("United States", ("state", "department"))."""
    for j in range(min(3, len(key) - 1), 0, -1):
        country = DEMONYM_TO_COUNTRY.get(" ".join(key[:j]))
        if country:
            return country, key[j:]
    return None, key


def generic_of(name: str) -> Generic | None:
    """The generic collective agent a name describes, or None for a proper name.

    A name is generic when its head noun is a collective agent ("police", "armed forces") and
    every other word is a place, a determiner or a modifier that describes it. The place comes
    from a nationality or capital anywhere before the head, capitalised words before a
    lower-case head ("Hong Kong police"), a possessive ("Moscow's police") or "in/of X" after
    it. A capitalised head after capitalised words that are no place is a proper name
    ("Rapid Support Forces"), except for bodies whose modifiers say which one they are ("Interior
    Ministry"). A trailing "(X)" is how an import names a placeless one: X is a place it
    inferred from the article, or else the article itself (then it matches nothing else).
    """
    inside = None
    m = _PARENTHESIS.match(name)
    if m:
        name, inside = m.group(1), m.group(2)
    tokens = _tokens(name)
    words = [_plain(t) for t in tokens]
    tail_place = None
    for k in range(1, len(words) - 1):
        if words[k] in ("in", "of", "from"):
            after = [w for w in words[k + 1 :] if w != "the"]
            tail_place = _place_of(after)
            if tail_place is None and all(t[:1].isupper() for t in tokens[k + 1 :] if _fold(t) != "the"):
                tail_place = " ".join(t for t in tokens[k + 1 :] if _fold(t) != "the")
            if tail_place is None:
                return None
            tokens, words = tokens[:k], words[:k]
            break
    head = None
    for size in (2, 1):
        if len(words) >= size and " ".join(words[-size:]) in GENERIC_HEADS:
            head = " ".join(words[-size:])
            break
    if head is None:
        return None
    body = GENERIC_HEADS[head]
    capital_head = tokens[-size][:1].isupper()
    rest_tokens, rest = tokens[:-size], words[:-size]
    place: str | None = None
    modifiers: set[str] = set()
    i = 0
    while i < len(rest):
        found = next(((c, j) for j in range(len(rest), i, -1) if (c := _place_of(rest[i:j]))), None)
        if found is not None:
            if place and place != found[0]:
                return None
            place, i = found[0], found[1]
            continue
        w, t = rest[i], rest_tokens[i]
        if w in _DETERMINERS or w in _NEUTRAL_MODIFIERS:
            i += 1
            continue
        if w in GENERIC_HEADS:  # "police officers", "security forces"
            if GENERIC_HEADS[w] in ("police", "security"):
                body = GENERIC_HEADS[w]
            i += 1
            continue
        if t[:1].isupper() and not capital_head:
            # capitalised words before a lower-case head name its place ("Hong Kong police")
            j = i
            while j < len(rest) and rest_tokens[j][:1].isupper() and rest[j] not in _NEUTRAL_MODIFIERS:
                j += 1
            city = " ".join(_POSSESSIVE.sub("", x) for x in rest_tokens[i:j])
            if place and place != city:
                return None
            place, i = city, j
            continue
        if t[:1].isupper() and body not in _DISTINGUISHING_FOR:
            return None  # a capitalised word that is no place: a proper name ("Rapid Support Forces")
        modifiers.add(w)
        i += 1
    if tail_place:
        if place and place != tail_place:
            return None
        place = tail_place
    kept = frozenset(modifiers) if body in _DISTINGUISHING_FOR else frozenset()
    if inside is not None and place is None:
        # "Police (Islamabad)", "Police (Islamabad, article 12)": the place an import inferred;
        # "Police (“Title”)": no place, the article's own police
        inferred = inside.split(",")[0].strip()
        if inferred and not inferred.startswith(("“", '"')):
            return Generic(body, _place_of([_plain(t) for t in _tokens(inferred)]) or inferred, kept, inferred=True)
        return Generic(body, None, kept, inferred=True)
    return Generic(body, place, kept)


def name_forms(name: str, kind: str, aliases: Iterable[str] = ()) -> NameForms:
    """Everything the rules compare, read off an actor's name and aliases."""
    return _name_forms(name, kind, tuple(aliases))


@functools.lru_cache(maxsize=65536)  # an import asks about the same few names many times
def _name_forms(name: str, kind: str, aliases: tuple[str, ...]) -> NameForms:
    names = tuple(dict.fromkeys(n for n in (name, *aliases) if n and n.strip()))
    keys: set[tuple[str, ...]] = set()
    people: set[tuple[str, ...]] = set()
    acronyms: set[str] = set()
    initials: set[str] = set()
    cores: set[tuple[str | None, tuple[str, ...]]] = set()
    roles: set[Role] = set()
    country = None
    generic = generic_of(name) if kind in ("organisation", "other") else None
    scoped = bool(generic and generic.place is None and generic.inferred)
    role = None
    for n in names:
        tokens = _tokens(n)
        if not tokens:
            continue
        plain = [_plain(t) for t in tokens]
        c = country_of([w for w in plain if w])
        if c and kind != "person":
            country = country or c
            keys.add((c.casefold(),))
            continue
        described = role_of(tokens)
        if described is not None:
            # "Kazakhstan's president" describes an office; it names nobody by itself
            if n == name:
                role = described
            continue
        acr = _as_acronym(n)
        if acr and kind != "person" and len(tokens) == 1:
            acronyms.add(acr)
            keys.add((acr.casefold(),))
            continue
        if kind == "person":
            prefix, proper = _split_person(tokens)
            key = name_key(" ".join(proper))
            if key:
                people.add(key)
                keys.add(key)
            if prefix:
                r = role_of(prefix)
                if r is not None and r.place:
                    roles.add(r)
        else:
            key = _org_key(tokens)
            if key:
                keys.add(key)
                cores.add(_nationality_split(key))
                if len(key) > 1:
                    core_tokens = [t for t in tokens if _plain(t) not in LEGAL_SUFFIXES]
                    init = acronym_of(" ".join(core_tokens))
                    if len(init) >= 2:
                        initials.add(init)
                    nat, rest = _nationality_split(key)
                    if nat and len(rest) > 1:
                        rest_init = acronym_of(" ".join(core_tokens[len(key) - len(rest) :]))
                        if len(rest_init) >= 2:
                            initials.add(rest_init)
    if kind == "country" and country is None:
        country = name
    return NameForms(
        kind=kind,
        names=names,
        keys=frozenset(keys),
        people=frozenset(people),
        acronyms=frozenset(acronyms),
        initials=frozenset(initials),
        org_cores=frozenset(cores),
        country=country,
        generic=generic,
        role=role,
        roles=frozenset(roles),
        scoped=scoped,
    )


@dataclass(frozen=True)
class Verdict:
    """What the rules say of two actors: ``same`` (one actor), ``maybe`` (ask) or None."""

    verdict: str | None
    score: float = 0.0  # how sure, 0..1 (orders merge proposals in the review queue)
    reason: str = ""


DIFFERENT = Verdict(None)


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or "other" in (a, b)


def _person_verdict(a: NameForms, b: NameForms, *, same_article: bool) -> Verdict:
    # A full name decides: "Hillary Clinton" is compared with full names only, so the
    # workspace's "Bill Clinton" (alias "Clinton") is not her through the shared surname.
    def names(f: NameForms) -> frozenset[tuple[str, ...]]:
        full = frozenset(k for k in f.people if len(k) > 1)
        return full or f.people

    best = DIFFERENT
    for x in names(a):
        for y in names(b):
            v = _compare_people(x, y, same_article=same_article)
            if v.verdict == "same" and (best.verdict != "same" or v.score > best.score):
                best = v
            elif v.verdict == "maybe" and best.verdict is None:
                best = v
    return best


def _compare_people(x: tuple[str, ...], y: tuple[str, ...], *, same_article: bool) -> Verdict:
    if x == y:
        return Verdict("same", 1.0, "the same name")
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) == 1:
        if same_person(short, long_):
            return Verdict("same", 0.9, f"“{short[0].title()}” is the surname of “{' '.join(long_).title()}”")
        if short[0] == long_[0] and len(short[0]) > 2:
            # "Najib" for "Najib Razak": a given name used alone
            return Verdict("same" if same_article else "maybe", 0.6, "a given name used alone")
        return DIFFERENT
    if same_person(x, y):
        score = fuzz.token_sort_ratio(" ".join(x), " ".join(y))
        if _subsequence(short, long_) or score >= 90:
            return Verdict("same", 0.95, "the same first name and surname")
        return Verdict("maybe", 0.7, "the same surname and a similar first name")
    if short[-1] == long_[-1] and _subsequence(short, long_):
        # "Tayyip Erdogan" and "Recep Tayyip Erdogan": a shorter form of the full name
        return Verdict("same" if same_article else "maybe", 0.75, "a shorter form of the full name")
    return DIFFERENT


def _subsequence(short: Sequence[str], long_: Sequence[str]) -> bool:
    it = iter(long_)
    return all(any(w == v for v in it) for w in short)


def _generic_verdict(a: Generic, b: Generic, *, same_article: bool) -> Verdict:
    if a.body != b.body or a.modifiers != b.modifiers:
        return DIFFERENT
    if a.place and b.place:
        if a.place.casefold() != b.place.casefold():
            return DIFFERENT  # "Moscow police" is never "Pakistani police"
        if (a.inferred or b.inferred) and not same_article:
            return Verdict("maybe", 0.55, f"both are {a.body} in {a.place}, which one article only implies")
        return Verdict("same", 0.9, f"both are {a.body} of {a.place}")
    if same_article:
        return Verdict("same", 0.8, f"the article's {a.body}")
    return DIFFERENT  # a placeless generic never joins two articles' stories


def judge(a: NameForms, b: NameForms, *, same_article: bool = False, shorter_after_full: bool = False) -> Verdict:
    """Whether ``a`` (a newly proposed actor) and ``b`` (one already known) are one actor.

    ``same_article``: ``b`` is also named in ``a``'s article (the article's own context
    applies). ``shorter_after_full``: ``a``'s article uses its short name after ``b``'s full
    one. Several known actors that are each "the same" as ``a`` make ``a`` ambiguous: the
    caller asks the investigator instead (a lone surname two people carry).
    """
    if a.scoped or b.scoped:
        # a placeless generic named for its article is never another article's
        same = same_article and a.names[:1] == b.names[:1]
        return Verdict("same", 1.0, "the same name") if same else DIFFERENT
    if a.generic or b.generic:
        if a.generic and b.generic:
            return _generic_verdict(a.generic, b.generic, same_article=same_article)
        g, other = (a.generic, b) if a.generic else (b.generic, a)
        assert g is not None
        if g.place and other.kind in ("organisation", "other"):
            if a.keys & b.keys:
                return Verdict("same", 0.9, "the same name")  # "Hong Kong police", "Hong Kong Police"
            # a generic and a proper name of the same body in one article ("Sudanese military",
            # "Sudanese Armed Forces" when the latter is no generic form)
            if same_article and any(
                nat and nat.casefold() == g.place.casefold() and core and GENERIC_HEADS.get(core[-1]) == g.body
                for nat, core in other.org_cores
            ):
                return Verdict("same", 0.8, f"the article's {g.body} of {g.place}")
        return DIFFERENT
    if a.country or b.country:
        if a.country and b.country:
            same = a.country.casefold() == b.country.casefold()
            return Verdict("same", 1.0, "the same country") if same else DIFFERENT
        return DIFFERENT
    if a.role is not None or b.role is not None:
        return DIFFERENT  # decided by what the article says (ArticleContext.holders)
    if a.is_person and b.is_person:
        return _person_verdict(a, b, same_article=same_article)
    if a.is_person != b.is_person and "other" not in (a.kind, b.kind):
        # a person and an organisation: only a short name the article uses after a company's
        # full name ("Wohua" after "Wohua Pharmaceutical", typed a person by mistake)
        if same_article and shorter_after_full and _prefix_short_form(a, b):
            return Verdict("same", 0.75, "the article's short form of the name")
        return DIFFERENT
    return _org_verdict(a, b, same_article=same_article, shorter_after_full=shorter_after_full)


def _prefix_short_form(a: NameForms, b: NameForms) -> bool:
    shorts = a.keys | a.people
    longs = b.keys
    return any(len(s) < len(k) and k[: len(s)] == s and s[0] not in DEMONYM_TO_COUNTRY for s in shorts for k in longs)


def _org_verdict(a: NameForms, b: NameForms, *, same_article: bool, shorter_after_full: bool) -> Verdict:
    if a.keys & b.keys:
        return Verdict("same", 1.0, "the same name")
    # acronym <-> expansion
    for acr in a.acronyms:
        if acr in b.initials:
            return Verdict(
                "same" if len(acr) >= 3 else "maybe", 0.9 if len(acr) >= 3 else 0.6, f"“{acr}” abbreviates its name"
            )
    for acr in b.acronyms:
        if acr in a.initials:
            return Verdict(
                "same" if len(acr) >= 3 else "maybe", 0.9 if len(acr) >= 3 else 0.6, f"“{acr}” abbreviates its name"
            )
    # "US State Department" and "State Department"; "Next Digital" and "Next Digital Group"
    for na, ca in a.org_cores:
        for nb, cb in b.org_cores:
            if not ca or not cb:
                continue
            if ca == cb:
                if na and nb and na != nb:
                    return DIFFERENT
                if na or nb:
                    # "US State Department" and "State Department": one, unless several
                    # nationalities have it (then the caller asks)
                    return Verdict("same", 0.85, "the same name with and without its nationality")
                return Verdict("same", 1.0, "the same name")
            short, long_ = (ca, cb) if len(ca) < len(cb) else (cb, ca)
            if long_[: len(short)] == short and (na == nb or na is None or nb is None):
                extra = set(long_[len(short) :])
                if extra <= COMPANY_WORDS:
                    return Verdict(
                        "same",
                        0.85,
                        "the same company with and without " + ", ".join(f"“{w.title()}”" for w in long_[len(short) :]),
                    )
                if same_article and shorter_after_full and len(ca) < len(cb):
                    return Verdict("same", 0.75, "the article's short form of the name")
    return DIFFERENT


# ---------------------------------------------------------------------------------- roles in text
_ROLE_BEFORE = re.compile(r"((?:[\w’'.\-]+[ \t]+){1,6})$")
_APPOSITION_AFTER = re.compile(r"^[ \t]*,[ \t]*((?:[\w’'\-]+[ \t]*){1,7}?)(?=[,.;:]|$)")


def roles_in_text(text: str, spans: Iterable[tuple[int, int]]) -> set[Role]:
    """Offices the article gives a person where it names them: words right before a mention
    ("Kazakh President X", "Kazakhstan's President X") or an apposition right after it
    ("X, the president of Kazakhstan,")."""
    out: set[Role] = set()
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            continue
        before = text[max(0, start - 80) : start]
        before = before.rsplit("\n", 1)[-1]
        m = _ROLE_BEFORE.search(before)
        if m:
            words = m.group(1).split()
            # the longest tail of the preceding words that is all role description
            for k in range(len(words)):
                r = role_of(words[k:])
                if r is not None and r.place:
                    out.add(r)
                    break
        m = _APPOSITION_AFTER.match(text[end : end + 80])
        if m:
            r = role_of(m.group(1).split())
            if r is not None and r.place:
                out.add(r)
    return out


# place words of bounded length: a megabyte of capitals is given up quickly (tests/test_hostile_input.py)
_DATELINE = re.compile(
    r"^\s*+(?:date \d{4}-\d{2}-\d{2}\s*)?([A-Z][A-Z.'’\-]{2,40}(?:[ \t]{1,8}[A-Z][A-Z.'’\-]{1,40}){0,3})"
    r"(?:,[ \t]*[A-Za-z.]{3,10}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?[ \t]*(?:\([^()\n]{1,80}\))?"
    r"[ \t]*[-–—:,][ \t]*"
)


def strip_dateline(text: str) -> str:
    """``text`` without a news dateline at its start ("ALMATY (Reuters) – ")."""
    m = _DATELINE.match(text)
    return text[m.end() :] if m else text


@dataclass
class ArticleContext:
    """What an article says around its actors: used to resolve role descriptions and place
    placeless generic agents."""

    text: str
    title: str = ""
    countries: dict[str, int] = field(default_factory=dict)  # countries it names -> how many times
    roles: dict[str, set[Role]] = field(default_factory=dict)  # person name -> offices it gives

    def dateline_place(self) -> str | None:
        """The city of a news dateline opening the article ("ISLAMABAD, May 3 (Reuters) -")."""
        m = _DATELINE.match(self.text)
        if not m:
            return None
        city = m.group(1).strip()
        return _place_of([_plain(w) for w in city.split()]) or city.title()

    def main_country(self) -> str | None:
        """The country the article is about: the only one it names, or one it names at least three
        times and twice as often as any other."""
        ranked = sorted(self.countries.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1:
            return ranked[0][0]
        if len(ranked) > 1 and ranked[0][1] >= 3 and ranked[0][1] >= 2 * ranked[1][1]:
            return ranked[0][0]
        return None

    def leading_country(self) -> str | None:
        """The country the article names most often, when it names it at least twice and more
        often than any other (a weaker sign of what the article is about than
        :meth:`main_country`, good enough to name a placeless collective by). Counted in the
        text itself, names and nationality words alike ("Kazakh authorities", "Kazakhstan"),
        when no country is among the article's proposed actors."""
        ranked = sorted((self.countries or countries_in_text(self.text)).items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return None

    def place(self, body: str) -> str | None:
        """Where the article's unnamed collective ``body`` acts: for police, courts and
        prosecutors the city of its dateline, else the country the article is about (a
        dateline city says where the reporter is, not whose government or army it is), else
        the country it names most (so that "Presidential administration (Kazakhstan)" is
        preferred to a name made of the article's title)."""
        city = self.dateline_place()
        country = self.main_country() or self.leading_country()
        if body in _LOCAL_BODIES:
            return city or country
        if city and city.casefold() in {c.casefold() for c in COUNTRY_NAMES}:
            return city
        if city and city.casefold() in CAPITALS:
            return CAPITALS[city.casefold()]
        return country

    def holders(self, role: Role) -> list[str]:
        """The people this article gives ``role`` (same office words and place)."""
        return [name for name, rs in self.roles.items() if _role_fits(role, rs)]


_CAPITALISED = re.compile(r"[A-Z][\w.’'\-]*(?:[ \t]+[A-Z][\w.’'\-]*)?")


def countries_in_text(text: str) -> dict[str, int]:
    """How often ``text`` names each country, by its name or a nationality word (two
    capitalised words looked up whole, else each alone)."""
    counts: dict[str, int] = {}
    for m in _CAPITALISED.finditer(text):
        words = m.group(0)
        whole = DEMONYM_TO_COUNTRY.get(words.lower())
        found = [whole] if whole else [DEMONYM_TO_COUNTRY.get(w.lower()) for w in words.split()]
        for country in found:
            if country:
                counts[country] = counts.get(country, 0) + 1
    return counts


def _role_fits(wanted: Role, held: Iterable[Role]) -> bool:
    return any(r.words == wanted.words and (wanted.place or "").casefold() == (r.place or "").casefold() for r in held)


def role_fits(wanted: Role, held: Iterable[Role]) -> bool:
    """Whether one of ``held`` is the office ``wanted`` describes."""
    return _role_fits(wanted, held)


def generic_name(generic: Generic, name: str, *, place: str | None, scope: str) -> str:
    """The workspace name of a generic agent the article gives no place in its own words:
    "Police (Islamabad)" when the article places it, else "Police (“<article title>”)", so it
    can never be taken for another article's police."""
    base = name.strip()
    base = base[:1].upper() + base[1:]
    return f"{base} ({place})" if place else f"{base} (“{scope}”)"


_WORD_BEFORE = re.compile(r"(?:^|[\s(\"“])([A-Z][\w'’\-]*)[ \t]$")


def whole_place_name(name: str, text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``name`` with the rest of its place put back when the article's text shows it was cut
    ("Kong police" where the article says "Hong Kong police"): a capitalised word right before
    a mention whose place is capitalised words no list knows is part of that place."""
    g = generic_of(name)
    if g is None or g.place is None or _place_of([_plain(w) for w in g.place.split()]) is not None:
        return name
    if not name[:1].isupper() or not name.split()[0].startswith(g.place.split()[0]):
        return name
    for start, end in spans:
        if text[start:end] != name:
            continue
        m = _WORD_BEFORE.search(text[max(0, start - 40) : start])
        if m is None:
            return name
        word = m.group(1)
        if _plain(word) in ROLE_WORDS or _plain(word) in _DETERMINERS or _plain(word) in _FUNCTION_WORDS:
            return name
        return f"{word} {name}"
    return name
