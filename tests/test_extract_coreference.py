"""Agents a sentence or two away and simple, conservative coreference (invented paragraphs)."""

from __future__ import annotations

import pytest

from tests.extract_support import confidence, has, rels, run


@pytest.mark.parametrize(
    "text",
    [
        "Chancellor Hans Weber and Prime Minister Anna Lund agreed to boost trade on Monday. "
        "At talks in Geneva, the two leaders also discussed migration.",
        "Chancellor Hans Weber and Prime Minister Anna Lund agreed to boost trade on Monday. "
        "At bilateral talks in Geneva, the two prime ministers also agreed on migration.",
        "President Hans Weber and his Austrian counterpart Anna Lund signed a trade pact on Friday. "
        "The pact covers steel. During a meeting in Vienna, both presidents praised the deal.",
        "Hans Weber and Anna Lund arrived in Oslo on Monday. They discussed the border dispute.",
    ],
)
def test_the_two_leaders_are_the_pair_just_named(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "spoke-with", "Hans Weber", "Anna Lund"), rels(ex)


@pytest.mark.parametrize(
    "text",
    [
        # the nearest subject is someone else: "the two leaders" may be another pair
        "Hans Weber and Anna Lund arrived in Oslo on Monday. Paulo Mendes welcomed the guests. "
        "Later the two leaders discussed trade.",
        # "they" reaches only one sentence back
        "Hans Weber and Anna Lund arrived in Oslo on Monday. The weather was cold. The streets were empty. "
        "They discussed trade.",
        # one person is no pair
        "Hans Weber arrived in Oslo on Monday. The two leaders discussed trade.",
    ],
)
def test_an_unclear_plural_stays_unresolved(nlp, text):
    ex = run(text, nlp)
    assert not has(ex, "spoke-with", "Hans Weber", "Anna Lund"), rels(ex)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "Marta Kovacs, 45, was arrested on Tuesday. The 45-year-old activist was detained by the State "
            "Security Service at her home, her lawyer said.",
            "Marta Kovacs",
        ),
        (
            "The 61-year-old tycoon Ivan Petrov left the country in May. Police in Ruritania said on Monday that "
            "the 61-year-old had been detained by the State Security Service.",
            "Ivan Petrov",
        ),
        (
            "Media tycoon Ivan Petrov flew home on Sunday. The tycoon was detained by the State Security Service "
            "at the airport.",
            "Ivan Petrov",
        ),
        (
            "Former president Hans Weber returned on Friday. The former president was arrested by the State "
            "Security Service at his home.",
            "Hans Weber",
        ),
    ],
)
def test_a_description_by_office_or_age_is_the_one_person_it_fits(nlp, text, person):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", person, "State Security Service"), rels(ex)


def test_a_description_two_people_fit_is_nobody(nlp):
    text = (
        "Media tycoon Ivan Petrov and property tycoon Oleg Sokol met on Sunday. "
        "The tycoon was detained by the State Security Service the next day."
    )
    ex = run(text, nlp)
    assert not rels(ex, "arrested-by"), rels(ex)


def test_an_age_nobody_was_given_is_nobody(nlp):
    text = "Marta Kovacs was arrested on Tuesday. The 45-year-old activist was detained by the State Security Service."
    ex = run(text, nlp)
    assert rels(ex, "arrested-by") <= {("arrested-by", "Marta Kovacs", "State Security Service")}
    # the first arrest has no agent of its own; only a later sentence names one, weakly or not at all
    assert confidence(ex, "arrested-by", "Marta Kovacs", "State Security Service") < 0.6


@pytest.mark.parametrize(
    "text",
    [
        "Marta Kovacs was detained on Friday. She was arrested by the State Security Service at the airport, "
        "her lawyer said.",
        "Marta Kovacs was arrested on Sunday. The State Security Service said it detained her on suspicion of treason.",
        "Hans Weber arrived in Vienna on Monday. He met Anna Lund at the chancellery.",
    ],
)
def test_pronouns_refer_back_to_the_subject_just_named(nlp, text):
    ex = run(text, nlp)
    assert rels(ex), rels(ex)
    assert all(
        r.source in ("Marta Kovacs", "Hans Weber") or r.target in ("Marta Kovacs", "Hans Weber")
        for r in ex.relationships
    )


@pytest.mark.parametrize(
    "text",
    [
        "Russian President Ivan Sokolov arrived in Minsk. Anna Lund later met the president of Russia at the airport.",
        "Russian President Ivan Sokolov arrived in Minsk. Anna Lund later met Russia's president at the airport.",
        "President Ivan Sokolov of Russia arrived in Minsk. Anna Lund later met the Russian president at the airport.",
    ],
)
def test_an_office_of_a_country_is_the_one_person_holding_it(nlp, text):
    assert has(run(text, nlp), "spoke-with", "Anna Lund", "Ivan Sokolov")


def test_an_office_of_another_country_is_nobody(nlp):
    text = (
        "Russian President Ivan Sokolov and Ukrainian President Petro Lysenko arrived. "
        "Anna Lund met the president of France."
    )
    assert not rels(run(text, nlp), "spoke-with")


def test_the_presidents_of_two_countries_are_each_country_s_president(nlp):
    text = (
        "Hans Weber met Russian President Ivan Sokolov in May and Ukrainian President Petro Lysenko in June. "
        "Later he said he had spoken to the presidents of both Ukraine and Russia by phone."
    )
    ex = run(text, nlp)
    assert has(ex, "spoke-with", "Hans Weber", "Ivan Sokolov") and has(ex, "spoke-with", "Hans Weber", "Petro Lysenko")


@pytest.mark.parametrize(
    "text",
    [
        '"I spoke with Anna Lund twice last week," Hans Weber said on Monday.',
        'Hans Weber said on Monday: "I met Anna Lund in Geneva and we agreed on a plan."',
        "Hans Weber flew home. “I spoke to Anna Lund about the border,” he told reporters.",
    ],
)
def test_i_in_a_quotation_is_its_speaker(nlp, text):
    assert has(run(text, nlp), "spoke-with", "Hans Weber", "Anna Lund")


@pytest.mark.parametrize(
    "text",
    [
        "I met Anna Lund in Geneva, the author writes.",
        '"I met Anna Lund in Geneva," a source said.',
        '"I spoke to Anna Lund about the border," he said. Hans Weber flew home on Monday.',
    ],
)
def test_i_without_a_named_speaker_is_nobody(nlp, text):
    assert not rels(run(text, nlp), "spoke-with")


def test_a_quotation_over_several_paragraphs_keeps_its_speaker(nlp):
    text = (
        "Hans Weber met Russian President Ivan Sokolov in May and Ukrainian President Petro Lysenko in June.\n\n"
        '"The situation remains difficult. Many people have fled.\n\n'
        '"Throughout these weeks, I spoke to Anna Lund several times," Weber said.\n\n'
        '"I also met Paulo Mendes," a diplomat said.'
    )
    ex = run(text, nlp)
    assert has(ex, "spoke-with", "Hans Weber", "Anna Lund"), rels(ex)
    assert not has(ex, "spoke-with", "Hans Weber", "Paulo Mendes")


def test_the_country_is_the_one_the_article_is_about(nlp):
    ex = run("Brazilian voters are tired. Michel Ramos, who has run the country since May, defended the budget.", nlp)
    assert has(ex, "leader-of", "Michel Ramos", "Brazil"), rels(ex)
    # two countries in view: "the country" is left unresolved
    ex2 = run("Brazilian and Argentine voters are tired. Michel Ramos, who has run the country since May, spoke.", nlp)
    assert not rels(ex2, "leader-of")
