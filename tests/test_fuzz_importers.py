"""Property-based fuzz of every importer through the `relmap` command's entry function: each
generated file is imported, or refused in one line naming it with the workspace untouched;
never a traceback. A few dozen derandomized cases per format here (the same ones every run, so
CI is deterministic); tests/bench/bench_fuzz.py runs a thousand random ones per format."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings

from desktop.model import open_workspace
from tests.fuzz_cases import FORMATS, Case, cases, run_case

EXAMPLES = 25


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_generated_file_is_imported_or_refused_in_one_line(tmp_path, fmt):
    folder = tmp_path / "ws"
    folder.mkdir()
    workspace = folder / "w.relmap"
    open_workspace(workspace).close()
    seen: dict[str, int] = {"imported": 0, "refused": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(case=cases(fmt))
    def imported_or_refused(case: Case) -> None:
        outcome = run_case(case, workspace=workspace, scratch=tmp_path / "in")
        assert outcome.verdict != "problem", outcome.detail
        seen[outcome.verdict] += 1

    imported_or_refused()
    # the cases reach both answers, and what was imported left a sound workspace
    assert seen["refused"] > 0
    con = sqlite3.connect(workspace)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


# ---------------------------------------------------------------------------- what the fuzz found
def test_a_pdf_whose_stream_names_an_unknown_filter_is_refused_in_one_line(tmp_path):
    """bench_fuzz found this one: a flipped byte in "/FlateDecode" made pypdf raise
    NotImplementedError ("Unsupported filter"), which reached the user as an internal error."""
    from tests.fuzz_cases import _pdf

    text = "Alma Reyes met Boris Lind in Varnholm on Monday, officials said."
    damaged = _pdf(text, "Talks", compress=True).replace(b"/FlateDecode", b"/FlateDe\xddode")
    folder = tmp_path / "ws"
    folder.mkdir()
    workspace = folder / "w.relmap"
    open_workspace(workspace).close()
    outcome = run_case(
        Case("pdf", (("article.pdf", damaged),), "article.pdf"), workspace=workspace, scratch=tmp_path / "in"
    )
    assert outcome.verdict == "refused", outcome.detail
    assert "is a damaged PDF that cannot be read" in outcome.detail and "Unsupported filter" in outcome.detail
