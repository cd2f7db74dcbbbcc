"""Collective agents named by their place or body, detainees named in the next sentence, and
courts ordering custody. Invented sentences only."""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


def test_police_in_a_named_province_are_that_place_s_police(nlp):
    ex = run("Police in the southern province of Marvale detained the activist Oren Talbi on Sunday.", nlp)
    assert has(ex, "arrested-by", "Oren Talbi", "Marvale police"), ex.relationships


def test_a_court_in_a_town_is_named_by_it(nlp):
    ex = run("A district court in Halden ordered the businessman, Piotr Wasik, to be placed under house arrest.", nlp)
    assert has(ex, "arrested-by", "Piotr Wasik", "Halden district court"), ex.relationships


@pytest.mark.parametrize(
    "text",
    [
        # the parser makes the one held the passive subject of a clause of its own
        "A district court in Halden ordered former mayor Piotr Wasik to be placed under house arrest for two months.",
        "A district court in Halden on Monday ordered former regional governor Piotr Wasik to be kept in custody.",
    ],
)
def test_a_court_ordering_someone_held_in_a_clause_of_its_own(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", "Piotr Wasik", "Halden district court"), ex.relationships


@pytest.mark.parametrize(
    "text",
    [
        "A district court in Halden ordered former mayor Piotr Wasik to be released from house arrest.",
        "A district court in Halden ordered that the report by former mayor Piotr Wasik be published.",
    ],
)
def test_a_court_ordering_a_release_or_something_else_holds_nobody(nlp, text):
    assert not rels(run(text, nlp), "arrested-by")


@pytest.mark.parametrize(
    "text",
    [
        "Police in Marvale detained four students on Friday. They are Ana Lutz, Ben Orrin and Carla Ruf.",
        "Police in Marvale detained four students on Friday. The students, Ana Lutz, Ben Orrin and Carla Ruf, "
        "were released on bail.",
    ],
)
def test_detainees_named_in_the_next_sentence(nlp, text):
    ex = run(text, nlp)
    for who in ("Ana Lutz", "Ben Orrin", "Carla Ruf"):
        assert has(ex, "arrested-by", who, "Marvale police"), (who, ex.relationships)


@pytest.mark.parametrize(
    "text",
    [
        # the next sentence names other people
        "Police in Marvale detained four students on Friday. They were freed after Ana Lutz, a lawyer, intervened.",
        # two sentences later: too far
        "Police in Marvale detained four students on Friday. Classes were cancelled. "
        "They are Ana Lutz, Ben Orrin and Carla Ruf.",
    ],
)
def test_names_not_stated_as_the_detainees_get_nothing(nlp, text):
    assert not any(r[1] == "Ana Lutz" for r in rels(run(text, nlp), "arrested-by"))


@pytest.mark.parametrize(
    "text",
    [
        "Security officers detained the blogger Ilan Varga at his flat. Agents of the Federal Protection "
        "Service also seized his laptop.",
        "Plainclothes officers detained the blogger Ilan Varga at his flat. The officers, from the Federal "
        "Protection Service, took him to a detention centre.",
        "The blogger Ilan Varga was detained on Monday by officers of the Federal Protection Service.",
    ],
)
def test_a_generic_agent_takes_the_body_its_members_belong_to(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", "Ilan Varga", "Federal Protection Service"), ex.relationships
    assert not any(r[2].lower().endswith("officers") for r in rels(ex, "arrested-by"))


def test_two_bodies_named_leave_the_generic_agent(nlp):
    ex = run(
        "Security officers detained the blogger Ilan Varga at his flat. Agents of the Federal Protection "
        "Service and officials of the Tax Inspection Bureau searched his office.",
        nlp,
    )
    assert not has(ex, "arrested-by", "Ilan Varga", "Federal Protection Service")


def test_an_organisation_after_of_is_not_swallowed_as_a_place(nlp):
    ex = run("Agents of the National Investigation Bureau arrested the banker Tomas Rieger.", nlp)
    assert has(ex, "arrested-by", "Tomas Rieger", "National Investigation Bureau"), ex.relationships


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers loyal to General Paul Okafor detained President Samuel Bello at his residence on Wednesday.",
        "Troops loyal to the army chief, Paul Okafor, arrested President Samuel Bello.",
        "President Samuel Bello was detained by soldiers loyal to General Paul Okafor.",
    ],
)
def test_armed_men_loyal_to_someone_act_as_that_one_s_agents(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", "Samuel Bello", "Paul Okafor"), ex.relationships


def test_men_loyal_to_someone_being_detained_do_not_detain_that_one(nlp):
    ex = run("Soldiers loyal to President Samuel Bello were detained by police on Friday.", nlp)
    assert not any(r[1] == "Samuel Bello" for r in rels(ex, "arrested-by")), ex.relationships
