"""EditController: every edit the user makes, as undoable commands on one QUndoStack.

The main window, graph view and review queue call its slots; each slot opens the dialog it
needs (with the parent widget), or takes the values as keyword arguments and asks nothing.
After every do, undo and redo, ``sigOperation`` carries the :class:`Change` and its
initiator (Anki's ``operation_did_execute(changes, handler)``): the object that asked for the
edit (``initiator=`` of each slot), or the undo stack for an undo or redo. Panels refresh only
what the change names, and the one that started an edit may skip redrawing what it already
shows. An edit the repository refuses is never pushed: the user is told why (``sigError``
carries the same message for a status bar).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from desktop.model import Change, ConflictError, RelmapError, Repository
from desktop.model.commands import (
    UNCHANGED,
    AddActorKind,
    AddEvidence,
    AddRelationship,
    AddRelationType,
    Command,
    CompositeCommand,
    CreateActor,
    DeleteActor,
    DeleteActorKind,
    DeleteRelationship,
    DeleteRelationType,
    EditActorKind,
    EditArticle,
    EditRelationship,
    EditRelationType,
    MergeActors,
    MoveActors,
    RemoveEvidence,
    RenameActor,
    SetStatus,
    edit_actor_command,
    rebased,
)
from desktop.ui.conflict_dialog import ConflictDialog
from desktop.ui.dialogs import (
    ActorDialog,
    MergeDialog,
    RelationshipDialog,
    RelationshipValues,
    delete_actor_question,
)
from desktop.ui.plaintext import plain_message_box
from desktop.ui.read_only import read_only_why
from desktop.ui.swatches import kind_icon, type_icon
from desktop.ui.undo import RepoUndoCommand

log = logging.getLogger(__name__)

_RELATIONSHIP_FIELDS = {"type_key", "source_id", "target_id", "confidence", "valid_from", "valid_to", "note", "status"}


class EditController(QObject):
    """Turns user edits into commands on ``undo_stack`` and reports what changed."""

    # Change, after every do / undo / redo that changed what the workspace holds; a move (only
    # where actors are drawn) is left out: lists of actors and relationships do not show it
    sigChanged = Signal(object)
    sigOperation = Signal(object, object)  # (Change, initiator) after every do / undo / redo, moves too
    sigError = Signal(str)  # a refused edit or a failed undo, in plain words
    sigConflict = Signal(object)  # ConflictError: someone else changed what the user was editing

    def __init__(self, repo: Repository, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.undo_stack = undo_stack
        self._parent_widget = parent
        self.show_errors = True  # a message box besides sigError; tests and batch callers may turn it off
        self._error_box: QMessageBox | None = None
        self.last_conflict: ConflictError | None = None
        self._initiator: object = undo_stack  # whoever runs the next do/undo/redo

    def _changed(self, change: Change) -> None:
        if (
            change.actors
            or change.relationships
            or change.evidence
            or change.articles
            or change.relation_types
            or change.actor_kinds
        ):
            self.sigChanged.emit(change)
        self.sigOperation.emit(change, self._initiator)

    # ------------------------------------------------------------------ the one way in
    def push(self, command: Command, *, initiator: object = None) -> Change | None:
        """Apply ``command`` and put it on the undo stack; None (and a message) if it was refused.

        ``initiator`` travels with the change (``sigOperation``). An edit that changes nothing
        is not pushed (it would be an empty undo step).
        """
        why = read_only_why(self.repo)
        if why is not None:
            # a drag, a context-menu entry: said in the status bar, not a box per try
            self.sigError.emit(f"Cannot {command.label[:1].lower()}{command.label[1:]}: {why}")
            return None
        try:
            inverse, change = command.apply(self.repo)
        except ConflictError as exc:
            return self._on_conflict(command, exc, initiator)
        except Exception as exc:  # noqa: BLE001 - a slot behind a menu has nobody above it to catch
            if not isinstance(exc, RelmapError):
                log.exception("%r failed", command.label)  # a bug or a database failure: keep the trace
            self._report(f"Cannot {command.label[:1].lower()}{command.label[1:]}: {exc}")
            return None
        if not change:
            return change
        self._initiator = initiator
        try:
            self.undo_stack.push(
                RepoUndoCommand(
                    self.repo, command, on_change=self._changed, on_error=self._report, applied=(inverse, change)
                )
            )
        finally:
            self._initiator = self.undo_stack  # later redos and undos are the stack's
        return change

    def _on_conflict(self, command: Command, conflict: ConflictError, initiator: object = None) -> Change | None:
        """Someone else changed the row since the user read it: show yours and theirs; keep either.
        Keeping mine applies the same edit on top of what is stored now; keeping theirs redraws it."""
        self.last_conflict = conflict
        self.sigConflict.emit(conflict)
        again = rebased(command, conflict)
        if self.show_errors and self._parent_widget is not None:
            dialog = ConflictDialog(conflict, self._parent_widget)
            if again is None and conflict.theirs is not None:
                dialog.keep_mine.setEnabled(False)
            if self._exec(dialog) and dialog.choice == "mine" and again is not None:
                return self.push(again, initiator=initiator)
        else:
            self.sigError.emit(f"Cannot {command.label[:1].lower()}{command.label[1:]}: {conflict}")
        theirs = Change(
            actors=frozenset({conflict.row_id}) if conflict.table == "actor" else frozenset(),
            relationships=frozenset({conflict.row_id}) if conflict.table == "relationship" else frozenset(),
            evidence=frozenset({conflict.row_id}) if conflict.table == "evidence" else frozenset(),
        )
        if theirs:
            self._changed(theirs)  # show what is stored now
        return None

    def _report(self, message: str) -> None:
        self.sigError.emit(message)
        if self.show_errors and self._parent_widget is not None:
            # not exec(): a modal loop inside a slot would stall the caller (and any test)
            box = plain_message_box(
                QMessageBox.Icon.Warning, "Relmap", message, QMessageBox.StandardButton.Ok, self._parent_widget
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(lambda _result: setattr(self, "_error_box", None))
            box.open()
            self._error_box = box

    def _exec(self, dialog: QDialog) -> bool:
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------------ actors
    @Slot()
    def add_actor(
        self, *, name: str | None = None, kind: str = "person", aliases: Iterable[str] = (), notes: str = ""
    ) -> Change | None:
        """Add an actor; asks for the details unless ``name`` is given. subject_id is the new actor."""
        if name is None:
            dialog = ActorDialog(self.repo, self._parent_widget, kind=kind)
            if not self._exec(dialog):
                return None
            values = dialog.values()
            name, kind, aliases, notes = values["name"], values["kind"], values["aliases"], values["notes"]
        return self.push(CreateActor(name, kind, tuple(aliases), notes))

    def rename_actor(
        self, actor_id: int, *, new_name: str | None = None, keep_old_as_alias: bool = True
    ) -> Change | None:
        """Rename an actor (the old name stays an alias); asks for the name unless given."""
        if new_name is None:
            return self.edit_actor(actor_id)
        return self.push(RenameActor(actor_id, new_name, keep_old_as_alias))

    def edit_actor(
        self,
        actor_id: int,
        *,
        name: str | None = None,
        kind: str | None = None,
        notes: str | None = None,
        aliases: Iterable[str] | None = None,
    ) -> Change | None:
        """Edit name, kind, notes and aliases (the full new list) in one undo step; the dialog
        opens unless a field is given."""
        base = None
        if name is None and kind is None and notes is None and aliases is None:
            try:
                actor = self.repo.get_actor(actor_id)
            except RelmapError as exc:
                self._report(str(exc))
                return None
            dialog = ActorDialog(self.repo, self._parent_widget, actor=actor)
            if not self._exec(dialog):
                return None
            values = dialog.values()
            name, kind, notes, aliases = values["name"], values["kind"], values["notes"], values["aliases"]
            base = actor  # what the form showed: only what the user changed is edited, on that version
        try:
            command = edit_actor_command(
                self.repo,
                actor_id,
                name=name,
                kind=kind,
                notes=notes,
                aliases=None if aliases is None else list(aliases),
                base=base,
            )
        except RelmapError as exc:
            self._report(str(exc))
            return None
        return Change() if command is None else self.push(command)

    def merge_actor(self, actor_id: int, *, into_id: int | None = None) -> Change | None:
        """Merge ``actor_id`` into ``into_id`` (asked for when not given); the latter is kept."""
        try:
            drop = self.repo.get_actor(actor_id)
            if into_id is None:
                dialog = MergeDialog(self.repo, actor_id, self._parent_widget)
                if not self._exec(dialog):
                    return None
                into_id = dialog.chosen_id()
                if into_id is None:
                    return None
            keep = self.repo.get_actor(into_id)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        return self.push(
            MergeActors(
                into_id,
                actor_id,
                f"Merge “{drop.name}” into “{keep.name}”",
                keep_version=keep.version,
                drop_version=drop.version,
            )
        )

    def delete_actor(self, actor_id: int, *, confirm: bool = True) -> Change | None:
        """Delete an actor with its relationships and excerpts (after asking, unless confirm=False)."""
        try:
            actor = self.repo.get_actor(actor_id)
            name = actor.name
            question = delete_actor_question(self.repo, actor_id) if confirm else ""
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if confirm:
            box = plain_message_box(
                QMessageBox.Icon.Question,
                "Delete actor",
                question,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                self._parent_widget,
            )
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            try:
                answer = box.exec()
            finally:
                box.deleteLater()
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return self.push(DeleteActor(actor_id, f"Delete “{name}”", expected_version=actor.version))

    def move_actors(
        self,
        positions: Mapping[int, tuple[float, float]],
        pinned: Mapping[int, bool] | None = None,
        *,
        initiator: object = None,
    ) -> Change | None:
        """Remember where actors were dropped (and pinned); consecutive drags of the same
        actors merge into one undo step."""
        return self.push(
            MoveActors(
                {int(k): (float(x), float(y)) for k, (x, y) in positions.items()},
                {int(k): bool(v) for k, v in (pinned or {}).items()},
            ),
            initiator=initiator,
        )

    # ------------------------------------------------------------------ relationships
    def add_relationship_from_span(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        type_key: str | None = None,
        source_id: int | None = None,
        target_id: int | None = None,
        status: str = "confirmed",
        confidence: float = 1.0,
        note: str = "",
    ) -> Change | None:
        """Add a relationship backed by characters [start, end) of an article; asks for type and
        actors (guessing them from the excerpt) unless all three are given."""
        return self._add_relationship(
            article_id,
            start,
            end,
            type_key=type_key,
            source_id=source_id,
            target_id=target_id,
            status=status,
            confidence=confidence,
            note=note,
        )

    def add_relationship(
        self,
        *,
        source_id: int | None = None,
        target_id: int | None = None,
        type_key: str | None = None,
        status: str = "confirmed",
        confidence: float = 1.0,
        note: str = "",
    ) -> Change | None:
        """Add a relationship with no excerpt (e.g. between two actors selected on the map); asks
        for what is missing."""
        return self._add_relationship(
            None,
            None,
            None,
            type_key=type_key,
            source_id=source_id,
            target_id=target_id,
            status=status,
            confidence=confidence,
            note=note,
        )

    def _add_relationship(
        self,
        article_id: int | None,
        start: int | None,
        end: int | None,
        *,
        type_key: str | None,
        source_id: int | None,
        target_id: int | None,
        status: str,
        confidence: float,
        note: str,
    ) -> Change | None:
        values: RelationshipValues = {
            "type_key": type_key,
            "source_id": source_id,
            "target_id": target_id,
            "status": status,
            "confidence": confidence,
            "note": note,
            "valid_from": None,
            "valid_to": None,
        }
        if type_key is None or source_id is None or target_id is None:
            try:
                dialog = RelationshipDialog(
                    self.repo,
                    self._parent_widget,
                    article_id=article_id,
                    start=start,
                    end=end,
                    type_key=type_key,
                    source_id=source_id,
                    target_id=target_id,
                )
            except RelmapError as exc:
                self._report(str(exc))
                return None
            if not self._exec(dialog):
                return None
            values = dialog.values()
        type_key, source_id, target_id = values["type_key"], values["source_id"], values["target_id"]
        if type_key is None or source_id is None or target_id is None:
            return None  # (the dialog's OK waits for all three)
        return self.push(
            AddRelationship(
                type_key,
                source_id,
                target_id,
                status=values["status"],
                confidence=values["confidence"],
                note=values["note"],
                article_id=article_id,
                start=start,
                end=end,
                valid_from=values["valid_from"],
                valid_to=values["valid_to"],
            )
        )

    def set_status(self, rel_ids: int | Iterable[int], status: str, *, initiator: object = None) -> Change | None:
        """Confirm, reject or re-propose one or several relationships as one undo step.

        No version check: this is the map's Confirm/Reject on what the window shows now (others'
        changes reach it within a second), so the last decision wins and the change log records
        both. The review queue, which the user may have looked at for a while, checks versions."""
        ids = (rel_ids,) if isinstance(rel_ids, int) else tuple(rel_ids)
        return self.push(SetStatus(ids, status), initiator=initiator)

    def edit_relationship(self, rel_id: int, **fields) -> Change | None:
        """Change type_key, source_id, target_id, confidence, valid_from, valid_to, note or status;
        with no fields the edit dialog opens."""
        unknown = set(fields) - _RELATIONSHIP_FIELDS
        if unknown:
            raise TypeError(f"edit_relationship() got unexpected fields: {', '.join(sorted(unknown))}")
        try:
            rel = self.repo.get_relationship(rel_id)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if not fields:
            dialog = RelationshipDialog(self.repo, self._parent_widget, relationship=rel)
            if not self._exec(dialog):
                return None
            values = dialog.values()
            # only what differs, so an untouched dialog is no undo step
            current = {
                "type_key": rel.type,
                "source_id": rel.source_id,
                "target_id": rel.target_id,
                "status": rel.status,
                "confidence": rel.confidence,
                "note": rel.note,
                "valid_from": rel.valid_from,
                "valid_to": rel.valid_to,
            }
            fields = {k: v for k, v in values.items() if v != current[k]}
            if not fields:
                return Change()
        status = fields.pop("status", None)
        steps: list[Command] = []
        # the first step expects the version the user saw (the rest run in its transaction)
        changes_status = status is not None and status != rel.status
        if fields:
            steps.append(
                EditRelationship(
                    rel_id,
                    type_key=fields.get("type_key"),
                    source_id=fields.get("source_id"),
                    target_id=fields.get("target_id"),
                    confidence=fields.get("confidence"),
                    valid_from=fields.get("valid_from", UNCHANGED),
                    valid_to=fields.get("valid_to", UNCHANGED),
                    note=fields.get("note"),
                    expected_version=None if changes_status else rel.version,
                )
            )
        if changes_status:
            steps.insert(0, SetStatus((rel_id,), status, expected_versions=((rel_id, rel.version),)))  # before a
            # possible fold changes the id
        if not steps:
            return Change()
        if len(steps) == 1:
            return self.push(steps[0])
        return self.push(CompositeCommand(tuple(steps), "Edit relationship"))

    def delete_relationship(self, rel_id: int) -> Change | None:
        return self.push(DeleteRelationship(rel_id))

    def add_evidence(self, rel_id: int, article_id: int, start: int, end: int) -> Change | None:
        """Back an existing relationship with characters [start, end) of an article."""
        return self.push(AddEvidence(rel_id, article_id, start, end))

    def remove_evidence(self, evidence_id: int) -> Change | None:
        """Remove one excerpt from the relationship it backs (the relationship stays)."""
        return self.push(RemoveEvidence(evidence_id))

    # ------------------------------------------------------------------ articles
    def edit_article(
        self,
        article_id: int,
        *,
        title: str | None = None,
        source: str | None = None,
        published: object = UNCHANGED,
        url: str | None = None,
        parent: QWidget | None = None,
    ) -> Change | None:
        """Correct an article's title, source, date (a date or None) and address; the dialog
        opens unless a field is given. Only what differs becomes the undo step."""
        from desktop.ui.curation_dialogs import ArticleDialog

        try:
            article = self.repo.get_article(article_id)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if title is None and source is None and published is UNCHANGED and url is None:
            dialog = ArticleDialog(article, parent or self._parent_widget)
            if not self._exec(dialog):
                return None
            values = dialog.values()
            title, source, published, url = values["title"], values["source"], values["published"], values["url"]
            if title == "" and article.title == "(untitled)":
                title = article.title
        fields = {
            "title": title if title is not None and title != article.title else None,
            "source": source if source is not None and source != article.source else None,
            "published": published if published is not UNCHANGED and published != article.published else UNCHANGED,
            "url": url if url is not None and url != article.url else None,
        }
        if all(v is None for k, v in fields.items() if k != "published") and fields["published"] is UNCHANGED:
            return Change()
        name = (title or article.title).strip() or "article"
        short = name if len(name) <= 40 else name[:39].rstrip() + "…"
        return self.push(EditArticle(article_id, **fields, text=f"Edit article “{short}”"))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ relationship types
    def add_relation_type(
        self,
        *,
        type_label: str | None = None,
        key: str | None = None,
        inverse_label: str | None = None,
        directed: bool = True,
        color: str | None = None,
        parent: QWidget | None = None,
    ) -> Change | None:
        """Add a relationship type of the user's own; asks for it unless ``type_label`` is given."""
        from desktop.ui.curation_dialogs import RelationTypeForm, unused_color

        if type_label is None:
            dialog = RelationTypeForm(self.repo, parent or self._parent_widget)
            if not self._exec(dialog):
                return None
            v = dialog.values()
            type_label, key, inverse_label, directed, color = (
                v["type_label"],
                v["key"],
                v["inverse_label"],
                v["directed"],
                v["color"],
            )
        color = color or unused_color([t.color for t in self.repo.list_relation_types()])
        return self.push(
            AddRelationType(
                type_label, key=key or None, inverse_label=inverse_label or None, directed=directed, color=color
            )
        )

    def edit_relation_type(
        self,
        key: str,
        *,
        type_label: str | None = None,
        inverse_label: str | None = None,
        color: str | None = None,
        directed: bool | None = None,
        new_key: str | None = None,
        parent: QWidget | None = None,
    ) -> Change | None:
        """Relabel, recolour, re-key or redirect a type (the form opens unless a field is given)."""
        from desktop.ui.curation_dialogs import RelationTypeForm

        try:
            rtype = self.repo.relation_type(key)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if type_label is None and inverse_label is None and color is None and directed is None and new_key is None:
            dialog = RelationTypeForm(self.repo, parent or self._parent_widget, rtype=rtype)
            if not self._exec(dialog):
                return None
            v = dialog.values()
            type_label, inverse_label, color, directed, new_key = (
                v["type_label"],
                v["inverse_label"],
                v["color"],
                v["directed"],
                v["key"],
            )
        edit = EditRelationType(
            key,
            type_label=type_label if type_label not in (None, rtype.label) else None,
            inverse_label=inverse_label if inverse_label not in (None, rtype.inverse_label) else None,
            color=color if color is not None and color.lower() != rtype.color.lower() else None,
            directed=directed if directed is not None and directed != rtype.directed else None,
            new_key=new_key if new_key not in (None, "", rtype.key) else None,
            text=f"Edit relationship type “{rtype.label}”",
            expected_version=rtype.version,
        )
        if (edit.type_label, edit.inverse_label, edit.color, edit.directed, edit.new_key) == (None,) * 5:
            return Change()  # nothing differs from what is stored
        return self.push(edit)

    def delete_relation_type(
        self, key: str, *, reassign_to: str | None = None, parent: QWidget | None = None
    ) -> Change | None:
        """Delete a type; one in use asks which type its relationships take (unless given)."""
        from desktop.ui.curation_dialogs import ReassignDialog

        try:
            rtype = self.repo.relation_type(key)
            used = self.repo.relation_type_usage().get(key, 0)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if used and reassign_to is None:
            others = [t for t in self.repo.list_relation_types() if t.key != key]
            dialog = ReassignDialog(
                parent or self._parent_widget,
                what="type",
                name=rtype.label,
                count=used,
                noun="relationship",
                choices=[(t.key, t.label) for t in others],
                icons=[type_icon(t.color, t.directed) for t in others],
            )
            if not self._exec(dialog):
                return None
            reassign_to = dialog.chosen()
        return self.push(DeleteRelationType(key, reassign_to, text=f"Delete relationship type “{rtype.label}”"))

    # ------------------------------------------------------------------ actor kinds
    def add_actor_kind(
        self,
        *,
        name: str | None = None,
        key: str | None = None,
        shape: str = "circle",
        color: str | None = None,
        parent: QWidget | None = None,
    ) -> Change | None:
        """Add an actor kind of the user's own; asks for it unless ``name`` is given."""
        from desktop.ui.curation_dialogs import ActorKindForm, unused_color

        if name is None:
            dialog = ActorKindForm(self.repo, parent or self._parent_widget)
            if not self._exec(dialog):
                return None
            v = dialog.values()
            name, key, shape, color = v["name"], v["key"], v["shape"], v["color"]
        color = color or unused_color([k.color for k in self.repo.list_actor_kinds()])
        return self.push(AddActorKind(name, key=key or None, shape=shape, color=color))

    def edit_actor_kind(
        self,
        key: str,
        *,
        name: str | None = None,
        shape: str | None = None,
        color: str | None = None,
        new_key: str | None = None,
        parent: QWidget | None = None,
    ) -> Change | None:
        """Rename, reshape, recolour or re-key a kind (the form opens unless a field is given)."""
        from desktop.ui.curation_dialogs import ActorKindForm

        try:
            kind = self.repo.actor_kind(key)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if name is None and shape is None and color is None and new_key is None:
            dialog = ActorKindForm(self.repo, parent or self._parent_widget, kind=kind)
            if not self._exec(dialog):
                return None
            v = dialog.values()
            name, shape, color, new_key = v["name"], v["shape"], v["color"], v["key"]
        fields = {
            "name": name if name not in (None, kind.label) else None,
            "shape": shape if shape not in (None, kind.shape) else None,
            "color": color if color is not None and color.lower() != kind.color.lower() else None,
            "new_key": new_key if new_key not in (None, "", kind.key) else None,
        }
        if all(v is None for v in fields.values()):
            return Change()
        return self.push(
            EditActorKind(key, **fields, text=f"Edit actor kind “{kind.label}”", expected_version=kind.version)
        )

    def delete_actor_kind(
        self, key: str, *, reassign_to: str | None = None, parent: QWidget | None = None
    ) -> Change | None:
        """Delete a kind; one in use asks which kind its actors take (unless given)."""
        from desktop.ui.curation_dialogs import ReassignDialog

        try:
            kind = self.repo.actor_kind(key)
            used = self.repo.actor_kind_usage().get(key, 0)
        except RelmapError as exc:
            self._report(str(exc))
            return None
        if used and reassign_to is None:
            others = [k for k in self.repo.list_actor_kinds() if k.key != key]
            dialog = ReassignDialog(
                parent or self._parent_widget,
                what="kind",
                name=kind.label,
                count=used,
                noun="actor",
                choices=[(k.key, k.label) for k in others],
                icons=[kind_icon(k.shape, k.color) for k in others],
            )
            if not self._exec(dialog):
                return None
            reassign_to = dialog.chosen()
        return self.push(DeleteActorKind(key, reassign_to, text=f"Delete actor kind “{kind.label}”"))

    # ------------------------------------------------------------------ menu actions
    def undo_action(self, parent: QObject) -> QAction:
        """Edit > Undo: text "Undo <label>" (a long label elided; all of it in the tooltip),
        Ctrl+Z, disabled when there is nothing to undo."""
        action = self.undo_stack.createUndoAction(parent, "Undo")
        action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_stack.undoTextChanged.connect(_Relabel(action, "Undo").update)
        return action

    def redo_action(self, parent: QObject) -> QAction:
        """Edit > Redo: text "Redo <label>", Ctrl+Shift+Z and Ctrl+Y."""
        action = self.undo_stack.createRedoAction(parent, "Redo")
        keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        for extra in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")):
            if extra not in keys:
                keys.append(extra)
        action.setShortcuts(keys)
        self.undo_stack.redoTextChanged.connect(_Relabel(action, "Redo").update)
        return action

    def toolbar_action(self, parent: QObject, verb: str) -> QAction:
        """A toolbar button that says only "Undo" or "Redo" (the step is in its tooltip): the
        menu's "Undo Merge “…” into “…”" would widen the toolbar and squeeze the Find box."""
        stack = self.undo_stack
        undo = verb == "Undo"
        action = QAction(verb, parent)
        action.setEnabled(stack.canUndo() if undo else stack.canRedo())
        action.triggered.connect(stack.undo if undo else stack.redo)
        (stack.canUndoChanged if undo else stack.canRedoChanged).connect(action.setEnabled)
        (stack.undoTextChanged if undo else stack.redoTextChanged).connect(_Relabel(action, verb, short=True).update)
        action.setToolTip(verb)
        return action


UNDO_TEXT_MAX = 60


class _Relabel(QObject):
    """Keeps an undo or redo action's text short: ``verb text`` elided past UNDO_TEXT_MAX
    characters (or just ``verb`` when ``short``), all of it as the tooltip. A child of the
    action, so the stack's connection goes when the action does."""

    def __init__(self, action: QAction, verb: str, *, short: bool = False) -> None:
        super().__init__(action)
        self._action, self._verb, self._short = action, verb, short

    @Slot(str)
    def update(self, text: str) -> None:
        if not isValid(self._action):  # the action went first (its window closed)
            return
        full = f"{self._verb} {text}" if text else self._verb
        if not self._short:  # runs after QUndoStack's own update of the text, which it replaces
            self._action.setText(full if len(full) <= UNDO_TEXT_MAX else full[: UNDO_TEXT_MAX - 1] + "…")
        self._action.setToolTip(full)
