"""Import pyqtgraph without making Qt build every one of its classes first (issue 12: start-up).

pyqtgraph keeps its own copies of the QtCore, QtGui and QtWidgets modules
(``pyqtgraph.Qt.QtCore``...) and fills them when it is imported by copying every name
``dir()`` lists of PySide6's modules. PySide6 creates its classes and their enums lazily, on
first use; that copy forces all of them (about 700 classes, 650 enums): 0.1-0.2 s of CPU
before the window can paint, for classes the map never uses (the PDF writer, the file
system model...).

:func:`import_pyqtgraph` gives pyqtgraph mirrors that look each name up in PySide6 when first
asked for it, then keeps it, and hides PySide6's names from that one copy. Every name
resolves to the very same object as before, only later; a class pyqtgraph patches onto its
mirror (``QOpenGLWidget``...) is kept on the mirror as before. ``desktop.ui`` calls it when
first imported, so every widget module's ``import pyqtgraph`` finds it done (if something
imported pyqtgraph before, that import stands). tests/test_startup.py checks that every name of
the three modules resolves as PySide6's, and that the window paints without building the
classes only other actions need.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable

#: pyqtgraph's mirrors of PySide6's modules (pyqtgraph/Qt/__init__.py fills them)
MIRRORED = ("QtCore", "QtGui", "QtWidgets")


class _Mirror(types.ModuleType):
    """A module that answers a name it does not hold with ``source``'s, and keeps it."""

    def __init__(self, name: str, source: types.ModuleType) -> None:
        super().__init__(name)
        self.__source = source

    def __getattr__(self, name: str) -> object:
        if name in ("__path__", "__file__"):  # not a package, nor a file: as the import system expects
            raise AttributeError(name)
        value = getattr(self.__source, name)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(dir(self.__source)))


def import_pyqtgraph() -> types.ModuleType:
    """Import pyqtgraph (once) with mirrors that resolve Qt's names on first use; return it."""
    if "pyqtgraph" in sys.modules:
        return sys.modules["pyqtgraph"]
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets

    sources = {"QtCore": PySide6.QtCore, "QtGui": PySide6.QtGui, "QtWidgets": PySide6.QtWidgets}
    mirrors = {f"pyqtgraph.Qt.{name}": _Mirror(f"pyqtgraph.Qt.{name}", source) for name, source in sources.items()}
    listings: dict[types.ModuleType, Callable[[], list[str]] | None] = {}
    try:
        sys.modules.update(mirrors)
        for source in sources.values():
            # PySide6 answers dir() with a __dir__ of its own (the names of the classes it has
            # not built yet); for the length of pyqtgraph's copy it lists none of them
            listings[source] = source.__dict__.get("__dir__")
            source.__dict__["__dir__"] = list
        import pyqtgraph
    except BaseException:
        for name, mirror in mirrors.items():
            if sys.modules.get(name) is mirror:
                del sys.modules[name]
        raise
    finally:
        for source, listing in listings.items():
            if listing is None:
                del source.__dict__["__dir__"]
            else:
                source.__dict__["__dir__"] = listing
    return pyqtgraph
