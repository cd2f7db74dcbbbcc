"""Role descriptions and group membership: "one of X's allies", "members of the guard".

Invented sentences only, each shape in several variants, with negative neighbours.
"""

from __future__ import annotations

import pytest

from tests.extract_support import confidence, has, rels, run


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Lind, one of Hans Weber's closest allies, was arrested on Monday.",
        "Tomas Lind, one of the closest allies of Hans Weber, was arrested by police.",
        "Tomas Lind is one of the closest allies of Hans Weber.",
        "Tomas Lind is among Hans Weber's closest allies.",
        "Tomas Lind, a longtime confidant of Hans Weber, was detained on Monday.",
        "Tomas Lind is a close associate of Hans Weber.",
        "Tomas Lind, a long-time friend of Hans Weber, has been arrested.",
        "Tomas Lind, seen as loyal to Hans Weber, was dismissed.",
        "Tomas Lind is seen as loyal to Hans Weber.",
    ],
)
def test_a_role_description_makes_an_ally(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "ally-of", "Tomas Lind", "Hans Weber"), rels(ex)


@pytest.mark.parametrize(
    "text",
    [
        "Several ministers seen as loyal to Hans Weber were dropped, including Tomas Lind and Olga Berg.",
        "Officials regarded as loyal to Hans Weber, including Tomas Lind and Olga Berg, lost their posts.",
        "Tomas Lind and Olga Berg are among the allies of Hans Weber who were arrested.",
        "Hans Weber's allies, including Tomas Lind and Olga Berg, won seats.",
    ],
)
def test_the_examples_of_a_group_share_its_role(nlp, text):
    ex = run(text, nlp)
    for name in ("Tomas Lind", "Olga Berg"):
        assert has(ex, "ally-of", name, "Hans Weber"), rels(ex)


def test_examples_belong_to_the_nearest_group_before_them(nlp):
    # "including" names some of the protesters, not some of the police
    ex = run("Police arrested several protesters on Monday, including Tomas Lind and Olga Berg.", nlp)
    assert rels(ex, "arrested-by") == {("arrested-by", "Tomas Lind", "Police"), ("arrested-by", "Olga Berg", "Police")}


@pytest.mark.parametrize(
    ("text", "person", "body"),
    [
        (
            "Members of the State Security Service detained Marta Kovacs in the capital.",
            "Marta Kovacs",
            "State Security Service",
        ),
        ("Officers of the National Police arrested Marta Kovacs.", "Marta Kovacs", "National Police"),
        (
            "Agents from the National Intelligence Agency arrested Marta Kovacs on Friday.",
            "Marta Kovacs",
            "National Intelligence Agency",
        ),
        ("Marta Kovacs was detained by members of the Republican Guard.", "Marta Kovacs", "Republican Guard"),
    ],
)
def test_a_body_acts_through_its_members(nlp, text, person, body):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", person, body), rels(ex)


def test_arresting_members_of_a_body_is_not_arresting_the_body(nlp):
    ex = run("Police arrested two members of the Green League on Monday.", nlp)
    assert not rels(ex, "arrested-by")


@pytest.mark.parametrize(
    "text",
    [
        "Olga Berg was sworn in as mayor on Monday. Her predecessor and ally Tomas Lind attended the ceremony.",
        "Olga Berg thanked her predecessor and ally Tomas Lind.",
    ],
)
def test_conjoined_roles_share_their_name_and_possessor(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "successor-of", "Olga Berg", "Tomas Lind"), rels(ex)
    assert has(ex, "ally-of", "Tomas Lind", "Olga Berg")


def test_a_friend_is_a_weaker_ally_than_an_ally(nlp):
    friend = run("Tomas Lind, a friend of Hans Weber, was arrested.", nlp)
    ally = run("Tomas Lind, an ally of Hans Weber, was arrested.", nlp)
    assert (
        0
        < confidence(friend, "ally-of", "Tomas Lind", "Hans Weber")
        < confidence(ally, "ally-of", "Tomas Lind", "Hans Weber")
    )


@pytest.mark.parametrize(
    "text",
    [
        "Marta Kovacs was arrested on Monday, the Morning Courier reported.",
        "Marta Kovacs was detained at her home, Northwind Media said.",
        "According to the Morning Courier, Marta Kovacs was detained on Monday.",
    ],
)
def test_a_newspaper_or_company_reporting_an_arrest_is_not_its_agent(nlp, text):
    ex = run(text, nlp)
    assert not rels(ex, "arrested-by"), rels(ex)


@pytest.mark.parametrize(
    "text",
    [
        "The probe followed an inquiry by Kanto Motor Co.'s French alliance partner Lumiere Group into the payments.",
        "Kanto Motor Co.'s alliance partner Lumiere Group said it would cooperate.",
    ],
)
def test_the_possessor_of_a_role_before_a_name_is_the_role_s_object(nlp, text):
    # "X's partner Y": Y is X's ally, not the ally of the nationality in between
    ex = run(text, nlp)
    assert has(ex, "ally-of", "Kanto Motor Co.", "Lumiere Group"), rels(ex)
    assert not any(r.type == "ally-of" and "France" in (r.source, r.target) for r in ex.relationships)


@pytest.mark.parametrize(
    ("text", "ally", "patron"),
    [
        ("Selin Kaya is a protégée of former president Ahmet Ozal.", "Selin Kaya", "Ahmet Ozal"),
        ("Omer Yavuz, a protege of Ahmet Ozal, lost his seat.", "Omer Yavuz", "Ahmet Ozal"),
    ],
)
def test_a_protege_is_an_ally(nlp, text, ally, patron):
    assert has(run(text, nlp), "ally-of", ally, patron)


@pytest.mark.parametrize(
    ("text", "person", "body"),
    [
        ("Gleb Sorokin, who leads the small Civic Choice party, was detained.", "Gleb Sorokin", "Civic Choice"),
        ("Mariam Okoro is a member of the Progressive Alliance party.", "Mariam Okoro", "Progressive Alliance"),
    ],
)
def test_a_body_named_before_its_common_noun_is_that_body(nlp, text, person, body):
    ex = run(text, nlp)
    assert any(r.source == person and r.target == body for r in ex.relationships), rels(ex)


@pytest.mark.parametrize(
    ("text", "person", "body"),
    [
        ("Irene Tal of Northwind Capital said the results were solid.", "Irene Tal", "Northwind Capital"),
        (
            "Analyst Priya Natarajan of Lowell Securities said investors would welcome the move.",
            "Priya Natarajan",
            "Lowell Securities",
        ),
    ],
)
def test_a_person_of_a_body_belongs_to_it(nlp, text, person, body):
    assert has(run(text, nlp), "member-of", person, body)


@pytest.mark.parametrize(
    "text",
    [
        "Irene Tal of Ruritania said the results were solid.",
        "President Hans Weber of Austria arrived in Rome.",
        "Home Affairs Minister Tomas Lind arrived in Rome.",
        "Indian External Affairs Minister Arvind Rao met reporters.",
    ],
)
def test_a_country_or_a_portfolio_is_no_membership(nlp, text):
    assert not rels(run(text, nlp), "member-of")


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Lind, a close ally of Hans Weber and one of the newly appointed vice-presidents of "
        "the Green League, resigned.",
        "Tomas Lind, the deputy chairman of the Green League, resigned.",
        "Green League vice president Tomas Lind resigned.",
    ],
)
def test_a_deputy_post_is_membership_not_leadership(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "member-of", "Tomas Lind", "Green League"), rels(ex)
    assert not has(ex, "leader-of", "Tomas Lind", "Green League")


@pytest.mark.parametrize(
    ("text", "leader", "body"),
    [
        (
            "Police arrested Vikram Mehta, founder and chief executive of online lender QuickRupee, on Thursday.",
            "Vikram Mehta",
            "QuickRupee",
        ),
        (
            "Brightwater Energy reported a loss. Brightwater chief executive Henrik Dahl said costs rose.",
            "Henrik Dahl",
            "Brightwater Energy",
        ),
        (
            "Brightwater Energy and Solano Gas signed the deal. Solano's chairman, Marco Vitale, "
            "called it a milestone.",
            "Marco Vitale",
            "Solano Gas",
        ),
    ],
)
def test_chief_executives_and_chairs_lead_their_company(nlp, text, leader, body):
    ex = run(text, nlp)
    assert has(ex, "leader-of", leader, body), rels(ex)
    assert not has(ex, "member-of", leader, body)


@pytest.mark.parametrize(
    "text",
    [
        "The board of Halcyon Bank has named Isabel Moreno as chief executive, replacing Thomas Becker.",
        "Halcyon Bank appointed Isabel Moreno as its chief executive on Monday.",
    ],
)
def test_an_appointment_to_an_office_is_in_the_appointing_body(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "leader-of", "Isabel Moreno", "Halcyon Bank"), rels(ex)
    assert has(ex, "appointed-by", "Isabel Moreno", "Halcyon Bank")


@pytest.mark.parametrize(
    "text",
    [
        "Madhav Thapa led a coalition government from 2018 to 2020.",
        "Madhav Thapa once headed an interim administration.",
    ],
)
def test_an_indefinite_body_without_a_place_is_nobody(nlp, text):
    assert not rels(run(text, nlp)), rels(run(text, nlp))


@pytest.mark.parametrize(
    ("text", "leader", "place"),
    [
        ("The United States sanctioned Hong Kong leader Cathy Wong last week.", "Cathy Wong", "Hong Kong"),
        ("Anne Dupont, the mayor of Lyon, met Hans Weber.", "Anne Dupont", "Lyon"),
        (
            "Bola Adeyemi arrived on Monday. He touted his experience as Lagos governor from 1999 to 2007.",
            "Bola Adeyemi",
            "Lagos",
        ),
    ],
)
def test_a_governor_mayor_or_leader_leads_a_city_or_region(nlp, text, leader, place):
    assert has(run(text, nlp), "leader-of", leader, place)


def test_a_president_seen_in_a_city_does_not_lead_it(nlp):
    assert not rels(run("President Anne Dupont met Hans Weber in Lyon on Monday.", nlp), "leader-of")


@pytest.mark.parametrize(
    "text",
    [
        "General Omar Hadi met the leader of the paramilitary Rapid Response Forces, Mohamed Daglo, in Jeddah.",
        "The leader of the Rapid Response Forces, Mohamed Daglo, met General Omar Hadi in Jeddah.",
    ],
)
def test_a_name_hung_on_the_body_is_the_office_holder(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "leader-of", "Mohamed Daglo", "Rapid Response Forces"), rels(ex)
    assert has(ex, "spoke-with", "Omar Hadi", "Mohamed Daglo")


@pytest.mark.parametrize(
    "text",
    [
        "Wang Dongmei, the founder and Chief Executive Officer (CEO) of live streaming platform "
        "StreamCo, has not been seen for weeks.",
        "Wang Dongmei, chairman of StreamCo, has not been seen for weeks.",
    ],
)
def test_an_office_in_apposition_is_held_in_the_body_after_it(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "leader-of", "Wang Dongmei", "StreamCo"), rels(ex)
    assert not has(ex, "member-of", "Wang Dongmei", "StreamCo")


def test_an_unnamed_body_in_lower_case_is_a_collective(nlp):
    ex = run("Authorities have detained Karim Selimov, the former head of the national security committee.", nlp)
    assert has(ex, "leader-of", "Karim Selimov", "national security committee"), rels(ex)
