"""Succession in all its sentence shapes: who took over from whom.

successor-of points from the newcomer to the one replaced. Invented sentences only; each shape
has variants with other names, tenses and word orders, and each has negative neighbours
(plans, expectations, denials) that must stay silent.
"""

from __future__ import annotations

import pytest

from tests.extract_support import confidence, has, rels, run

NEW, OLD = "Olga Berg", "Tomas Lind"


@pytest.mark.parametrize(
    "text",
    [
        # someone replaced the old holder *with* the newcomer
        "President Hans Weber replaced Finance Minister Tomas Lind with Olga Berg on Friday.",
        "The board replaced chief executive Tomas Lind with Olga Berg.",
        "Tomas Lind was replaced with Olga Berg in a cabinet reshuffle.",
        # someone appointed/elected/named the newcomer to replace or succeed the old holder
        "Hans Weber appointed Olga Berg to replace Tomas Lind as finance minister.",
        "The prime minister on Monday appointed Olga Berg as interior minister to replace Tomas "
        "Lind, who resigned last week.",
        "The board has elected Olga Berg to succeed Tomas Lind as chair.",
        "Parliament elected Olga Berg to succeed Tomas Lind.",
        "Olga Berg was named to succeed Tomas Lind at the helm of the agency.",
        "Olga Berg has been chosen to replace Tomas Lind.",
        "The party picked Olga Berg to take over from Tomas Lind as leader.",
        # passive with the newcomer as agent, alone or coordinated
        "Tomas Lind was replaced by Olga Berg as central bank governor.",
        "Tomas Lind was moved to the health ministry and replaced by Olga Berg.",
        "Foreign Minister Tomas Lind was shifted to the trade ministry and replaced by Olga Berg, a "
        "lawmaker from the north.",
        # taking over, also from a relative clause with its preposition left at the end
        "Olga Berg took over from Tomas Lind as party leader in May.",
        "Tomas Lind, who Olga Berg took over from last year, now runs a charity.",
        "Supporters of Tomas Lind, whom Olga Berg took over from in March, protested.",
        # sworn in, taking office after the predecessor left
        "Olga Berg was sworn in as prime minister on Tuesday after the resignation of Tomas Lind.",
        "Olga Berg was sworn in as president following the death of Tomas Lind.",
        "Olga Berg took office on Monday after Tomas Lind's resignation.",
        # nominal forms
        "Tomas Lind's successor, Olga Berg, was sworn in on Monday.",
        "Olga Berg, Tomas Lind's successor as governor, promised reforms.",
        "Olga Berg thanked her predecessor and mentor Tomas Lind.",
        # a departure and an appointment to the post in one sentence
        "Chief executive Tomas Lind will retire in June and Olga Berg has been appointed to lead the "
        "company as its new chief executive.",
        "Tomas Lind stepped down on Friday, and Olga Berg was named the new chair.",
    ],
)
def test_newcomer_succeeds_predecessor(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "successor-of", NEW, OLD), rels(ex)
    assert not has(ex, "successor-of", OLD, NEW)
    # the one who appointed or replaced is never the successor
    assert all(r.source == NEW for r in ex.relationships if r.type == "successor-of")


@pytest.mark.parametrize(
    "text",
    [
        "Olga Berg could replace Tomas Lind as party leader.",
        "Hans Weber plans to replace Tomas Lind with Olga Berg.",
        "Olga Berg is expected to succeed Tomas Lind.",
        "Olga Berg denied she would take over from Tomas Lind.",
        "Hans Weber rejected calls to replace Tomas Lind with Olga Berg.",
        "Olga Berg is tipped to replace Tomas Lind.",
        "Olga Berg was sworn in as prime minister before Tomas Lind resigned as party leader.",
        "Tomas Lind will retire in June and the board will appoint a new chief executive.",
        "Tomas Lind stepped down on Friday, and Olga Berg was named deputy editor.",
    ],
)
def test_plans_hopes_and_unrelated_appointments_are_not_successions(nlp, text):
    ex = run(text, nlp)
    assert not rels(ex, "successor-of"), rels(ex)


def test_an_appointment_to_replace_someone_names_the_appointer_too(nlp):
    ex = run("Hans Weber appointed Olga Berg to replace Tomas Lind as finance minister.", nlp)
    assert has(ex, "appointed-by", NEW, "Hans Weber")


def test_a_succession_after_a_departure_is_less_sure_than_a_stated_replacement(nlp):
    stated = run("Olga Berg replaced Tomas Lind as chief executive.", nlp)
    after = run("Olga Berg was sworn in as chief executive after the resignation of Tomas Lind.", nlp)
    assert 0 < confidence(after, "successor-of", NEW, OLD) < confidence(stated, "successor-of", NEW, OLD)


@pytest.mark.parametrize(
    "text",
    [
        "Chief executive Tomas Lind will retire from the company and Olga Berg has been appointed to "
        "lead it as new chief executive.",
        "Ruritania Rail (RR) chairman Tomas Lind will step down from the board and Olga Berg has "
        "been named to lead RR as its new chair, the company said.",
    ],
)
def test_a_coordinated_clause_keeps_its_own_subject(nlp, text):
    # the parser hangs "Olga Berg" on the first clause's object; the appointee is still hers
    ex = run(text, nlp)
    assert rels(ex, "successor-of") == {("successor-of", NEW, OLD)}
    assert not any(" (" in a.name or a.name.endswith("(") for a in ex.actors)


def test_an_including_list_after_a_name_is_not_that_name(nlp):
    text = (
        "Several aides loyal to Hans Weber, who Olga Berg took over from last week, were dismissed, "
        "including Tomas Lind and Peter Graf."
    )
    ex = run(text, nlp)
    assert rels(ex, "successor-of") == {("successor-of", NEW, "Hans Weber")}


@pytest.mark.parametrize(
    "text",
    [
        "The ruling party on Saturday ousted its leader Tomas Lind, electing Olga Berg to replace him.",
        "Tomas Lind lost the vote on Sunday, and the party chose Olga Berg to succeed him.",
    ],
)
def test_an_object_pronoun_is_never_its_own_clause_s_doer(nlp, text):
    # "electing Y to replace him": "him" is not Y, however the doer of "replace" was found
    ex = run(text, nlp)
    assert rels(ex, "successor-of") == {("successor-of", NEW, OLD)}


def test_electing_someone_while_replacing_someone_else(nlp):
    text = "The Democratic Alliance elected Olga Berg as its new leader on Saturday, replacing Tomas Lind."
    ex = run(text, nlp)
    assert rels(ex, "successor-of") == {("successor-of", NEW, OLD)}
    assert has(ex, "leader-of", NEW, "Democratic Alliance")
