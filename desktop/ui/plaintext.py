"""Showing workspace text (names, titles, sources, messages that quote them) as text, never markup.

Qt guesses whether a tooltip, a message box or a label holds rich text (``Qt.mightBeRichText``):
an article titled ``<img src="/x.png">`` or an actor named ``<span style="font-size:40pt">``
would be rendered, load local files or draw fake text. Everything that comes from a workspace
goes through these helpers, or is escaped into a rich-text template with ``html.escape``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel, QMessageBox


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` exactly (escaped rich text, since tooltips guess)."""
    return QtGui.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def plain_label(label: QLabel) -> QLabel:
    """Make ``label`` show its text as typed, whatever it looks like."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message_box(
    icon: QMessageBox.Icon, title: str, text: str, buttons: QMessageBox.StandardButton, parent=None
) -> QMessageBox:  # noqa: ANN001 - any QWidget
    """A message box whose text is plain text (a message may quote a name or a file)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
