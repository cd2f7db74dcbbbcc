"""The `relmap` command line: listing, importing, the JSON round trip, and user mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.model import open_workspace
from desktop.seed import open_user_workspace
from tests.helpers import digest


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(tmp_path):
    """A workspace holding the demo map (the main window or `relmap import` would have made it)."""
    path = tmp_path / "w.relmap"
    open_user_workspace(path).close()
    return path


def counts(path):
    repo = open_workspace(path)
    try:
        return repo.counts()
    finally:
        repo.close()


def test_list_relationships_json_on_a_new_workspace(capsys, ws):
    code, out, err = run(capsys, "list", "relationships", "--workspace", ws, "--json")
    assert code == 0, err
    rels = json.loads(out)
    assert len(rels) == 9
    repo = open_workspace(ws)
    texts = {a.id: repo.get_article(a.id).text for a in repo.list_articles()}
    repo.close()
    for rel in rels:
        assert set(rel) >= {"type", "source", "target", "status", "confidence", "evidence"}
        for ev in rel["evidence"]:
            assert ev["article"].startswith("Kazakhstan unrest")
            assert ev["text"] == texts[ev["article_id"]][ev["start"] : ev["end"]]
    succession = [r for r in rels if r["type"] == "successor-of"]
    assert succession[0]["source"] == "Kassym-Jomart Tokayev" and succession[0]["target"] == "Nursultan Nazarbayev"


def test_list_actors_and_filters(capsys, ws):
    code, out, _ = run(capsys, "list", "actors", "-w", ws)
    assert code == 0 and "National Security Committee  [organisation" in out and "also: KNB" in out
    code, out, _ = run(capsys, "list", "relationships", "-w", ws, "--types", "leader-of", "--json")
    assert code == 0 and {r["type"] for r in json.loads(out)} == {"leader-of"}
    code, _, err = run(capsys, "list", "relationships", "-w", ws, "--types", "married-to")
    assert code == 1 and err.count("\n") == 1 and "unknown relationship type 'married-to'" in err


def test_no_seed_creates_an_empty_workspace(capsys, tmp_path):
    new = tmp_path / "empty.relmap"
    note = tmp_path / "note.txt"
    note.write_text("A note\n\nNothing to see.\n", encoding="utf-8")
    code, _, err = run(capsys, "--no-seed", "import", note, "--no-extract", "-w", new)
    assert code == 0 and err == f"relmap: created workspace {new}\n"
    code, out, _ = run(capsys, "list", "actors", "-w", new)
    assert code == 0 and out == ""


@pytest.mark.parametrize(
    "command",
    [
        ("list", "actors"),
        ("export", "--format", "json", "--out", "{tmp}/out.json"),
        ("export", "--format", "png", "--out", "{tmp}/out.png"),
        ("import-json", "{tmp}/export.json"),
        ("self-test",),
    ],
)
def test_a_workspace_that_does_not_exist_is_an_error_not_a_new_demo(capsys, tmp_path, ws, command):
    """`relmap export --workspace typo.relmap` once made a demo workspace and exported the
    Kazakhstan map with exit 0: only the main window and `relmap import` create workspaces."""
    assert run(capsys, "export", "--format", "json", "--out", tmp_path / "export.json", "-w", ws)[0] == 0
    typo = tmp_path / "typo.relmap"
    code, out, err = run(capsys, *(part.format(tmp=tmp_path) for part in command), "--workspace", typo)
    assert code == 1
    assert err == f"relmap: {typo}: no such workspace (the main window and `relmap import` create workspaces)\n"
    assert not typo.exists() and not (tmp_path / "out.json").exists() and not (tmp_path / "out.png").exists()


def test_import_creates_the_workspace_it_is_given_and_says_so(capsys, tmp_path, ws):
    new = tmp_path / "new.relmap"
    note = tmp_path / "note.txt"
    note.write_text("Talks\n\nAnna Example met Boris Sample in Vienna.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", note, "-w", new)
    assert code == 0 and err == f"relmap: created workspace {new} with the demo map\n"
    code, out, err = run(capsys, "import", note, "-w", new)
    assert code == 0 and err == ""  # it exists now: nothing to announce
    # a workspace export restores into a new, empty workspace through import
    assert run(capsys, "export", "--format", "json", "--out", tmp_path / "w.json", "-w", ws)[0] == 0
    restored = tmp_path / "restored.relmap"
    code, out, err = run(capsys, "import", tmp_path / "w.json", "-w", restored)
    assert code == 0 and err == f"relmap: created workspace {restored}\n"
    assert counts(restored) == counts(ws)


def test_json_round_trip_is_lossless(capsys, tmp_path, ws):
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    other = tmp_path / "copy.relmap"
    assert run(capsys, "import", tmp_path / "missing.txt", "-w", ws)[0] == 1
    note = tmp_path / "note.txt"
    note.write_text("Headline about Someone\n\nSomeone met Another on Tuesday.\n", encoding="utf-8")
    assert run(capsys, "import", note, "-w", ws)[0] == 0
    repo = open_workspace(ws)
    a = repo.create_actor("Someone", aliases=["S."], notes="added by hand").subject_id
    b = repo.create_actor("Another", "organisation").subject_id
    repo.set_positions({a: (1.25, -3.5)}, pinned={a: True})
    repo.add_relation_type("funded-by", "funded by", color="#336699")
    art = repo.find_article("Headline about Someone\n\nSomeone met Another on Tuesday.")
    assert art is not None
    rel = repo.add_relationship(
        "funded-by", a, b, status="rejected", confidence=0.25, valid_from="2020-02", note="check"
    ).subject_id
    repo.add_evidence(rel, art, 24, 55, origin="extractor")
    repo.close()
    assert run(capsys, "export", "--format", "json", "--out", first, "-w", ws)[0] == 0
    code, out, err = run(capsys, "import", first, "-w", other)  # a new workspace from the export
    assert code == 0, err
    assert run(capsys, "export", "--format", "json", "--out", second, "-w", other)[0] == 0
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    data = json.loads(second.read_text())
    someone = next(x for x in data["actors"] if x["name"] == "Someone")
    assert (someone["x"], someone["y"], someone["pinned"], someone["aliases"]) == (1.25, -3.5, True, ["S."])


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "is empty"),
        (b"   \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("Caf\xe9 au lait in Lyon.".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_bad_article_files_are_refused_and_store_nothing(capsys, tmp_path, ws, content, problem):
    run(capsys, "list", "actors", "-w", ws)
    before = counts(ws)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run(capsys, "import", bad, "-w", ws)
    assert code == 1
    assert err.strip() == err.strip().splitlines()[0]  # one line
    assert str(bad) in err and problem in err
    assert "Traceback" not in err + out
    assert counts(ws) == before


def test_huge_file_is_refused(capsys, tmp_path, ws):
    from desktop.extract.reader import ArticleFileError, read_text_article

    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 300_000)
    with pytest.raises(ArticleFileError, match="too large for an article"):
        read_text_article(big, max_bytes=1_000_000)


def test_import_text_with_date_marker_and_reimport_adds_nothing(capsys, tmp_path, ws):
    art = tmp_path / "story.txt"
    art.write_text("date 2023-04-05\nMayor meets minister\n\nThe mayor met the minister.\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", art, "-w", ws)
    assert code == 0 and "imported as article" in out
    code, out, _ = run(capsys, "import", art, "-w", ws)
    assert code == 0 and "already in the workspace" in out
    repo = open_workspace(ws)
    found = [a for a in repo.list_articles() if a.title == "Mayor meets minister"]
    assert len(found) == 1 and found[0].published.isoformat() == "2023-04-05"
    assert repo.get_article(found[0].id).text.startswith("Mayor meets minister")
    repo.close()


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"{not json", "is not valid JSON (key must be a string at line 1, column 2)"),
        (b'{"format": "something-else"}', "not a Relmap workspace export"),
        (b'{"format": "relmap-workspace", "version": 99}', "newer Relmap (format version 99"),
        (
            b'{"format": "relmap-workspace", "version": 1, "actors": [{"name": "A"}], "articles": [], '
            b'"relationships": [{"type": "ally-of", "source": "A", "target": "Nobody"}]}',
            "names an actor the file",
        ),
        (b"\xff\xfe\x00garbage", "is not UTF-8"),
    ],
)
def test_bad_json_imports_store_nothing(capsys, tmp_path, ws, content, problem):
    run(capsys, "list", "actors", "-w", ws)
    before = counts(ws)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = run(capsys, "import-json", bad, "-w", ws)
    assert code == 1 and str(bad) in err and problem in err and "Traceback" not in err
    assert counts(ws) == before


def test_refused_workspace_is_left_untouched(capsys, tmp_path):
    path = tmp_path / "thesis.relmap"
    path.write_text("chapter one")
    before = digest(path)
    code, _, err = run(capsys, "list", "actors", "-w", path)
    assert code == 1 and "is not a Relmap workspace" in err
    assert digest(path) == before


def test_console_entry_point_version_and_usage_errors(tmp_path):
    env = dict(os.environ, RELMAP_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout.strip() == f"relmap {__version__}"
    done = subprocess.run([sys.executable, "-m", "desktop", "list", "planets"], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and "invalid choice" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(tmp_path / "nope.txt")], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1 and done.stderr.strip() == f"relmap: {tmp_path / 'nope.txt'}: does not exist"
    assert not (tmp_path / "data" / "default.relmap").exists()  # a refused import makes no workspace
    done = subprocess.run([sys.executable, "-m", "desktop", "list", "actors"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and "Nursultan Nazarbayev" in done.stdout
    # the first run makes the default workspace, as the main window does, and says so
    assert done.stderr == f"relmap: created workspace {tmp_path / 'data' / 'default.relmap'} with the demo map\n"
