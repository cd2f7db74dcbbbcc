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
