"""Score extraction on the invented news paragraphs in tests/fixtures/invented_news.

The paragraphs were written for these tests (no real article text) to cover the failure classes
of news English the extractor must handle, with their negative neighbours. ``gold.json`` holds,
per file, the relationships the text states and the borderline ones (implied, former, or about
an unnamed body: neither rewarded nor punished). Run ``python -m tests.invented_news`` to see
what each paragraph missed and proposed wrongly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from desktop.extract import Extraction, extract
from desktop.extract.model import SYMMETRIC_TYPES

FOLDER = Path(__file__).parent / "fixtures" / "invented_news"
CORE = frozenset({"successor-of", "ally-of", "arrested-by", "spoke-with"})


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).lower()
    s = re.sub(r"[’'`]s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def _names(spec: str | list[str]) -> set[str]:
    return {_norm(n) for n in ([spec] if isinstance(spec, str) else spec)}


@dataclass
class Score:
    """Counts over some paragraphs, and what was missed or proposed wrongly."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _matches(entry: list, rtype: str, source: set[str], target: set[str]) -> bool:
    gtype, gsrc, gtgt = entry
    if gtype != rtype:
        return False
    s, t = _names(gsrc), _names(gtgt)
    if source & s and target & t:
        return True
    return rtype in SYMMETRIC_TYPES and bool(source & t and target & s)


def score_paragraph(name: str, ex: Extraction, spec: dict, *, core_only: bool, into: Score) -> None:
    """Add one paragraph's counts to ``into``."""
    aliases = {a.name: {_norm(a.name), *(_norm(x) for x in a.aliases)} for a in ex.actors}
    gold = [g for g in spec["relations"] if not core_only or g[0] in CORE]
    border = [g for g in spec.get("borderline", []) if not core_only or g[0] in CORE]
    found = set()
    seen = set()
    for r in ex.relationships:
        if core_only and r.type not in CORE:
            continue
        key = (r.type, *(sorted((r.source, r.target)) if r.type in SYMMETRIC_TYPES else (r.source, r.target)))
        if key in seen:
            continue
        seen.add(key)
        src, tgt = aliases.get(r.source, {_norm(r.source)}), aliases.get(r.target, {_norm(r.target)})
        hit = [i for i, g in enumerate(gold) if _matches(g, r.type, src, tgt)]
        if hit:
            found.update(hit)
            into.predicted += 1
        elif not any(_matches(b, r.type, src, tgt) for b in border):
            into.predicted += 1
            into.wrong.append(f"{name}: {r.type}({r.source}, {r.target}) {r.confidence:.2f}")
    into.tp += len(found)
    into.gold += len(gold)
    into.missed += [f"{name}: {g[0]}({g[1]}, {g[2]})" for i, g in enumerate(gold) if i not in found]


def score_all(nlp, *, core_only: bool) -> Score:
    """Extract every invented paragraph and score it against gold.json."""
    spec = json.loads((FOLDER / "gold.json").read_text(encoding="utf-8"))
    total = Score()
    for name in sorted(k for k in spec if not k.startswith("_")):
        text = (FOLDER / name).read_text(encoding="utf-8")
        score_paragraph(name, extract(text, nlp=nlp), spec[name], core_only=core_only, into=total)
    return total


if __name__ == "__main__":
    from desktop.extract import load_pipeline

    pipeline = load_pipeline()
    for core in (True, False):
        s = score_all(pipeline, core_only=core)
        for line in s.missed:
            print("missed", line)
        for line in s.wrong:
            print("wrong ", line)
        print(
            f"{'core' if core else 'all'}-F1 {s.f1:.3f} P {s.precision:.3f} R {s.recall:.3f} "
            f"(tp {s.tp} predicted {s.predicted} gold {s.gold})"
        )
