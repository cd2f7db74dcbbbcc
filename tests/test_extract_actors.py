"""Which names are actors, of which kind, and under which name (invented sentences only)."""

from __future__ import annotations

import pytest

from tests.extract_support import has, rels, run


@pytest.mark.parametrize(
    "text",
    [
        "Apex Commercial Motors (ACM) President and CEO Tomas Lind will retire from the company and "
        "Olga Berg has been appointed to lead ACM as new president and CEO.",
        "Apex Commercial Motors (ACM) President Tomas Lind will retire and Olga Berg has been appointed "
        "to lead ACM as new president.",
    ],
)
def test_a_name_that_modifies_an_office_is_the_body_not_a_person(nlp, text):
    ex = run(text, nlp)
    kinds = {a.name: a.kind for a in ex.actors}
    assert kinds.get("Apex Commercial Motors") == "organisation", kinds
    assert rels(ex, "successor-of") == {("successor-of", "Olga Berg", "Tomas Lind")}
    assert has(ex, "leader-of", "Tomas Lind", "Apex Commercial Motors")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Analyst Priya Natarajan met Hans Weber on Monday.", "Priya Natarajan"),
        ("Political strategist Roger Lane was arrested by the National Police in Florida.", "Roger Lane"),
        ("Special Counsel Robert Hale met Hans Weber on Friday.", "Robert Hale"),
    ],
)
def test_an_occupation_before_a_name_is_not_part_of_it(nlp, text, name):
    names = {a.name for a in run(text, nlp).actors if a.kind == "person"}
    assert name in names and not any(n.endswith(name) and n != name for n in names)


def test_a_short_form_of_an_organisation_is_that_organisation(nlp):
    text = (
        "The People's Union formed a coalition with the Liberal Forum on Sunday. "
        "Union leader Karl Brandt will become chancellor."
    )
    ex = run(text, nlp)
    assert has(ex, "leader-of", "Karl Brandt", "People's Union"), rels(ex)
    assert has(ex, "ally-of", "People's Union", "Liberal Forum")


def test_a_word_both_a_company_and_a_surname_follows_what_was_named_first(nlp):
    text = (
        "Northgate Industries said on Monday that the board had elected Sarah Quinlan as chief executive. "
        "Quinlan joined Northgate in 2009. Board chair Robert Ellison took over from founder James Northgate "
        "in 2015. Northgate later retired to Spain."
    )
    ex = run(text, nlp)
    assert has(ex, "member-of", "Sarah Quinlan", "Northgate Industries"), rels(ex)
    person = next(a for a in ex.actors if a.name == "James Northgate")
    assert "Northgate" in person.aliases  # after he is named, the lone surname is his


def test_hashtags_handles_and_diseases_are_never_actors(nlp):
    text = (
        "The #FreeKovacs campaign spread online as @RuritaniaGov replied. Covid-19 cases rose again "
        "and Ebola spread. #FreeKovacs trended for days, @RuritaniaGov said, and Covid-19 kept spreading."
    )
    names = {a.name for a in run(text, nlp).actors}
    assert not any(n.startswith(("#", "@")) or n.lstrip("#@") in ("FreeKovacs", "RuritaniaGov") for n in names)
    assert not names & {"Covid-19", "Ebola"}


def test_an_actor_is_proposed_only_in_a_relationship_or_as_the_article_s_subject(nlp):
    text = (
        "Helmsdale Foods reported higher profit on Thursday. Analysts said Helmsdale Foods had raised prices "
        "in Leeds. Investors welcomed Helmsdale Foods' results, said Tom Reed of Brookfield Research. "
        "The weather in Leeds was cold, and Northwind Dairy did not comment."
    )
    ex = run(text, nlp)
    names = {a.name for a in ex.actors}
    assert "Helmsdale Foods" in names  # named three times, twice as subject or object: central
    assert "Northwind Dairy" not in names  # named once, in nothing proposed
    assert "Leeds" not in names
    assert {"Tom Reed", "Brookfield Research"} <= names  # in a proposed membership
    used = {r.source for r in ex.relationships} | {r.target for r in ex.relationships}
    assert names - used == {"Helmsdale Foods"}


def test_the_country_s_body_is_named_by_the_article_s_country(nlp):
    text = (
        "Kenyan banks have been under scrutiny for months. Ivan Otieno, a former central bank governor, "
        "was arrested by the country's top prosecutor on Monday."
    )
    ex = run(text, nlp)
    (arrest,) = [r for r in ex.relationships if r.type == "arrested-by"]
    assert arrest.target == "Kenyan top prosecutor"
    assert "country's top prosecutor" in next(a for a in ex.actors if a.name == arrest.target).aliases
    # with two countries in view, "the country" is left as written
    ex2 = run(
        "Kenyan and Ugandan banks have been under scrutiny. Ivan Otieno was arrested by the country's "
        "top prosecutor on Monday.",
        nlp,
    )
    assert {r.target for r in ex2.relationships} == {"country's top prosecutor"}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "Ahmadou Diallo-Keita met Ousmane Sy in Bamako. Diallo-Keita later said he had discussed security.",
            "Ahmadou Diallo-Keita",
        ),
        ("Oyelaran Adebayo-Okafor, 64, met Hans Weber in Lagos on Monday.", "Oyelaran Adebayo-Okafor"),
        ("Nguyen Van Thanh met Tran Quoc Hung in Hanoi on Monday. He said the talks were useful.", "Nguyen Van Thanh"),
    ],
)
def test_a_foreign_name_is_a_person_when_the_article_treats_it_as_one(nlp, text, person):
    ex = run(text, nlp)
    kinds = {a.name: a.kind for a in ex.actors}
    assert kinds.get(person) == "person", kinds


def test_a_given_name_tagged_alone_takes_in_its_surname(nlp):
    ex = run("Shavkat Tashkentov spoke with Rustam Azimov by phone, his office said.", nlp)
    assert has(ex, "spoke-with", "Shavkat Tashkentov", "Rustam Azimov"), rels(ex)


@pytest.mark.parametrize(
    "text",
    [
        "Northwind Metals met regulators in Oslo on Monday. Northwind Metals said it had agreed to the terms "
        "and Northwind Metals signed the deal.",
        "Apex Motors hired Olga Berg on Monday. Apex Motors said the move would help.",
    ],
)
def test_a_company_speaking_of_itself_stays_a_company(nlp, text):
    ex = run(text, nlp)
    assert all(a.kind != "person" for a in ex.actors if a.name in ("Northwind Metals", "Apex Motors"))


def test_a_company_word_taken_for_a_person_is_the_parent_company(nlp):
    text = (
        "Halvard Aerospace reshuffled its units on Monday. Halvard Global Services will be led by Olga Berg, "
        "and Halvard Commercial Jets by Tomas Lind. Berg has been chief operating officer of Halvard since May."
    )
    ex = run(text, nlp)
    kinds = {a.name: a.kind for a in ex.actors}
    assert kinds.get("Halvard", "organisation") == "organisation", kinds
    assert all(k == "person" for n, k in kinds.items() if n in ("Olga Berg", "Tomas Lind"))


def test_a_person_after_coordinated_titles_holds_the_first_too(nlp):
    text = (
        "Northwind Aerospace said its plans were unchanged. Northwind President and CEO Tom Berg on Monday "
        "announced his decision to step down at the end of this year."
    )
    assert has(run(text, nlp), "leader-of", "Tom Berg", "Northwind Aerospace")


def test_a_lone_surname_does_not_refer_forward_to_someone_named_later(nlp):
    text = (
        "Security forces have detained the rapper Toomaj Rahimi after he posted videos, his family said. "
        "His uncle, Eghbal Rahimi, said the family had not seen him."
    )
    ex = run(text, nlp)
    assert not any(r.source == "Eghbal Rahimi" for r in ex.relationships if r.type == "arrested-by"), rels(ex)


def test_an_entity_spanning_a_comma_is_a_place_and_a_name(nlp):
    # the small model sometimes tags "Tarvel, Ana Lutz" ("the mayor of the city of Tarvel, Ana
    # Lutz") as one organisation; a name never spans a comma
    from spacy.tokens import Span

    from desktop.extract.actors import _split_name_of_place

    doc = nlp("Police detained the mayor of the southern city of Tarvel, Ana Lutz, on Sunday.")
    start = next(t.i for t in doc if t.text == "Tarvel")
    end = next(t.i for t in doc if t.text == "Lutz") + 1
    parts = _split_name_of_place(Span(doc, start, end, label="ORG"))
    assert [(p.text, p.label_) for p in parts] == [("Tarvel", "GPE"), ("Ana Lutz", "ORG")]
    # a name with no comma is left whole
    whole = Span(doc, end - 2, end, label="PERSON")
    assert [p.text for p in _split_name_of_place(whole)] == ["Ana Lutz"]
