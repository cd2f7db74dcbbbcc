"""The repository API over a real SQLite file: constraints, merge, evidence, search, filters, undo."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy

from desktop.export.workspace_json import workspace_to_dict
from desktop.model import DuplicateAliasError, InvalidInputError, NotFoundError
from tests.helpers import empty_workspace

TEXT = (
    "Minister Ada Example met President Ben Sample in the capital on Monday. "
    "Example later said that Sample had appointed her. Sample's rival Cy Other objected."
)


@pytest.fixture
def repo(tmp_path):
    r = empty_workspace(tmp_path)
    yield r
    r.close()


def _people(repo):
    ada = repo.create_actor("Ada Example", aliases=["Example"]).subject_id
    ben = repo.create_actor("Ben Sample", aliases=["Sample", "President Sample"]).subject_id
    cy = repo.create_actor("Cy Other").subject_id
    art = repo.add_article(TEXT, title="A meeting", source="Example Wire", published=date(2023, 5, 2)).subject_id
    return ada, ben, cy, art


def test_aliases_are_unique_per_workspace_and_case_insensitive(repo):
    ada = repo.create_actor("Ada Example", aliases=["Example"]).subject_id
    with pytest.raises(DuplicateAliasError, match="already belongs to actor 'Ada Example'"):
        repo.create_actor("EXAMPLE")
    with pytest.raises(DuplicateAliasError):
        repo.create_actor("Somebody", aliases=["ada   example"])
    assert repo.counts()["actors"] == 1  # the refused create left nothing behind
    assert repo.find_actor("example").id == ada
    repo.add_alias(ada, "A. Example")
    assert repo.get_actor(ada).aliases == ("Example", "A. Example")
    with pytest.raises(InvalidInputError):
        repo.remove_alias(ada, "Ada Example")


def test_database_constraints_hold_even_without_the_repository(repo):
    ada, ben, _cy, _art = _people(repo)
    bad = [
        "INSERT INTO actor (name, kind, notes, created_at) VALUES ('X', 'planet', '', '2020-01-01')",
        f"INSERT INTO relationship (type_id, source_id, target_id, status, confidence, note, created_at) "
        f"VALUES (1, {ada}, {ada}, 'proposed', 0.5, '', '2020-01-01')",
        f"INSERT INTO relationship (type_id, source_id, target_id, status, confidence, note, created_at) "
        f"VALUES (1, {ada}, {ben}, 'maybe', 0.5, '', '2020-01-01')",
        f"INSERT INTO relationship (type_id, source_id, target_id, status, confidence, note, created_at) "
        f"VALUES (1, {ada}, {ben}, 'proposed', 1.5, '', '2020-01-01')",
    ]
    for statement in bad:
        with pytest.raises(sqlalchemy.exc.IntegrityError):
            with repo.engine.begin() as con:
                con.exec_driver_sql(statement)


def test_one_relationship_per_type_and_endpoints_symmetric_normalised(repo):
    ada, ben, _cy, _art = _people(repo)
    first = repo.add_relationship("spoke-with", ben, ada, confidence=0.4).subject_id
    again = repo.add_relationship("spoke-with", ada, ben, confidence=0.9)
    assert again.subject_id == first
    rel = repo.get_relationship(first)
    assert (rel.source_id, rel.target_id) == (min(ada, ben), max(ada, ben))
    assert rel.confidence == 0.9
    directed_1 = repo.add_relationship("appointed-by", ada, ben).subject_id
    directed_2 = repo.add_relationship("appointed-by", ben, ada).subject_id
    assert directed_1 != directed_2
    with pytest.raises(InvalidInputError):
        repo.add_relationship("spoke-with", ada, ada)
    with pytest.raises(NotFoundError):
        repo.add_relationship("married-to", ada, ben)
    with pytest.raises(InvalidInputError):
        repo.add_relationship("spoke-with", ada, ben, confidence=2)


def test_status_changes_and_rejected_stays_rejected(repo):
    ada, ben, _cy, _art = _people(repo)
    rel = repo.add_relationship("ally-of", ada, ben).subject_id
    repo.confirm(rel)
    assert repo.get_relationship(rel).status == "confirmed"
    repo.reject(rel)
    repo.add_relationship("ally-of", ada, ben, confidence=0.99)  # proposed again, e.g. by a re-import
    assert repo.get_relationship(rel).status == "rejected"
    with pytest.raises(InvalidInputError):
        repo.set_status(rel, "maybe")


def test_evidence_is_exactly_the_article_characters(repo):
    ada, ben, _cy, art = _people(repo)
    rel = repo.add_relationship("spoke-with", ada, ben).subject_id
    start = TEXT.index("Minister Ada")
    end = TEXT.index("Monday.") + len("Monday.")
    ev = repo.add_evidence(rel, art, start, end, origin="extractor").subject_id
    assert repo.add_evidence(rel, art, start, end).subject_id == ev  # same span twice is one excerpt
    record = repo.get_relationship(rel).evidence[0]
    assert record.text == TEXT[start:end] == repo.get_article(art).text[record.start : record.end]
    assert record.article_title == "A meeting" and record.article_published == date(2023, 5, 2)
    for s, e in ((-1, 5), (5, 5), (10, 5), (0, len(TEXT) + 1)):
        with pytest.raises(InvalidInputError):
            repo.add_evidence(rel, art, s, e)
    repo.remove_evidence(ev)
    assert repo.get_relationship(rel).evidence == ()


def test_same_text_twice_is_one_article(repo):
    first = repo.add_article("Some text.", title="One")
    second = repo.add_article("Some text.", title="Two")
    assert first.articles and not second.articles
    assert first.subject_id == second.subject_id
    assert repo.counts()["articles"] == 1
    with pytest.raises(InvalidInputError):
        repo.add_article("   \n ", title="blank")


def test_merge_keeps_every_alias_relationship_and_evidence(repo):
    ada, ben, cy, art = _people(repo)
    dup = repo.create_actor("B. Sample", aliases=["Benjamin Sample"], notes="from another article").subject_id
    r1 = repo.add_relationship("opposed-to", cy, ben, status="confirmed").subject_id
    r2 = repo.add_relationship("opposed-to", cy, dup, confidence=0.3).subject_id  # same as r1 after merge
    r3 = repo.add_relationship("appointed-by", ada, dup).subject_id  # moves over
    r4 = repo.add_relationship("spoke-with", dup, ben).subject_id  # becomes a self-link
    e1 = repo.add_evidence(r1, art, 0, 10).subject_id
    e2 = repo.add_evidence(r2, art, 20, 40).subject_id
    e2b = repo.add_evidence(r2, art, 0, 10).subject_id  # the same characters as e1
    e3 = repo.add_evidence(r3, art, 72, 120).subject_id
    before = workspace_to_dict(repo)
    change = repo.merge_actors(ben, dup)
    assert {r1, r2, r3, r4} <= change.relationships
    merged = repo.get_actor(ben)
    assert set(merged.aliases) == {"Sample", "President Sample", "B. Sample", "Benjamin Sample"}
    assert "from another article" in merged.notes
    with pytest.raises(NotFoundError):
        repo.get_actor(dup)
    opposed = repo.find_relationship("opposed-to", cy, ben)
    assert opposed.id == r1 and opposed.status == "confirmed"
    assert {(e.start, e.end) for e in opposed.evidence} == {(0, 10), (20, 40)}
    appointed = repo.get_relationship(r3)
    assert appointed.target_id == ben and [e.id for e in appointed.evidence] == [e3]
    with pytest.raises(NotFoundError):
        repo.get_relationship(r4)
    # every excerpt is still there except the duplicate of e1 and the one on the self-link
    remaining = {e.id for r in repo.list_relationships() for e in r.evidence}
    assert remaining == {e1, e2, e3} and e2b not in remaining
    assert len(before["relationships"]) == 4 and len(workspace_to_dict(repo)["relationships"]) == 2


def test_snapshot_restore_undoes_merge_and_delete(repo):
    ada, ben, cy, art = _people(repo)
    dup = repo.create_actor("B. Sample").subject_id
    r = repo.add_relationship("opposed-to", cy, dup).subject_id
    repo.add_evidence(r, art, 0, 10)
    repo.add_relationship("spoke-with", ada, ben, status="confirmed")
    before = workspace_to_dict(repo)
    snap = repo.snapshot(actor_ids=[ben, dup])
    repo.merge_actors(ben, dup)
    repo.restore(snap)
    assert workspace_to_dict(repo) == before
    snap = repo.snapshot(actor_ids=[ada])
    repo.delete_actor(ada)
    assert repo.counts()["relationships"] == 1
    repo.restore(snap)
    assert workspace_to_dict(repo) == before


def test_delete_actor_cascades(repo):
    ada, ben, _cy, art = _people(repo)
    rel = repo.add_relationship("spoke-with", ada, ben).subject_id
    repo.add_evidence(rel, art, 0, 5)
    change = repo.delete_actor(ada)
    assert rel in change.relationships
    assert repo.counts() == {"actors": 2, "relationships": 0, "evidence": 0, "articles": 1}
    assert repo.find_actor("Example") is None


def test_full_text_search_over_articles_names_and_aliases(repo):
    _people(repo)
    found = repo.search("president sam")
    assert [a.name for a in found.actors] == ["Ben Sample"]
    hits = repo.search("capital").articles
    assert len(hits) == 1 and "[capital]" in hits[0].snippet
    assert repo.search('"; DROP TABLE actor; --').actors == ()  # typed text is never FTS syntax
    assert repo.search("").articles == ()


def test_listing_filters(repo):
    ada, ben, cy, art = _people(repo)
    other = repo.add_article("Old news about Cy Other and Ada.", title="Old", published=date(2010, 1, 1)).subject_id
    r1 = repo.add_relationship("spoke-with", ada, ben, status="confirmed").subject_id
    r2 = repo.add_relationship("opposed-to", cy, ben).subject_id
    r3 = repo.add_relationship("ally-of", cy, ada, status="rejected").subject_id
    repo.add_evidence(r1, art, 0, 10)
    repo.add_evidence(r2, art, 10, 20)
    repo.add_evidence(r3, other, 0, 8)

    def ids(**kw):
        return {r.id for r in repo.list_relationships(**kw)}

    assert ids() == {r1, r2, r3}
    assert ids(types=["spoke-with", "ally-of"]) == {r1, r3}
    assert ids(statuses=["proposed"]) == {r2}
    assert ids(actor_id=cy) == {r2, r3}
    assert ids(date_from=date(2020, 1, 1)) == {r1, r2}
    assert ids(date_to=date(2015, 1, 1)) == {r3}
    assert ids(types=["opposed-to"], statuses=["confirmed"]) == set()


def test_update_relationship_onto_existing_folds(repo):
    ada, ben, _cy, art = _people(repo)
    keep = repo.add_relationship("ally-of", ada, ben, status="confirmed").subject_id
    other = repo.add_relationship("spoke-with", ada, ben).subject_id
    repo.add_evidence(other, art, 5, 15)
    change = repo.update_relationship(other, type_key="ally-of")
    assert change.subject_id == keep
    assert [(e.start, e.end) for e in repo.get_relationship(keep).evidence] == [(5, 15)]
    moved = repo.add_relationship("appointed-by", ada, ben).subject_id
    repo.update_relationship(moved, source_id=ben, target_id=ada, valid_from="2019-03")
    rel = repo.get_relationship(moved)
    assert (rel.source_id, rel.target_id, rel.valid_from) == (ben, ada, "2019-03")
    with pytest.raises(InvalidInputError):
        repo.update_relationship(moved, valid_to="March 2019")


def test_batch_is_all_or_nothing(repo):
    with pytest.raises(DuplicateAliasError):
        with repo.batch():
            repo.create_actor("First Person")
            repo.add_article("Text of an article.", title="t")
            repo.create_actor("first person")
    assert repo.counts() == {"actors": 0, "relationships": 0, "evidence": 0, "articles": 0}


def test_custom_relation_type(repo):
    ada, ben, _cy, _art = _people(repo)
    repo.add_relation_type("funded-by", "funded by", inverse_label="funded", color="#123456")
    assert repo.relation_type("funded-by").builtin is False
    repo.add_relationship("funded-by", ada, ben)
    with pytest.raises(InvalidInputError):
        repo.add_relation_type("Funded By!", "x")
    with pytest.raises(InvalidInputError):
        repo.add_relation_type("funded-by", "again")


def test_bulk_add_and_graph_rows(repo):
    text = "Ana met Bo. Bo leads Co."
    change = repo.bulk_add(
        actors=[{"name": "Ana"}, {"name": "Bo", "aliases": ["B."]}, {"name": "Co", "kind": "organisation"}],
        articles=[{"title": "t", "text": text, "published": date(2021, 1, 2)}],
        relationships=[
            {"type": "spoke-with", "source": 1, "target": 0, "status": "confirmed"},
            {"type": "leader-of", "source": 1, "target": 2},
        ],
        evidence=[
            {"relationship": 0, "article": 0, "start": 0, "end": 11},
            {"relationship": 1, "article": 0, "start": 12, "end": 24},
        ],
    )
    assert len(change.actors) == 3 and len(change.relationships) == 2
    assert repo.find_actor("b.").name == "Bo"
    actors, rels = repo.graph_rows()
    assert [a[1] for a in actors] == ["Ana", "Bo", "Co"]
    spoke = next(r for r in rels if r[1] == "spoke-with")
    assert spoke[2] < spoke[3] and spoke[6] == 1 and spoke[7] == "2021-01-02"
    for rel in repo.list_relationships():
        for ev in rel.evidence:
            assert ev.text == text[ev.start : ev.end]
    with pytest.raises(InvalidInputError):
        repo.bulk_add(
            actors=[{"name": "Dee"}],
            articles=[{"text": "short"}],
            relationships=[{"type": "ally-of", "source": 0, "target": 0}],
            evidence=[{"relationship": 0, "article": 0, "start": 0, "end": 99}],
        )
    assert repo.find_actor("Dee") is None


ARTICLE = (
    "Tokayev spoke with Putin. Masimov was arrested by the KNB. Tokayev and Putin are allies. "
    "Putin spoke with Tokayev again."
)


def _proposal_workspace(tmp_path, name):
    r = empty_workspace(tmp_path, name)
    ids = [
        r.create_actor(n, k).subject_id
        for n, k in [("Tokayev", "person"), ("Putin", "person"), ("Masimov", "person"), ("KNB", "organisation")]
    ]
    article_id = r.add_article(ARTICLE, title="t").subject_id
    # Already in the workspace: a rejected proposal, which must stay rejected.
    old = r.add_relationship("ally-of", ids[0], ids[1], status="rejected", confidence=0.3).subject_id
    r.add_evidence(old, article_id, 59, 88)
    return r, ids, article_id


def _proposals(ids):
    from desktop.model import Proposal

    tok, putin, masimov, knb = ids
    return [
        Proposal("spoke-with", putin, tok, 0.6, 0, 25),  # symmetric: stored smaller id first
        Proposal("arrested-by", masimov, knb, 0.8, 26, 58),
        Proposal("ally-of", putin, tok, 0.9, 59, 88),  # existing and rejected: confidence rises
        Proposal("spoke-with", tok, putin, 0.7, 89, 120),  # same relationship, second excerpt
        Proposal("spoke-with", tok, putin, 0.5, 89, 120),  # the same excerpt again: stored once
    ]


def _state(r):
    return sorted(
        (
            x.type,
            x.source_id,
            x.target_id,
            x.status,
            x.confidence,
            tuple(sorted((e.start, e.end, e.origin) for e in x.evidence)),
        )
        for x in r.list_relationships()
    )


def test_add_proposals_stores_what_one_call_per_proposal_would(tmp_path):
    bulk, ids, article_id = _proposal_workspace(tmp_path, "bulk.relmap")
    single, ids2, article_id2 = _proposal_workspace(tmp_path, "single.relmap")
    assert ids == ids2 and article_id == article_id2
    stored = bulk.add_proposals(article_id, _proposals(ids))
    expected = None
    for p in _proposals(ids):
        made = single.add_relationship(p.type, p.source_id, p.target_id, status="proposed", confidence=p.confidence)
        ev = single.add_evidence(made.subject_id, article_id, p.start, p.end, origin="extractor")
        expected = made | ev if expected is None else expected | made | ev
    assert _state(bulk) == _state(single)
    assert stored.new_relationships == 2 and stored.new_evidence == 3
    assert stored.change.relationships == expected.relationships
    assert stored.change.evidence == expected.evidence
    assert stored.change.actors == expected.actors
    assert len(stored.relationship_ids) == 5 and stored.relationship_ids[0] == stored.relationship_ids[3]
    ally = next(x for x in bulk.list_relationships() if x.type == "ally-of")
    assert (ally.status, ally.confidence) == ("rejected", 0.9)


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(type="no-such-type"), "unknown relationship type"),
        (dict(source_id=999), "no actor with id 999"),
        (dict(target_id=None), "two different actors"),
        (dict(end=10_000), "lies outside the article"),
        (dict(confidence=2.0), "confidence"),
    ],
)
def test_add_proposals_refuses_a_bad_one_and_writes_nothing(tmp_path, bad, message):
    from dataclasses import replace

    r, ids, article_id = _proposal_workspace(tmp_path, "bad.relmap")
    before = _state(r)
    proposals = _proposals(ids)
    if bad.get("target_id", 0) is None:
        bad = dict(target_id=proposals[-1].source_id)
    proposals[-1] = replace(proposals[-1], **bad)
    with pytest.raises((InvalidInputError, NotFoundError), match=message):
        r.add_proposals(article_id, proposals)
    assert _state(r) == before
    with pytest.raises(NotFoundError, match="no article"):
        r.add_proposals(article_id + 1, _proposals(ids))
    assert r.add_proposals(article_id, []).new_evidence == 0


def test_graph_rows_count_each_relationships_excerpts_and_their_first_and_last_dates(tmp_path):
    r = empty_workspace(tmp_path, "dates.relmap")
    a, b, c = (r.create_actor(n, "person").subject_id for n in ("Ana Reyes", "Bo Lund", "Cy Moor"))
    text = "Ana Reyes met Bo Lund. Bo Lund met Cy Moor. "
    spring = r.add_article(text + "In spring.", title="spring", published=date(2020, 4, 1)).subject_id
    winter = r.add_article(text + "In winter.", title="winter", published=date(2019, 12, 24)).subject_id
    undated = r.add_article(text + "Some day.", title="undated").subject_id
    met = r.add_relationship("spoke-with", a, b, status="confirmed").subject_id
    for article in (spring, winter, undated):
        r.add_evidence(met, article, 0, 21)
    later = r.add_relationship("spoke-with", b, c, status="confirmed").subject_id
    r.add_evidence(later, undated, 22, 43)
    bare = r.add_relationship("ally-of", a, c).subject_id  # typed in, no excerpt yet
    _, rels = r.graph_rows()
    by_id = {row[0]: row for row in rels}
    assert by_id[met][6:] == (3, "2019-12-24", "2020-04-01")  # the undated article counts, dates none
    assert by_id[later][6:] == (1, None, None)
    assert by_id[bare][6:] == (0, None, None)
    assert [row[0] for row in rels] == sorted(by_id)
    r.close()
