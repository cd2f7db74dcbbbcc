"""Build the packaged Relmap: dist/relmap/ (one folder) and relmap-<version>-linux-x86_64.tar.gz.

Run by `make package`. The archive is reproducible for a given dist/relmap/: entries sorted,
owner root, one fixed timestamp (SOURCE_DATE_EPOCH, else the last commit's time), and a gzip
header without a name or date.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "relmap"


def version() -> str:
    """desktop.__version__, read without importing the app."""
    for line in (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("desktop/__init__.py has no __version__")


def archive_path() -> Path:
    arch = {"amd64": "x86_64"}.get(platform.machine().lower(), platform.machine().lower())
    return DIST / f"relmap-{version()}-linux-{arch}.tar.gz"


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def make_archive(bundle: Path, out: Path, *, mtime: int) -> None:
    """tar.gz of ``bundle`` under its own name, byte-for-byte the same for the same folder."""

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = mtime
        if info.isdir() or info.mode & 0o111:
            info.mode = 0o755
        else:
            info.mode = 0o644
        return info

    paths = sorted([bundle, *bundle.rglob("*")], key=lambda p: p.relative_to(bundle.parent).as_posix())
    tmp = out.with_suffix(".part")
    with (
        open(tmp, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in paths:
            tar.add(path, arcname=path.relative_to(bundle.parent).as_posix(), recursive=False, filter=normalise)
    tmp.replace(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-archive", action="store_true", help="only build dist/relmap/")
    args = parser.parse_args()

    started = time.monotonic()
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(source_date_epoch()))
    # The build must not read or write the developer's own Relmap data.
    env.pop("RELMAP_DATA_DIR", None)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(ROOT / "build" / "pyinstaller"),
        str(ROOT / "packaging" / "relmap.spec"),
    ]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    built = time.monotonic()

    exe = BUNDLE / "relmap"
    if not os.access(exe, os.X_OK):
        raise SystemExit(f"{exe} was not built")
    # Beside the executable: the script that adds the menu entry, icon and .relmap file type.
    script = BUNDLE / "install-desktop-integration.sh"
    script.write_bytes((ROOT / "packaging" / "install-desktop-integration.sh").read_bytes())
    script.chmod(0o755)
    unpacked = folder_size(BUNDLE)
    print(f"built {BUNDLE} in {built - started:.0f} s: {unpacked / 1e6:.1f} MB unpacked", flush=True)
    if not args.no_archive:
        out = archive_path()
        for old in DIST.glob("relmap-*.tar.gz"):
            old.unlink()
        make_archive(BUNDLE, out, mtime=int(env["SOURCE_DATE_EPOCH"]))
        print(f"wrote {out}: {out.stat().st_size / 1e6:.1f} MB in {time.monotonic() - built:.0f} s", flush=True)
    print(f"package built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
