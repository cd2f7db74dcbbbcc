"""The window starts without the libraries only some actions need (issue 12: start-up).

networkx (neighbourhoods, paths, communities), spaCy and the article readers (imports),
alembic (creating or upgrading a workspace) are each loaded where they are first used; the
main window opening on a workspace must not load them. Nor does it build the Qt classes only
other actions use (PySide6 builds a class when first used; pyqtgraph's import used to build
them all: desktop.ui.pyqtgraph_import). A fresh process opens the real window offscreen with
the start-up probe (it quits after the first paint) and reports what it loaded.
"""

from __future__ import annotations

import subprocess
import sys

from desktop.seed import open_user_workspace
from tests.bench.bench_startup import HEAVY, ROOT, at_first_paint, loaded_at_first_paint

# Qt classes only exports and readers use (the PDF page, image and XML writers, JSON): PySide6
# builds a class the first time it is asked for, and nothing the map paints asks for these
ONLY_ELSEWHERE = {
    "QtCore": ["QJsonDocument", "QXmlStreamReader"],
    "QtGui": ["QPageLayout", "QImageWriter", "QTextDocumentWriter"],
}


def test_opening_the_window_loads_none_of_the_heavy_libraries(tmp_path):
    workspace = tmp_path / "w.relmap"
    open_user_workspace(workspace).close()  # the demo map, made in this process
    assert {"networkx", "spacy", "alembic", "trafilatura", "pypdf"} <= set(HEAVY)
    assert loaded_at_first_paint(workspace, home=tmp_path) == []


def test_opening_the_window_builds_none_of_the_qt_classes_only_other_actions_use(tmp_path):
    workspace = tmp_path / "w.relmap"
    open_user_workspace(workspace).close()
    expression = (
        "{m: sorted(n for n in names if n in vars(sys.modules['PySide6.' + m])) "
        f"for m, names in {ONLY_ELSEWHERE!r}.items()}}"
    )
    assert at_first_paint(workspace, expression, home=tmp_path) == {m: [] for m in ONLY_ELSEWHERE}


def test_pyqtgraph_finds_every_qt_name_it_copied_before(tmp_path):
    # desktop.ui imports pyqtgraph with mirrors that look Qt's names up on first use: each
    # resolves to PySide6's own object, as the copy pyqtgraph makes of them did
    code = (
        "import sys\nimport desktop.ui\nimport pyqtgraph as pg\n"
        "from desktop.ui.pyqtgraph_import import MIRRORED, _Mirror\n"
        "from PySide6 import QtGui\n"
        "assert 'QPageLayout' not in vars(QtGui), 'pyqtgraph built every Qt class'\n"
        "for m in MIRRORED:\n"
        "    mirror, source = getattr(pg.Qt, m), sys.modules['PySide6.' + m]\n"
        "    assert isinstance(mirror, _Mirror) and mirror is sys.modules['pyqtgraph.Qt.' + m]\n"
        "    names = [n for n in dir(source) if not n.startswith('__')]\n"
        "    assert len(names) > 150 and set(names) <= set(dir(mirror))\n"
        "    odd = [n for n in names if getattr(mirror, n) is not getattr(source, n)]\n"
        "    assert not odd, (m, odd)\n"
        "assert pg.Qt.QtCore.__version__ == sys.modules['PySide6.QtCore'].__version__\n"
        "assert pg.QtWidgets.QOpenGLWidget.__name__ == 'QOpenGLWidget'\n"
        "print('ok')"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok"]


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
