"""Helpers for extraction tests: run the real pipeline and check the evidence invariants."""

from __future__ import annotations

from desktop.extract import Extraction, extract
from desktop.extract.model import RELATIONSHIP_TYPES, SYMMETRIC_TYPES


def run(text: str, nlp, **kw) -> Extraction:
    """Extract from ``text`` and check every invariant of the result."""
    ex = extract(text, nlp=nlp, **kw)
    check_invariants(text, ex)
    return ex


def check_invariants(text: str, ex: Extraction) -> None:
    """Evidence is exactly the text at its offsets; endpoints are proposed actors; kinds known."""
    names = {a.name for a in ex.actors}
    for r in ex.relationships:
        assert text[r.start : r.end] == r.text, r
        assert r.text.strip() == r.text and r.text
        assert 0.0 <= r.confidence <= 1.0
        assert r.type in RELATIONSHIP_TYPES
        assert r.source in names and r.target in names and r.source != r.target
    for a in ex.actors:
        assert a.kind in {"person", "organisation", "country", "other"}
        for s, e in a.mentions:
            assert 0 <= s < e <= len(text)


def rels(ex: Extraction, rtype: str | None = None) -> set[tuple[str, str, str]]:
    """(type, source, target) of every proposal, symmetric types in name order."""
    out = set()
    for r in ex.relationships:
        if rtype is None or r.type == rtype:
            pair = tuple(sorted((r.source, r.target))) if r.type in SYMMETRIC_TYPES else (r.source, r.target)
            out.add((r.type, *pair))
    return out


def has(ex: Extraction, rtype: str, source: str, target: str) -> bool:
    """Whether ``ex`` proposes that relationship (either order for symmetric types)."""
    if rtype in SYMMETRIC_TYPES:
        source, target = sorted((source, target))
    return (rtype, source, target) in rels(ex)


def confidence(ex: Extraction, rtype: str, source: str, target: str) -> float:
    """The highest confidence of a proposed relationship (0 when it is not proposed)."""
    pair = {source, target}
    return max(
        (
            r.confidence
            for r in ex.relationships
            if r.type == rtype
            and (
                (r.source, r.target) == (source, target) or (rtype in SYMMETRIC_TYPES and {r.source, r.target} == pair)
            )
        ),
        default=0.0,
    )
