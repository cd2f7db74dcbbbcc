"""The synthetic workspace builder used by the benchmarks."""

from __future__ import annotations

from desktop.model import open_workspace
from tests.bench.make_workspace import build


def test_small_synthetic_workspace_is_consistent_and_reproducible(tmp_path):
    first = build(tmp_path / "a.relmap", 300, seed=3)
    second = build(tmp_path / "b.relmap", 300, seed=3)
    assert first["relationships"] == second["relationships"] > 300
    repo = open_workspace(tmp_path / "a.relmap")
    counts = repo.counts()
    assert counts["actors"] == 300 and counts["relationships"] == first["relationships"]
    assert counts["evidence"] == counts["relationships"]
    rels = repo.list_relationships()
    texts = {a.id: repo.get_article(a.id).text for a in repo.list_articles()}
    for rel in rels[:200]:
        [ev] = rel.evidence
        assert ev.text == texts[ev.article_id][ev.start : ev.end]
        assert rel.source.split()[-1] in ev.text and rel.target.split()[-1] in ev.text
    repo.close()
