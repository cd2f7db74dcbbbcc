"""The Qt side of undo: a thin QUndoCommand around a model command (desktop.model.commands)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.model import Change, RelmapError, Repository
from desktop.model.commands import Command, MoveActors

log = logging.getLogger(__name__)

# QUndoCommand.id() of commands that may merge with the next one of the same id
MOVE_ID = 0x4D4F5645  # "MOVE"


class RepoUndoCommand(QUndoCommand):
    """Shell around a model command: redo applies it, undo applies its inverse.

    Built with ``applied=(inverse, change)`` when the command already ran once (the editing
    controller applies it before pushing, so an edit that fails never reaches the stack); the
    first redo() then only reports the change. Every later undo/redo stores the inverse that
    apply returns, so each step replays exactly what the previous one recorded.
    """

    def __init__(
        self,
        repo: Repository,
        command: Command,
        *,
        on_change: Callable[[Change], None],
        on_error: Callable[[str], None] | None = None,
        applied: tuple[Command, Change] | None = None,
    ) -> None:
        super().__init__(command.label)
        self._repo = repo
        self._forward: Command = command
        self._inverse: Command | None = None
        self._pending_change: Change | None = None
        if applied is not None:
            self._inverse, self._pending_change = applied
        self._on_change = on_change
        self._on_error = on_error

    @property
    def command(self) -> Command:
        """What redo applies next (after an undo, the inverse of the inverse)."""
        return self._forward

    def redo(self) -> None:
        if self._pending_change is not None:
            change, self._pending_change = self._pending_change, None
            self._on_change(change)
            return
        result = self._run(self._forward)
        if result is not None:
            self._inverse, change = result
            self._on_change(change)

    def undo(self) -> None:
        if self._inverse is None:
            return
        result = self._run(self._inverse)
        if result is not None:
            self._forward, change = result
            self._on_change(change)

    def _run(self, command: Command) -> tuple[Command, Change] | None:
        try:
            return command.apply(self._repo)
        except Exception as exc:  # noqa: BLE001 - nothing may escape a Qt virtual and desync the stack
            # The workspace no longer matches this step (it was changed outside the stack), or
            # the database failed. The repository rolled back; Qt drops an obsolete command.
            if not isinstance(exc, RelmapError):
                log.exception("%s of %r failed", "undo" if command is self._inverse else "redo", command.label)
            self.setObsolete(True)
            if self._on_error is not None:
                self._on_error(f"Cannot {'undo' if command is self._inverse else 'redo'} “{self.text()}”: {exc}")
            return None

    # -- merging consecutive drags of the same actors into one step
    def id(self) -> int:  # noqa: A003 (Qt's name)
        return MOVE_ID if isinstance(self._forward, MoveActors) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, RepoUndoCommand):
            return False
        mine, theirs = self._forward, other._forward
        if not (isinstance(mine, MoveActors) and isinstance(theirs, MoveActors)):
            return False
        if mine.merge_key != theirs.merge_key or other._inverse is None or self._inverse is None:
            return False
        # ``other`` has just been applied on top of this one: one step now goes from this
        # step's start to ``other``'s end.
        self._forward = mine.merged_with(theirs)
        assert isinstance(self._inverse, MoveActors) and isinstance(other._inverse, MoveActors)
        self._inverse = self._inverse.restoring_also(other._inverse)
        self.setText(theirs.label)
        return True
