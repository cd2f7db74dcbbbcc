"""Widgets: the only package that builds them."""

from desktop.ui.pyqtgraph_import import import_pyqtgraph

# Before any widget module imports pyqtgraph: its Qt classes are then built when first used
# rather than all at once (start-up, see desktop.ui.pyqtgraph_import).
import_pyqtgraph()
