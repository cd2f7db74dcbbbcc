"""The demo workspace built from seeds/."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from desktop.paths import resource_path
from tests.helpers import seeded_workspace

# sha256 of ../shared/seeds/000_925dccfa091fcfa9.txt, the article the project started from
SEED_ARTICLE_SHA256 = "40a317ce97b6e19bafd02b7535a6e1d83afd2dc033dc49079ed7688ff0a9617d"


def test_seed_article_is_the_original_bytes():
    data = resource_path("seeds", "000_925dccfa091fcfa9.txt").read_bytes()
    assert data.startswith(b" date 2022-01-08 Russian President Vladimir Putin")
    assert hashlib.sha256(data).hexdigest() == SEED_ARTICLE_SHA256


def test_seed_workspace_holds_the_curated_map(tmp_path):
    repo = seeded_workspace(tmp_path)
    rels = {(r.type, r.source, r.target): r for r in repo.list_relationships()}

    def has(kind, a, b):
        return (kind, a, b) in rels or (kind, b, a) in rels and not rels[(kind, b, a)].directed

    assert has("spoke-with", "Vladimir Putin", "Kassym-Jomart Tokayev")
    assert ("successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev") in rels
    assert has("ally-of", "Karim Masimov", "Nursultan Nazarbayev")
    assert ("arrested-by", "Karim Masimov", "National Security Committee") in rels
    assert has("spoke-with", "Nursultan Nazarbayev", "Kassym-Jomart Tokayev")
    assert ("spokesperson-of", "Aidos Ukibay", "Nursultan Nazarbayev") in rels
    assert ("leader-of", "Vladimir Putin", "Russia") in rels
    assert ("leader-of", "Kassym-Jomart Tokayev", "Kazakhstan") in rels
    assert all(r.status == "confirmed" and r.evidence for r in rels.values())

    [article] = repo.list_articles()
    assert article.published == date(2022, 1, 8)
    text = repo.get_article(article.id).text
    assert not text.startswith(" date")
    for rel in rels.values():
        for ev in rel.evidence:
            assert ev.text == text[ev.start : ev.end]

    arrest = rels[("arrested-by", "Karim Masimov", "National Security Committee")].evidence[0].text
    assert arrest.startswith("Former Kazakhstan intelligence chief Karim Masimov")
    assert "was arrested" in arrest and arrest.endswith("the arrest took place last Thursday.")
    assert (
        "chose as his successor"
        in rels[("successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev")].evidence[0].text
    )
    assert repo.find_actor("KNB").name == "National Security Committee"
    repo.close()


def test_seed_offsets_plus_marker_point_into_the_file():
    """The stored text is the file minus its ' date 2022-01-08 ' marker: offsets shift by its length."""
    seed = json.loads(resource_path("seeds", "seed.json").read_text(encoding="utf-8"))
    raw = resource_path("seeds", seed["article"]["file"]).read_text(encoding="utf-8")
    marker = len(" date 2022-01-08 ")
    for rel in seed["relationships"]:
        for ev in rel["evidence"]:
            assert raw[ev["start"] + marker : ev["end"] + marker] == ev["text"]


def test_existing_workspace_is_not_seeded_twice(tmp_path):
    seeded_workspace(tmp_path).close()
    repo = seeded_workspace(tmp_path)
    assert repo.counts()["articles"] == 1 and repo.counts()["relationships"] == 9
    repo.close()
