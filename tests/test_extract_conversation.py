"""Conversations named by their setting: "in a phone call", "during a meeting" (invented)."""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize(
    "text",
    [
        "Daniel Eze congratulated Mariam Okoro in a phone call on Monday.",
        "Daniel Eze thanked Mariam Okoro during a meeting in Abuja.",
        "In a phone call on Sunday, Daniel Eze assured Mariam Okoro of his support.",
    ],
)
def test_words_said_to_someone_in_a_call_or_meeting_are_a_conversation(nlp, text):
    assert has(run(text, nlp), "spoke-with", "Daniel Eze", "Mariam Okoro")


@pytest.mark.parametrize(
    "text",
    [
        "Daniel Eze congratulated Mariam Okoro on her victory.",
        "Daniel Eze praised Mariam Okoro in a statement.",
        "Daniel Eze will congratulate Mariam Okoro in a phone call on Monday.",
    ],
)
def test_words_about_someone_without_a_conversation_are_none(nlp, text):
    assert not rels(run(text, nlp), "spoke-with")


@pytest.mark.parametrize(
    "text",
    [
        "Olga Berg said she had met investigators twice and was cooperating fully.",
        "Olga Berg spoke with officials on Monday.",
    ],
)
def test_talking_with_nobody_in_particular_maps_nothing(nlp, text):
    assert not rels(run(text, nlp), "spoke-with")


def test_talks_with_a_body_named_by_its_place_still_count(nlp):
    ex = run("Olga Berg held talks with Kazakh authorities in Almaty on Monday.", nlp)
    assert any(r[0] == "spoke-with" and "Olga Berg" in r[1:] for r in rels(ex)), ex.relationships
