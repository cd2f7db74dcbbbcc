"""Collective agents: police, prosecutors, guards, courts, armies, named by their place.

Invented sentences only.
"""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("Rangers arrested Imran Qadir outside the court on Tuesday.", "Rangers"),
        ("The presidential guard detained Imran Qadir on Wednesday.", "presidential guard"),
        ("Members of the presidential guard detained Imran Qadir.", "presidential guard"),
        ("Prosecutors arrested Imran Qadir on Thursday.", "Prosecutors"),
        ("Tokyo prosecutors arrested Imran Qadir on Thursday.", "Tokyo prosecutors"),
        ("The military detained Imran Qadir in a dawn raid.", "military"),
        ("Imran Qadir was arrested by the country's top prosecutor.", "country's top prosecutor"),
        ("Hong Kong police arrested media owner Imran Qadir on Monday.", "Hong Kong police"),
        ("Pakistani police arrested Imran Qadir on Tuesday.", "Pakistani police"),
    ],
)
def test_a_collective_agent_without_a_proper_name_is_an_actor(nlp, text, agent):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", "Imran Qadir", agent), rels(ex)


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        ("Police in Islamabad arrested Imran Qadir on Tuesday.", "Islamabad police", "Police in Islamabad"),
        ("Authorities in Ruritania detained Imran Qadir.", "Ruritania authorities", "Authorities in Ruritania"),
        ("Authorities in China detained Wang Dongmei on Monday.", "Chinese authorities", "Authorities in China"),
        ("A court in Moscow ordered the arrest of Ivan Petrov.", "Moscow court", "court in Moscow"),
        ("A Moscow court placed Ivan Petrov under house arrest.", "Moscow court", None),
    ],
)
def test_a_collective_agent_is_named_by_its_place_whatever_the_word_order(nlp, text, name, alias):
    ex = run(text, nlp)
    agents = {r.target for r in ex.relationships if r.type == "arrested-by"}
    assert agents == {name}, rels(ex)
    actor = next(a for a in ex.actors if a.name == name)
    assert alias is None or alias in actor.aliases
    # a place that only names the body is not an actor of its own
    assert {a.kind for a in ex.actors if a.name != name} == {"person"}


def test_a_bare_collective_is_the_one_the_article_places(nlp):
    text = (
        "Moscow police detained Ivan Petrov on Monday. Police said he had been taken to a station. "
        "Police later detained his brother, Oleg Petrov."
    )
    ex = run(text, nlp)
    assert "Police" not in {a.name for a in ex.actors}
    assert has(ex, "arrested-by", "Oleg Petrov", "Moscow police")


def test_collectives_of_two_places_stay_apart(nlp):
    text = "Moscow police detained Ivan Petrov on Monday. Police in Islamabad arrested Imran Qadir on Tuesday."
    ex = run(text, nlp)
    assert has(ex, "arrested-by", "Ivan Petrov", "Moscow police")
    assert has(ex, "arrested-by", "Imran Qadir", "Islamabad police")


@pytest.mark.parametrize(
    "text",
    [
        "A Moscow court ordered Ivan Petrov to be placed under house arrest.",
        "A Moscow court on Friday placed Ivan Petrov under house arrest.",
        "Ivan Petrov was placed under house arrest by a Moscow court.",
        "Ivan Petrov was remanded in custody by a Moscow court.",
        "A Moscow court ordered Ivan Petrov detained for two months.",
    ],
)
def test_a_court_ordering_custody_is_the_agent_of_the_arrest(nlp, text):
    ex = run(text, nlp)
    assert rels(ex, "arrested-by") == {("arrested-by", "Ivan Petrov", "Moscow court")}


@pytest.mark.parametrize(
    "text",
    [
        "A court in Minsk sentenced Maria Kolar to five years in prison.",
        "Maria Kolar was jailed in 2021 by a court in Minsk.",
        "The court could order Ivan Petrov to be placed under house arrest.",
        "The government placed the bank under administration.",
        "Ivan Petrov was placed under house arrest.",
    ],
)
def test_a_sentence_a_possible_order_or_no_agent_is_no_custody_order(nlp, text):
    ex = run(text, nlp)
    assert not rels(ex, "arrested-by"), rels(ex)


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        (
            "Victor Halden was arrested by the country's anti-corruption bureau on Thursday.",
            "country's anti-corruption bureau",
        ),
        ("The anti-graft agency detained Victor Halden on Monday.", "anti-graft agency"),
        ("Pierre Lassalle was detained by a financial crimes unit in March.", "financial crimes unit"),
    ],
)
def test_a_bureau_an_agency_or_a_unit_is_a_collective_agent(nlp, text, agent):
    ex = run(text, nlp)
    (found,) = [r for r in ex.relationships if r.type == "arrested-by"]
    assert found.target == agent


def test_a_news_agency_reporting_an_arrest_is_not_its_agent(nlp):
    ex = run("Victor Halden was detained on Monday, the state news agency said.", nlp)
    assert not rels(ex, "arrested-by")


def test_a_collective_glued_to_a_time_word_is_still_the_agent(nlp):
    text = (
        "Pedro Castano was removed from office by Congress on Wednesday and detained by police hours "
        "after he tried to dissolve it."
    )
    assert has(run(text, nlp), "arrested-by", "Pedro Castano", "police")
