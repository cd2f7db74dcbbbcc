"""One actor per real-world actor: the identity rules on invented names, and imports that use them."""

from __future__ import annotations

import pytest

from desktop.extract.formats import article_from_text
from desktop.extract.identity import (
    ArticleContext,
    Role,
    generic_of,
    judge,
    name_forms,
    roles_in_text,
    whole_place_name,
)
from desktop.extract.ingest import ingest_article
from desktop.extract.known import IdentityIndex
from desktop.extract.model import Extraction, ProposedActor, ProposedRelationship
from tests.helpers import empty_workspace


def verdict(a: tuple[str, str, tuple[str, ...]], b: tuple[str, str, tuple[str, ...]], **kw) -> str | None:
    return judge(name_forms(*a), name_forms(*b), **kw).verdict


P = "person"
O = "organisation"


# ---------------------------------------------------------------------------------- people
@pytest.mark.parametrize(
    "name",
    [
        "Berikov",
        "Aset Berikov",
        "Kazakh President Aset Berikov",
        "President Aset Berikov",
        "Mr Berikov",
        "Aset-Nur Berikov",
    ],
)
def test_surname_title_and_full_name_are_one_person(name):
    known = ("Aset-Nur Berikov", P, ("Berikov",))
    assert verdict((name, P, ()), known) == "same"


def test_title_and_nationality_are_not_part_of_the_name_but_give_the_office():
    forms = name_forms("Kazakh President Aset Berikov", P)
    assert forms.people == {("aset", "berikov")}
    assert Role(("president",), "Kazakhstan") in forms.roles
    assert name_forms("Nissan's former chairman Aset Berikov", P).people == {("aset", "berikov")}
    # a surname that is also a title word stays the surname
    assert name_forms("Stella Pope", P).people == {("stella", "pope")}


def test_two_people_with_one_surname_stay_apart_and_a_lone_surname_is_ambiguous():
    mara, tomas = ("Mara Quillon", P, ("Quillon",)), ("Tomas Quillon", P, ())
    assert verdict(mara, tomas) is None
    index = IdentityIndex()
    index.add(1, name_forms(*mara))
    index.add(2, name_forms(*tomas))
    lone = index.resolve(name_forms("Quillon", P))
    assert lone.same is None and {m[0] for m in lone.maybe} == {1, 2}
    # a full name decides: Tomas is not Mara through her alias "Quillon"
    assert index.resolve(name_forms("Tomas Quillon", P)).same == 2


def test_spelling_variants_and_shorter_forms_of_a_full_name():
    assert verdict(("Oleg Dorimov", P, ()), ("Oleg Dorrimov", P, ())) == "same"
    assert verdict(("Oleg V. Dorimov", P, ()), ("Oleg Dorimov", P, ())) == "same"
    # a shorter form that drops the first given name: sure only within one article
    assert verdict(("Murat Kayali", P, ()), ("Ilhan Murat Kayali", P, ())) == "maybe"
    assert verdict(("Murat Kayali", P, ()), ("Ilhan Murat Kayali", P, ()), same_article=True) == "same"
    assert verdict(("Olga Dorimova", P, ()), ("Oleg Dorimov", P, ())) is None


# ---------------------------------------------------------------------------------- organisations
def test_acronym_and_expansion_are_one_organisation_either_way():
    long_ = ("Caspian Defence Treaty Organisation", O, ())
    assert verdict(("CDTO", O, ()), long_) == "same"
    assert verdict(long_, ("CDTO", O, ())) == "same"
    assert verdict(("C.D.T.O.", O, ()), long_) == "same"
    assert verdict(("CDTA", O, ()), long_) is None
    # "and", "of" are not initials: "Agrarian and Mercantile Bank of Veldor" is "AMBV"
    assert verdict(("AMBV", O, ()), ("Agrarian and Mercantile Bank of Veldor", O, ())) == "same"
    # two letters abbreviate too many names to be sure
    assert verdict(("NL", O, ()), ("Northern League", O, ())) == "maybe"


def test_legal_suffixes_company_words_and_nationality_do_not_make_another_organisation():
    assert verdict(("Brightwater Ltd.", O, ()), ("Brightwater", O, ())) == "same"
    assert verdict(("Brightwater Holdings", O, ()), ("Brightwater Inc", O, ())) == "same"
    assert verdict(("US Grain Board", O, ()), ("Grain Board", O, ())) == "same"
    assert verdict(("US Grain Board", O, ()), ("Canadian Grain Board", O, ())) is None
    # a division is another organisation
    assert verdict(("Brightwater Aviation Services", O, ()), ("Brightwater", O, ())) is None


def test_a_short_form_the_article_uses_after_the_full_name_is_that_organisation():
    full, short = ("Veltrax Pharmaceutical", O, ()), ("Veltrax", P, ())  # the model called it a person
    assert verdict(short, full, same_article=True, shorter_after_full=True) == "same"
    assert verdict(short, full, same_article=True, shorter_after_full=False) is None
    assert verdict(("Veltrax", O, ()), ("Veltrax Aerospace", O, ()), same_article=True) is None


def test_formal_country_names_are_the_country():
    assert verdict(("the Federal Republic of Nigeria", O, ()), ("Nigeria", "country", ())) == "same"
    assert verdict(("Kingdom of Spain", "other", ()), ("Spain", "country", ())) == "same"
    assert verdict(("Spain", "country", ()), ("Portugal", "country", ())) is None


# ---------------------------------------------------------------------------------- generic agents
@pytest.mark.parametrize(
    ("name", "body", "place"),
    [
        ("police", "police", None),
        ("Moscow police", "police", "Moscow"),
        ("Pakistani police", "police", "Pakistan"),
        ("Hong Kong police", "police", "Hong Kong"),
        ("police in Lyon", "police", "Lyon"),
        ("Authorities in Kazakhstan", "authorities", "Kazakhstan"),
        ("the Sudanese military", "military", "Sudan"),
        ("Sudanese regular army", "military", "Sudan"),
        ("Sudanese Armed Forces", "military", "Sudan"),
        ("Government forces", "military", None),
        ("security forces", "security", None),
        ("a Moscow court", "court", "Moscow"),
    ],
)
def test_generic_agents_are_read_with_their_place(name, body, place):
    g = generic_of(name)
    assert g is not None and (g.body, g.place) == (body, place)


def test_proper_names_with_a_collective_head_are_not_generic():
    assert generic_of("Rapid Support Forces") is None
    assert generic_of("Tokyo Detention Center") is None


def test_collectives_in_different_places_are_never_one_and_placeless_ones_join_no_other_article():
    moscow, karachi = ("Moscow police", O, ()), ("Pakistani police", O, ())
    assert verdict(moscow, karachi) is None
    assert verdict(moscow, karachi, same_article=True) is None
    assert verdict(moscow, ("Moscow police", O, ())) == "same"
    assert verdict(("police", O, ()), moscow) is None
    assert verdict(("police", O, ()), ("police", O, ())) is None
    # within one article the placeless police are the article's police
    assert verdict(("police", O, ()), moscow, same_article=True) == "same"
    assert verdict(("Sudanese military", O, ()), ("Sudanese regular army", O, ())) == "same"
    # which ministry or court it is matters
    assert verdict(("Veldor trade ministry", O, ()), ("Veldor foreign ministry", O, ())) is None
    # a place only the article implies is a possible match across articles, not a sure one
    assert verdict(("Police (Islamabad)", O, ()), ("Islamabad police", O, ())) == "maybe"
    assert verdict(("Police (“Storm at sea”)", O, ()), ("Police (“Storm at sea”)", O, ())) is None


def test_a_place_cut_by_the_parser_is_put_back_from_the_text():
    text = "Port Amber police said on Monday."
    assert whole_place_name("Amber police", text, [(5, 17)]) == "Port Amber police"
    assert whole_place_name("Moscow police", "The Moscow police said", [(4, 17)]) == "Moscow police"


# ---------------------------------------------------------------------------------- roles
def test_roles_the_article_gives_a_person_before_and_after_the_name():
    text = (
        "Kazakh President Aset Berikov met reporters. Later Dana Ormes, the prime minister of Kazakhstan, "
        "spoke. Kazakhstan's former president Nurlan Sadyk stayed away."
    )
    berikov = text.index("Aset Berikov")
    ormes = text.index("Dana Ormes")
    sadyk = text.index("Nurlan Sadyk")
    assert roles_in_text(text, [(berikov, berikov + 12)]) == {Role(("president",), "Kazakhstan")}
    assert roles_in_text(text, [(ormes, ormes + 10)]) == {Role(("prime", "minister"), "Kazakhstan")}
    assert roles_in_text(text, [(sadyk, sadyk + 12)]) == {Role(("former", "president"), "Kazakhstan")}
    assert name_forms("Kazakhstan's president", P).role == Role(("president",), "Kazakhstan")
    assert name_forms("the President of Kazakhstan", P).role == Role(("president",), "Kazakhstan")
    context = ArticleContext(
        text,
        roles={
            "Aset Berikov": {Role(("president",), "Kazakhstan")},
            "Nurlan Sadyk": {Role(("former", "president"), "Kazakhstan")},
        },
    )
    assert context.holders(Role(("president",), "Kazakhstan")) == ["Aset Berikov"]


# ---------------------------------------------------------------------------------- imports
def _article(
    repo,
    text: str,
    actors: list[tuple[str, str, tuple[str, ...]]],
    rels: list[tuple[str, str, str, str]] = (),
    title: str = "Story",
):
    """Import ``text`` with these actors (mentions found in the text) and relationships
    (type, source, target, excerpt)."""

    def occurrences(n: str) -> list[tuple[int, int]]:
        out, at = [], text.find(n)
        while at != -1:
            out.append((at, at + len(n)))
            at = text.find(n, at + 1)
        return out

    longer = [sp for name, _, aliases in actors for n in (name, *aliases) for sp in occurrences(n)]
    proposed = []
    for name, kind, aliases in actors:
        # a mention inside a longer actor's mention ("Veltrax" in "Veltrax Pharmaceutical") is that one's
        spans = [
            sp
            for n in (name, *aliases)
            for sp in occurrences(n)
            if not any(o[0] <= sp[0] and sp[1] <= o[1] and o != sp for o in longer)
        ]
        proposed.append(ProposedActor(name, kind, aliases, tuple(sorted(spans))))
    relationships = []
    for rtype, src, dst, quote in rels:
        start = text.index(quote)
        relationships.append(ProposedRelationship(rtype, src, dst, 0.8, start, start + len(quote), quote))
    return ingest_article(repo, article_from_text(text, title=title), Extraction(tuple(proposed), tuple(relationships)))


def test_one_person_across_articles_by_surname_full_name_title_and_role(tmp_path):
    repo = empty_workspace(tmp_path)
    one = "Kazakh President Aset Berikov met Ivo Marsh in the capital."
    _article(
        repo, one, [("Aset Berikov", P, ()), ("Ivo Marsh", P, ())], [("spoke-with", "Aset Berikov", "Ivo Marsh", one)]
    )
    two = "Berikov spoke with Lena Vost by phone."
    _article(repo, two, [("Berikov", P, ()), ("Lena Vost", P, ())], [("spoke-with", "Berikov", "Lena Vost", two)])
    three = "Kazakh President Aset-Nur Berikov was there. Kazakhstan's president later met Ivo Marsh again."
    _article(
        repo,
        three,
        [("Aset-Nur Berikov", P, ()), ("Kazakhstan's president", P, ()), ("Ivo Marsh", P, ())],
        [("spoke-with", "Kazakhstan's president", "Ivo Marsh", "Kazakhstan's president later met Ivo Marsh again.")],
    )
    people = [a for a in repo.list_actors() if "Berikov" in a.name or "president" in a.name.lower()]
    assert len(people) == 1, [a.name for a in people]
    berikov = people[0]
    assert berikov.name == "Aset Berikov" and berikov.degree == 2
    rel = repo.find_relationship("spoke-with", berikov.id, repo.find_actor("Ivo Marsh").id)
    assert len(rel.evidence) == 2  # the third article's role description joined the first's link
    assert repo.find_actor("Kazakhstan's president") is None  # an office is no alias
    repo.close()


def test_acronym_resolves_with_or_without_the_article_spelling_it_out(tmp_path):
    repo = empty_workspace(tmp_path)
    _article(
        repo,
        "The Caspian Defence Treaty Organisation (CDTO) met in Baku.",
        [("Caspian Defence Treaty Organisation", O, ("CDTO",))],
    )
    _article(repo, "The CDTO sent troops.", [("CDTO", O, ())])
    repo2 = empty_workspace(tmp_path, "other.relmap")
    _article(repo2, "The CDTO sent troops.", [("CDTO", O, ())])
    _article(
        repo2,
        "The Caspian Defence Treaty Organisation held a summit.",
        [("Caspian Defence Treaty Organisation", O, ())],
    )
    for r in (repo, repo2):
        orgs = r.list_actors()
        assert len(orgs) == 1, [a.name for a in orgs]
        assert {orgs[0].name, *orgs[0].aliases} >= {"CDTO", "Caspian Defence Treaty Organisation"}
        r.close()


def test_police_of_two_places_and_placeless_police_never_join_two_stories(tmp_path):
    repo = empty_workspace(tmp_path)
    a = "Moscow police detained Ivo Marsh on Friday."
    _article(
        repo,
        a,
        [("Moscow police", O, ()), ("Ivo Marsh", P, ())],
        [("arrested-by", "Ivo Marsh", "Moscow police", a)],
        title="Marsh held",
    )
    b = "Pakistani police detained Lena Vost."
    _article(
        repo,
        b,
        [("Pakistani police", O, ()), ("Lena Vost", P, ())],
        [("arrested-by", "Lena Vost", "Pakistani police", b)],
        title="Vost held",
    )
    c = "Police detained Dana Ormes and Tarik Bell in Veldor and Ostland."
    _article(
        repo,
        c,
        [("Police", O, ()), ("Dana Ormes", P, ())],
        [("arrested-by", "Dana Ormes", "Police", c)],
        title="Ormes held",
    )
    d = "Police detained Tarik Bell. Later the Moscow police released him."
    _article(
        repo,
        d,
        [("Moscow police", O, ()), ("Police", O, ()), ("Tarik Bell", P, ())],
        [("arrested-by", "Tarik Bell", "Police", "Police detained Tarik Bell.")],
        title="Bell held",
    )
    police = sorted(a.name for a in repo.list_actors() if "olice" in a.name)
    assert police == ["Moscow police", "Pakistani police", "Police (“Ormes held”)"]
    moscow = repo.find_actor("Moscow police")
    arrested = {r.source for r in repo.list_relationships(actor_id=moscow.id)}
    assert arrested == {"Ivo Marsh", "Tarik Bell"}  # the fourth article's police were its Moscow police
    repo.close()


def test_placeless_police_take_the_dateline_city_and_are_only_a_possible_match_elsewhere(tmp_path):
    repo = empty_workspace(tmp_path)
    a = "KARACHI (Wire) - Police arrested Ivo Marsh."
    first = _article(
        repo,
        a,
        [("Police", O, ()), ("Ivo Marsh", P, ())],
        [("arrested-by", "Ivo Marsh", "Police", "Police arrested Ivo Marsh.")],
    )
    assert repo.find_actor("Police (Karachi)") is not None and not first.possible_duplicates
    b = "KARACHI (Wire) - Police arrested Lena Vost."
    second = _article(
        repo,
        b,
        [("Police", O, ()), ("Lena Vost", P, ())],
        [("arrested-by", "Lena Vost", "Police", "Police arrested Lena Vost.")],
    )
    other = repo.find_actor(f"Police (Karachi, article {second.article_id})")
    assert other is not None
    (dup,) = second.possible_duplicates
    assert (dup.actor_id, dup.other_id) == (other.id, repo.find_actor("Police (Karachi)").id)
    repo.close()


def test_organisation_forms_and_formal_country_names_resolve_in_one_workspace(tmp_path):
    repo = empty_workspace(tmp_path)
    _article(
        repo,
        "Brightwater Ltd. and the Federal Republic of Nigeria signed.",
        [("Brightwater Ltd.", O, ()), ("the Federal Republic of Nigeria", O, ())],
    )
    _article(
        repo, "Brightwater Holdings met Nigeria's envoy.", [("Brightwater Holdings", O, ()), ("Nigeria", "country", ())]
    )
    text = "Veltrax Pharmaceutical said profits rose. Veltrax also hired staff."
    _article(repo, text, [("Veltrax Pharmaceutical", O, ()), ("Veltrax", P, ())])
    names = sorted(a.name for a in repo.list_actors())
    assert names == ["Brightwater Ltd.", "Nigeria", "Veltrax Pharmaceutical"]
    repo.close()


def test_invented_articles_through_the_real_pipeline_give_one_actor_per_real_actor(tmp_path):
    """The whole path a user takes (read, extract with spaCy, store) over five invented articles."""
    from desktop.extract import load_pipeline
    from desktop.extract.ingest import ingest_files

    texts = [
        "Kazakh President Aset Berikov met Russian President Ivo Marsh in Astana on Monday. "
        "Berikov said the talks were useful.",
        "MOSCOW (Wire) - Moscow police detained opposition activist Lena Vost on Friday, her lawyer said.",
        "Pakistani police arrested Dana Ormes, a close ally of Berikov, in Lahore.",
        "Police detained Tarik Bell on Sunday.\n\nThe Caspian Defence Treaty Organisation (CDTO) said it "
        "would meet. The CDTO is led by Aset Berikov.",
        "The CDTO is led by Berikov, the group said on Tuesday.",
    ]
    paths = []
    for i, body in enumerate(texts):
        path = tmp_path / f"story{i}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    repo = empty_workspace(tmp_path)
    batch = ingest_files(repo, paths, nlp=load_pipeline())
    assert batch.failed == 0
    names = [a.name for a in repo.list_actors()]
    assert sum("Berikov" in n for n in names) == 1, names
    assert sum("CDTO" in n or "Caspian" in n for n in names) == 1, names
    police = sorted(n for n in names if "olice" in n)
    assert len(police) == 3 and "Moscow police" in police and "Pakistani police" in police, police
    # no relationship links two stories through one police actor
    for actor in repo.list_actors():
        if "olice" in actor.name:
            assert len({e.article_id for r in repo.list_relationships(actor_id=actor.id) for e in r.evidence}) <= 1
    repo.close()


def test_where_an_articles_unnamed_collectives_act():
    wire = "KARACHI (Wire) - Police said the army had left."
    assert ArticleContext(wire, countries={"Pakistan": 3}).place("police") == "Karachi"
    # a dateline says where the reporter is; an army or government is the country's
    assert ArticleContext(wire, countries={"Pakistan": 3}).place("military") == "Pakistan"
    assert ArticleContext(wire, countries={"Pakistan": 3, "India": 1}).place("government") == "Pakistan"
    assert ArticleContext(wire, countries={"Pakistan": 2, "India": 2}).place("government") is None
    assert ArticleContext("MOSCOW - The government said.", countries={}).place("government") == "Russia"
    assert ArticleContext("The police said.", countries={"Chile": 1}).place("police") == "Chile"
    assert ArticleContext("The police said.", countries={}).place("police") is None
    # the country named most, when it leads, rather than a name made of the title
    assert ArticleContext("The government said.", countries={"Chile": 3, "Peru": 2}).place("government") == "Chile"
    assert ArticleContext("The government said.", countries={"Chile": 1, "Peru": 1}).place("government") is None
    # no country among the proposed actors: the text's own country words count
    text = "Authorities in Chile detained a banker. Chilean prosecutors and the government of Peru said."
    assert ArticleContext(text, countries={}).place("government") == "Chile"
    assert ArticleContext("In Peru and in Chile the government said.", countries={}).place("government") is None


def test_a_placeless_collective_named_by_the_title_keeps_the_name_short(tmp_path):
    repo = empty_workspace(tmp_path)
    c = "Police detained Dana Ormes in Veldor."
    _article(
        repo,
        c,
        [("Police", O, ()), ("Dana Ormes", P, ())],
        [("arrested-by", "Dana Ormes", "Police", c)],
        title="Ormes held after a long night of protests in the capital",
    )
    police = [a.name for a in repo.list_actors() if "olice" in a.name]
    assert police == ["Police (“Ormes held after a long…”)"], police
    repo.close()
