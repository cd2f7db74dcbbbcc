"""More succession shapes from news: announced handovers, participles after an appointment,
"where" clauses, vacated places, and acting holders. Invented sentences only."""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize(
    "text",
    [
        # an announced handover is stated, with "from" under the role phrase
        "Corlan Mining said its operations chief, Edda Molin, will take over as chief executive from "
        "Rolf Aske, who is retiring.",
        "Edda Molin will take over from Rolf Aske as chair of the board in June.",
        "Corlan Mining said on Friday that Edda Molin is to succeed Rolf Aske as chief executive.",
        # passive with the agent under the role phrase
        "Rolf Aske will be succeeded as finance chief by Edda Molin, currently head of treasury.",
    ],
)
def test_announced_successions(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "successor-of", "Edda Molin", "Rolf Aske"), ex.relationships


@pytest.mark.parametrize(
    "text",
    [
        "Edda Molin could take over from Rolf Aske as chief executive.",
        "Edda Molin will not succeed Rolf Aske, the company said.",
        "Analysts said Edda Molin might replace Rolf Aske next year.",
        "Edda Molin is expected to succeed Rolf Aske as chair.",
        "If the board agrees, Edda Molin will take over from Rolf Aske.",
    ],
)
def test_speculative_successions_stay_silent(nlp, text):
    assert not rels(run(text, nlp), "successor-of")


def test_participle_after_an_appointment_belongs_to_the_appointee(nlp):
    ex = run(
        "Premier Odo Falk named Rina Sallas as health minister on Tuesday, replacing Bruno Tamm, "
        "who resigned last month.",
        nlp,
    )
    assert has(ex, "successor-of", "Rina Sallas", "Bruno Tamm")
    assert not has(ex, "successor-of", "Odo Falk", "Bruno Tamm")


@pytest.mark.parametrize(
    "text",
    [
        # the small model parses "named Y as minister" with Y as the verb's predicate, and may hang
        # "named" off the subject's name: the participle is still the appointee's
        "Prime Minister Nia Okoro on Friday named Tunde Bello as finance minister, replacing Kemi Ade, "
        "who resigned last week.",
        "Chancellor Dora Veit on Monday named Paul Amsel as interior minister, replacing Kemi Ade.",
        "Governor Lisa Park named Tunde Bello as her chief of staff on Tuesday, replacing Kemi Ade.",
    ],
)
def test_participle_after_naming_someone_as_a_minister(nlp, text):
    ex = run(text, nlp)
    new = "Tunde Bello" if "Tunde" in text else "Paul Amsel"
    assert has(ex, "successor-of", new, "Kemi Ade"), ex.relationships
    assert len(rels(ex, "successor-of")) == 1, ex.relationships


def test_naming_someone_without_a_replacement_states_no_succession(nlp):
    ex = run("Prime Minister Nia Okoro on Friday named Tunde Bello as finance minister.", nlp)
    assert not rels(ex, "successor-of")


def test_appointee_with_an_appositive_then_an_infinitive(nlp):
    ex = run(
        "Premier Odo Falk appointed Rina Sallas, head of the customs office, to replace Bruno Tamm "
        "as finance minister.",
        nlp,
    )
    assert has(ex, "successor-of", "Rina Sallas", "Bruno Tamm")
    assert not has(ex, "successor-of", "Odo Falk", "Bruno Tamm")


def test_a_where_clause_is_about_the_one_moved(nlp):
    ex = run(
        "Premier Odo Falk moved his spokesman, Tilo Brandes, to the energy ministry, where he succeeds "
        "the late Gerd Haller.",
        nlp,
    )
    assert has(ex, "successor-of", "Tilo Brandes", "Gerd Haller"), ex.relationships
    assert not has(ex, "successor-of", "Odo Falk", "Gerd Haller")


def test_a_where_clause_about_a_place_gives_nothing(nlp):
    ex = run("Odo Falk travelled to the port city, where he met dock workers.", nlp)
    assert not rels(ex, "successor-of")


@pytest.mark.parametrize(
    "text, new, old",
    [
        ("Hella Borg's place at the transport ministry goes to Ivo Renn, a former pilot.", "Ivo Renn", "Hella Borg"),
        ("Hella Borg stepped down on Monday. Her post goes to Ivo Renn.", "Ivo Renn", "Hella Borg"),
        ("Ivo Renn takes Hella Borg's place as head of the export unit.", "Ivo Renn", "Hella Borg"),
        ("Ivo Renn will fill Hella Borg's seat on the board.", "Ivo Renn", "Hella Borg"),
    ],
)
def test_a_vacated_place_goes_to_the_newcomer(nlp, text, new, old):
    ex = run(text, nlp)
    assert has(ex, "successor-of", new, old), ex.relationships


@pytest.mark.parametrize(
    "text",
    [
        "The top prize goes to Ivo Renn.",
        "Ivo Renn takes his place in the front row at the ceremony.",
        "Ivo Renn took office in May.",
    ],
)
def test_a_place_without_a_named_holder_gives_nothing(nlp, text):
    assert not rels(run(text, nlp), "successor-of")


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Jens Otte resigned on Friday. The council named his deputy, Lena Marr, as acting mayor.",
        "Governor Jens Otte was dismissed on Monday, and Lena Marr was named interim governor.",
        "Jens Otte stepped down as chairman. The board appointed Lena Marr as interim chairman.",
    ],
)
def test_an_acting_holder_succeeds_the_one_who_just_left(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "successor-of", "Lena Marr", "Jens Otte"), ex.relationships


@pytest.mark.parametrize(
    "text",
    [
        # no departure near: an acting appointment alone names no predecessor
        "The council named Lena Marr as acting mayor. Jens Otte praised the choice.",
        # a permanent appointment is not a stop-gap (left to the other rules)
        "Mayor Jens Otte resigned on Friday. Lena Marr, his deputy, thanked voters.",
        # two people left: whose office is unclear
        "Jens Otte and Kai Brun resigned on Friday. The council named Lena Marr as acting mayor.",
    ],
)
def test_an_acting_holder_without_one_clear_departure_gives_nothing(nlp, text):
    assert not has(run(text, nlp), "successor-of", "Lena Marr", "Jens Otte")


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Lena Schmidt named Ivan Orlov as defence minister on Monday after his predecessor, "
        "Anna Kovac, resigned.",
        "Prime Minister Lena Schmidt appointed Ivan Orlov in March after his predecessor, Anna Kovac, resigned "
        "over a corruption inquiry.",
        "Ivan Orlov was appointed by Prime Minister Lena Schmidt after his predecessor, Anna Kovac, resigned.",
    ],
)
def test_the_predecessor_in_an_appointment_s_time_clause_is_the_appointee_s(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "successor-of", "Ivan Orlov", "Anna Kovac"), ex.relationships
    assert not has(ex, "successor-of", "Lena Schmidt", "Anna Kovac"), ex.relationships


def test_a_predecessor_beside_a_meeting_is_not_given_to_the_one_met(nlp):
    ex = run("Prime Minister Lena Schmidt met Ivan Orlov on Monday after his predecessor, Anna Kovac, resigned.", nlp)
    assert not has(ex, "successor-of", "Ivan Orlov", "Anna Kovac"), ex.relationships
