"""Lists and coordination: every member of "A, B and C" takes part in the event.

Invented sentences only. Each shape comes in several variants (names, tenses, word orders) so
that a rule keyed to one sentence would fail the others.
"""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize(
    ("text", "detained", "agent"),
    [
        (
            "Police detained Marta Kovacs, Ivan Petrov and Lena Schmidt on Monday.",
            ["Marta Kovacs", "Ivan Petrov", "Lena Schmidt"],
            "Police",
        ),
        (
            "Marta Kovacs, Ivan Petrov and Lena Schmidt were detained by the State Security Service.",
            ["Marta Kovacs", "Ivan Petrov", "Lena Schmidt"],
            "State Security Service",
        ),
        # a list in apposition to a counted noun, after a dash or a colon
        (
            "The State Security Service on Friday detained three opposition figures - Marta Kovacs, "
            "Ivan Petrov and Lena Schmidt.",
            ["Marta Kovacs", "Ivan Petrov", "Lena Schmidt"],
            "State Security Service",
        ),
        (
            "The National Police arrested two journalists: Marta Kovacs and Ivan Petrov.",
            ["Marta Kovacs", "Ivan Petrov"],
            "National Police",
        ),
        (
            "The State Security Service arrested two journalists, Marta Kovacs and Ivan Petrov, in the capital.",
            ["Marta Kovacs", "Ivan Petrov"],
            "State Security Service",
        ),
        # a date in brackets between the agent and its verb is an aside, not a second subject
        (
            "The National Police on Tuesday (May 2) detained two executives - Wang Dongmei and Liu Jianhua.",
            ["Wang Dongmei", "Liu Jianhua"],
            "National Police",
        ),
        (
            "The State Security Service (on Friday) arrested Marta Kovacs and Ivan Petrov.",
            ["Marta Kovacs", "Ivan Petrov"],
            "State Security Service",
        ),
        # role-prefixed lists
        (
            "Former Finance Minister Tomas Lind and former Defence Minister Olga Berg were arrested "
            "by the Anti-Corruption Bureau on Tuesday.",
            ["Tomas Lind", "Olga Berg"],
            "Anti-Corruption Bureau",
        ),
        (
            "His predecessors Tomas Lind and Olga Berg were both detained by the National Police.",
            ["Tomas Lind", "Olga Berg"],
            "National Police",
        ),
        (
            "The National Police arrested the opposition leader, Marta Kovacs, and her deputy, Ivan Petrov.",
            ["Marta Kovacs", "Ivan Petrov"],
            "National Police",
        ),
    ],
)
def test_every_listed_person_is_detained(nlp, text, detained, agent):
    ex = run(text, nlp)
    for person in detained:
        assert has(ex, "arrested-by", person, agent), rels(ex)
    assert all(r.source in detained for r in ex.relationships if r.type == "arrested-by")


@pytest.mark.parametrize(
    ("text", "allies", "patron"),
    [
        (
            "Tomas Lind and Olga Berg, key allies of President Hans Weber, were arrested on Monday.",
            ["Tomas Lind", "Olga Berg"],
            "Hans Weber",
        ),
        (
            "Peter Graf and Olga Berg, both close allies of Hans Weber, lost their seats.",
            ["Peter Graf", "Olga Berg"],
            "Hans Weber",
        ),
        ("Hans Weber's allies Peter Graf and Olga Berg lost their seats.", ["Peter Graf", "Olga Berg"], "Hans Weber"),
        (
            "Peter Graf, Olga Berg and Tomas Lind, all loyalists of Hans Weber, resigned.",
            ["Peter Graf", "Olga Berg", "Tomas Lind"],
            "Hans Weber",
        ),
    ],
)
def test_a_plural_role_in_apposition_covers_every_name(nlp, text, allies, patron):
    ex = run(text, nlp)
    for a in allies:
        assert has(ex, "ally-of", a, patron), rels(ex)


def test_a_singular_role_in_apposition_is_only_the_nearest_name(nlp):
    # "B, a close ally of C" says nothing of A
    ex = run("Tomas Lind and Peter Graf, a close ally of Hans Weber, were arrested on Monday.", nlp)
    assert has(ex, "ally-of", "Peter Graf", "Hans Weber")
    assert not has(ex, "ally-of", "Tomas Lind", "Hans Weber")


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Hans Weber met presidents Paulo Mendes of Brazil, Daniel Otieno of Kenya and Ravi Sharma of India.",
            [("Paulo Mendes", "Brazil"), ("Daniel Otieno", "Kenya"), ("Ravi Sharma", "India")],
        ),
        (
            "Guests at the ceremony included presidents Paulo Mendes of Brazil, Daniel Otieno of "
            "Kenya and Ravi Sharma of India.",
            [("Paulo Mendes", "Brazil"), ("Daniel Otieno", "Kenya"), ("Ravi Sharma", "India")],
        ),
        (
            "Prime ministers Anna Lund of Sweden and Erik Dahl of Norway arrived on Sunday.",
            [("Anna Lund", "Sweden"), ("Erik Dahl", "Norway")],
        ),
    ],
)
def test_a_list_of_office_holders_each_leads_their_own_country(nlp, text, pairs):
    ex = run(text, nlp)
    for person, country in pairs:
        assert has(ex, "leader-of", person, country), rels(ex)
    # nobody leads a country named for someone else in the list
    wrong = {(p, c) for p, _ in pairs for _, c in pairs} - set(pairs)
    assert not any(has(ex, "leader-of", p, c) for p, c in wrong)


@pytest.mark.parametrize(
    "text",
    [
        "Hans Weber met presidents Paulo Mendes of Brazil, Daniel Otieno of Kenya and Ravi Sharma of India.",
        "Hans Weber held talks with Paulo Mendes, Daniel Otieno and Ravi Sharma in Geneva.",
        "Hans Weber spoke with Paulo Mendes and Daniel Otieno and later with Ravi Sharma.",
    ],
)
def test_every_listed_counterpart_spoke_with_the_subject(nlp, text):
    ex = run(text, nlp)
    for other in ("Paulo Mendes", "Daniel Otieno", "Ravi Sharma"):
        assert has(ex, "spoke-with", "Hans Weber", other), rels(ex)
    # the guests did not talk to each other
    assert not has(ex, "spoke-with", "Paulo Mendes", "Daniel Otieno")


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "Leaders at the summit included presidents Paulo Mendes of Brazil, Daniel Otieno of "
            "Kenya and Kofi Akufo-Mensah of Ghana.",
            [("Paulo Mendes", "Brazil"), ("Daniel Otieno", "Kenya"), ("Kofi Akufo-Mensah", "Ghana")],
        ),
        (
            "Presidents Kofi Akufo-Mensah of Ghana and Yaw Boateng-Asante of Togo attended the ceremony.",
            [("Kofi Akufo-Mensah", "Ghana"), ("Yaw Boateng-Asante", "Togo")],
        ),
    ],
)
def test_a_name_glued_to_its_country_is_split_into_person_and_country(nlp, text, pairs):
    ex = run(text, nlp)
    kinds = {a.name: a.kind for a in ex.actors}
    for person, country in pairs:
        assert kinds.get(person) == "person" and kinds.get(country) == "country", kinds
        assert has(ex, "leader-of", person, country)
    assert not any(" of " in name for name in kinds)


def test_an_organisation_named_of_a_country_stays_whole(nlp):
    ex = run("The Bank of Ghana sued the University of Tokyo over the loan.", nlp)
    assert {"Bank of Ghana", "University of Tokyo"} <= {a.name for a in ex.actors}


def _parsed(nlp, words, heads, deps, pos, ents):
    """A Doc carrying exactly the given parse (as the small model sometimes produces it)."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents, lemmas=[w.lower() for w in words])
    return doc


def test_a_bracketed_date_parsed_as_a_second_subject_is_not_the_doer(nlp):
    from desktop.extract.actors import ActorTable
    from desktop.extract.relations import SentenceRules

    words = ["Police", "in", "Ruritania", "on", "Tuesday", "(", "Nov", "7", ")", "detained", "Ivan", "Petrov", "."]
    heads = [9, 0, 1, 0, 3, 6, 9, 6, 6, 9, 11, 9, 9]
    deps = [
        "nsubj",
        "prep",
        "pobj",
        "prep",
        "pobj",
        "punct",
        "nsubj",
        "nummod",
        "punct",
        "ROOT",
        "compound",
        "dobj",
        "punct",
    ]
    pos = ["NOUN", "ADP", "PROPN", "ADP", "PROPN", "PUNCT", "PROPN", "NUM", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT"]
    ents = ["O", "O", "B-GPE", "O", "B-DATE", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O"]
    doc = _parsed(nlp, words, heads, deps, pos, ents)
    doc[9].lemma_ = "detain"
    table = ActorTable(doc)
    found = {(r.type, table.name(r.source), table.name(r.target)) for r in SentenceRules(doc, table).run()}
    assert found == {("arrested-by", "Ivan Petrov", "Ruritania police")}


@pytest.mark.parametrize(
    "text",
    [
        "Rangers detained two of Imran Zafar's aides, Bilal Sheikh and Asad Qureshi, in the capital.",
        "The National Police arrested three of the minister's advisers, Bilal Sheikh, Asad Qureshi and Omar Rana.",
    ],
)
def test_a_part_of_a_group_listed_by_name_is_each_name(nlp, text):
    ex = run(text, nlp)
    agent = "Rangers" if text.startswith("Rangers") else "National Police"
    for person in ("Bilal Sheikh", "Asad Qureshi"):
        assert has(ex, "arrested-by", person, agent), rels(ex)
    assert not any(r.source == "Imran Zafar" for r in ex.relationships if r.type == "arrested-by")


@pytest.mark.parametrize(
    "text",
    [
        "Brightwater Energy and Solano Gas agreed on Tuesday to build wind farms, the companies said, deepening an "
        "alliance that began in 2019.",
        "Brightwater Energy and Solano Gas formed a joint venture in 2019.",
        "Brightwater Energy and Solano Gas have strengthened their partnership.",
    ],
)
def test_two_companies_named_together_in_an_alliance_are_allies(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "ally-of", "Brightwater Energy", "Solano Gas"), rels(ex)


@pytest.mark.parametrize(
    "text",
    [
        "Brightwater Energy and Solano Gas reported losses. Northwind said the companies would form an alliance.",
        "Brightwater Energy and Solano Gas denied forming an alliance.",
    ],
)
def test_a_planned_or_denied_alliance_is_none(nlp, text):
    assert not rels(run(text, nlp), "ally-of")


def test_a_plural_role_in_apposition_makes_every_coordinated_name_a_person(nlp):
    # the small model tags these names as a place and an organisation; "two former ministers"
    # after them says what both are
    ex = run(
        "Tomas Lind quit the ruling party on Monday.\n\n"
        "Lind is now backed by Sorin Ganea and Ioana Dobre, two former ministers who were also seen as loyalists.",
        nlp,
    )
    kinds = {a.name: a.kind for a in ex.actors}
    assert kinds.get("Sorin Ganea") == "person" and kinds.get("Ioana Dobre") == "person", kinds


def test_a_plural_apposition_that_is_no_person_role_retypes_nothing(nlp):
    ex = run("Tomas Lind met Brightwater Energy and Solano Gas, two firms based in Oslo.", nlp)
    kinds = {a.name: a.kind for a in ex.actors}
    assert kinds.get("Brightwater Energy") == "organisation" and kinds.get("Solano Gas") == "organisation", kinds


@pytest.mark.parametrize(
    "text",
    [
        "The State Security Service detained two members of the opposition council on Thursday, "
        "lawyer Marta Kovacs and writer Lena Schmidt.",
        "Security forces detained three activists in the capital on Friday, Marta Kovacs, Lena Schmidt "
        "and Ivan Petrov.",
    ],
)
def test_people_listed_after_an_adjunct_are_the_ones_detained(nlp, text):
    ex = run(text, nlp)
    for who in ("Marta Kovacs", "Lena Schmidt"):
        assert any(r[0] == "arrested-by" and r[1] == who for r in rels(ex)), (who, ex.relationships)


def test_a_list_of_places_after_the_adjunct_is_not_the_detained(nlp):
    ex = run(
        "The State Security Service detained two members of the opposition council on Thursday, in Minsk and Brest.",
        nlp,
    )
    assert not rels(ex, "arrested-by"), ex.relationships
