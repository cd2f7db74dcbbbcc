"""Storing an article and what the extractor proposes for it: the one path every import takes.

``relmap import``, the Import dialog and drag-and-drop all end in :func:`ingest_article` (one
article, one transaction) or :func:`ingest_files` (many, each its own transaction, reporting
progress and stopping when asked). Nothing here knows Qt.

Rules, in the investigator's words:

* the article is stored once (by content); importing the same text again adds nothing;
* each proposed actor becomes an existing workspace actor when one of its names is already an
  actor's name or alias, else when the extractor's fuzzy matching finds one, else a new actor
  (a name already owned by another actor is simply not added as an alias);
* each proposed relationship is stored with status *proposed*, or joins the relationship of
  the same type and actors that exists already, keeping that one's status (a rejected proposal
  stays rejected); its excerpt is stored as evidence of origin "extractor" after checking that
  the characters at its offsets are exactly the text the extractor quoted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.extract.formats import read_article
from desktop.extract.model import Extraction, ProposedActor
from desktop.extract.reader import ArticleFile
from desktop.model import Repository, alias_key
from desktop.model.errors import DuplicateAliasError, RelmapError, WorkspaceBusyError
from desktop.model.records import Change, Proposal

if TYPE_CHECKING:
    from spacy.language import Language

    from desktop.extract.known import KnownActorIndex


@dataclass(frozen=True)
class IngestResult:
    """What importing one article did."""

    article_id: int
    title: str
    new_article: bool  # False: the same text was already in the workspace, nothing was added
    proposals: int = 0  # relationships the extractor proposed and that were stored or joined
    new_relationships: int = 0  # of those, relationships that did not exist before
    new_actors: int = 0
    new_evidence: int = 0
    skipped: tuple[str, ...] = ()  # proposals not stored, each with the reason
    change: Change = field(default_factory=Change)

    def summary(self) -> str:
        """One line for a person: where the article went and what was added."""
        if not self.new_article:
            return f"already in the workspace as article {self.article_id}; nothing added"
        return f"imported as article {self.article_id} ({self.title!r}): {self.added()}"

    def added(self) -> str:
        """What the import added, e.g. "3 new proposals, 2 new actors"."""
        if not self.new_article:
            return "nothing added (already in the workspace)"
        parts = [f"{self.new_relationships} new proposal{'s' if self.new_relationships != 1 else ''}"]
        joined = self.proposals - self.new_relationships
        if joined:
            parts.append(f"{joined} excerpt{'s' if joined != 1 else ''} added to existing relationships")
        parts.append(f"{self.new_actors} new actor{'s' if self.new_actors != 1 else ''}")
        if self.skipped:
            parts.append(f"{len(self.skipped)} proposal{'s' if len(self.skipped) != 1 else ''} skipped")
        return ", ".join(parts)


@dataclass(frozen=True)
class FileOutcome:
    """One input of a batch import: its result, or why it was refused."""

    path: Path
    result: IngestResult | None = None
    error: str | None = None  # the refusal message (names the file); nothing was stored

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BatchResult:
    """Everything a batch import did; ``stopped`` when it was cancelled before the end."""

    outcomes: tuple[FileOutcome, ...]
    total: int
    stopped: bool = False
    seconds: float = 0.0

    @property
    def change(self) -> Change:
        out = Change()
        for o in self.outcomes:
            if o.result is not None:
                out = out | o.result.change
        return out

    @property
    def imported(self) -> int:
        return sum(1 for o in self.outcomes if o.result is not None and o.result.new_article)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.error is not None)


class ActorDirectory:
    """The workspace's actors by every name (compared as the workspace compares aliases), and the
    extractor's fuzzy index over them.

    Read once per batch (one query for all actors, instead of a look-up per proposed name) and
    kept current by the import that uses it; if someone else changes actors meanwhile, the
    import notices (the workspace refuses the stale id or name) and reads it again.
    """

    def __init__(self, repo: Repository) -> None:
        self.ids: dict[str, int] = {}
        self.kinds: dict[int, str] = {}
        self.known: list[tuple[str, tuple[str, ...]]] = []
        self._index: KnownActorIndex | None = None
        for actor in repo.list_actors():
            self.added(actor.id, actor.name, actor.kind, actor.aliases)

    def find(self, name: str) -> int | None:
        return self.ids.get(alias_key(name))

    def added(self, actor_id: int, name: str, kind: str, aliases: Sequence[str] = ()) -> None:
        for n in (name, *aliases):
            self.ids.setdefault(alias_key(n), actor_id)
        self.kinds[actor_id] = kind
        self.known.append((name, tuple(aliases)))
        self._index = None  # rebuilt when next needed

    def fuzzy(self, proposed: ProposedActor) -> int | None:
        """The extractor's resolution of article names to one workspace actor, if it is sure."""
        if not self.known:
            return None
        if self._index is None:
            from desktop.extract.known import KnownActorIndex

            self._index = KnownActorIndex(self.known)
        hit = self._index.match([proposed.name, *proposed.aliases], person=proposed.kind == "person")
        return self.find(hit.name) if hit is not None else None


def ingest_article(repo: Repository, article: ArticleFile, extraction: Extraction, *,
                   directory: ActorDirectory | None = None) -> IngestResult:
    """Store ``article`` and the proposals of ``extraction`` (offsets into ``article.text``) in one
    transaction: either all of it lands or none of it.

    ``directory`` is the workspace's actors as read before (a batch passes one along); without
    one it is read now.
    """
    return _ingest(repo, article, extraction, directory or ActorDirectory(repo))


def _ingest(repo: Repository, article: ArticleFile, extraction: Extraction,
            directory: ActorDirectory) -> IngestResult:
    with repo.batch():
        added = repo.add_article(article.text, title=article.title, source=article.source,
                                 published=article.published)
        article_id = added.subject_id
        assert article_id is not None
        if not added.articles:
            # The same text is already stored, and its proposals with it (they were stored in
            # the same transaction); the investigator may have rejected, merged or deleted
            # some since, so nothing is proposed again.
            return IngestResult(article_id=article_id, title=article.title, new_article=False)
        change = added
        ids: dict[str, int] = {}
        new_actors = 0
        for proposed in extraction.actors:
            actor_id, created = _resolve_actor(repo, proposed, directory)
            ids[proposed.name] = actor_id
            if created is not None:
                change = change | created
                new_actors += 1
        text = article.text
        skipped: list[str] = []
        known_types = {t.key for t in repo.list_relation_types()}
        wanted: list[Proposal] = []
        for rel in extraction.relationships:
            label = f"{rel.type}({rel.source}, {rel.target})"
            if rel.type not in known_types:
                skipped.append(f"{label}: the workspace has no relationship type {rel.type!r}")
                continue
            if not (0 <= rel.start < rel.end <= len(text)) or text[rel.start:rel.end] != rel.text:
                skipped.append(f"{label}: its excerpt at {rel.start}-{rel.end} does not match the article text")
                continue
            source_id = ids.get(rel.source) or directory.find(rel.source)
            target_id = ids.get(rel.target) or directory.find(rel.target)
            if source_id is None or target_id is None:
                skipped.append(f"{label}: names an actor the extraction does not list")
                continue
            if source_id == target_id:
                skipped.append(f"{label}: both ends are the same workspace actor")
                continue
            wanted.append(Proposal(type=rel.type, source_id=source_id, target_id=target_id,
                                   confidence=round(float(rel.confidence), 4), start=rel.start, end=rel.end))
        stored = repo.add_proposals(article_id, wanted, origin="extractor")
        change = change | stored.change
        proposals, new_rels, new_evidence = len(wanted), stored.new_relationships, stored.new_evidence
    return IngestResult(article_id=article_id, title=article.title, new_article=True, proposals=proposals,
                        new_relationships=new_rels, new_actors=new_actors, new_evidence=new_evidence,
                        skipped=tuple(skipped), change=change)


def _same_kind(a: str, b: str) -> bool:
    return a == b or "other" in (a, b)


def _resolve_actor(repo: Repository, proposed: ProposedActor,
                   directory: ActorDirectory) -> tuple[int, Change | None]:
    """The workspace actor for a proposed one, creating it if none fits: (id, Change if created)."""
    by_name = directory.find(proposed.name)
    if by_name is not None:
        return by_name, None
    # An alias alone decides only between actors of the same kind: "Nazarbayev" the person is
    # not the "Nazarbayev Foundation" that also answers to that name.
    by_alias = {found for found in (directory.find(a) for a in proposed.aliases)
                if found is not None and _same_kind(directory.kinds.get(found, ""), proposed.kind)}
    if len(by_alias) == 1:  # two different owners: the names are ambiguous, decide nothing here
        return by_alias.pop(), None
    fuzzy = directory.fuzzy(proposed)
    if fuzzy is not None and _same_kind(directory.kinds.get(fuzzy, ""), proposed.kind):
        return fuzzy, None
    created = repo.create_actor(proposed.name, proposed.kind)
    actor_id = created.subject_id
    assert actor_id is not None
    kept = []
    for alias in proposed.aliases:
        if directory.find(alias) is not None:
            continue  # the name belongs to another actor already; keep it there
        try:
            repo.add_alias(actor_id, alias)
            kept.append(alias)
        except DuplicateAliasError:
            pass  # taken by an actor made since the directory was read
        except RelmapError:
            pass  # an alias the workspace refuses (empty, too long) is not worth failing the article
    directory.added(actor_id, proposed.name, proposed.kind, kept)
    return actor_id, created


ProgressCallback = Callable[[int, int, FileOutcome], None]

# A batch import waits this many busy timeouts for another program's writes before it gives up
# on an article (and goes on with the next one).
BUSY_RETRIES = 3


def _store_one(repo: Repository, article: ArticleFile, extraction: Extraction,
               directory: ActorDirectory | None) -> tuple[FileOutcome, ActorDirectory | None]:
    """Store one article of a batch; a refusal is its outcome, never the end of the batch.

    Returns the outcome and the actor directory to go on with (None: read it again).
    """
    stale_retries, busy_retries = 1, BUSY_RETRIES
    while True:
        if directory is None:
            directory = ActorDirectory(repo)
        try:
            return FileOutcome(path=article.path, result=ingest_article(repo, article, extraction,
                                                                        directory=directory)), directory
        except WorkspaceBusyError as exc:
            # another program is writing; nothing of this article was stored: wait again
            if busy_retries == 0:
                return FileOutcome(path=article.path, error=f"{article.path}: not imported: {exc}"), directory
            busy_retries -= 1
        except RelmapError as exc:
            # the directory may be stale (actors merged, renamed or deleted meanwhile, perhaps
            # by another program): the article was rolled back whole; read the actors again
            # and retry once
            directory = None
            if stale_retries == 0:
                return FileOutcome(path=article.path, error=f"{article.path}: {exc}"), None
            stale_retries -= 1
        except Exception as exc:  # noqa: BLE001 - one article's surprise must not end the batch
            return FileOutcome(path=article.path, error=f"{article.path}: not imported: an internal error "
                                                        f"({type(exc).__name__}) stopped it"), None


def ingest_files(repo: Repository, paths: Sequence[Path | str | ArticleFile], *, nlp: Language | None = None,
                 progress: ProgressCallback | None = None, should_stop: Callable[[], bool] | None = None,
                 extract_proposals: bool = True, batch_size: int = 16) -> BatchResult:
    """Import many articles: read each, extract, store each in its own transaction.

    ``paths`` may mix files and already-read :class:`ArticleFile` (pasted text). A file that
    cannot be read is reported in its :class:`FileOutcome` and the rest go on.
    ``progress(done, total, outcome)`` is called after each input; ``should_stop()`` is asked
    before each article is stored, so a cancel leaves only complete articles.
    """
    started = time.perf_counter()
    total = len(paths)
    pending: list[FileOutcome | ArticleFile] = []

    def texts() -> Iterator[str]:
        # Read lazily, as the extractor's batches ask; a refused file or an article already
        # stored passes an empty text so outputs stay aligned with inputs.
        for item in paths:
            if should_stop is not None and should_stop():
                return
            if isinstance(item, ArticleFile):
                article: ArticleFile | FileOutcome = item
            else:
                try:
                    article = read_article(item)
                except RelmapError as exc:
                    article = FileOutcome(path=Path(item), error=str(exc))
            pending.append(article)
            if isinstance(article, ArticleFile) and extract_proposals and repo.find_article(article.text) is None:
                yield article.text
            else:
                yield ""

    if extract_proposals:
        from desktop.extract.engine import extract_many

        extractions: Iterator[Extraction] = extract_many(texts(), nlp=nlp, batch_size=batch_size)
    else:
        extractions = (Extraction() for _ in texts())
    outcomes: list[FileOutcome] = []
    stopped = False
    directory: ActorDirectory | None = None
    for extraction in extractions:
        item = pending.pop(0)
        if should_stop is not None and should_stop():
            stopped = True
            break
        if isinstance(item, FileOutcome):
            outcome = item
        else:
            outcome, directory = _store_one(repo, item, extraction, directory)
        outcomes.append(outcome)
        if progress is not None:
            progress(len(outcomes), total, outcome)
    if len(outcomes) < total:
        stopped = True
    return BatchResult(outcomes=tuple(outcomes), total=total, stopped=stopped,
                       seconds=time.perf_counter() - started)
