"""Time windows without Qt: which relationships a reported or a held window keeps, the bar's
histogram and steps, the session's filter, and the window stated in export captions."""

from __future__ import annotations

import csv
from datetime import date

import numpy as np
import pytest

from desktop.cli import main
from desktop.export.mapdata import collect_map
from desktop.graph.scene import SceneFilter
from desktop.graph.session import MapSession
from desktop.graph.timeline import (
    HELD,
    REPORTED,
    bins,
    histogram,
    partial_date_bounds,
    resize_window,
    step_window,
    time_index,
    window_mask,
)
from desktop.model import open_workspace


def d(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def test_a_partial_date_stands_for_its_whole_period():
    assert partial_date_bounds("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    assert partial_date_bounds("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert partial_date_bounds("2019-03-20") == (date(2019, 3, 20), date(2019, 3, 20))
    assert partial_date_bounds(None) is None and partial_date_bounds(" ") is None
    for bad in ("March 2019", "2019-13", "19", "2019-02-30"):
        with pytest.raises(ValueError):
            partial_date_bounds(bad)


def test_reported_window_keeps_relationships_with_an_excerpt_inside_it():
    # relationship 0: excerpts on Jan 3 and Mar 1; 1: Feb 10; 2: no dated excerpt
    index = time_index(3, [(0, "2022-01-03"), (0, "2022-03-01"), (1, "2022-02-10")])
    assert window_mask(index, REPORTED, date(2022, 2, 1), date(2022, 2, 28)).tolist() == [False, True, False]
    # the window falls between relationship 0's two excerpts: it has none inside
    assert window_mask(index, REPORTED, date(2022, 1, 4), date(2022, 2, 9)).tolist() == [False, False, False]
    # both ends are included, and a window may be open on one side
    assert window_mask(index, REPORTED, d("2022-03-01"), d("2022-03-01")).tolist() == [True, False, False]
    assert window_mask(index, REPORTED, None, date(2022, 1, 3)).tolist() == [True, False, False]
    assert index.span(REPORTED) == (d("2022-01-03"), d("2022-03-01"))


def test_held_window_reads_partial_dates_as_periods_and_open_ends_as_open():
    index = time_index(
        5,
        validity=[
            (0, "2019", "2019-03"),  # Jan 1 to Mar 31, 2019
            (1, "2019-06-15", None),  # from June 15, 2019, still holding (open end)
            (2, None, "2018"),  # until the end of 2018, since when unknown (open start)
            (3, None, None),  # no dates: not on this axis
            (4, "not a date", "2020"),  # damaged: counted as missing, the whole row is skipped
        ],
    )
    keep = lambda a, b: window_mask(index, HELD, a, b).tolist()  # noqa: E731
    assert keep(date(2019, 3, 31), date(2019, 3, 31)) == [True, False, False, False, False]
    assert keep(date(2019, 4, 1), date(2019, 6, 14)) == [False, False, False, False, False]
    assert keep(date(2030, 1, 1), date(2030, 12, 31)) == [False, True, False, False, False]
    assert keep(date(1990, 1, 1), date(1990, 1, 1)) == [False, False, True, False, False]
    assert keep(None, None) == [True, True, True, False, False]
    assert index.span(HELD) == (d("2018-12-31"), d("2019-06-15"))
    assert index.dated(HELD).tolist() == [True, True, True, False, False]


def test_bins_are_calendar_units_fine_enough_for_the_bar():
    edges, unit = bins(d("2022-01-03"), d("2022-01-12"), max_bins=60)
    assert unit == "day" and len(edges) == 11 and edges[0] == d("2022-01-03")
    edges, unit = bins(d("2019-02-10"), d("2022-11-01"), max_bins=60)
    assert unit == "month" and edges[0] == d("2019-02-01") and edges[-1] == d("2022-12-01")
    edges, unit = bins(d("1990-05-01"), d("2022-01-01"), max_bins=60)
    assert unit == "year" and edges[0] == d("1990-01-01")


def test_histograms_count_excerpts_and_holding_relationships():
    index = time_index(
        3,
        [(0, "2022-01-03"), (0, "2022-01-03"), (1, "2022-01-05")],
        [(0, "2022-01-02", "2022-01-04"), (1, "2022-01-04", None)],
    )
    h = histogram(index, REPORTED, span=(d("2022-01-01"), d("2022-01-06")))
    assert h.unit == "day" and h.counts.tolist() == [0, 0, 2, 0, 1, 0] and not h.open_counts.any()
    h = histogram(index, HELD, span=(d("2022-01-01"), d("2022-01-06")))
    assert h.counts.tolist() == [0, 1, 1, 1, 0, 0]  # both ends known: Jan 2 to Jan 4
    assert h.open_counts.tolist() == [0, 0, 0, 1, 1, 1]  # open end: from Jan 4 on
    assert histogram(time_index(2), HELD) is None


def test_windows_step_and_resize_by_calendar_units_inside_the_span():
    span = (d("2022-01-01"), d("2022-12-31"))
    jan = (d("2022-01-01"), d("2022-01-31"))
    assert step_window(jan, "month", 1, span) == (d("2022-02-01"), d("2022-03-03"))  # same length
    assert step_window(jan, "month", -1, span) == jan  # cannot leave the span
    assert step_window((d("2022-12-01"), d("2022-12-20")), "week", 2, span) == (d("2022-12-12"), d("2022-12-31"))
    assert resize_window(jan, "week", 1, span) == (d("2022-01-01"), d("2022-02-07"))
    assert resize_window(jan, "month", -3, span) == (d("2022-01-01"), d("2022-01-01"))  # at least one day


@pytest.fixture
def dated_repo(seeded_repo):
    """The seed (Nazarbayev led Kazakhstan 1989 to 2019) with a second, later article, and
    Tokayev's succession held from March 2019 and his leadership from 2019-03-20 on."""
    repo = seeded_repo
    rels = {(r.type, r.source, r.target): r for r in repo.list_relationships()}
    succession = rels[("successor-of", "Kassym-Jomart Tokayev", "Nursultan Nazarbayev")]
    repo.update_relationship(succession.id, valid_from="2019-03", valid_to=None)
    leader = rels[("leader-of", "Kassym-Jomart Tokayev", "Kazakhstan")]
    repo.update_relationship(leader.id, valid_from="2019-03-20", valid_to=None)
    text = "Later report. The two leaders spoke again by telephone."
    article = repo.add_article(text, title="Later report", published=date(2022, 6, 1)).subject_id
    talk = next(r for k, r in rels.items() if k[0] == "spoke-with")
    repo.add_evidence(talk.id, article, 14, len(text))
    return repo, succession.id, leader.id, talk.id


def test_the_session_filters_by_either_axis(dated_repo):
    repo, succession, leader, talk = dated_repo
    session = MapSession(repo)
    session.reload()
    s = session.scene
    first = min(a.published for a in repo.list_articles())
    assert session.date_span() == (first, date(2022, 6, 1))
    session.set_filter(SceneFilter(date_from=date(2022, 5, 1), date_to=date(2022, 6, 30)))
    shown = {int(s.rel_ids[k]) for k in np.flatnonzero(session.shown.edges)}
    assert shown == {talk}  # the only relationship with an excerpt from June
    exact = {r.id for r in repo.list_relationships(date_from=date(2022, 5, 1), date_to=date(2022, 6, 30))}
    assert shown == exact  # the same answer as the workspace's own query
    nazarbayev = next(r.id for r in repo.list_relationships(types=["leader-of"]) if r.source == "Nursultan Nazarbayev")

    def held(first: date, last: date) -> set[int]:
        session.set_filter(SceneFilter(date_from=first, date_to=last, date_axis=HELD))
        return {int(s.rel_ids[k]) for k in np.flatnonzero(session.shown.edges)}

    assert held(date(2021, 1, 1), date(2021, 12, 31)) == {succession, leader}  # open ends: still holding
    assert held(date(2019, 3, 1), date(2019, 3, 19)) == {succession, nazarbayev}  # "2019-03", "2019"
    assert held(date(2019, 12, 31), date(2019, 12, 31)) == {succession, leader, nazarbayev}
    assert held(date(2020, 1, 1), date(2020, 1, 1)) == {succession, leader}  # "to 2019" ended with 2019
    assert session.date_span(HELD) == (date(1989, 1, 1), date(2019, 12, 31))


def test_export_states_the_window_and_keeps_what_it_keeps(dated_repo):
    repo, succession, leader, _talk = dated_repo
    data = collect_map(repo, date_from=date(2021, 1, 1), date_to=date(2021, 12, 31), date_axis=HELD)
    assert {r.id for r in data.relationships} == {succession, leader}
    assert "held 2021-01-01 to 2021-12-31" in data.caption()
    data = collect_map(repo, date_from=date(2022, 6, 1), date_to=date(2022, 6, 30))
    assert "reported 2022-06-01 to 2022-06-30" in data.caption() and len(data.relationships) == 1


def test_cli_export_takes_a_window_and_says_so_in_the_caption(dated_repo, tmp_path, capsys, qapp):
    repo, *_ = dated_repo
    path = repo.path
    repo.close()
    out = tmp_path / "m.svg"
    code = main(
        [
            "export",
            "--format",
            "svg",
            "--out",
            str(out),
            "--workspace",
            str(path),
            "--from",
            "2021",
            "--to",
            "2021",
            "--held",
        ]
    )
    assert code == 0
    assert "held 2021-01-01 to 2021-12-31" in out.read_text(encoding="utf-8")
    capsys.readouterr()
    out = tmp_path / "tables"
    code = main(["export", "--format", "csv", "--out", str(out), "--workspace", str(path), "--from", "2022-06"])
    assert code == 0
    written = capsys.readouterr().out
    table = next(line.split()[-1] for line in written.splitlines() if line.endswith("relationships.csv"))
    with open(table, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1 and rows[0]["type"] == "spoke-with"  # June's one
    code = main(
        ["export", "--format", "svg", "--out", str(tmp_path / "x.svg"), "--workspace", str(path), "--from", "June 2022"]
    )
    err = capsys.readouterr().err
    assert code == 1 and "--from must look like 2022, 2022-01 or 2022-01-05, not 'June 2022'" in err
    code = main(
        [
            "export",
            "--format",
            "svg",
            "--out",
            str(tmp_path / "x.svg"),
            "--workspace",
            str(path),
            "--from",
            "2023",
            "--to",
            "2022",
        ]
    )
    assert code == 1 and "--from 2023 is after --to 2022" in capsys.readouterr().err
    reopened = open_workspace(path)
    reopened.close()
