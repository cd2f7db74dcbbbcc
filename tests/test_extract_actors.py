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


@pytest.mark.parametrize(("text", "name"), [
    ("Analyst Priya Natarajan said investors would welcome the move.", "Priya Natarajan"),
    ("Political strategist Roger Lane was arrested in Florida.", "Roger Lane"),
    ("Special Counsel Robert Hale filed the charges.", "Robert Hale"),
])
def test_an_occupation_before_a_name_is_not_part_of_it(nlp, text, name):
    names = {a.name for a in run(text, nlp).actors if a.kind == "person"}
    assert names == {name}


def test_a_short_form_of_an_organisation_is_that_organisation(nlp):
    text = ("The People's Union formed a coalition with the Liberal Forum on Sunday. "
            "Union leader Karl Brandt will become chancellor.")
    ex = run(text, nlp)
    assert has(ex, "leader-of", "Karl Brandt", "People's Union"), rels(ex)
    assert has(ex, "ally-of", "People's Union", "Liberal Forum")


def test_a_word_both_a_company_and_a_surname_follows_what_was_named_first(nlp):
    text = ("Northgate Industries said on Monday that the board had elected Sarah Quinlan as chief executive. "
            "Quinlan joined Northgate in 2009. Board chair Robert Ellison took over from founder James Northgate "
            "in 2015. Northgate later retired to Spain.")
    ex = run(text, nlp)
    assert has(ex, "member-of", "Sarah Quinlan", "Northgate Industries"), rels(ex)
    person = next(a for a in ex.actors if a.name == "James Northgate")
    assert "Northgate" in person.aliases  # after he is named, the lone surname is his
