"""Article layout: a headline or any line without final punctuation never runs into the next.

Articles come as a ``date`` line, a blank line, a headline with no full stop, a blank line and
one paragraph a line. Invented text only.
"""

from __future__ import annotations

import pytest

from desktop.extract.line_breaks import COMPONENT
from tests.extract_support import has, run

HEADLINED = [
    "date 2025-03-10\n\nLeaders of Ostrel and Pamir meet at the border\n\n"
    "President Ines Varo of Ostrel and Pamir's Prime Minister Jaro Melnik met in the town of Kade on Monday.\n",
    # one paragraph a line, no blank lines
    "Ostrel leader meets Pamir premier\nPresident Ines Varo met Prime Minister Jaro Melnik in Kade on Monday.\n",
    # a headline ending in a name, no punctuation, then the body
    "Border talks for President Ines Varo\n\nInes Varo held talks with Jaro Melnik on Monday.",
]


@pytest.mark.parametrize("text", HEADLINED)
def test_a_headline_does_not_swallow_the_first_sentence(nlp, text):
    ex = run(text, nlp)
    assert has(ex, "spoke-with", "Ines Varo", "Jaro Melnik"), ex.relationships


def test_every_line_starts_a_sentence(nlp):
    doc = nlp("Minister quits over bribery claims\n\nLars Holm resigned on Friday\nHis deputy took over.")
    starts = [s[0].text for s in doc.sents if not s[0].is_space]
    assert starts == ["Minister", "Lars", "His"]
    assert COMPONENT in nlp.pipe_names


def test_a_break_inside_a_line_is_still_left_to_the_parser(nlp):
    doc = nlp("Lars Holm resigned on Friday. His deputy, Vera Lund, took over on Saturday.")
    assert len(list(doc.sents)) == 2


def test_a_headline_stating_a_plan_gives_nothing_and_does_not_join_the_body(nlp):
    # the headline announces a future visit; the body's first sentence is about something else
    text = (
        "Varo to meet Melnik next week\n\n"
        "Ines Varo opened a new bridge over the Kade river on Monday. Jaro Melnik was abroad.\n"
    )
    ex = run(text, nlp)
    assert not has(ex, "spoke-with", "Ines Varo", "Jaro Melnik"), ex.relationships
