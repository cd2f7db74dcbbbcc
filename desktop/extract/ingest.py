"""Storing an article and what the extractor proposes for it: the one path every import takes.

``relmap import``, the Import dialog and drag-and-drop all end in :func:`ingest_article` (one
article, one transaction) or :func:`ingest_files` (many, each its own transaction, reporting
progress and stopping when asked). Nothing here knows Qt.

Rules, in the investigator's words:

* the article is stored once (by content); importing the same text again adds nothing;
* each proposed actor becomes an existing workspace actor when its name is already an actor's
  name or alias, else when the identity rules (:mod:`desktop.extract.identity`) are sure it is
  one ("Tokayev" for "Kassym-Jomart Tokayev", "CSTO" for its expansion, "Kazakhstan's
  president" for the person the article gives that office), else a new actor; the names the
  article gives it that nobody has yet become its aliases;
* a generic collective ("police", "the army") is named by its place ("Moscow police"); one the
  article gives no place is named by the place the article implies (its dateline city, its one
  country: "Police (Islamabad)") or else by the article ("Police (“Title”)"), so it never joins
  another article's story;
* when the rules say a new actor may be one the workspace has (a surname two people carry, a
  place only implied), it stays its own actor and the pair is reported as a possible duplicate;
* each proposed relationship is stored with status *proposed*, or joins the relationship of
  the same type and actors that exists already, keeping that one's status (a rejected proposal
  stays rejected); its excerpt is stored as evidence of origin "extractor" after checking that
  the characters at its offsets are exactly the text the extractor quoted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.extract.formats import read_article
from desktop.extract.identity import (
    COUNTRY_NAMES,
    ArticleContext,
    NameForms,
    Role,
    generic_name,
    name_forms,
    role_fits,
    roles_in_text,
    strip_dateline,
    whole_place_name,
)
from desktop.extract.known import IdentityIndex
from desktop.extract.model import Extraction, ProposedActor
from desktop.extract.reader import ArticleFile
from desktop.model import Repository, alias_key
from desktop.model.errors import DuplicateAliasError, RelmapError, WorkspaceBusyError
from desktop.model.records import Change, Mention, Proposal

if TYPE_CHECKING:
    from spacy.language import Language


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
    possible_duplicates: tuple[PossibleDuplicate, ...] = ()  # new actors that may be known ones

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
        if self.possible_duplicates:
            n = len(self.possible_duplicates)
            parts.append(f"{n} possible duplicate{'s' if n != 1 else ''} to review")
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
    """The workspace's actors by every name (compared as the workspace compares aliases), and
    the identity index over them (desktop.extract.known.IdentityIndex).

    Read once per batch (one query for all actors, instead of a look-up per proposed name) and
    kept current by the import that uses it; if someone else changes actors meanwhile, the
    import notices (the workspace refuses the stale id or name) and reads it again.
    """

    def __init__(self, repo: Repository) -> None:
        self.read(repo)

    def read(self, repo: Repository) -> None:
        """Read the workspace's actors (again, when another program wrote since the last reading)."""
        # what another program's commit changes (this repository's own writes leave it alone)
        self.version = repo.data_version()
        self.ids: dict[str, int] = {}
        self.kinds: dict[int, str] = {}
        self.names: dict[int, tuple[str, tuple[str, ...]]] = {}
        self.statuses: dict[int, str] = {}
        self._index: IdentityIndex | None = None
        # rejected actors too: a name the investigator rejected resolves to it and stays rejected
        for actor in repo.list_actors(include_rejected=True):
            self.added(actor.id, actor.name, actor.kind, actor.aliases, status=actor.status)
        self.roles: dict[int, set[Role]] = {a: {Role.parse(r) for r in rs} for a, rs in repo.actor_roles().items()}

    def find(self, name: str) -> int | None:
        return self.ids.get(alias_key(name))

    def added(
        self, actor_id: int, name: str, kind: str, aliases: Sequence[str] = (), *, status: str = "proposed"
    ) -> None:
        """Record an actor (or more names of one already recorded)."""
        for n in (name, *aliases):
            self.ids.setdefault(alias_key(n), actor_id)
        old = self.names.get(actor_id)
        if old is not None:
            name, aliases = old[0], tuple(dict.fromkeys((*old[1], *aliases)))
        self.statuses.setdefault(actor_id, status)
        self.kinds[actor_id] = kind
        self.names[actor_id] = (name, tuple(aliases))
        if self._index is not None:
            self._index.add(actor_id, name_forms(name, kind, aliases))

    def renamed(self, actor_id: int, name: str) -> None:
        """An actor got a new name (its old one stays an alias)."""
        old, aliases = self.names[actor_id]
        self.ids[alias_key(name)] = actor_id
        self.names[actor_id] = (name, tuple(dict.fromkeys((*aliases, old))))
        if self._index is not None:
            self._index.add(actor_id, name_forms(name, self.kinds[actor_id], self.names[actor_id][1]))

    def role_holders(self, role: Role) -> list[int]:
        """Workspace people some article gave this office."""
        return sorted(a for a, rs in self.roles.items() if role_fits(role, rs) and self.statuses.get(a) != "rejected")

    @property
    def index(self) -> IdentityIndex:
        """Built on first use: a batch whose names all match exactly never needs it."""
        if self._index is None:
            index = IdentityIndex()
            for actor_id, (name, aliases) in self.names.items():
                index.add(actor_id, name_forms(name, self.kinds[actor_id], aliases))
            self._index = index
        return self._index


def ingest_article(
    repo: Repository, article: ArticleFile, extraction: Extraction, *, directory: ActorDirectory | None = None
) -> IngestResult:
    """Store ``article`` and the proposals of ``extraction`` (offsets into ``article.text``) in one
    transaction: either all of it lands or none of it.

    ``directory`` is the workspace's actors as read before (a batch passes one along); without
    one it is read now.
    """
    return _ingest(repo, article, extraction, directory or ActorDirectory(repo))


def _ingest(repo: Repository, article: ArticleFile, extraction: Extraction, directory: ActorDirectory) -> IngestResult:
    with repo.batch():
        if directory.version is None or repo.data_version() != directory.version:
            # another program wrote since the actors were read (several imports at once): read
            # them again inside this write transaction, where nobody else can change them
            directory.read(repo)
        added = repo.add_article(
            article.text, title=article.title, source=article.source, published=article.published, url=article.url
        )
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
        resolver = _ArticleResolver(repo, directory, article_context(article, extraction), article_id)
        for proposed in _resolution_order(extraction.actors):
            actor_id, created = resolver.resolve(proposed)
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
            if not (0 <= rel.start < rel.end <= len(text)) or text[rel.start : rel.end] != rel.text:
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
            if "rejected" in (directory.statuses.get(source_id), directory.statuses.get(target_id)):
                skipped.append(f"{label}: names an actor you rejected")
                continue
            wanted.append(
                Proposal(
                    type=rel.type,
                    source_id=source_id,
                    target_id=target_id,
                    confidence=round(float(rel.confidence), 4),
                    start=rel.start,
                    end=rel.end,
                )
            )
        stored = repo.add_proposals(article_id, wanted, origin="extractor")
        change = change | stored.change
        repo.add_mentions(resolver.mentions)
        change = change | repo.add_merge_proposals(
            [(d.actor_id, d.other_id, d.score, d.reason) for d in resolver.maybe]
        )
        proposals, new_rels, new_evidence = len(wanted), stored.new_relationships, stored.new_evidence
        # A team workspace's data_version is its newest change-log id, which this import's own
        # writes move too: remember where they left it, or the next article of the batch would
        # read every actor again (a file's data_version ignores its own writes: the same number).
        directory.version = repo.data_version()
    return IngestResult(
        article_id=article_id,
        title=article.title,
        new_article=True,
        proposals=proposals,
        new_relationships=new_rels,
        new_actors=new_actors,
        new_evidence=new_evidence,
        skipped=tuple(skipped),
        change=change,
        possible_duplicates=tuple(resolver.maybe),
    )


def article_context(article: ArticleFile, extraction: Extraction) -> ArticleContext:
    """What the article says around its actors: the offices it gives its people (from the words
    around their mentions and their titled names) and the countries it names."""
    roles: dict[str, set[Role]] = {}
    for a in extraction.actors:
        if a.kind == "person":
            found = roles_in_text(article.text, a.mentions) | set(name_forms(a.name, a.kind, a.aliases).roles)
            if found:
                roles[a.name] = found
    countries: dict[str, int] = {}
    for a in extraction.actors:
        if a.kind == "country":
            countries[a.name] = countries.get(a.name, 0) + max(1, len(a.mentions))
    return ArticleContext(text=article.text, title=article.title, countries=countries, roles=roles)


def _resolution_order(actors: Sequence[ProposedActor]) -> list[ProposedActor]:
    """Names first, then collectives with a place, then placeless ones and role descriptions
    (which resolve to what the article named before); longer names before shorter ones, so a
    short form finds the full name it abbreviates."""

    def rank(a: ProposedActor) -> tuple[int, int]:
        forms = name_forms(a.name, a.kind, a.aliases)
        if forms.role is not None:
            group = 3
        elif forms.generic is not None:
            group = 1 if forms.generic.place else 2
        else:
            group = 0
        return group, -len(a.name.split())

    return sorted(actors, key=rank)


@dataclass(frozen=True)
class PossibleDuplicate:
    """A new actor that may be one the workspace already has: the investigator decides."""

    actor_id: int
    other_id: int
    score: float
    reason: str


class _ArticleResolver:
    """Resolves one article's proposed actors to workspace actors (creating what is new)."""

    def __init__(self, repo: Repository, directory: ActorDirectory, context: ArticleContext, article_id: int) -> None:
        self.repo = repo
        self.directory = directory
        self.context = context
        self.article_id = article_id
        self.in_article: dict[int, int] = {}  # workspace actor -> where this article first names it
        self.by_name: dict[str, int] = {}  # this article's actor names -> workspace actor
        self.maybe: list[PossibleDuplicate] = []
        self.mentions: list[Mention] = []  # where the article names each actor (first, and with an office)

    def resolve(self, proposed: ProposedActor) -> tuple[int, Change | None]:
        """The workspace actor for a proposed one, creating it if none fits: (id, Change if created)."""
        first = min((s for s, _ in proposed.mentions), default=None)
        forms = name_forms(proposed.name, proposed.kind, proposed.aliases)
        name, aliases = proposed.name, tuple(proposed.aliases)
        found: int | None = None
        maybes: tuple[tuple[int, float, str], ...] = ()
        if forms.role is not None:
            # "Kazakhstan's president": the one person this article gives that office; one other
            # articles gave it is only a possible match (offices change hands)
            holders = {self.by_name[h] for h in self.context.holders(forms.role) if h in self.by_name}
            if len(holders) == 1:
                found = holders.pop()
            elif not holders and forms.role.place:
                maybes = tuple(
                    (
                        a,
                        0.5,
                        f"another article calls {self.directory.names[a][0]} "
                        f"{' '.join(forms.role.words)} of {forms.role.place}",
                    )
                    for a in self.directory.role_holders(forms.role)
                )
        elif forms.generic is not None:
            aliases = ()  # a bare "police" is never a name to find another article's police by
            whole = whole_place_name(proposed.name, self.context.text, proposed.mentions)
            if whole != proposed.name:
                name, forms = whole, name_forms(whole, proposed.kind)
            # (a name whole_place_name extended keeps its place: it only extends placed names)
            if forms.generic is not None and forms.generic.place is None and not forms.scoped:
                local = self.directory.index.resolve(forms, in_article=self.in_article, first_offset=first)
                if local.same is not None and local.same in self.in_article:
                    found = local.same
                else:
                    name = self._placed_name(name, forms)
                    forms = name_forms(name, proposed.kind)
            if found is None:
                res = self.directory.index.resolve(forms, in_article=self.in_article, first_offset=first)
                found, maybes = res.same, res.maybe
        else:
            found = self.directory.find(proposed.name)
            if found is None:
                res = self.directory.index.resolve(forms, in_article=self.in_article, first_offset=first)
                found, maybes = res.same, res.maybe
        if found is not None:
            self._seen(found, first, proposed.name)
            self._remember_mentions(found, proposed, forms)
            if forms.generic is None and forms.role is None:
                self._fuller_name(found, proposed, forms)
                self._add_names(found, (proposed.name, *proposed.aliases))
            return found, None
        if forms.country is not None and forms.country in COUNTRY_NAMES and name != forms.country:
            name = forms.country  # "the Federal Republic of Nigeria" is filed as Nigeria
        created = self.repo.create_actor(name, proposed.kind, status="proposed")
        actor_id = created.subject_id
        assert actor_id is not None
        kept = []
        for alias in dict.fromkeys((proposed.name, *aliases)) if forms.generic is None else ():
            if alias_key(alias) == alias_key(name) or self.directory.find(alias) is not None:
                continue  # the name belongs to another actor already; keep it there
            if name_forms(alias, proposed.kind).role is not None:
                continue  # "the president of X" names an office, not this actor
            try:
                self.repo.add_alias(actor_id, alias)
                kept.append(alias)
            except DuplicateAliasError:
                pass  # taken by an actor made since the directory was read
            except RelmapError:
                pass  # an alias the workspace refuses (empty, too long) is not worth failing the article
        self.directory.added(actor_id, name, proposed.kind, kept)
        self._seen(actor_id, first, proposed.name)
        self._remember_mentions(actor_id, proposed, forms)
        for other, score, reason in maybes[:3]:
            self.maybe.append(PossibleDuplicate(actor_id, other, score, reason))
        return actor_id, created

    def _seen(self, actor_id: int, first: int | None, name: str) -> None:
        self.by_name[name] = actor_id
        if first is not None:
            self.in_article[actor_id] = min(first, self.in_article.get(actor_id, first))
        else:
            self.in_article.setdefault(actor_id, len(self.context.text))

    def _remember_mentions(self, actor_id: int, proposed: ProposedActor, forms: NameForms) -> None:
        """Its first mention here (the excerpt the review queue shows), and each mention where the
        text gives a person an office ("Kazakh President X", "X, the president of Y")."""
        spans = sorted(s for s in set(proposed.mentions) if 0 <= s[0] < s[1] <= len(self.context.text))
        if not spans:
            return
        rows: list[tuple[int, int, str | None]] = []
        for start, end in spans:
            roles = roles_in_text(self.context.text, [(start, end)]) if proposed.kind == "person" else set()
            if forms.role is not None and forms.role.place:
                roles.add(forms.role)  # "Kazakhstan's president" names the office where it stands
            for role in sorted(roles, key=Role.text):
                rows.append((start, end, role.text()))
                self.directory.roles.setdefault(actor_id, set()).add(role)
        if not any(r[:2] == spans[0] for r in rows):
            rows.append((*spans[0], None))
        self.mentions.extend(Mention(actor_id, self.article_id, a, b, role) for a, b, role in rows)

    def _fuller_name(self, actor_id: int, proposed: ProposedActor, forms: NameForms) -> None:
        """A proposed person the workspace knows only by surname takes the full name this
        article gives ("Berikov" becomes "Aset Berikov"); a reviewed actor keeps its name."""
        if proposed.kind != "person" or self.directory.statuses.get(actor_id) != "proposed":
            return
        current = self.directory.names[actor_id][0]
        known = name_forms(current, "person").people
        if not known or max(len(k) for k in known) != 1:
            return
        if not any(len(k) > 1 for k in forms.people) or alias_key(proposed.name) == alias_key(current):
            return
        owner = self.directory.find(proposed.name)
        if owner is not None and owner != actor_id:
            return
        try:
            self.repo.rename_actor(actor_id, proposed.name)
        except RelmapError:
            return  # a name the workspace refuses: it keeps the one it has
        self.directory.renamed(actor_id, proposed.name)

    def _add_names(self, actor_id: int, names: Sequence[str]) -> None:
        """Names this article gives a known actor become its aliases when nobody has them."""
        kind = self.directory.kinds.get(actor_id, "other")
        kept = []
        for alias in dict.fromkeys(names):
            if self.directory.find(alias) is not None or name_forms(alias, kind).role is not None:
                continue
            try:
                self.repo.add_alias(actor_id, alias)
                kept.append(alias)
            except RelmapError:
                pass  # taken meanwhile, or refused (too long): the actor simply keeps its names
        if kept:
            self.directory.added(actor_id, *self.directory.names[actor_id][:1], kind, kept)

    def _placed_name(self, name: str, forms: NameForms) -> str:
        """ "Police (Islamabad)" when the article places its police (dateline, its one country),
        else "Police (<article title>)": a placeless collective never joins another article's."""
        assert forms.generic is not None
        place = self.context.place(forms.generic.body)
        title = " ".join(re.sub(r"[(),]", " ", strip_dateline(self.context.title)).split())
        if len(title) > 24:  # a last resort: enough to tell articles apart, short on the map
            title = title[:24].rsplit(" ", 1)[0] + "…"
        placed = generic_name(forms.generic, name, place=place, scope=title or f"article {self.article_id}")
        if place is not None and self.directory.find(placed) is not None:
            # another article's police of the same inferred place: a possible match, not the same
            placed = generic_name(forms.generic, name, place=f"{place}, article {self.article_id}", scope="")
        elif place is None and self.directory.find(placed) is not None:
            placed = generic_name(forms.generic, name, place=None, scope=f"{title}, article {self.article_id}")
        return placed


ProgressCallback = Callable[[int, int, FileOutcome], None]

# A batch import waits this many busy timeouts for another program's writes before it gives up
# on an article (and goes on with the next one).
BUSY_RETRIES = 3


def _store_one(
    repo: Repository, article: ArticleFile, extraction: Extraction, directory: ActorDirectory | None
) -> tuple[FileOutcome, ActorDirectory | None]:
    """Store one article of a batch; a refusal is its outcome, never the end of the batch.

    Returns the outcome and the actor directory to go on with (None: read it again).
    """
    stale_retries, busy_retries = 1, BUSY_RETRIES
    while True:
        if directory is None:
            directory = ActorDirectory(repo)
        try:
            return FileOutcome(
                path=article.path, result=ingest_article(repo, article, extraction, directory=directory)
            ), directory
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
            return FileOutcome(
                path=article.path,
                error=f"{article.path}: not imported: an internal error ({type(exc).__name__}) stopped it",
            ), None


def ingest_files(
    repo: Repository,
    paths: Sequence[Path | str | ArticleFile],
    *,
    nlp: Language | None = None,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    extract_proposals: bool = True,
    batch_size: int = 16,
) -> BatchResult:
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
    return BatchResult(outcomes=tuple(outcomes), total=total, stopped=stopped, seconds=time.perf_counter() - started)
