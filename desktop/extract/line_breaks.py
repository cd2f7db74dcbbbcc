"""Lines are the article's hard boundaries: sentences and names never run across a line break.

News articles arrive one paragraph a line, after a ``date`` line and a headline that has no
final punctuation. Left to itself the parser reads "Leaders meet at border\\n\\nPresident X met
Y on Monday." as one sentence whose subject is the headline, and every rule that looks for a
verb's subject or object then fails on the first paragraph; the entity recogniser likewise
glues the headline's last word to the body's first name. Two components fix the layout:

- before the parser, the first word after a line break starts a sentence, and inside a line a
  sentence may start only after final punctuation (. ! ? : or an ellipsis, possibly followed by
  a closing quote or bracket). The parser keeps boundaries set before it, so it no longer cuts
  "Lars | Holm resigned" after a line-initial first name either;
- after the recogniser, an entity that spans a line break is cut at the break, and the
  pieces that still look like names are kept.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

SENTENCES = "relmap_line_breaks"
ENTITIES = "relmap_line_entities"
COMPONENT = SENTENCES

_FINAL = frozenset({".", "!", "?", ":", "…", "...", "?!"})
_CLOSING = frozenset({'"', "'", "”", "’", ")", "]", "»"})


@Language.component(SENTENCES)
def line_break_sentences(doc: Doc) -> Doc:
    """A sentence starts after a line break, and inside a line only after final punctuation."""
    after_break = True
    prev: list[str] = []  # the last two non-space words
    for tok in doc:
        if tok.is_space:
            after_break = after_break or "\n" in tok.text
            continue
        if tok.i > 0:
            if after_break:
                tok.is_sent_start = True
            elif not (prev and (prev[-1] in _FINAL or (prev[-1] in _CLOSING and len(prev) > 1 and prev[-2] in _FINAL))):
                tok.is_sent_start = False
        after_break = False
        prev = [*prev[-1:], tok.text]
    return doc


@Language.component(ENTITIES)
def line_break_entities(doc: Doc) -> Doc:
    """Cut every entity at the line breaks inside it; keep the capitalised pieces."""
    ents = list(doc.ents)
    if not any("\n" in doc[e.start : e.end].text for e in ents):
        return doc
    out: list[Span] = []
    for e in ents:
        start = e.start
        for i in range(e.start, e.end + 1):
            if i == e.end or (doc[i].is_space and "\n" in doc[i].text):
                end = i
                while end > start and doc[end - 1].is_space:
                    end -= 1
                if end > start and doc[start].text[:1].isupper():
                    out.append(Span(doc, start, end, label=e.label))
                start = i + 1
    doc.set_ents(out, default="outside")
    return doc


def add_line_breaks(nlp: Language) -> None:
    """Put the two components in ``nlp``: sentences before the parser, entities after NER."""
    if SENTENCES not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(SENTENCES, before="parser")
        else:
            nlp.add_pipe(SENTENCES, first=True)
    if ENTITIES not in nlp.pipe_names and "ner" in nlp.pipe_names:
        nlp.add_pipe(ENTITIES, after="ner")
