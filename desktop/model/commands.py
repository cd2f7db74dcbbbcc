"""Undoable edits as data: each user edit is a small command object.

``command.apply(repo)`` performs the edit in one transaction and returns ``(inverse, change)``:
the command that takes the workspace back, and the :class:`Change` naming what was touched.
Applying the inverse returns the inverse's own inverse (a "redo"), so an undo stack only
ever stores commands and calls ``apply``. No Qt here: the Qt undo stack is a thin shell
(``desktop.ui.undo``).

Most edits are undone generically: the rows the edit may change are copied with
``repo.snapshot`` before it runs, and the inverse is :class:`RestoreSnapshot`, which puts
those rows back with the same ids (and removes rows the edit created). Its own inverse is the
snapshot of the same ids taken just before it restores, so redo re-creates things with the
ids they had, and later commands on the stack that name those ids keep working.
Edits that touch one column of many rows (status, positions) carry their old values instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy.exc import IntegrityError

from desktop.model.errors import ConflictError, InvalidInputError, NotFoundError
from desktop.model.records import ActorKindRecord, ActorRecord, Change, RelationTypeRecord, Snapshot
from desktop.model.repository import TRACKING_COLUMNS, Repository, alias_key, key_from_label

__all__ = [
    "AddActorKind",
    "AddEvidence",
    "AddRelationType",
    "AddRelationship",
    "Command",
    "CompositeCommand",
    "CreateActor",
    "DeleteActor",
    "DeleteActorKind",
    "DeleteRelationType",
    "DeleteRelationship",
    "EditActor",
    "EditActorKind",
    "EditArticle",
    "EditRelationType",
    "EditRelationship",
    "MergeActors",
    "MoveActors",
    "RemoveEvidence",
    "RenameActor",
    "RestoreActorKind",
    "RestoreRelationType",
    "RestoreSnapshot",
    "SetActorStatus",
    "SetActorStatuses",
    "SetMergeStatuses",
    "SetStatus",
    "SetStatuses",
    "UNCHANGED",
    "rebased",
]

UNCHANGED = ...  # "leave this field as it is" where None is a meaningful value (dates)


@dataclass(frozen=True)
class Command:
    """One undoable edit. Subclasses are frozen dataclasses (so dataclasses.replace can rebase any
    of them, see rebased); ``apply`` runs in one transaction."""

    @property
    def merge_key(self) -> Hashable | None:
        """Consecutive commands with equal, non-None merge keys may be merged into one undo step."""
        return None

    @property
    def label(self) -> str:  # shown as Edit > Undo "<label>"
        return "Edit"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        raise NotImplementedError


# ---------------------------------------------------------------------- the generic inverse
def _ids(snapshot: Snapshot, key: str) -> set[int]:
    return set(snapshot.extra.get(key, ()))


def covering(
    snapshot: Snapshot,
    *,
    actor_ids: Iterable[int] = (),
    relationship_ids: Iterable[int] = (),
    evidence_ids: Iterable[int] = (),
) -> Snapshot:
    """``snapshot`` extended to also own these ids: restoring it removes such rows it has no copy of
    (how the undo of a create deletes the new row)."""
    extra = dict(snapshot.extra)
    extra["actor_ids"] = sorted(_ids(snapshot, "actor_ids") | set(actor_ids))
    extra["relationship_ids"] = sorted(_ids(snapshot, "relationship_ids") | set(relationship_ids))
    extra["evidence_ids"] = sorted(_ids(snapshot, "evidence_ids") | set(evidence_ids))
    return dataclasses.replace(snapshot, extra=extra)


def _endpoints(*snapshots: Snapshot) -> set[int]:
    return {r[k] for s in snapshots for r in s.relationships for k in ("source_id", "target_id")}


# Where an actor is drawn is not part of what an undo checks or puts back: the layout moves
# actors outside the undo stack, and undoing a rename must neither fail nor make nodes jump.
_LAYOUT_COLUMNS = ("x", "y", "pinned")


def _norm(rows: Iterable[dict], skip: tuple[str, ...] = ()) -> list:
    skip = skip + TRACKING_COLUMNS
    return sorted(
        (tuple(sorted((k, v) for k, v in r.items() if k not in skip)) for r in rows), key=lambda t: dict(t)["id"]
    )


def _rows(snapshot: Snapshot) -> tuple:
    """The snapshot's rows in a comparable form: what people edit, without layout columns nor the
    version and who changed it (every undo and redo is a new version of its rows; a change by
    someone else shows in what they changed)."""
    return (
        _norm(snapshot.actors, _LAYOUT_COLUMNS),
        _norm(snapshot.aliases),
        _norm(snapshot.relationships),
        _norm(snapshot.evidence),
    )


def _keep_layout(snapshot: Snapshot, current: Snapshot) -> Snapshot:
    """``snapshot`` with the actors' current layout columns, for actors that exist now."""
    now = {a["id"]: a for a in current.actors}
    actors = tuple(
        {**a, **{k: now[a["id"]][k] for k in _LAYOUT_COLUMNS}} if a["id"] in now else a for a in snapshot.actors
    )
    return dataclasses.replace(snapshot, actors=actors)


@dataclass(frozen=True)
class RestoreSnapshot(Command):
    """Put the rows of ``snapshot`` back exactly, removing any other row with an id it owns.

    ``expected`` is what those rows looked like right after the edit this undoes. If they look
    different now (something changed them outside the undo stack, e.g. an import that reused
    a freed id), restoring would destroy that work: the command refuses instead.
    """

    snapshot: Snapshot
    text: str = "Restore"
    subject_id: int | None = None  # reported as Change.subject_id (e.g. the re-created actor)
    expected: Snapshot | None = field(default=None, compare=False, repr=False)
    #: only actor and alias rows (renames, alias edits): relationships are neither checked nor
    #: replaced, so an import that linked the actor meanwhile does not block the undo
    actor_rows_only: bool = False

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        snap = self.snapshot
        with repo.batch():
            before = repo.snapshot(
                actor_ids=_ids(snap, "actor_ids"),
                relationship_ids=_ids(snap, "relationship_ids"),
                evidence_ids=_ids(snap, "evidence_ids"),
            )
            if self.actor_rows_only:
                before = _actor_rows(before)
            if self.expected is not None and _rows(before) != _rows(self.expected):
                who = _changed_by(before, self.expected)
                by = f"{who} changed it" if who else "an edit that did not go through undo, such as an import"
                raise ConflictError(
                    self.text,
                    table="",
                    row_id=0,
                    expected_version=None,
                    current_version=None,
                    changed_by=who,
                    message=f"the workspace has changed since “{self.text}” ({by}); it cannot be undone or redone",
                )
            # restore() would take a name back from an actor that got it since (an import): refuse
            mine = _ids(snap, "actor_ids")
            owners = repo.alias_owners(a["name"] for a in snap.aliases) if snap.aliases else {}
            for alias in snap.aliases:
                owner = owners.get(alias["key"])
                if owner is not None and owner not in mine:
                    other = repo.get_actor(owner).name
                    raise InvalidInputError(
                        f"cannot {self.text.lower()}: the name “{alias['name']}” now belongs to {other}"
                    )
            snap = _keep_layout(snap, before)
            try:
                change = repo.restore_actor_rows(snap) if self.actor_rows_only else repo.restore(snap)
            except IntegrityError as exc:
                raise InvalidInputError(
                    f"the workspace has changed since “{self.text}”; it cannot be undone or redone ({exc.orig})"
                ) from exc
            # what redo must find: the rows as restored (their versions are new ones)
            after = repo.snapshot(
                actor_ids=_ids(snap, "actor_ids"),
                relationship_ids=_ids(snap, "relationship_ids"),
                evidence_ids=_ids(snap, "evidence_ids"),
            )
            if self.actor_rows_only:
                after = _actor_rows(after)
        # endpoints of restored or removed relationships are redrawn too
        change = change | Change(actors=frozenset(_endpoints(snap, before)), subject_id=self.subject_id)
        return RestoreSnapshot(
            before, self.text, self.subject_id, expected=after, actor_rows_only=self.actor_rows_only
        ), change


def _changed_by(now: Snapshot, expected: Snapshot) -> str:
    """Who last changed a row that differs between ``now`` and ``expected`` ('' if unknown)."""
    for kind in ("actors", "aliases", "relationships", "evidence"):
        skip = _LAYOUT_COLUMNS if kind == "actors" else ()
        wanted = {dict(t)["id"]: t for t in _norm(getattr(expected, kind), skip)}
        for row in getattr(now, kind):
            if _norm([row], skip)[0] != wanted.get(row["id"]) and row.get("updated_by"):
                return row["updated_by"]
    return ""


def _actor_rows(snapshot: Snapshot) -> Snapshot:
    """Only the actor and alias rows of ``snapshot`` (and only actor ids as its own)."""
    return Snapshot(
        actors=snapshot.actors, aliases=snapshot.aliases, extra={"actor_ids": sorted(_ids(snapshot, "actor_ids"))}
    )


def _snapshot_edit(
    repo: Repository,
    text: str,
    edit: Callable[[], Change],
    *,
    actor_ids: Iterable[int] = (),
    relationship_ids: Iterable[int] = (),
    evidence_ids: Iterable[int] = (),
    created: Callable[[Change], dict[str, Iterable[int]]] | None = None,
    actor_rows_only: bool = False,
) -> tuple[Command, Change]:
    """Snapshot the given ids, run ``edit``; the inverse restores the snapshot.

    ``created(change)`` names rows the edit made (ids unknown beforehand) so undo removes them.
    ``actor_rows_only``: the edit changes nothing but actor and alias rows (see RestoreSnapshot).
    """
    with repo.batch():
        before = repo.snapshot(actor_ids=actor_ids, relationship_ids=relationship_ids, evidence_ids=evidence_ids)
        change = edit()
        if created is not None:
            before = covering(before, **created(change))
        after = repo.snapshot(
            actor_ids=_ids(before, "actor_ids"),
            relationship_ids=_ids(before, "relationship_ids"),
            evidence_ids=_ids(before, "evidence_ids"),
        )
    if actor_rows_only:
        before, after = _actor_rows(before), _actor_rows(after)
    return RestoreSnapshot(before, text, change.subject_id, expected=after, actor_rows_only=actor_rows_only), change


# ---------------------------------------------------------------------- actors
@dataclass(frozen=True)
class CreateActor(Command):
    name: str
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    notes: str = ""

    @property
    def label(self) -> str:
        return f"Add actor “{self.name.strip()}”"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.create_actor(self.name, self.kind, aliases=tuple(self.aliases), notes=self.notes),
            created=lambda ch: {"actor_ids": [ch.subject]},
        )


@dataclass(frozen=True)
class RenameActor(Command):
    actor_id: int
    new_name: str
    keep_old_as_alias: bool = True
    #: the actor's version the user saw; None: whatever is stored (every command below alike)
    expected_version: int | None = None

    @property
    def label(self) -> str:
        return f"Rename to “{self.new_name.strip()}”"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.rename_actor(
                self.actor_id,
                self.new_name,
                keep_old_as_alias=self.keep_old_as_alias,
                expected_version=self.expected_version,
            ),
            actor_ids=[self.actor_id],
            actor_rows_only=True,
        )


@dataclass(frozen=True)
class EditActor(Command):
    """Change an actor's kind and notes, add and remove aliases (None: leave as is)."""

    actor_id: int
    kind: str | None = None
    notes: str | None = None
    aliases_added: tuple[str, ...] = ()
    aliases_removed: tuple[str, ...] = ()
    expected_version: int | None = None

    @property
    def label(self) -> str:
        return "Edit actor"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        def edit() -> Change:
            change = repo.update_actor(
                self.actor_id, kind=self.kind, notes=self.notes, expected_version=self.expected_version
            )
            for alias in self.aliases_removed:
                change |= repo.remove_alias(self.actor_id, alias)
            for alias in self.aliases_added:
                change |= repo.add_alias(self.actor_id, alias)
            return change | Change(subject_id=self.actor_id)

        return _snapshot_edit(repo, self.label, edit, actor_ids=[self.actor_id], actor_rows_only=True)


@dataclass(frozen=True)
class MergeActors(Command):
    """Fold ``drop_id`` into ``keep_id`` (names become aliases, relationships and evidence move)."""

    keep_id: int
    drop_id: int
    text: str = "Merge actors"
    keep_version: int | None = None
    drop_version: int | None = None

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.merge_actors(
                self.keep_id, self.drop_id, keep_version=self.keep_version, drop_version=self.drop_version
            ),
            actor_ids=[self.keep_id, self.drop_id],
        )


@dataclass(frozen=True)
class DeleteActor(Command):
    actor_id: int
    text: str = "Delete actor"
    expected_version: int | None = None

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.delete_actor(self.actor_id, expected_version=self.expected_version),
            actor_ids=[self.actor_id],
        )


@dataclass(frozen=True)
class MoveActors(Command):
    """Where actors are drawn and whether they are pinned. A position of None forgets it.

    Consecutive moves of the same actors share a ``merge_key`` so a drag is one undo step.
    """

    positions: Mapping[int, tuple[float, float] | None] = field(default_factory=dict)
    pinned: Mapping[int, bool] = field(default_factory=dict)
    text: str | None = field(default=None, compare=False)  # an inverse keeps its command's label

    @property
    def label(self) -> str:
        if self.text is not None:
            return self.text
        n = len(set(self.positions) | set(self.pinned))
        if self.pinned and not any(self.pinned.values()):
            verb = "Unpin"
        else:
            verb = "Move" if self.positions else "Pin"
        return f"{verb} actor" if n == 1 else f"{verb} {n} actors"

    @property
    def merge_key(self) -> Hashable:
        # drags of the same actors (which pin them) merge with each other; pinning or unpinning
        # from a menu stays its own step
        return (
            bool(self.positions),
            frozenset(self.positions) | frozenset(self.pinned),
            frozenset(self.pinned.items()),
        )

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        ids = set(self.positions) | set(self.pinned)
        with repo.batch():
            current = repo.actor_layout(ids)
            missing = ids - set(current)
            if missing:
                raise NotFoundError(f"no actor with id {min(missing)}")
            old_pos: dict[int, tuple[float, float] | None] = {}
            for i in self.positions:
                x, y, _pinned = current[i]
                old_pos[i] = None if x is None or y is None else (x, y)
            old_pin = {i: current[i][2] for i in self.pinned}
            change = repo.set_positions(dict(self.positions), pinned=dict(self.pinned))
        return MoveActors(old_pos, old_pin, self.label), change

    def merged_with(self, later: MoveActors) -> MoveActors:
        """This move followed by ``later``, as one move."""
        return MoveActors({**self.positions, **later.positions}, {**self.pinned, **later.pinned}, later.label)

    def restoring_also(self, other: MoveActors) -> MoveActors:
        """This inverse, plus what only ``other`` knows how to put back (for merged drags:
        the first drag's inverse knows where the actors started)."""
        return MoveActors({**other.positions, **self.positions}, {**other.pinned, **self.pinned}, self.text)


# ---------------------------------------------------------------------- relationships
@dataclass(frozen=True)
class AddRelationship(Command):
    """Add a relationship and optionally an excerpt backing it.

    If it exists already (same type and actors) the excerpt joins it, its confidence rises to
    this one if higher, and its status becomes ``status``.
    """

    type_key: str
    source_id: int
    target_id: int
    status: str = "confirmed"
    confidence: float = 1.0
    note: str = ""
    article_id: int | None = None
    start: int | None = None
    end: int | None = None
    valid_from: str | None = None
    valid_to: str | None = None

    @property
    def label(self) -> str:
        return f"Add relationship {self.type_key.replace('-', ' ')}"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        if self.source_id == self.target_id:
            raise InvalidInputError("a relationship needs two different actors")
        existing = repo.find_relationship(self.type_key, self.source_id, self.target_id)

        def edit() -> Change:
            change = repo.add_relationship(
                self.type_key,
                self.source_id,
                self.target_id,
                status=self.status,
                confidence=self.confidence,
                note=self.note,
                valid_from=self.valid_from,
                valid_to=self.valid_to,
            )
            rel_id = change.subject
            if existing is not None and existing.status != self.status:
                # a person adding it says what it is now (the dialog starts from the old status)
                change |= repo.set_status(rel_id, self.status)
            if self.article_id is not None:
                if self.start is None or self.end is None:
                    raise InvalidInputError("an excerpt needs a start and an end")
                change |= repo.add_evidence(rel_id, self.article_id, self.start, self.end, origin="person")
            return change | Change(subject_id=rel_id)

        return _snapshot_edit(
            repo,
            self.label,
            edit,
            relationship_ids=[existing.id] if existing else [],
            created=lambda ch: {"relationship_ids": [ch.subject]},
        )


@dataclass(frozen=True)
class SetStatuses(Command):
    """Give each relationship its own status (the inverse of :class:`SetStatus`).

    Confirming a relationship confirms its proposed actors; ``actor_statuses`` (what an undo
    puts back) are set after the relationships."""

    statuses: tuple[tuple[int, str], ...]
    text: str = "Set status"
    actor_statuses: tuple[tuple[int, str], ...] = ()
    #: (relationship id, version the user saw) pairs
    expected_versions: tuple[tuple[int, int], ...] = ()
    #: (relationship id, status) an undo or redo expects to find: the statuses its edit left. Another
    #: investigator's change of them since makes it refuse, as any undo does.
    expected_statuses: tuple[tuple[int, str], ...] = ()

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        ids = [rel_id for rel_id, _ in self.statuses]
        with repo.batch():
            snap_rows = repo.snapshot(relationship_ids=ids).relationships
            rows = {r["id"]: r for r in snap_rows}
            for rel_id, status in self.expected_statuses:
                row = rows.get(rel_id)
                if row is None or row["status"] != status:
                    who = row["updated_by"] if row else ""
                    raise ConflictError(
                        self.text,
                        table="relationship",
                        row_id=rel_id,
                        expected_version=None,
                        current_version=row["version"] if row else None,
                        changed_by=who,
                        message=f"the workspace has changed since “{self.text}”"
                        f"{f' ({who} changed it)' if who else ''}; it cannot be undone or redone",
                    )
            old = {r["id"]: r["status"] for r in snap_rows}
            ends = {r[k] for r in snap_rows for k in ("source_id", "target_id")} | {a for a, _ in self.actor_statuses}
            old_actors = repo.actor_statuses(ends)
            change = repo.set_statuses(dict(self.statuses), expected_versions=dict(self.expected_versions))
            if self.actor_statuses:
                change |= repo.set_actor_statuses(dict(self.actor_statuses))
            now_actors = repo.actor_statuses(ends)
        changed = tuple(sorted((a, s) for a, s in old_actors.items() if now_actors.get(a) != s))
        inverse = SetStatuses(
            tuple((rel_id, old[rel_id]) for rel_id, _ in self.statuses),
            self.text,
            changed,
            expected_statuses=self.statuses,
        )
        return inverse, change


@dataclass(frozen=True)
class SetActorStatus(Command):
    """Accept (confirm), reject or re-propose actors an import proposed.

    Rejecting rejects the actor's relationships too, so the inverse restores the rows it may
    change; accepting changes one column and carries the old values."""

    actor_ids: tuple[int, ...]
    status: str

    @property
    def label(self) -> str:
        verb = {"confirmed": "Accept", "rejected": "Reject", "proposed": "Mark as proposed"}.get(
            self.status, "Set status of"
        )
        n = len(self.actor_ids)
        return f"{verb} actor" if n == 1 else f"{verb} {n} actors"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        ids = list(dict.fromkeys(int(i) for i in self.actor_ids))
        if not ids:
            raise InvalidInputError("no actors chosen")
        if self.status == "rejected":
            return _snapshot_edit(
                repo, self.label, lambda: repo.set_actor_statuses({i: self.status for i in ids}), actor_ids=ids
            )
        return SetActorStatuses(tuple((i, self.status) for i in ids), self.label).apply(repo)


@dataclass(frozen=True)
class SetActorStatuses(Command):
    """Give each actor its own status, touching nothing else (accepting; an undo of it)."""

    statuses: tuple[tuple[int, str], ...]
    text: str = "Set actor status"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        if any(s == "rejected" for _, s in self.statuses):
            raise InvalidInputError("rejecting an actor goes through SetActorStatus (it rejects its links too)")
        with repo.batch():
            old = repo.actor_statuses(i for i, _ in self.statuses)
            change = repo.set_actor_statuses(dict(self.statuses))
        return SetActorStatuses(tuple((i, old[i]) for i, _ in self.statuses), self.text), change


@dataclass(frozen=True)
class SetMergeStatuses(Command):
    """Say two actors are different (reject a merge proposal), or take that back."""

    statuses: tuple[tuple[int, str], ...]
    text: str = "Keep actors apart"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        with repo.batch():
            old = repo.merge_statuses(i for i, _ in self.statuses)
            change = repo.set_merge_statuses(dict(self.statuses))
        return SetMergeStatuses(tuple((i, old[i]) for i, _ in self.statuses), self.text), change


@dataclass(frozen=True)
class SetStatus(Command):
    """Confirm, reject or re-propose several relationships at once."""

    rel_ids: tuple[int, ...]
    status: str
    expected_versions: tuple[tuple[int, int], ...] = ()

    @property
    def label(self) -> str:
        verb = {"confirmed": "Confirm", "rejected": "Reject", "proposed": "Mark as proposed"}.get(
            self.status, "Set status of"
        )
        n = len(self.rel_ids)
        return f"{verb} relationship" if n == 1 else f"{verb} {n} relationships"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        if not self.rel_ids:
            raise InvalidInputError("no relationships chosen")
        ids = list(dict.fromkeys(int(i) for i in self.rel_ids))
        return SetStatuses(
            tuple((i, self.status) for i in ids), self.label, expected_versions=self.expected_versions
        ).apply(repo)


@dataclass(frozen=True)
class EditRelationship(Command):
    """Change a relationship's type, endpoints, confidence, dates or note (UNCHANGED/None: keep).

    Moving it onto an existing relationship of the same type and endpoints folds the two.
    """

    rel_id: int
    type_key: str | None = None
    source_id: int | None = None
    target_id: int | None = None
    confidence: float | None = None
    valid_from: str | None = UNCHANGED  # type: ignore[assignment]
    valid_to: str | None = UNCHANGED  # type: ignore[assignment]
    note: str | None = None
    expected_version: int | None = None

    @property
    def label(self) -> str:
        return "Edit relationship"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        rel = repo.get_relationship(self.rel_id)
        type_key = self.type_key or rel.type
        src = self.source_id if self.source_id is not None else rel.source_id
        dst = self.target_id if self.target_id is not None else rel.target_id
        covered = [self.rel_id]
        if src != dst:
            other = repo.find_relationship(type_key, src, dst)  # the one it would fold into
            if other is not None and other.id != self.rel_id:
                covered.append(other.id)
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.update_relationship(
                self.rel_id,
                type_key=self.type_key,
                source_id=self.source_id,
                target_id=self.target_id,
                confidence=self.confidence,
                valid_from=self.valid_from,
                valid_to=self.valid_to,
                note=self.note,
                expected_version=self.expected_version,
            ),
            relationship_ids=covered,
        )


@dataclass(frozen=True)
class DeleteRelationship(Command):
    rel_id: int
    expected_version: int | None = None

    @property
    def label(self) -> str:
        return "Delete relationship"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.delete_relationship(self.rel_id, expected_version=self.expected_version),
            relationship_ids=[self.rel_id],
        )


# ---------------------------------------------------------------------- evidence
@dataclass(frozen=True)
class AddEvidence(Command):
    """Back a relationship with characters [start, end) of an article."""

    rel_id: int
    article_id: int
    start: int
    end: int
    origin: str = "person"

    @property
    def label(self) -> str:
        return "Add excerpt"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.add_evidence(self.rel_id, self.article_id, self.start, self.end, origin=self.origin),
            created=lambda ch: {"evidence_ids": ch.evidence},
        )


@dataclass(frozen=True)
class RemoveEvidence(Command):
    evidence_id: int
    expected_version: int | None = None

    @property
    def label(self) -> str:
        return "Remove excerpt"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        return _snapshot_edit(
            repo,
            self.label,
            lambda: repo.remove_evidence(self.evidence_id, expected_version=self.expected_version),
            evidence_ids=[self.evidence_id],
        )


# ---------------------------------------------------------------------- articles
@dataclass(frozen=True)
class EditArticle(Command):
    """Correct an article's title, source, date or address (None, UNCHANGED for the date: keep)."""

    article_id: int
    title: str | None = None
    source: str | None = None
    published: date | None = UNCHANGED  # type: ignore[assignment]
    url: str | None = None
    text: str = field(default="Edit article", compare=False)

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        with repo.batch():
            old = repo.get_article(self.article_id)
            change = repo.update_article(
                self.article_id,
                title=self.title,
                source=self.source,
                published=... if self.published is UNCHANGED else self.published,
                url=self.url,
            )
        inverse = EditArticle(
            self.article_id,
            title=old.title if self.title is not None else None,
            source=old.source if self.source is not None else None,
            published=old.published if self.published is not UNCHANGED else UNCHANGED,
            url=old.url if self.url is not None else None,
            text=self.text,
        )
        return inverse, change


# ---------------------------------------------------------------------- relationship types
@dataclass(frozen=True)
class AddRelationType(Command):
    """A relationship type of the investigator's own; the key defaults to the label's words."""

    type_label: str
    key: str | None = None
    inverse_label: str | None = None
    directed: bool = True
    color: str = "#777777"

    @property
    def label(self) -> str:
        return f"Add relationship type “{self.type_label.strip()}”"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        key = self.key or key_from_label(self.type_label)
        change = repo.add_relation_type(
            key, self.type_label, inverse_label=self.inverse_label, directed=self.directed, color=self.color
        )
        return DeleteRelationType(key, text=self.label), change


_Entry = TypeVar("_Entry", RelationTypeRecord, ActorKindRecord)


@dataclass(frozen=True)
class _EditByKey(Command, Generic[_Entry]):
    """What EditRelationType and EditActorKind share: edit the fields of an entry found by
    ``key`` (None: keep), perhaps giving it a ``new_key``. The inverse puts back the old value of
    exactly the fields this edit set, under the key the entry has now, and expects the version
    this edit left (someone else's edit in between is a conflict, not overwritten)."""

    key: str
    new_key: str | None = field(default=None, kw_only=True)
    text: str = field(default="Edit", compare=False, kw_only=True)
    #: the entry's version the user saw (None: whatever is stored); the undo expects the edit's
    expected_version: int | None = field(default=None, kw_only=True)

    @property
    def label(self) -> str:
        return self.text

    def _entry(self, repo: Repository, key: str) -> _Entry:
        raise NotImplementedError

    def _edit(self, repo: Repository) -> Change:
        """The repository's update of this entry, with new_key and expected_version."""
        raise NotImplementedError

    def _restoring(self, old: _Entry, key: str) -> _EditByKey[_Entry]:
        """The edit putting back ``old``'s value of each field this edit sets, at ``key``."""
        raise NotImplementedError

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        with repo.batch():
            old = self._entry(repo, self.key)
            change = self._edit(repo)
            now_key = self.new_key.strip().lower() if self.new_key else self.key
            after = self._entry(repo, now_key).version
        inverse = dataclasses.replace(
            self._restoring(old, now_key),
            new_key=self.key if now_key != self.key else None,
            text=self.text,
            expected_version=after,
        )
        return inverse, change


@dataclass(frozen=True)
class EditRelationType(_EditByKey[RelationTypeRecord]):
    """Rename (label, inverse label), recolour, re-key or change the direction of a type (None: keep)."""

    type_label: str | None = None
    inverse_label: str | None = None
    color: str | None = None
    directed: bool | None = None
    text: str = field(default="Edit relationship type", compare=False, kw_only=True)

    def _entry(self, repo: Repository, key: str) -> RelationTypeRecord:
        return repo.relation_type(key)

    def _edit(self, repo: Repository) -> Change:
        return repo.update_relation_type(
            self.key,
            label=self.type_label,
            inverse_label=self.inverse_label,
            color=self.color,
            directed=self.directed,
            new_key=self.new_key,
            expected_version=self.expected_version,
        )

    def _restoring(self, old: RelationTypeRecord, key: str) -> EditRelationType:
        return EditRelationType(
            key,
            type_label=old.label if self.type_label is not None else None,
            inverse_label=old.inverse_label if self.inverse_label is not None else None,
            color=old.color if self.color is not None else None,
            directed=old.directed if self.directed is not None else None,
        )


@dataclass(frozen=True)
class DeleteRelationType(Command):
    """Remove a type; its relationships (if any) take ``reassign_to`` (see Repository.delete_relation_type)."""

    key: str
    reassign_to: str | None = None
    text: str = field(default="Delete relationship type", compare=False)

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        with repo.batch():
            row = repo.relation_type_row(self.key)
            keys = [self.key] + ([self.reassign_to] if self.reassign_to else [])
            ids = repo.relationship_ids_of_types(keys)  # moved ones and those they may fold into
            before = repo.snapshot(relationship_ids=ids)
            change = repo.delete_relation_type(self.key, reassign_to=self.reassign_to)
            after = repo.snapshot(relationship_ids=ids)
        restore = RestoreSnapshot(before, self.text, expected=after)
        return RestoreRelationType(row, restore, self.key, self.reassign_to, self.text), change


@dataclass(frozen=True)
class RestoreRelationType(Command):
    """The undo of deleting a type: its row with its id, then its relationships as they were."""

    row: Mapping
    relationships: RestoreSnapshot
    key: str
    reassign_to: str | None = None
    text: str = field(default="Delete relationship type", compare=False)

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        with repo.batch():
            change = repo.restore_relation_type(self.row)
            _, restored = self.relationships.apply(repo)
        return DeleteRelationType(self.key, self.reassign_to, self.text), change | restored


# ---------------------------------------------------------------------- actor kinds
@dataclass(frozen=True)
class AddActorKind(Command):
    """A kind of actor of the investigator's own, drawn with ``shape`` and ``color``."""

    name: str
    key: str | None = None
    shape: str = "circle"
    color: str = "#8a8f98"

    @property
    def label(self) -> str:
        return f"Add actor kind “{self.name.strip()}”"

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        key = self.key or key_from_label(self.name)
        change = repo.add_actor_kind(self.name, key=key, shape=self.shape, color=self.color)
        return DeleteActorKind(key, text=self.label), change


@dataclass(frozen=True)
class EditActorKind(_EditByKey[ActorKindRecord]):
    """Rename, reshape, recolour or re-key a kind (None: keep)."""

    name: str | None = None
    shape: str | None = None
    color: str | None = None
    text: str = field(default="Edit actor kind", compare=False, kw_only=True)

    def _entry(self, repo: Repository, key: str) -> ActorKindRecord:
        return repo.actor_kind(key)

    def _edit(self, repo: Repository) -> Change:
        return repo.update_actor_kind(
            self.key,
            label=self.name,
            shape=self.shape,
            color=self.color,
            new_key=self.new_key,
            expected_version=self.expected_version,
        )

    def _restoring(self, old: ActorKindRecord, key: str) -> EditActorKind:
        return EditActorKind(
            key,
            name=old.label if self.name is not None else None,
            shape=old.shape if self.shape is not None else None,
            color=old.color if self.color is not None else None,
        )


@dataclass(frozen=True)
class DeleteActorKind(Command):
    """Remove a kind; its actors (if any) take ``reassign_to``."""

    key: str
    reassign_to: str | None = None
    text: str = field(default="Delete actor kind", compare=False)

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        with repo.batch():
            row = repo.actor_kind_row(self.key)
            actors = tuple(repo.actor_ids_of_kind(self.key))
            change = repo.delete_actor_kind(self.key, reassign_to=self.reassign_to)
        return RestoreActorKind(row, actors, self.reassign_to, self.text), change


@dataclass(frozen=True)
class RestoreActorKind(Command):
    """The undo of deleting a kind: its row with its id, and its actors back to it."""

    row: Mapping
    actor_ids: tuple[int, ...] = ()
    reassign_to: str | None = None
    text: str = field(default="Delete actor kind", compare=False)

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        change = repo.restore_actor_kind(self.row, actor_ids=self.actor_ids)
        return DeleteActorKind(self.row["key"], self.reassign_to, self.text), change


# ---------------------------------------------------------------------- several as one
@dataclass(frozen=True)
class CompositeCommand(Command):
    """Several commands as one undo step (all land or none); undone in reverse order."""

    commands: tuple[Command, ...]
    text: str = "Edit"

    @property
    def label(self) -> str:
        return self.text

    def apply(self, repo: Repository) -> tuple[Command, Change]:
        inverses: list[Command] = []
        change = Change()
        with repo.batch():
            for command in self.commands:
                inverse, step = command.apply(repo)
                inverses.append(inverse)
                change |= step
        return CompositeCommand(tuple(reversed(inverses)), self.text), change


def edit_actor_command(
    repo: Repository,
    actor_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    notes: str | None = None,
    aliases: Sequence[str] | None = None,
    base: ActorRecord | None = None,
) -> Command | None:
    """The command that turns an actor into what an edit form shows; None when nothing differs.

    ``base`` is the actor as the form showed it: only what the user changed from it is edited, and
    the edit expects that version (someone else's change meanwhile is a ConflictError, not
    silently overwritten)."""
    actor = base or repo.get_actor(actor_id)
    expected = None if base is None else base.version
    steps: list[Command] = []
    renamed = name is not None and " ".join(name.split()) != actor.name
    if name is not None and renamed:
        steps.append(RenameActor(actor_id, name, expected_version=expected))
        expected = None  # the steps after it run in the same transaction: nobody can come between
    if aliases is not None:
        have = {alias_key(a): a for a in actor.aliases}
        if renamed:
            have[alias_key(actor.name)] = actor.name  # the old name stays an alias unless dropped
        want = {alias_key(a): a for a in aliases if a.strip()}
        if name is not None:
            want.pop(alias_key(name), None)
        removed = tuple(have[k] for k in have if k not in want)
        added = tuple(want[k] for k in want if k not in have)
    else:
        removed = added = ()
    kind = kind if kind is not None and kind != actor.kind else None
    notes = notes if notes is not None and notes != actor.notes else None
    if kind is not None or notes is not None or removed or added:
        steps.append(
            EditActor(
                actor_id,
                kind=kind,
                notes=notes,
                aliases_added=added,
                aliases_removed=removed,
                expected_version=expected,
            )
        )
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]
    return CompositeCommand(tuple(steps), f"Edit actor “{actor.name}”")


def _expecting(command: Command, version: int) -> Command:
    """``command`` expecting ``version`` of the row it edits. Which commands have an
    ``expected_version`` field is known only at run time (rebased asks hasattr); replace refuses
    one that has none."""
    changes = {"expected_version": version}
    return dataclasses.replace(command, **changes)


def rebased(command: Command, conflict: ConflictError) -> Command | None:
    """``command`` based on what is stored now instead of what the user had read: the same edit,
    expecting the row's current version (how a person keeps their side of a conflict). None when
    the row is gone or the command does not name the row in conflict."""
    if conflict.current_version is None:
        return None
    version = conflict.current_version
    if isinstance(command, CompositeCommand):
        steps = list(command.commands)
        for i, step in enumerate(steps):  # the first step that expected a version is the one refused
            again = rebased(step, conflict)
            if again is not None:
                steps[i] = again
                return dataclasses.replace(command, commands=tuple(steps))
        return None
    if getattr(command, "expected_version", 0) is None:
        return None  # it expected no version: the conflict is not its
    if conflict.table == "actor":
        if isinstance(command, MergeActors):
            if command.keep_id == conflict.row_id:
                return dataclasses.replace(command, keep_version=version)
            if command.drop_id == conflict.row_id:
                return dataclasses.replace(command, drop_version=version)
            return None
        if getattr(command, "actor_id", None) == conflict.row_id and hasattr(command, "expected_version"):
            return _expecting(command, version)
    if conflict.table == "relationship":
        if isinstance(command, SetStatus | SetStatuses) and conflict.row_id in dict(command.expected_versions):
            versions = {**dict(command.expected_versions), conflict.row_id: version}
            return dataclasses.replace(command, expected_versions=tuple(versions.items()))
        if getattr(command, "rel_id", None) == conflict.row_id and hasattr(command, "expected_version"):
            return _expecting(command, version)
    if conflict.table == "evidence" and getattr(command, "evidence_id", None) == conflict.row_id:
        return _expecting(command, version)
    if isinstance(command, EditRelationType | EditActorKind) and conflict.table in ("relation_type", "actor_kind"):
        return dataclasses.replace(command, expected_version=version)
    return None
