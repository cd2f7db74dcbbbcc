"""What extraction proposes: actors, relationships and the article spans behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ACTOR_KINDS: frozenset[str] = frozenset({"person", "organisation", "country", "other"})

RELATIONSHIP_TYPES: tuple[str, ...] = (
    "successor-of",
    "ally-of",
    "arrested-by",
    "spoke-with",
    "spokesperson-of",
    "leader-of",
    "member-of",
    "appointed-by",
    "opposed-to",
)
# Types whose source and target can be swapped without changing the meaning.
SYMMETRIC_TYPES: frozenset[str] = frozenset({"spoke-with", "ally-of", "opposed-to"})


@dataclass(frozen=True)
class ProposedActor:
    """An actor the article mentions, with every surface form and character span of it.

    ``name`` is the canonical name: the workspace actor's name when ``workspace_match`` is
    set (the mention was resolved to an actor the investigator already has), otherwise the
    fullest form the article uses. ``mentions`` are (start, end) character offsets.
    ``workspace_score`` is 100 for an exact (case-insensitive) alias match, the rapidfuzz
    similarity for a fuzzy one, and 0 when there is no match: a UI may ask the investigator
    to confirm anything below 100.
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()
    workspace_match: str | None = None
    workspace_score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The eval/CLI form: exactly name, kind and aliases."""
        return {"name": self.name, "kind": self.kind, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class ProposedRelationship:
    """A typed, directed relationship between two actors with the exact supporting text.

    ``source``/``target`` are canonical actor names; ``text == article_text[start:end]``.
    """

    type: str
    source: str
    target: str
    confidence: float
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        """The eval/CLI form of one relation."""
        return {
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "confidence": round(self.confidence, 3),
            "evidence": {"start": self.start, "end": self.end, "text": self.text},
        }


@dataclass(frozen=True)
class Extraction:
    """Everything proposed for one article."""

    actors: tuple[ProposedActor, ...] = ()
    relationships: tuple[ProposedRelationship, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """``{"actors": [...], "relations": [...]}`` exactly as ``relmap extract --json`` prints."""
        return {
            "actors": [a.to_json() for a in self.actors],
            "relations": [r.to_json() for r in self.relationships],
        }

    def shifted(self, offset: int) -> Extraction:
        """The same extraction with every character offset moved by ``offset``.

        Used when the text given to :func:`extract` was a slice of a larger text (for example
        a file whose date prefix was stripped), so offsets point into the larger text.
        """
        if offset == 0:
            return self
        actors = tuple(
            ProposedActor(
                a.name,
                a.kind,
                a.aliases,
                tuple((s + offset, e + offset) for s, e in a.mentions),
                a.workspace_match,
                a.workspace_score,
            )
            for a in self.actors
        )
        rels = tuple(
            ProposedRelationship(r.type, r.source, r.target, r.confidence, r.start + offset, r.end + offset, r.text)
            for r in self.relationships
        )
        return Extraction(actors, rels)
