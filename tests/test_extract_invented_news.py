"""Whole invented news paragraphs, one per failure class, scored against hand-made gold.

A guard on generality and precision together: each rule is tested on its own sentences
elsewhere; here they must work side by side in running text, without proposing what the
paragraphs do not state. See tests/invented_news.py (``python -m tests.invented_news``).
"""

from __future__ import annotations

from tests.invented_news import score_all


def test_core_relationships_of_the_invented_paragraphs(nlp):
    s = score_all(nlp, core_only=True)
    assert s.precision >= 0.9 and s.recall >= 0.85, (s.missed, s.wrong)


def test_all_relationship_types_of_the_invented_paragraphs(nlp):
    s = score_all(nlp, core_only=False)
    assert s.precision >= 0.9 and s.recall >= 0.85, (s.missed, s.wrong)
