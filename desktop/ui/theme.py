"""Light and dark looks that follow the system colour scheme (QStyleHints.colorScheme())."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_path


@dataclass(frozen=True)
class Theme:
    """Colours the graph view paints with (widgets take theirs from the palette)."""

    dark: bool
    background: str
    text: str
    muted_text: str
    label_background: str
    node_outline: str
    accent: str
    highlight: str  # the supporting span in evidence text
    highlight_text: str


LIGHT = Theme(
    dark=False,
    background="#f7f7f4",
    text="#1f2328",
    muted_text="#5f6670",
    label_background="#f7f7f4",
    node_outline="#ffffff",
    accent="#e8590c",
    highlight="#ffe08a",
    highlight_text="#1f2328",
)
DARK = Theme(
    dark=True,
    background="#1b1e23",
    text="#e6e8eb",
    muted_text="#9aa3ad",
    label_background="#1b1e23",
    node_outline="#1b1e23",
    accent="#ff922b",
    highlight="#8a6d00",
    highlight_text="#fff8e1",
)


def system_is_dark() -> bool:
    """The system's colour scheme; RELMAP_THEME=dark or light overrides it."""
    forced = os.environ.get("RELMAP_THEME", "").strip().lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):  # none yet, or a console QCoreApplication
        return False
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def current_theme() -> Theme:
    return DARK if system_is_dark() else LIGHT


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#16181c"), QColor("#23262b"), QColor("#e6e8eb")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#1e2125")),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, QColor("#2d3137")),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Highlight, QColor("#3f6fb5")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor("#74a7ff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#80868f")),
        (QPalette.ColorRole.Mid, QColor("#3a3f46")),
    ):
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7179"))
    return p


def _light_palette() -> QPalette:
    p = QApplication.style().standardPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#eeeeeb"))
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f5f5f2"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3f6fb5"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipText, QColor("#1f2328"))
    return p


def apply_theme(app: QApplication) -> Theme:
    """Style the whole application for the system's light or dark scheme; returns the theme."""
    theme = current_theme()
    if app.style().objectName().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(_dark_palette() if theme.dark else _light_palette())
    qss = resource_path("resources", "styles", "dark.qss" if theme.dark else "light.qss")
    try:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError:
        app.setStyleSheet("")  # a build without the style sheets still works, just plainer
    return theme
