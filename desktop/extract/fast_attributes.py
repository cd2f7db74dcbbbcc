"""A dictionary-based stand-in for spaCy's ``attribute_ruler`` (tag -> POS, MORPH, LEMMA).

The English pipelines' attribute ruler runs a token Matcher with ~180 patterns over every
document, which costs ~10% of the whole pipeline. Almost all of its patterns are single-token
lookups on TAG and/or the lower-cased form, so the same table applied with dict look-ups gives
the same attributes for a fraction of the time. Multi-token and dependency patterns (slang
contractions like "ain't", "gonna") are kept in a small Matcher so nothing is lost.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

FACTORY = "relmap_fast_attributes"


class FastAttributes:
    """Apply single-token TAG/LOWER attribute rules by lookup, the rest with a Matcher."""

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]]) -> None:
        self.by_tag_lower: dict[tuple[str, str], dict[str, str]] = {}
        self.by_tag: dict[str, dict[str, str]] = {}
        self.by_lower: dict[str, dict[str, str]] = {}
        self.matcher = Matcher(nlp.vocab)
        self.rest: list[dict[str, str]] = []
        for p in patterns:
            attrs = p["attrs"]
            for pattern in p["patterns"]:
                keys = set(pattern[0]) if len(pattern) == 1 else set()
                tag = pattern[0].get("TAG") if keys else None
                lower = pattern[0].get("LOWER") if keys else None
                tags = (
                    tag["IN"]
                    if isinstance(tag, dict) and set(tag) == {"IN"}
                    else [tag]
                    if isinstance(tag, str)
                    else None
                )
                if keys == {"TAG"} and tags:
                    for t in tags:
                        self.by_tag.setdefault(t, {}).update(attrs)
                elif keys == {"TAG", "LOWER"} and tags and isinstance(lower, str):
                    for t in tags:
                        self.by_tag_lower.setdefault((t, lower), {}).update(attrs)
                elif keys == {"LOWER"} and isinstance(lower, str):
                    self.by_lower.setdefault(lower, {}).update(attrs)
                else:
                    self.matcher.add(str(len(self.rest)), [pattern])
                    self.rest.append(attrs)

    def __call__(self, doc: Doc) -> Doc:
        by_tag, by_tag_lower, by_lower = self.by_tag, self.by_tag_lower, self.by_lower
        for tok in doc:
            tag = tok.tag_
            # the ruler applies patterns in order; later (more specific) rules win, as here
            for attrs in (by_tag.get(tag), by_lower.get(tok.lower_), by_tag_lower.get((tag, tok.lower_))):
                if attrs:
                    _apply(tok, attrs)
        if self.rest:
            for match_id, start, _end in self.matcher(doc):
                _apply(doc[start], self.rest[int(doc.vocab.strings[match_id])])
        return doc


def _apply(tok: Any, attrs: dict[str, str]) -> None:
    pos = attrs.get("POS")
    if pos is not None:
        tok.pos_ = pos
    morph = attrs.get("MORPH")
    if morph is not None:
        tok.set_morph(morph)
    lemma = attrs.get("LEMMA")
    if lemma is not None:
        tok.lemma_ = lemma
    dep = attrs.get("DEP")
    if dep is not None:
        tok.dep_ = dep
    tag = attrs.get("TAG")
    if tag is not None:
        tok.tag_ = tag


@Language.factory(FACTORY, default_config={"patterns": []})
def make_fast_attributes(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> FastAttributes:
    """spaCy factory: ``nlp.add_pipe(FACTORY, config={"patterns": ruler.patterns})``."""
    return FastAttributes(nlp, patterns)


def swap_attribute_ruler(nlp: Language) -> bool:
    """Replace ``attribute_ruler`` in ``nlp`` by :class:`FastAttributes`; False if absent."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        raise TypeError(f"the pipeline's attribute_ruler is a {type(ruler).__name__}, not spaCy's AttributeRuler")
    patterns = ruler.patterns
    nlp.add_pipe(FACTORY, before="attribute_ruler", config={"patterns": patterns})
    nlp.remove_pipe("attribute_ruler")
    return True
