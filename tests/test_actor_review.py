"""Actors are reviewed like relationships: status, first mention, merge proposals, undo (no Qt)."""

from __future__ import annotations

import sqlite3

from desktop.extract.formats import article_from_text
from desktop.extract.ingest import ingest_article
from desktop.extract.model import Extraction, ProposedActor, ProposedRelationship
from desktop.model import open_workspace
from desktop.model.commands import MergeActors, SetActorStatus, SetMergeStatuses, SetStatus
from desktop.model.workspace import create_workspace_file, head_revision
from tests.helpers import empty_workspace

P, O = "person", "organisation"


def _import(repo, text: str, actors, rels=(), title: str = "Story"):
    """Import ``text`` with actors (name, kind) whose mentions are found in the text, and
    relationships (type, source, target, excerpt)."""
    proposed = []
    for name, kind in actors:
        at = text.find(name)
        spans = []
        while at != -1:
            spans.append((at, at + len(name)))
            at = text.find(name, at + 1)
        proposed.append(ProposedActor(name, kind, (), tuple(spans)))
    relationships = []
    for rtype, src, dst, quote in rels:
        start = text.index(quote)
        relationships.append(ProposedRelationship(rtype, src, dst, 0.8, start, start + len(quote), quote))
    return ingest_article(repo, article_from_text(text, title=title), Extraction(tuple(proposed), tuple(relationships)))


def test_an_older_workspace_is_upgraded_with_its_actors_confirmed(tmp_path):
    path = tmp_path / "old.relmap"
    create_workspace_file(path, revision="0002")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO actor (id, name, kind, notes, created_at, pinned) VALUES "
        "(1, 'Ada Example', 'person', '', '2021-05-01 10:00:00', 0)"
    )
    con.execute("INSERT INTO alias (actor_id, name, key) VALUES (1, 'Ada Example', 'ada example')")
    con.commit()
    con.close()
    repo = open_workspace(path)
    assert repo.schema_revision() == head_revision()
    assert repo.find_actor("Ada Example").status == "confirmed"
    assert repo.list_actor_proposals() == [] and repo.list_merge_proposals() == []
    repo.close()


def test_imported_actors_are_proposed_with_their_first_mention_and_accepting_a_link_accepts_them(tmp_path):
    repo = empty_workspace(tmp_path)
    text = "On Monday Ivo Marsh met Lena Vost. Marsh later praised Dana Ormes."
    _import(
        repo,
        text,
        [("Ivo Marsh", P), ("Lena Vost", P), ("Dana Ormes", P)],
        [("spoke-with", "Ivo Marsh", "Lena Vost", "On Monday Ivo Marsh met Lena Vost.")],
    )
    marsh, vost, ormes = (repo.find_actor(n) for n in ("Ivo Marsh", "Lena Vost", "Dana Ormes"))
    assert {marsh.status, vost.status, ormes.status} == {"proposed"}
    first = repo.first_mentions([marsh.id, ormes.id])
    assert text[first[marsh.id].start : first[marsh.id].end] == "Ivo Marsh"
    assert first[ormes.id].article_title == "Story"
    # only the actor no relationship reviews with it waits in the queue on its own
    assert [a.name for a in repo.list_actor_proposals()] == ["Dana Ormes"]
    (rel,) = repo.list_relationships()
    inverse, _ = SetStatus((rel.id,), "confirmed").apply(repo)
    assert repo.get_actor(marsh.id).status == repo.get_actor(vost.id).status == "confirmed"
    inverse.apply(repo)
    assert repo.get_actor(marsh.id).status == "proposed" and repo.get_relationship(rel.id).status == "proposed"
    repo.close()


def test_a_rejected_actor_leaves_the_map_with_its_links_and_stays_rejected(tmp_path):
    repo = empty_workspace(tmp_path)
    text = "Ivo Marsh met Lena Vost about the #Harbour tag."
    _import(repo, text, [("Ivo Marsh", P), ("Lena Vost", P)], [("spoke-with", "Ivo Marsh", "Lena Vost", text)])
    vost = repo.find_actor("Lena Vost")
    inverse, _ = SetActorStatus((vost.id,), "rejected").apply(repo)
    assert repo.get_actor(vost.id).status == "rejected"
    assert repo.list_relationships() == []  # her link is off every list with her
    assert "Lena Vost" not in [a.name for a in repo.list_actors()]
    rejected = [r for r in repo.snapshot(actor_ids=[vost.id]).relationships]
    assert [r["status"] for r in rejected] == ["rejected"]
    actors, rels = repo.graph_rows()
    assert vost.id not in [a[0] for a in actors] and rels == []
    # another article naming her links nothing to her
    again = _import(
        repo,
        "Lena Vost met Dana Ormes.",
        [("Lena Vost", P), ("Dana Ormes", P)],
        [("spoke-with", "Lena Vost", "Dana Ormes", "Lena Vost met Dana Ormes.")],
        title="Two",
    )
    assert any("rejected" in s for s in again.skipped)
    assert repo.find_actor("Lena Vost").id == vost.id
    inverse.apply(repo)
    assert repo.get_actor(vost.id).status == "proposed"
    assert [r.status for r in repo.list_relationships()] == ["proposed"]  # her link came back as it was
    repo.close()


def test_possible_duplicates_wait_as_merge_proposals_with_both_excerpts(tmp_path):
    repo = empty_workspace(tmp_path)
    _import(
        repo,
        "KARACHI (Wire) - Police arrested Ivo Marsh.",
        [("Police", O), ("Ivo Marsh", P)],
        [("arrested-by", "Ivo Marsh", "Police", "Police arrested Ivo Marsh.")],
        title="Marsh held",
    )
    second = _import(
        repo,
        "KARACHI (Wire) - Police arrested Lena Vost.",
        [("Police", O), ("Lena Vost", P)],
        [("arrested-by", "Lena Vost", "Police", "Police arrested Lena Vost.")],
        title="Vost held",
    )
    assert "1 possible duplicate" in second.added()
    (proposal,) = repo.list_merge_proposals()
    assert proposal.other.name == "Police (Karachi)" and proposal.actor.name.startswith("Police (Karachi, article")
    assert "Karachi" in proposal.reason and 0 < proposal.score < 1
    mentions = repo.first_mentions([proposal.actor.id, proposal.other.id])
    assert {m.article_title for m in mentions.values()} == {"Marsh held", "Vost held"}
    # the investigator says they differ: it stays decided
    inverse, _ = SetMergeStatuses(((proposal.id, "rejected"),)).apply(repo)
    assert repo.list_merge_proposals() == []
    inverse.apply(repo)
    # ... or merges them: the proposal goes with the merged actor, the mentions move over
    merge_inverse, _ = MergeActors(proposal.other.id, proposal.actor.id).apply(repo)
    assert repo.list_merge_proposals(statuses=("proposed", "rejected")) == []
    police = repo.get_actor(proposal.other.id)
    assert police.degree == 2
    assert set(repo.first_mentions([police.id])) == {police.id}
    merge_inverse.apply(repo)
    assert [p.id for p in repo.list_merge_proposals()] == [proposal.id]
    assert set(repo.first_mentions([proposal.actor.id])) == {proposal.actor.id}
    repo.close()


def test_an_office_another_article_gave_is_a_merge_proposal_and_a_surname_takes_the_full_name(tmp_path):
    repo = empty_workspace(tmp_path)
    _import(
        repo,
        "Berikov met Ivo Marsh.",
        [("Berikov", P), ("Ivo Marsh", P)],
        [("spoke-with", "Berikov", "Ivo Marsh", "Berikov met Ivo Marsh.")],
    )
    _import(repo, "Kazakh President Aset Berikov opened the summit.", [("Aset Berikov", P)], title="Two")
    berikov = repo.find_actor("Berikov")
    assert berikov.name == "Aset Berikov" and "Berikov" in berikov.aliases  # the full name won
    third = _import(
        repo,
        "Kazakhstan's president met Lena Vost.",
        [("Kazakhstan's president", P), ("Lena Vost", P)],
        [("spoke-with", "Kazakhstan's president", "Lena Vost", "Kazakhstan's president met Lena Vost.")],
        title="Three",
    )
    (dup,) = third.possible_duplicates
    assert dup.other_id == berikov.id and "president of Kazakhstan" in dup.reason
    (proposal,) = repo.list_merge_proposals()
    assert proposal.actor.name == "Kazakhstan's president" and proposal.other.id == berikov.id
    repo.close()
