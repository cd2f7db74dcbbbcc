"""`make bench`: run every tests/bench/bench_*.py script in turn and print its figures.

Each script is a module with a ``main(argv) -> int`` that prints a table comparing Relmap
against a named baseline measured in the same run. Pass script names to run only those:
``python -m tests.bench layout``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import tests.bench as pkg


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if m.name.startswith("bench_"))
    failed = 0
    for name in names:
        short = name.removeprefix("bench_")
        if wanted and short not in wanted:
            continue
        print(f"\n=== {short} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"tests.bench.{name}")
        rc = module.main([])
        print(
            f"--- {short}: {'ok' if rc == 0 else 'TARGET MISSED'} ({time.perf_counter() - started:.1f} s)", flush=True
        )
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
