"""Storing articles and the extractor's proposals: resolution, dedupe, evidence, cancel."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from desktop.cli import main
from desktop.extract.formats import article_from_text, read_article
from desktop.extract.ingest import ingest_article, ingest_files
from desktop.extract.model import Extraction, ProposedActor, ProposedRelationship
from desktop.paths import resource_path
from desktop.seed import open_user_workspace
from tests.helpers import empty_workspace

TEXT = "Kassym-Jomart Tokayev spoke with Vladimir Putin on Thursday. Tokayev succeeded Nursultan Nazarbayev in 2019."


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def hand_extraction(text: str = TEXT) -> Extraction:
    """A real Extraction built by hand, as the extractor would return it."""
    s1, e1 = span(text, "Kassym-Jomart Tokayev spoke with Vladimir Putin on Thursday.")
    s2, e2 = span(text, "Tokayev succeeded Nursultan Nazarbayev in 2019.")
    return Extraction(
        actors=(
            ProposedActor("Kassym-Jomart Tokayev", "person", ("Tokayev",), ((0, 21),)),
            ProposedActor("Vladimir Putin", "person", ("Putin",)),
            ProposedActor("Nursultan Nazarbayev", "person", ("Nazarbayev",)),
        ),
        relationships=(
            ProposedRelationship("spoke-with", "Kassym-Jomart Tokayev", "Vladimir Putin", 0.9, s1, e1, text[s1:e1]),
            ProposedRelationship(
                "successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev", 0.7, s2, e2, text[s2:e2]
            ),
        ),
    )


def test_article_and_proposals_stored_with_evidence(tmp_path):
    repo = empty_workspace(tmp_path)
    art = article_from_text(TEXT, title="Talks", source="Wire")
    res = ingest_article(repo, art, hand_extraction())
    assert res.new_article and res.new_actors == 3 and res.new_relationships == 2 and not res.skipped
    rels = repo.list_relationships()
    assert {(r.type, r.source, r.target, r.status) for r in rels} == {
        ("spoke-with", "Kassym-Jomart Tokayev", "Vladimir Putin", "proposed"),
        ("successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev", "proposed"),
    }
    text = repo.get_article(res.article_id).text
    for r in rels:
        (ev,) = r.evidence
        assert ev.origin == "extractor" and text[ev.start : ev.end] == ev.text
    assert repo.find_actor("putin").name == "Vladimir Putin"
    assert "succeeded" in res.summary() or "2 new proposals" in res.summary()
    repo.close()


def test_actors_resolve_by_alias_and_fuzzy_and_taken_aliases_are_skipped(tmp_path):
    repo = empty_workspace(tmp_path)
    tok = repo.create_actor("President Tokayev", aliases=["Kassym-Jomart Tokayev"]).subject_id
    putin = repo.create_actor("Vladimir V. Putin").subject_id  # only the fuzzy match finds him
    other = repo.create_actor("Nazarbayev Foundation", "organisation", aliases=["Nazarbayev"]).subject_id
    res = ingest_article(repo, article_from_text(TEXT), hand_extraction())
    assert res.new_actors == 1 and not res.skipped
    naz = repo.find_actor("Nursultan Nazarbayev")
    assert naz is not None and naz.id not in (tok, putin, other) and naz.aliases == ()
    assert repo.find_actor("Nazarbayev").id == other  # the taken alias stayed with its owner
    pairs = {(r.type, r.source_id, r.target_id) for r in repo.list_relationships()}
    assert ("spoke-with", min(tok, putin), max(tok, putin)) in pairs
    assert ("successor-of", tok, naz.id) in pairs
    repo.close()


def test_wrong_offsets_and_unknown_types_are_skipped_not_stored(tmp_path):
    repo = empty_workspace(tmp_path)
    good = hand_extraction()
    bad = Extraction(
        actors=good.actors,
        relationships=(
            ProposedRelationship("spoke-with", "Kassym-Jomart Tokayev", "Vladimir Putin", 0.9, 1, 10, "not this"),
            ProposedRelationship("married-to", "Kassym-Jomart Tokayev", "Vladimir Putin", 0.9, 0, 7, TEXT[0:7]),
            ProposedRelationship("ally-of", "Kassym-Jomart Tokayev", "Nobody", 0.9, 0, 7, TEXT[0:7]),
        ),
    )
    res = ingest_article(repo, article_from_text(TEXT), bad)
    assert len(res.skipped) == 3 and repo.counts()["relationships"] == 0
    assert "does not match the article text" in res.skipped[0]
    repo.close()


def test_reimport_adds_nothing_and_rejected_stays_rejected(tmp_path):
    repo = empty_workspace(tmp_path)
    res = ingest_article(repo, article_from_text(TEXT), hand_extraction())
    rel = repo.find_relationship("spoke-with", repo.find_actor("Putin").id, repo.find_actor("Tokayev").id)
    repo.reject(rel.id)
    before = repo.counts()
    again = ingest_article(repo, article_from_text(TEXT), hand_extraction())
    assert not again.new_article and again.article_id == res.article_id
    assert repo.counts() == before
    # another article stating the same: its excerpt joins, the relationship stays rejected
    text2 = "Later, " + TEXT
    more = ingest_article(repo, article_from_text(text2), hand_extraction(text2))
    assert more.new_relationships == 0 and more.new_actors == 0 and more.proposals == 2
    rel2 = repo.get_relationship(rel.id)
    assert rel2.status == "rejected" and len(rel2.evidence) == 2
    repo.close()


def test_a_failure_inside_an_article_stores_none_of_it(tmp_path):
    repo = empty_workspace(tmp_path)
    before = repo.counts()
    broken = Extraction(actors=(ProposedActor("  ", "person"),))  # the workspace refuses an empty name
    with pytest.raises(ValueError):
        ingest_article(repo, article_from_text(TEXT), broken)
    assert repo.counts() == before
    repo.close()


@pytest.fixture(scope="module")
def nlp():
    from desktop.extract import load_pipeline

    return load_pipeline()


def core_relationships(repo) -> set[tuple[str, str, str]]:
    return {(r.type, r.source, r.target) for r in repo.list_relationships()}


def test_seed_article_into_empty_workspace_proposes_core_relationships(tmp_path, nlp):
    repo = open_user_workspace(tmp_path / "w.relmap", seed=False)
    art = read_article(resource_path("seeds", "000_925dccfa091fcfa9.txt"))
    batch = ingest_files(repo, [art], nlp=nlp)
    (outcome,) = batch.outcomes
    assert outcome.ok and outcome.result.new_article
    text = repo.get_article(outcome.result.article_id).text
    rels = repo.list_relationships()
    for r in rels:
        assert r.status == "proposed"
        for ev in r.evidence:
            assert ev.origin == "extractor" and text[ev.start : ev.end] == ev.text
    got = {(r.type, r.source, r.target) for r in rels}
    assert ("successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev") in got
    assert {
        ("ally-of", "Karim Masimov", "Nursultan Nazarbayev"),
        ("ally-of", "Nursultan Nazarbayev", "Karim Masimov"),
    } & got
    assert {
        ("spoke-with", "Vladimir Putin", "Kassym-Jomart Tokayev"),
        ("spoke-with", "Kassym-Jomart Tokayev", "Vladimir Putin"),
    } & got
    # the arrest: the detained is the source; the excerpt runs from the arrest to the sentence
    # in which the agency reports it
    arrest = next(r for r in rels if r.type == "arrested-by")
    assert (arrest.source, arrest.target) == ("Karim Masimov", "National Security Committee")
    quote = arrest.evidence[0].text
    assert quote.startswith("Former Kazakhstan intelligence chief Karim Masimov")
    assert quote.endswith("the arrest took place last Thursday.")
    before = repo.counts()
    again = ingest_files(repo, [resource_path("seeds", "000_925dccfa091fcfa9.txt")], nlp=nlp)
    assert not again.outcomes[0].result.new_article and repo.counts() == before
    repo.close()


@pytest.mark.xfail(
    reason="the extractor (branch extract, dc85f21) does not yet propose spoke-with for "
    "'Nazarbayev would be in direct contact with President Kassym-Jomart Tokayev'"
)
def test_seed_article_proposes_nazarbayev_tokayev_contact(tmp_path, nlp):
    repo = open_user_workspace(tmp_path / "w.relmap", seed=False)
    ingest_files(repo, [resource_path("seeds", "000_925dccfa091fcfa9.txt")], nlp=nlp)
    pairs = {(r.type, frozenset((r.source, r.target))) for r in repo.list_relationships()}
    assert ("spoke-with", frozenset({"Nursultan Nazarbayev", "Kassym-Jomart Tokayev"})) in pairs
    repo.close()


def test_batch_reports_bad_files_and_goes_on(tmp_path, nlp):
    repo = empty_workspace(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    seen: list[tuple[int, int]] = []
    batch = ingest_files(repo, [bad, good], nlp=nlp, progress=lambda d, t, _o: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)] and batch.failed == 1 and batch.imported == 1 and not batch.stopped
    assert str(bad) in batch.outcomes[0].error
    repo.close()


NAMES = ["Maria Lopez", "Ahmed Khan", "Olga Petrova", "John Smith", "Li Wei", "Amina Diallo"]
CITIES = ["Paris", "Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Accra", "Riga", "Dakar", "Sofia", "Doha", "Baku"]


def test_cancel_mid_batch_leaves_only_complete_articles(tmp_path, nlp):
    repo = empty_workspace(tmp_path)
    paths = []
    for i, city in enumerate(CITIES):
        a, b = NAMES[i % 6], NAMES[(i + 1) % 6]
        p = tmp_path / f"a{i:02}.txt"
        p.write_text(
            f"{a} met {b} in {city} on Monday. {a} is a close ally of {b}, officials in {city} said.", encoding="utf-8"
        )
        paths.append(p)
    stop = threading.Event()

    def progress(done: int, _total: int, _outcome) -> None:
        if done == 5:
            stop.set()

    batch = ingest_files(repo, paths, nlp=nlp, progress=progress, should_stop=stop.is_set, batch_size=4)
    assert batch.stopped and len(batch.outcomes) == 5 and repo.counts()["articles"] == 5
    repo.close()
    # every stored article is whole: exactly the evidence its import reported, nothing dangling
    con = sqlite3.connect(tmp_path / "empty.relmap")
    orphans = con.execute("SELECT count(*) FROM evidence WHERE article_id NOT IN (SELECT id FROM article)")
    assert orphans.fetchone()[0] == 0
    per_article = dict(con.execute("SELECT article_id, count(*) FROM evidence GROUP BY article_id").fetchall())
    con.close()
    reported = {o.result.article_id: o.result.new_evidence for o in batch.outcomes}
    assert {k: v for k, v in reported.items() if v} == per_article
    assert sum(reported.values()) > 0


def test_cli_import_prints_a_summary_per_file_and_extract_prints_json(tmp_path, capsys):
    ws = tmp_path / "cli.relmap"
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>Talks</title></head><body><article><p>{TEXT}</p></article></body></html>", encoding="utf-8"
    )
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"nope")
    code = main(["--no-seed", "import", str(page), str(bad), "-w", str(ws)])
    out, err = capsys.readouterr()
    assert code == 1 and f"{page}: imported as article 1 ('Talks')" in out and "new proposal" in out
    assert f"{bad}: is not a PDF file" in err
    code = main(["extract", str(resource_path("seeds", "000_925dccfa091fcfa9.txt")), "--json"])
    out, _ = capsys.readouterr()
    import json

    data = json.loads(out)
    assert code == 0 and set(data) == {"actors", "relations"} and data["relations"]


def test_actors_changed_during_a_batch_are_read_again(tmp_path, nlp):
    """The GUI may merge or delete actors while a batch imports; the import must not trip on it."""
    repo = empty_workspace(tmp_path)
    paths = []
    for i, city in enumerate(["Paris", "Lima", "Oslo"]):
        p = tmp_path / f"s{i}.txt"
        p.write_text(
            f"Maria Lopez met Ahmed Khan in {city} on Monday. Maria Lopez is a close ally of Ahmed Khan.",
            encoding="utf-8",
        )
        paths.append(p)

    def progress(done: int, _total: int, _outcome) -> None:
        if done == 1:
            maria = repo.find_actor("Maria Lopez")
            assert maria is not None
            repo.delete_actor(maria.id)

    batch = ingest_files(repo, paths, nlp=nlp, progress=progress, batch_size=1)
    assert batch.failed == 0 and batch.imported == 3, [o.error for o in batch.outcomes]
    maria = repo.find_actor("Maria Lopez")
    assert maria is not None and maria.degree > 0
    repo.close()
