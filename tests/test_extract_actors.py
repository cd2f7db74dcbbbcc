"""Which names are actors, of which kind, and under which name (invented sentences only)."""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize("text", [
    "Apex Commercial Motors (ACM) President and CEO Tomas Lind will retire from the company and "
    "Olga Berg has been appointed to lead ACM as new president and CEO.",
    "Apex Commercial Motors (ACM) President Tomas Lind will retire and Olga Berg has been appointed "
    "to lead ACM as new president.",
])
def test_a_name_that_modifies_an_office_is_the_body_not_a_person(nlp, text):
    ex = run(text, nlp)
    kinds = {a.name: a.kind for a in ex.actors}
    assert kinds.get("Apex Commercial Motors") == "organisation", kinds
    assert rels(ex, "successor-of") == {("successor-of", "Olga Berg", "Tomas Lind")}
    assert has(ex, "leader-of", "Tomas Lind", "Apex Commercial Motors")
