"""relmap push / pull: a workspace file into a team workspace and back, losslessly; merging into work."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.export.workspace_json import workspace_to_dict
from desktop.model import open_workspace
from tests.bench.make_workspace import build

pytestmark = pytest.mark.postgres


def exported(location) -> dict:
    repo = open_workspace(location, create=False)
    try:
        return workspace_to_dict(repo)
    finally:
        repo.close()


def rows(location) -> dict:
    repo = open_workspace(location, create=False)
    try:
        return repo.export_rows()
    finally:
        repo.close()


def round_trip(source, team: str, back, capsys) -> None:
    """push ``source`` into the empty ``team``, pull it into the new file ``back``: one workspace, three times."""
    assert main(["push", str(source), team]) == 0
    assert capsys.readouterr().out.startswith(f"copied {source} into {team}")
    assert main(["pull", team, str(back)]) == 0
    assert capsys.readouterr().out.startswith(f"copied {team} into {back}")
    original = exported(source)
    assert exported(team) == original
    assert exported(back) == original
    assert rows(back) == rows(source)  # row for row: ids, versions, who made and changed each


def test_the_seed_goes_to_a_team_workspace_and_back_unchanged(seeded_file, pg_url, tmp_path, capsys):
    round_trip(seeded_file, pg_url, tmp_path / "back.relmap", capsys)
    # the team workspace works on from the copy: new ids follow the copied ones
    team = open_workspace(pg_url)
    new = team.create_actor("Ada Example").subject_id
    assert new > max(a.id for a in team.list_actors() if a.id != new)
    team.close()


@pytest.mark.slow
def test_ten_thousand_relationships_go_both_ways_unchanged(pg_url, tmp_path, capsys):
    big = tmp_path / "big.relmap"
    figures = build(big, 5200)
    assert figures["relationships"] >= 10_000
    round_trip(big, pg_url, tmp_path / "back.relmap", capsys)


def test_pushing_into_a_team_workspace_with_work_merges_as_import_json_does(seeded_file, pg_url, tmp_path, capsys):
    team = open_workspace(pg_url)
    ours = team.create_actor("Kassym-Jomart Tokayev", "person", aliases=("Tokayev",), notes="ours").subject_id
    team.create_actor("Ada Example")
    team.close()
    assert main(["push", str(seeded_file), pg_url]) == 0
    assert capsys.readouterr().out.startswith(f"merged {seeded_file} into {pg_url}: it now holds 9 actors")
    team = open_workspace(pg_url)
    try:
        assert team.find_actor("Tokayev").id == ours  # matched by name, not duplicated
        assert len(team.list_relationships()) == 9 and team.find_actor("Ada Example") is not None
    finally:
        team.close()
    # and pulling into a file that has work merges the same way
    mine = tmp_path / "mine.relmap"
    solo = open_workspace(mine)
    solo.create_actor("Ben Sample")
    solo.close()
    assert main(["pull", pg_url, str(mine)]) == 0
    assert json.dumps(sorted(a["name"] for a in exported(mine)["actors"])).count("Ben Sample") == 1
    assert len(exported(mine)["actors"]) == 10


def test_push_refuses_a_missing_source_and_the_same_workspace_twice(seeded_file, pg_url, tmp_path, capsys):
    assert main(["push", str(tmp_path / "none.relmap"), pg_url]) == 1
    assert "none.relmap: does not exist" in capsys.readouterr().err
    assert main(["push", str(seeded_file), str(seeded_file)]) == 1
    assert "source and target are the same workspace" in capsys.readouterr().err
