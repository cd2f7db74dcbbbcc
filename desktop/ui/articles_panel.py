"""Articles dock: the workspace's articles and a reader that shows an excerpt in place."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.model import NotFoundError, Repository
from desktop.model.titles import article_label
from desktop.ui.plaintext import plain_tip
from desktop.ui.read_only import read_only_why
from desktop.ui.theme import current_theme


def _utf16_offset(text: str, index: int) -> int:
    """Qt counts UTF-16 code units; Python counts code points (they differ past U+FFFF)."""
    return len(text[:index].encode("utf-16-le")) // 2


def _py_index(text: str, utf16: int) -> int:
    return len(text.encode("utf-16-le")[: utf16 * 2].decode("utf-16-le", errors="ignore"))


class ArticlesPanel(QWidget):
    """Article list above a reader; selected text can become a new relationship."""

    sigAddRelationshipFromSpan = Signal(int, int, int)  # article id, start, end
    sigAddEvidenceFromSpan = Signal(int, int, int, int)  # relationship id, article id, start, end
    sigEditArticle = Signal(int)  # article id: the user asked to correct its title, source, date or address
    # the user picked an article in the list (its story lights up on the map), or clicked
    # below the rows to pick none (None)
    sigArticleSelected = Signal(object)

    def __init__(self, repo: Repository, parent: QWidget | None = None, *, load: bool = True) -> None:
        """``load=False`` leaves the list empty until the first :meth:`refresh` (the main window
        fills its docks after the map's first paint)."""
        super().__init__(parent)
        self.repo = repo
        self.article_id: int | None = None
        # The relationship selected on the map (id, description): a selection can back it.
        self.evidence_target: tuple[int, str] | None = None
        self._text = ""
        self._quiet = False  # refresh() picking the first row is not the user choosing it
        self.list = QListWidget(self)
        self.list.setObjectName("articleList")
        self.list.currentItemChanged.connect(self._on_current)
        # clicking the current row again (after Esc cleared the map) picks it again
        self.list.itemClicked.connect(self._on_clicked)
        self.list.viewport().installEventFilter(self)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_menu)
        self.title = QLabel(self)
        self.title.setObjectName("articleTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setContentsMargins(8, 6, 8, 2)
        self.title.setOpenExternalLinks(True)  # the article's address opens in the browser
        self.title.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.edit_button = QToolButton(self)
        self.edit_button.setObjectName("editArticleButton")
        self.edit_button.setText("Edit details…")
        self.edit_button.setToolTip("Correct this article's title, source, date or address")
        self.edit_button.setAutoRaise(True)
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.reader = QPlainTextEdit(self)
        self.reader.setObjectName("articleReader")
        self.reader.setReadOnly(True)
        self.reader.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self._on_reader_menu)
        self.reader.document().setDocumentMargin(10)
        reader_box = QWidget(self)
        box = QVBoxLayout(reader_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 4, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(head)
        box.addWidget(self.reader, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(reader_box)
        split.setStretchFactor(1, 3)
        # room for a handful of articles: picking one lights up its story on the map
        split.setSizes([150, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        if load:
            self.refresh()

    def refresh(self) -> None:
        """Reload the list (articles were added or removed), keeping the open article."""
        keep = self.article_id
        self.list.blockSignals(True)
        self.list.clear()
        for a in self.repo.list_articles():
            when = a.published.isoformat() if a.published else "undated"
            name = article_label(a.title, a.source, a.published)
            item = QListWidgetItem(
                f"{name}\n{when} · {a.source}" if a.source and a.source != name else f"{name}\n{when}"
            )
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(plain_tip(name + (f"\n{a.url}" if a.url else "")))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if keep is not None:
            self.open_article(keep)
        elif self.list.count():
            self._quiet = True
            try:
                self.list.setCurrentRow(0)
            finally:
                self._quiet = False

    def _on_current(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        if item is not None:
            self.open_article(int(item.data(Qt.ItemDataRole.UserRole)))
            if not self._quiet:
                self.sigArticleSelected.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_clicked(self, item: QListWidgetItem) -> None:
        self.sigArticleSelected.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def clear_choice(self) -> None:
        """The map shows no article's story: no row looks chosen (the reader keeps its text)."""
        self.list.clearSelection()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # a click below the last row picks no article
        if (
            watched is self.list.viewport()
            and isinstance(event, QMouseEvent)
            and event.type() == QEvent.Type.MouseButtonPress
            and self.list.itemAt(event.position().toPoint()) is None
        ):
            self.list.clearSelection()
            self.sigArticleSelected.emit(None)
        return super().eventFilter(watched, event)

    def open_article(self, article_id: int, start: int | None = None, end: int | None = None) -> None:
        """Show an article; with ``start``/``end`` highlight that span and scroll it into view."""
        try:
            article = self.repo.get_article(article_id)
        except NotFoundError:
            self.article_id = None
            self.reader.clear()
            self.title.clear()
            self.edit_button.setEnabled(False)
            return
        why = read_only_why(self.repo)
        self.edit_button.setEnabled(why is None)
        if why is not None:
            self.edit_button.setToolTip(why)
        if article_id != self.article_id or self.reader.toPlainText() != (article.text or ""):
            self.article_id = article_id
            self._text = article.text or ""
            self.reader.setPlainText(self._text)
        when = article.published.isoformat() if article.published else "undated"
        name = article_label(article.title, article.source, article.published)
        muted = current_theme().muted_text
        source = f" · {escape(article.source)}" if article.source and article.source != name else ""
        link = (
            f" · <a href='{escape(article.url, quote=True)}'>{escape(_short_url(article.url))}</a>"
            if article.url
            else ""
        )
        # title and source come from the article's file: text, never markup
        self.title.setText(f"<b>{escape(name)}</b><br><span style='color:{muted}'>{when}{source}</span>{link}")
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == article_id:
                self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
        if start is None or end is None:
            self.reader.setExtraSelections([])
            return
        self.highlight(start, end)

    def highlight(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(_utf16_offset(self._text, start))
        cursor.setPosition(_utf16_offset(self._text, end), QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        fmt = QTextCharFormat()
        t = current_theme()
        fmt.setBackground(QColor(t.highlight))
        fmt.setForeground(QColor(t.highlight_text))
        sel.format = fmt
        self.reader.setExtraSelections([sel])
        caret = QTextCursor(self.reader.document())
        caret.setPosition(_utf16_offset(self._text, start))
        self.reader.setTextCursor(caret)
        self.reader.centerCursor()

    def highlighted_text(self) -> str:
        sels = self.reader.extraSelections()
        return sels[0].cursor.selectedText() if sels else ""

    def selected_span(self) -> tuple[int, int] | None:
        """The reader's selection as article character offsets, or None."""
        cursor = self.reader.textCursor()
        if not cursor.hasSelection() or self.article_id is None:
            return None
        a, b = sorted((cursor.selectionStart(), cursor.selectionEnd()))
        return _py_index(self._text, a), _py_index(self._text, b)

    def _on_edit_clicked(self) -> None:
        if self.article_id is not None:
            self.sigEditArticle.emit(self.article_id)

    def _on_list_menu(self, pos) -> None:  # noqa: ANN001
        item = self.list.itemAt(pos)
        if item is None:
            return
        article_id = int(item.data(Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        menu.addAction("Edit details…", lambda: self.sigEditArticle.emit(article_id))
        menu.exec(self.list.mapToGlobal(pos))
        menu.deleteLater()

    def _on_reader_menu(self, pos) -> None:  # noqa: ANN001
        menu = self.reader.createStandardContextMenu()
        span = self.selected_span()
        menu.addSeparator()
        act = menu.addAction("Add relationship from selection…")
        act.setEnabled(span is not None)
        if span is not None:
            act.triggered.connect(lambda: self.sigAddRelationshipFromSpan.emit(self.article_id, *span))
        if self.evidence_target is not None:
            rel_id, what = self.evidence_target
            ev = menu.addAction(f"Add selection as evidence for “{what}”")
            ev.setEnabled(span is not None)
            if span is not None:
                ev.triggered.connect(lambda: self.sigAddEvidenceFromSpan.emit(rel_id, self.article_id, *span))
        menu.exec(self.reader.mapToGlobal(pos))
        menu.deleteLater()


def _short_url(url: str, limit: int = 48) -> str:
    """An address short enough for the header: scheme and "www." dropped, the middle elided."""
    short = url.split("://", 1)[-1].removeprefix("www.")
    return short if len(short) <= limit else short[: limit - 14] + "…" + short[-13:]


if __name__ == "__main__":
    from desktop.ui.preview import run_preview

    def _make(repo: Repository) -> ArticlesPanel:
        panel = ArticlesPanel(repo)
        ev = repo.list_relationships(types=["successor-of"])[0].evidence[0]
        panel.open_article(ev.article_id, ev.start, ev.end)
        return panel

    raise SystemExit(run_preview(_make))
