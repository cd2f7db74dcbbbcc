"""The window starts without the libraries only some actions need (issue 12: start-up).

networkx (neighbourhoods, paths, communities), spaCy and the article readers (imports),
alembic (creating or upgrading a workspace) are each loaded where they are first used; the
main window opening on a workspace must not load them. A fresh process opens the real window
offscreen with the start-up probe (it quits after the first paint) and reports what it loaded.
"""

from __future__ import annotations

import subprocess
import sys

from desktop.seed import open_user_workspace
from tests.bench.bench_startup import HEAVY, ROOT, loaded_at_first_paint


def test_opening_the_window_loads_none_of_the_heavy_libraries(tmp_path):
    workspace = tmp_path / "w.relmap"
    open_user_workspace(workspace).close()  # the demo map, made in this process
    assert {"networkx", "spacy", "alembic", "trafilatura", "pypdf"} <= set(HEAVY)
    assert loaded_at_first_paint(workspace, home=tmp_path) == []


def test_a_neighbourhood_still_loads_networkx_when_asked(tmp_path):
    # the lazy import is real: the first neighbourhood a user asks for works in a fresh process
    code = (
        "import sys\nfrom desktop.graph.scene import SceneFilter, apply_filter, scene_from_rows\n"
        "assert 'networkx' not in sys.modules\n"
        "s = scene_from_rows([(1, 'A', 'person', 0, 0, 0), (2, 'B', 'person', 1, 0, 0), (3, 'C', 'person', 2, 0, 0)],"
        " [(10, 'ally-of', 1, 2, 'confirmed', 1.0, 1, None, None), (11, 'ally-of', 2, 3, "
        "'confirmed', 1.0, 1, None, None)])\n"
        "r = apply_filter(s, SceneFilter(focus_actor=1, depth=1))\n"
        "print(sorted(s.actor_ids[r.nodes].tolist()), 'networkx' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["[1,", "2]", "True"]
