"""The extraction entry points: text in, proposed actors and relationships out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.extract.actors import ActorTable
from desktop.extract.known import KnownActorIndex, KnownActors
from desktop.extract.model import (
    SYMMETRIC_TYPES,
    Extraction,
    ProposedActor,
    ProposedRelationship,
)
from desktop.extract.pipeline import load_pipeline
from desktop.extract.relations import SentenceRules
from desktop.extract.textprep import mask_datelines

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# An article up to this many characters is parsed as one Doc (every news article is). A longer
# text (a report, a transcript, up to the 20 MB an import takes) is parsed in windows of about
# WINDOW_CHARS, cut at a paragraph or sentence end and fed to the pipeline a batch at a time,
# so memory stays flat in the text's length: never one giant Doc, nor a batch of 100k-character
# ones (a 1 MB text peaked at 2.9 GB that way; tests/bench/bench_big.py measures it now).
MAX_CHUNK_CHARS = 100_000
WINDOW_CHARS = 10_000


def extract(text: str, *, nlp: Language | None = None, known_actors: KnownActors | None = None) -> Extraction:
    """Propose actors and relationships for one article's text.

    Offsets in the result index into ``text``. ``known_actors`` is the workspace's
    ``(name, aliases)`` pairs: an article actor resolved to one of them takes its name and
    reports it in ``ProposedActor.workspace_match``.
    """
    return next(extract_many([text], nlp=nlp, known_actors=known_actors))


def extract_many(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
    known_actors: KnownActors | None = None,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """Extract from many articles, parsing them in batches through ``nlp.pipe``.

    Yields one :class:`Extraction` per text, in order. ``n_process > 1`` parses in worker
    processes (worth it for hundreds of articles on an otherwise idle machine).
    """
    nlp = nlp or load_pipeline()
    index = KnownActorIndex(known_actors) if known_actors else None
    known = _tokenised_known(nlp, known_actors) if known_actors else ()

    def pieces() -> Iterator[tuple[str, tuple[int, int, int, str]]]:
        for text_index, text in enumerate(texts):
            chunks = list(_chunks(text))
            for off, piece in chunks:
                yield mask_datelines(piece), (text_index, off, len(chunks), text)

    group: list[_DocResult] = []
    for doc, (_, off, n_chunks, text) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        group.append(_extract_doc(doc, offset=off, known=known))
        if len(group) == n_chunks:
            yield _combine(text, group, index)
            group = []


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    if not text or text.isspace():
        yield 0, ""  # one empty doc keeps the output aligned with the input
        return
    if len(text) <= MAX_CHUNK_CHARS:
        yield 0, text
        return
    window = min(WINDOW_CHARS, MAX_CHUNK_CHARS)
    start = 0
    while start < len(text):
        end = min(len(text), start + window)
        if end < len(text):
            # the last paragraph break in the window's second half, else a sentence end, else a space
            half = start + window // 2
            cut = text.rfind("\n", half, end)
            if cut == -1:
                cut = text.rfind(". ", half, end)
                cut = cut + 1 if cut != -1 else text.rfind(" ", half, end)
            end = cut if cut > start else end
        yield start, text[start:end]
        start = end


@dataclass
class _DocResult:
    """One parsed piece: actors as (name, kind, aliases, spans) and relations as tuples."""

    actors: list[tuple[str, str, list[str], list[tuple[int, int]]]]
    relations: list[tuple[str, str, str, float, int, int]]


def _tokenised_known(nlp: Language, known_actors: KnownActors) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every workspace name and alias as lower-cased tokens, paired with the actor's name."""
    out = []
    for name, aliases in known_actors:
        for n in (name, *aliases):
            words = tuple(t.lower_ for t in nlp.make_doc(n) if not t.is_space)
            if words and n[:1].isupper():
                out.append((words, name))
    return tuple(out)


def _extract_doc(doc: Doc, *, offset: int = 0, known: tuple[tuple[tuple[str, ...], str], ...] = ()) -> _DocResult:
    table = ActorTable(doc, known=known)
    raw = SentenceRules(doc, table).run()
    table.settle_generics()
    used = {r.source for r in raw} | {r.target for r in raw}
    central = table.central_actors()
    actors = []
    for idx, a in enumerate(table.actors):
        # An actor worth reviewing takes part in a proposed relationship or is what the article
        # is about (see ActorTable.central_actors); the rest is noise in the review queue.
        if not a.names or (idx not in used and idx not in central):
            continue
        spans = sorted({(s + offset, e + offset) for s, e in a.spans})
        actors.append((a.canonical, a.kind, [n for n in a.names if n != a.canonical], spans))
    rels = [
        (r.type, table.name(r.source), table.name(r.target), r.confidence, r.start + offset, r.end + offset)
        for r in raw
    ]
    return _DocResult(actors, rels)


def _combine(text: str, parts: list[_DocResult], index: KnownActorIndex | None) -> Extraction:
    merged: dict[str, dict[str, Any]] = {}
    for part in parts:
        for name, kind, aliases, spans in part.actors:
            m = merged.setdefault(name, {"kind": kind, "aliases": [], "spans": []})
            m["aliases"].extend(a for a in aliases if a not in m["aliases"])
            m["spans"].extend(spans)
    rename: dict[str, str] = {}
    actors: list[ProposedActor] = []
    for name, m in merged.items():
        final, match, score = name, None, 0.0
        if index is not None:
            hit = index.match([name, *m["aliases"]], person=m["kind"] == "person")
            if hit is not None:
                final, match, score = hit.name, hit.name, round(hit.score, 1)
        rename[name] = final
        other_names = tuple(a for a in dict.fromkeys([name, *m["aliases"]]) if a != final)
        actors.append(ProposedActor(final, m["kind"], other_names, tuple(sorted(set(m["spans"]))), match, score))
    # Two article actors resolved to one workspace actor become one proposal.
    by_name: dict[str, ProposedActor] = {}
    for a in actors:
        if a.name in by_name:
            b = by_name[a.name]
            by_name[a.name] = ProposedActor(
                a.name,
                b.kind,
                tuple(dict.fromkeys(b.aliases + a.aliases)),
                tuple(sorted(set(b.mentions + a.mentions))),
                b.workspace_match,
                min(a.workspace_score, b.workspace_score) or max(a.workspace_score, b.workspace_score),
            )
        else:
            by_name[a.name] = a
    best: dict[tuple[object, ...], ProposedRelationship] = {}
    for part in parts:
        for rtype, src, tgt, conf, start, end in part.relations:
            src, tgt = rename.get(src, src), rename.get(tgt, tgt)
            if src == tgt:
                continue
            pair = tuple(sorted((src, tgt))) if rtype in SYMMETRIC_TYPES else (src, tgt)
            k = (rtype, *pair, start, end)
            rel = ProposedRelationship(rtype, src, tgt, conf, start, end, text[start:end])
            if k not in best or best[k].confidence < conf:
                best[k] = rel
    rels = sorted(best.values(), key=lambda r: (r.start, r.type, r.source, r.target))
    return Extraction(tuple(by_name.values()), tuple(rels))
