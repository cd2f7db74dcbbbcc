"""The workspace bench measures what it says, on invented annotated articles (never the eval texts)."""

from __future__ import annotations

import json

from tests.bench import bench_workspace

ARTICLES = {
    "moscow": (
        "Police detained the activist Lena Vost in Moscow on Friday, her lawyer said.",
        [
            {"name": "Moscow police", "kind": "org", "aliases": ["Police"]},
            {"name": "Lena Vost", "kind": "person", "aliases": ["Lena Vost"]},
        ],
        [{"type": "arrested-by", "source": "Lena Vost", "target": "Moscow police", "evidence": "x"}],
    ),
    "lahore": (
        "Police arrested the critic Dana Ormes in Lahore on Monday, his family said.",
        [
            {"name": "Punjab police", "kind": "org", "aliases": ["Police"]},
            {"name": "Dana Ormes", "kind": "person", "aliases": ["Dana Ormes"]},
        ],
        [{"type": "arrested-by", "source": "Dana Ormes", "target": "Punjab police", "evidence": "x"}],
    ),
    "talks": (
        "Aset Berikov met Ivo Marsh in Astana on Tuesday. Berikov later met Dana Ormes.",
        [
            {"name": "Aset Berikov", "kind": "person", "aliases": ["Berikov"]},
            {"name": "Ivo Marsh", "kind": "person", "aliases": []},
            {"name": "Dana Ormes", "kind": "person", "aliases": []},
        ],
        [{"type": "spoke-with", "source": "Aset Berikov", "target": "Ivo Marsh", "evidence": "x"}],
    ),
}


def test_a_bare_police_shared_by_two_stories_is_caught_and_relmap_keeps_them_apart(tmp_path, capsys):
    for name, (text, actors, relations) in ARTICLES.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "article.txt").write_text(text, encoding="utf-8")
        (folder / "gold.json").write_text(json.dumps({"actors": actors, "relations": relations}), encoding="utf-8")
    rc = bench_workspace.main([str(tmp_path)])
    out = capsys.readouterr().out
    table = {line[:44].strip(): line[44:].split() for line in out.splitlines()[2:9]}
    exact, relmap = table["joining two articles' stories"][:2]
    assert int(exact) >= 2 and relmap == "0"  # one "Police" node joins Moscow to Lahore; relmap's two do not
    assert table["actors standing for two gold actors"][:2] == ["1", "0"]
    assert table["gold actors with more than one actor"][1] == "0"
    assert "  talks " in out  # the per-article score
    assert out.rstrip().endswith("targets met") and rc == 0


def test_no_folder_is_a_clear_skip(tmp_path, capsys):
    assert bench_workspace.main([str(tmp_path / "absent")]) == 0
    assert "skipped: no annotated articles" in capsys.readouterr().out
