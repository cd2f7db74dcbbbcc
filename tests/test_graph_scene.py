"""The graph logic behind the view, checked without a QApplication."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from desktop.graph.excerpts import excerpt_context
from desktop.graph.scene import (
    SceneFilter,
    actor_relationships,
    apply_filter,
    arrowheads,
    build_scene,
    edge_geometry,
    find_actor,
    load_scene,
    neighbourhood,
    node_sizes,
    parallel_lanes,
    shortest_path,
)
from tests.helpers import seeded_workspace


@pytest.fixture
def seed(tmp_path):
    repo = seeded_workspace(tmp_path)
    yield repo, build_scene(repo.list_actors(), repo.list_relationships(), repo.list_relation_types())
    repo.close()


def _rows(scene, mask):
    return {
        (scene.types[k], scene.names[scene.edges[k, 0]], scene.names[scene.edges[k, 1]]) for k in np.flatnonzero(mask)
    }


def test_scene_has_every_actor_and_relationship(seed):
    repo, s = seed
    lean = load_scene(repo)  # from Repository.graph_rows(): the same arrays

    def actors(sc):
        return {int(a): (sc.names[i], sc.aliases[i], int(sc.degree[i])) for i, a in enumerate(sc.actor_ids)}

    def rels(sc):
        return {
            int(r): (
                int(sc.actor_ids[sc.edges[k, 0]]),
                int(sc.actor_ids[sc.edges[k, 1]]),
                sc.types[k],
                bool(sc.directed[k]),
                sc.first_published[k],
                int(sc.evidence_count[k]),
            )
            for k, r in enumerate(sc.rel_ids)
        }

    assert actors(lean) == actors(s) and rels(lean) == rels(s)
    assert s.n == 8 and s.m == 9
    naz = s.row_of_actor[repo.find_actor("Nazarbayev").id]
    assert s.degree[naz] == 5
    sizes = node_sizes(s.degree)
    assert sizes[naz] == sizes.max()
    assert np.isnan(s.pos).all()  # a fresh workspace has no layout yet


def test_filter_by_type_status_and_date(seed):
    _repo, s = seed
    everything = apply_filter(s, SceneFilter())
    assert everything.edges.all() and everything.nodes.all()
    no_talk = apply_filter(s, SceneFilter(types=frozenset(set(s.types) - {"spoke-with"})))
    assert not any(t == "spoke-with" for t, *_ in _rows(s, no_talk.edges))
    assert no_talk.edges.sum() == 7
    only_arrest = apply_filter(s, SceneFilter(types=frozenset({"arrested-by"})))
    assert {s.names[i] for i in np.flatnonzero(only_arrest.nodes)} == {"Karim Masimov", "National Security Committee"}
    assert not apply_filter(s, SceneFilter(statuses=frozenset({"proposed"}))).edges.any()
    later = apply_filter(s, SceneFilter(date_from=date(2023, 1, 1)))
    exact = apply_filter(s, SceneFilter(date_from=date(2023, 1, 1)), dated_ids={int(s.rel_ids[0])})
    assert exact.edges.sum() == 1
    assert not later.edges.any() and not later.nodes.any()
    same_day = apply_filter(s, SceneFilter(date_from=date(2022, 1, 8), date_to=date(2022, 1, 8)))
    assert same_day.edges.all()


def test_neighbourhood_and_shortest_path(seed):
    repo, s = seed
    putin = repo.find_actor("Putin").id
    knb = repo.find_actor("KNB").id
    rows, _edges = neighbourhood(s, s.row_of_actor[putin], 1)
    assert {s.names[r] for r in rows} == {"Vladimir Putin", "Russia", "Kassym-Jomart Tokayev"}
    rows2, _ = neighbourhood(s, s.row_of_actor[putin], 2)
    assert "Nursultan Nazarbayev" in {s.names[r] for r in rows2}
    nodes, erows = shortest_path(s, putin, knb)
    assert [s.names[r] for r in nodes] == [
        "Vladimir Putin",
        "Kassym-Jomart Tokayev",
        "Nursultan Nazarbayev",
        "Karim Masimov",
        "National Security Committee",
    ]
    # Tokayev and Nazarbayev are linked twice (successor-of, spoke-with): both are on the path.
    assert len(erows) == 5
    shown = apply_filter(s, SceneFilter(path=(putin, knb)))
    assert shown.path_found and shown.edges.sum() == 5 and shown.nodes.sum() == 5
    cut = apply_filter(s, SceneFilter(types=frozenset({"leader-of"}), path=(putin, knb)))
    assert cut.path_found is False and "No path" in cut.message
    focus = apply_filter(s, SceneFilter(focus_actor=putin, depth=1))
    assert focus.nodes.sum() == 3 and focus.edges.sum() == 2


def test_find_actor_by_any_alias_and_tab_order(seed):
    _repo, s = seed
    assert s.names[find_actor(s, "knb")] == "National Security Committee"
    assert s.names[find_actor(s, "  tokayev ")] == "Kassym-Jomart Tokayev"
    assert s.names[find_actor(s, "nazar")] == "Nursultan Nazarbayev"
    assert find_actor(s, "nobody at all") is None
    naz = find_actor(s, "Nazarbayev")
    order = actor_relationships(s, naz)
    assert len(order) == 5
    assert [s.types[k] for k in order] == sorted(s.types[k] for k in order)


def test_parallel_relationships_are_drawn_side_by_side():
    edges = np.array([[0, 1], [1, 0], [1, 2], [0, 1]])
    lanes = parallel_lanes(edges)
    assert lanes[2] == 0
    assert sorted(lanes[[0, 1, 3]]) == [-1, 0, 1]
    pos = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]])
    start, end = edge_geometry(pos, edges, lanes, lane_gap=1.0, trim_start=1.0, trim_end=2.0)
    ys = sorted(start[[0, 1, 3], 1])
    assert ys == pytest.approx([-1, 0, 1])
    assert start[2] == pytest.approx([10, 1]) and end[2] == pytest.approx([10, 8])
    tri = arrowheads(start[2:3], end[2:3], length=1.0, width=0.8)
    assert tri[0, 0] == pytest.approx(end[2])
    assert tri[0, 1, 1] == pytest.approx(7.0) and abs(tri[0, 1, 0] - tri[0, 2, 0]) == pytest.approx(0.8)


def test_excerpt_context_is_the_whole_sentence():
    text = "First sentence here. He said that Nazarbayev chose him as successor in 2019. Last one."
    start = text.index("Nazarbayev")
    end = start + len("Nazarbayev chose him")
    lo, hi = excerpt_context(text, start, end)
    assert text[lo:hi] == "He said that Nazarbayev chose him as successor in 2019."
