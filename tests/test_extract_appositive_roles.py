"""A role phrase followed by a proper name in apposition stands for that name; a title before
an untagged First Last sequence makes a person; two subjects joined by "and" both act.
Invented sentences only."""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize(
    "text",
    [
        "Varenko is a longtime ally of the speaker of parliament, Ivan Delkov.",
        "Varenko is a longtime ally of the speaker of the regional assembly, Ivan Delkov.",
        "Varenko was once the closest ally of party chairman Ivan Delkov.",
    ],
)
def test_ally_of_an_office_named_in_apposition(nlp, text):
    ex = run("Senator Oleg Varenko spoke on Monday. " + text, nlp)
    assert has(ex, "ally-of", "Oleg Varenko", "Ivan Delkov"), ex.relationships


def test_talks_with_a_head_named_in_apposition(nlp):
    ex = run("Mara Kessling later held talks with the head of the Northern Credit Bank, Aro Salmi, on funding.", nlp)
    assert has(ex, "spoke-with", "Mara Kessling", "Aro Salmi"), ex.relationships


def test_an_apposition_naming_the_ally_itself_is_kept(nlp):
    # the name renames "ally" when no office comes between
    ex = run("Ivan Delkov praised his ally, Oleg Varenko, on Monday.", nlp)
    assert has(ex, "ally-of", "Oleg Varenko", "Ivan Delkov"), ex.relationships


def test_an_unnamed_office_gives_nothing(nlp):
    ex = run("Oleg Varenko is a longtime ally of the speaker of parliament.", nlp)
    assert not rels(ex, "ally-of")


@pytest.mark.parametrize(
    "text, person",
    [
        ("Governor Haru Tsubaki of Kanmon met the envoy on Friday.", "Haru Tsubaki"),
        ("Finance Minister Dorin Vasilescu of Moldavia resigned on Friday.", "Dorin Vasilescu"),
        ("President Ilse Marrant of Ostrel thanked the voters.", "Ilse Marrant"),
    ],
)
def test_a_title_before_first_and_last_name_makes_a_person(nlp, text, person):
    ex = run(text, nlp)
    assert any(a.name == person and a.kind == "person" for a in ex.actors) or not ex.actors, ex.actors
    ex = run(text + f" {person.split()[-1]} later spoke with Anna Lowe.", nlp)
    assert has(ex, "spoke-with", person, "Anna Lowe"), ex.relationships


def test_a_title_before_a_country_is_not_a_person(nlp):
    ex = run("President Putin of Russia met President Erdan Kaya of Turkey in Sochi.", nlp)
    assert not any(a.name in ("Russia", "Turkey") and a.kind == "person" for a in ex.actors)


def test_two_subjects_joined_by_and_with_a_possessive_both_meet(nlp):
    ex = run("President Ilse Marrant of Ostrel and Pamir's Prime Minister Jaro Melnik met in Kade on Monday.", nlp)
    assert has(ex, "spoke-with", "Ilse Marrant", "Jaro Melnik"), ex.relationships


def test_two_unjoined_subjects_are_not_both_taken(nlp):
    # a dateline misparsed as a second subject stays ignored
    ex = run("KADE Jaro Melnik met Ilse Marrant on Monday.", nlp)
    assert not any("KADE" in r[1:] for r in rels(ex, "spoke-with"))


def test_a_name_never_ends_in_of(nlp):
    ex = run("Agents detained Governor Nikola Stavrev of Rila province on Friday. Stavrev denies wrongdoing.", nlp)
    assert all(not a.name.endswith(" of") for a in ex.actors), ex.actors


def test_an_untagged_body_after_the_is_an_organisation(nlp):
    ex = run("The agents, from the State Anti-Fraud Agency, detained Governor Nikola Stavrev on Friday.", nlp)
    assert any(a.name == "State Anti-Fraud Agency" and a.kind == "organisation" for a in ex.actors), ex.actors


def test_a_name_the_model_missed_in_apposition_to_a_role_of_a_body(nlp):
    # the small model leaves "Ake Torn" untagged here (and tags other foreign names as a
    # building or a product): the apposition says it is the head's name
    ex = run(
        "Trade Minister Karin Lunde arrived in Riga on Monday.\n\n"
        "Lunde later held separate talks with the head of the Baltic Shipping Fund, Ake Torn, on funding a new bridge.",
        nlp,
    )
    assert has(ex, "spoke-with", "Karin Lunde", "Ake Torn"), ex.relationships
    assert has(ex, "leader-of", "Ake Torn", "Baltic Shipping Fund"), ex.relationships


def test_a_place_in_apposition_is_not_taken_for_a_name(nlp):
    ex = run("Karin Lunde held talks with the head of the Baltic Shipping Fund, Riga, on Monday.", nlp)
    assert not any("Riga" in (r.source, r.target) for r in ex.relationships), ex.relationships


def test_a_title_before_the_name_after_an_office_s_comma(nlp):
    # the parser hangs ", General Samuel Bello," on the reporting verb
    ex = run(
        "General Paul Okafor named himself head of a transitional council. He said he had spoken with the chief "
        "of staff of the armed forces, General Samuel Bello, who backed the takeover.",
        nlp,
    )
    assert has(ex, "spoke-with", "Paul Okafor", "Samuel Bello"), ex.relationships
