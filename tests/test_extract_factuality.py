"""Reported facts are facts; negation, the future, plans, requests and denials are not.

A reported event ("allegedly arrested", "is said to have met", "according to police ...") is
proposed, with a lower confidence than the same event stated plainly, so the review queue
shows it later. Invented sentences only.
"""

from __future__ import annotations

import pytest

from tests.extract_support import confidence, has, rels, run

PLAIN = {
    "arrested-by": "The State Security Service arrested Marta Kovacs on Monday.",
    "spoke-with": "Hans Weber met Anna Lund in Geneva on Monday.",
}


@pytest.mark.parametrize(
    ("text", "rtype", "source", "target"),
    [
        (
            "The State Security Service is said to have detained Marta Kovacs at her home.",
            "arrested-by",
            "Marta Kovacs",
            "State Security Service",
        ),
        (
            "Marta Kovacs was allegedly arrested by the State Security Service.",
            "arrested-by",
            "Marta Kovacs",
            "State Security Service",
        ),
        (
            "The State Security Service reportedly arrested Marta Kovacs on Monday.",
            "arrested-by",
            "Marta Kovacs",
            "State Security Service",
        ),
        (
            "Marta Kovacs is believed to have been detained by the State Security Service.",
            "arrested-by",
            "Marta Kovacs",
            "State Security Service",
        ),
        ("Hans Weber reportedly met Anna Lund in secret.", "spoke-with", "Hans Weber", "Anna Lund"),
        ("Hans Weber is said to have met Anna Lund in secret.", "spoke-with", "Hans Weber", "Anna Lund"),
        ("Hans Weber is believed to have spoken with Anna Lund last week.", "spoke-with", "Hans Weber", "Anna Lund"),
        ("Prosecutors allege that Hans Weber met Anna Lund twice in March.", "spoke-with", "Hans Weber", "Anna Lund"),
        (
            "The alleged meeting between Hans Weber and Anna Lund took place in a hotel.",
            "spoke-with",
            "Hans Weber",
            "Anna Lund",
        ),
    ],
)
def test_a_reported_event_is_proposed_lower_than_a_stated_one(nlp, text, rtype, source, target):
    ex = run(text, nlp)
    assert has(ex, rtype, source, target), rels(ex)
    plain = run(PLAIN[rtype], nlp)
    assert confidence(ex, rtype, source, target) < confidence(plain, rtype, source, target)


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # the hedge is on the charge, not on the arrest
        (
            "The State Security Service arrested Marta Kovacs for allegedly spying for a foreign power.",
            "Marta Kovacs",
            "State Security Service",
        ),
        (
            "Marta Kovacs was detained by the National Police on suspicion of allegedly leaking documents.",
            "Marta Kovacs",
            "National Police",
        ),
        # a source named with "according to" reports the event; it does not hedge it
        (
            "According to her lawyer, Marta Kovacs was arrested by the State Security Service on Monday.",
            "Marta Kovacs",
            "State Security Service",
        ),
        (
            "According to the interior ministry, the National Police detained Marta Kovacs in the capital.",
            "Marta Kovacs",
            "National Police",
        ),
    ],
)
def test_a_hedge_on_something_else_leaves_the_event_stated(nlp, text, source, target):
    ex = run(text, nlp)
    assert has(ex, "arrested-by", source, target), rels(ex)
    assert confidence(ex, "arrested-by", source, target) >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        # requests, suggestions, missions not yet carried out
        "Hans Weber suggested talks with Anna Lund.",
        "Hans Weber was sent to meet Anna Lund.",
        "Hans Weber asked to meet Anna Lund.",
        "Hans Weber called for talks with Anna Lund.",
        "Hans Weber urged Anna Lund to hold talks with Paulo Mendes.",
        "Hans Weber recommended a meeting with Anna Lund.",
        # denials and refusals
        "Hans Weber denied meeting Anna Lund.",
        "The State Security Service denied detaining Marta Kovacs.",
        "Hans Weber refused to meet Anna Lund.",
        # the future and plans
        "Hans Weber will meet Anna Lund on Friday.",
        "Hans Weber is set to meet Anna Lund next week.",
        "Hans Weber is tipped to replace Anna Lund.",
        "Hans Weber is scheduled to hold talks with Anna Lund.",
        "The State Security Service plans to arrest Marta Kovacs.",
        # speculation and hearsay
        "Hans Weber possibly met Anna Lund in March.",
        "Rumours say Hans Weber met Anna Lund.",
        "Hans Weber is rumoured to have met Anna Lund.",
    ],
)
def test_requests_denials_plans_and_speculation_are_not_facts(nlp, text):
    ex = run(text, nlp)
    assert not rels(ex), rels(ex)


@pytest.mark.parametrize(
    "text",
    [
        "According to police, Marta Kovacs was detained on Monday.",
        "Marta Kovacs was detained at the airport, according to the State Security Service.",
    ],
)
def test_the_body_an_agentless_arrest_is_reported_by_is_a_weak_agent(nlp, text):
    ex = run(text, nlp)
    found = [r for r in ex.relationships if r.type == "arrested-by"]
    assert len(found) == 1 and found[0].source == "Marta Kovacs" and found[0].confidence < 0.6


def test_a_person_an_arrest_is_reported_by_is_not_its_agent(nlp):
    ex = run("According to her lawyer Tom Berg, Marta Kovacs was detained on Monday.", nlp)
    assert not rels(ex, "arrested-by")
