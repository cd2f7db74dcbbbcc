"""The JSON workspace format: one schema (pydantic), validated whole, refusals in the file's terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.export.workspace_json import WorkspaceFile, json_schema_text, read_json_file
from desktop.model import open_workspace
from desktop.seed import open_user_workspace
from tests.helpers import digest

DOCS = Path(__file__).resolve().parent.parent / "docs" / "workspace.schema.json"
PYTHON_WORDS = (
    "object has no attribute",
    "argument must be",
    "bytes-like",
    "Traceback",
    "internal error",
    "NoneType",
    "sqlalche.me",
    "RecursionError",
    "TypeError",
    "KeyError",
    "pydantic",
    "Input should",
)

TEXT = "Ines Varga met Oskar Lind in the capital on Monday, officials said."


def good() -> dict:
    """A small valid export with every kind of row."""
    end = TEXT.index("Monday") + len("Monday")
    return {
        "format": "relmap-workspace",
        "version": 1,
        "relmap": "0.1.0",
        "relation_types": [
            {
                "key": "funded-by",
                "label": "funded by",
                "inverse_label": "funds",
                "directed": True,
                "color": "#112233",
                "builtin": False,
            }
        ],
        "actors": [
            {
                "name": "Ines Varga",
                "kind": "person",
                "aliases": ["I. Varga"],
                "notes": "",
                "x": 1.5,
                "y": -2.0,
                "pinned": True,
                "status": "confirmed",
                "created_at": "2024-01-02T03:04:05",
            },
            {"name": "Oskar Lind", "kind": "person", "aliases": []},
        ],
        "articles": [
            {
                "content_hash": "h1",
                "title": "Talks",
                "source": "Wire",
                "published": "2024-01-01",
                "imported_at": "2024-01-02T00:00:00",
                "text": TEXT,
            }
        ],
        "relationships": [
            {
                "type": "spoke-with",
                "source": "Ines Varga",
                "target": "Oskar Lind",
                "status": "confirmed",
                "confidence": 0.8,
                "valid_from": "2024",
                "valid_to": None,
                "note": "",
                "created_at": "2024-01-02T03:04:05",
                "evidence": [{"article": "h1", "start": 0, "end": end, "text": TEXT[:end], "origin": "person"}],
            },
            {"type": "funded-by", "source": "Oskar Lind", "target": "I. Varga"},
        ],
    }


def edited(path: str, value: object, base: dict | None = None) -> dict:
    """``good()`` with the field at ``path`` (dots and [i]) set to ``value``; DELETE removes it."""
    data = base or good()
    parts = [int(p) if p.isdigit() else p for p in path.replace("[", ".").replace("]", "").split(".")]
    holder = data
    for part in parts[:-1]:
        holder = holder[part]
    if value is DELETE:
        del holder[parts[-1]]
    else:
        holder[parts[-1]] = value
    return data


DELETE = object()

# (field, bad value, what the one line must say)
BAD_FIELDS = [
    ("actors[0].name", 12, "actors[0].name: expected a string, got 12"),
    ("actors[0].name", "", "actors[0].name: is empty"),
    ("actors[0].name", None, "actors[0].name: expected a string, got null"),
    ("actors[0].name", DELETE, "actors[0].name: is missing"),
    ("actors[0].name", "x" * 400, "actors[0].name: is too long"),
    ("actors[0].aliases[0]", 12, "actors[0].aliases[0]: expected a string, got 12"),
    ("actors[0].aliases", "I. Varga", 'actors[0].aliases: expected a list, got "I. Varga"'),
    ("actors[0].kind", "planet", "actors[0].kind: unknown actor kind"),
    ("actors[0].kind", 3, "actors[0].kind: expected"),
    ("actors[0].notes", 7, "actors[0].notes: expected a string, got 7"),
    ("actors[0].x", "left", 'actors[0].x: expected a number, got "left"'),
    ("actors[0].x", None, "a position needs both x and y"),
    ("actors[0].pinned", "yes", "actors[0].pinned: expected true or false"),
    ("actors[0].status", "maybe", "actors[0].status: expected"),
    ("actors[0].created_at", 5, "actors[0].created_at: expected a date and time"),
    ("actors[0].created_at", "yesterday", "actors[0].created_at: expected a date and time"),
    ("actors[0]", "Ines", 'actors[0]: expected an object, got "Ines"'),
    ("actors", {"name": "x"}, "actors: expected a list"),
    ("actors", DELETE, "actors: is missing"),
    ("articles[0].text", 5, "articles[0].text: expected a string, got 5"),
    ("articles[0].text", "", "articles[0].text: is empty"),
    ("articles[0].text", "   ", "articles[0].text: has no text"),
    ("articles[0].published", "last week", "articles[0].published: expected a date like 2019-03-20"),
    ("articles[0].published", 2024, "articles[0].published: expected a date like 2019-03-20"),
    ("articles[0].title", ["a"], "articles[0].title: expected a string"),
    ("relationships[0].source", 3, "relationships[0].source: expected a string, got 3"),
    ("relationships[0].target", "Nobody Known", "relationships[0].target: names an actor the file does not list"),
    ("relationships[0].type", "married-to", "relationships[0].type: unknown relationship type"),
    ("relationships[0].type", 1, "relationships[0].type: expected a string"),
    ("relationships[0].status", "maybe", "relationships[0].status: expected"),
    ("relationships[0].confidence", 1.5, "relationships[0].confidence: must be at most 1"),
    ("relationships[0].confidence", "high", "relationships[0].confidence: expected a number"),
    ("relationships[0].valid_from", "March", 'relationships[0].valid_from: "March" is not in the expected form'),
    ("relationships[0].note", 4, "relationships[0].note: expected a string, got 4"),
    ("relationships[0].evidence[0].start", "0", "relationships[0].evidence[0].start: expected a whole number"),
    ("relationships[0].evidence[0].start", 1.5, "relationships[0].evidence[0].start: expected a whole number"),
    ("relationships[0].evidence[0].start", -1, "relationships[0].evidence[0].start: must be at least 0"),
    ("relationships[0].evidence[0].end", 0, "relationships[0].evidence[0].end: must be at least 1"),
    ("relationships[0].evidence[0].end", 10_000, "relationships[0].evidence[0]: excerpt 0-10000 lies outside"),
    ("relationships[0].evidence[0].article", "h9", "evidence[0].article: points at an article the file does not"),
    ("relationships[0].evidence[0].text", "Other words", "relationships[0].evidence[0].text: does not match"),
    ("relationships[0].evidence[0].origin", "robot", "relationships[0].evidence[0].origin: expected"),
    ("relationships[0].evidence", {"article": "h1"}, "relationships[0].evidence: expected a list"),
    ("relation_types[0].key", "Funded By", 'relation_types[0].key: "Funded By" is not in the expected form'),
    ("relation_types[0].color", "red", 'relation_types[0].color: "red" is not in the expected form'),
    ("relation_types[0].directed", "no", "relation_types[0].directed: expected true or false"),
]


@pytest.fixture
def ws(tmp_path):
    path = tmp_path / "w.relmap"
    open_user_workspace(path).close()  # a seeded workspace
    return path


def refuse(capsys, tmp_path, ws, content: bytes) -> str:
    """Import ``content``; assert one clean line, exit 1 and the workspace unchanged; return the line."""
    capsys.readouterr()
    before = digest(ws)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code = main(["import-json", str(bad), "-w", str(ws)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and err.startswith(f"relmap: {bad}: "), err
    assert not any(word in err for word in PYTHON_WORDS), err
    assert digest(ws) == before
    return err.strip()


@pytest.mark.parametrize("field, value, message", BAD_FIELDS, ids=[f"{f}={v!r}"[:50] for f, v, _ in BAD_FIELDS])
def test_each_bad_field_is_named_by_its_path(capsys, tmp_path, ws, field, value, message):
    line = refuse(capsys, tmp_path, ws, json.dumps(edited(field, value)).encode())
    assert message in line


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b'{"format": "relmap-workspace", "version": 1, "actors": [{"name": "A", "x": NaN, "y": 0}], '
            b'"articles": [], "relationships": []}',
            "actors[0].x: expected a finite number, got NaN",
        ),
        (
            b'{"format": "relmap-workspace", "version": 1, "actors": [{"name": "A", "x": Infinity, "y": 0}], '
            b'"articles": [], "relationships": []}',
            "actors[0].x: expected a finite number",
        ),
        (
            b'{"format": "relmap-workspace", "version": 1, "actors": [{"name": "A", "x": 1e999, "y": 0}], '
            b'"articles": [], "relationships": []}',
            "actors[0].x: expected a finite number",
        ),
        (
            b'{"format": "relmap-workspace", "version": 1, "actors": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "is nested deeper than a Relmap workspace can be",
        ),
        (b"[" * 1_000_000, "is nested deeper than a Relmap workspace can be"),
        (b'{"format": "relmap-workspace", "version": "1"}', "has no format version"),
        (
            b'{"format": "relmap-workspace", "version": 2, "actors": [], "articles": [], "relationships": []}',
            "was written by a newer Relmap (format version 2",
        ),
        (b'["relmap-workspace"]', "is JSON, but not a Relmap workspace export"),
        (b'"just a string"', "is JSON, but not a Relmap workspace export"),
        (
            b'{"format": "relmap-workspace", "version": 1, "actors": [], "articles": [], "relationships": []',
            "is not valid JSON",
        ),
        (b"\x00\x01\x02", "is not valid JSON"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b"   \n", "is empty"),
    ],
)
def test_whole_file_problems_are_one_line(capsys, tmp_path, ws, content, message):
    assert message in refuse(capsys, tmp_path, ws, content)


def test_a_good_file_imports_and_reads_back(capsys, tmp_path):
    src = tmp_path / "good.json"
    src.write_text(json.dumps(good()), encoding="utf-8")
    target = tmp_path / "new.relmap"
    assert main(["import", str(src), "-w", str(target)]) == 0, capsys.readouterr().err  # a new workspace
    repo = open_workspace(target)
    try:
        ines = repo.find_actor("I. Varga")
        assert ines is not None and (ines.x, ines.y, ines.pinned) == (1.5, -2.0, True)
        rels = {(r.type, r.source, r.target): r for r in repo.list_relationships()}
        assert rels[("funded-by", "Oskar Lind", "Ines Varga")].status == "proposed"
        spoke = rels[("spoke-with", "Ines Varga", "Oskar Lind")]
        assert spoke.confidence == 0.8 and spoke.valid_from == "2024"
        assert [e.text for e in spoke.evidence] == [TEXT[: TEXT.index("Monday") + 6]]
    finally:
        repo.close()
    # the same file again merges into what is there: nothing doubles
    assert main(["import-json", str(src), "-w", str(target)]) == 0
    repo = open_workspace(target)
    assert repo.counts() == {"actors": 2, "relationships": 2, "evidence": 1, "articles": 1} | {
        k: v for k, v in repo.counts().items() if k not in ("actors", "relationships", "evidence", "articles")
    }
    repo.close()


def test_a_refused_import_into_a_new_path_leaves_no_workspace(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(edited("actors[0].aliases[0]", 12)), encoding="utf-8")
    target = tmp_path / "new.relmap"
    assert main(["import", str(bad), "-w", str(target)]) == 1
    assert "actors[0].aliases[0]: expected a string, got 12" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_the_published_schema_is_the_models_schema():
    """docs/workspace.schema.json is generated from the models: regenerate it with
    `python -m desktop.export.workspace_json --schema > docs/workspace.schema.json`."""
    assert DOCS.read_text(encoding="utf-8") == json_schema_text()
    schema = json.loads(DOCS.read_text(encoding="utf-8"))
    assert schema["title"] == "Relmap workspace" and set(schema["required"]) >= {"format", "version", "actors"}


def test_read_json_file_returns_the_validated_model(tmp_path):
    src = tmp_path / "good.json"
    src.write_text(json.dumps(good()), encoding="utf-8")
    model = read_json_file(src)
    assert isinstance(model, WorkspaceFile) and model.actors[0].aliases == ["I. Varga"]
