"""Extraction speed: pipeline load time and articles per second, against bare ``nlp.pipe``.

Articles are synthetic: ~400-word news-like texts assembled from templates with invented
names, so the figures do not depend on any real article. The baseline is spaCy alone
(``nlp.pipe`` over the same texts with the same pipeline): the difference is the cost of
Relmap's rules. Target: >= 20 articles/s through :func:`extract_many` once loaded.
"""

from __future__ import annotations

import random
import time

TARGET_ARTICLES_PER_S = 20.0
N_ARTICLES = 60

_FIRST = ["Anna", "Hans", "Maria", "Pavel", "Laura", "Ahmed", "Chen", "Olga", "Tomas", "Sara",
          "Carlos", "Ingrid", "Yusuf", "Elena", "Marek", "Priya", "Jonas", "Leila", "Victor", "Nadia"]
_LAST = ["Weber", "Lund", "Novak", "Kent", "Berg", "Rahman", "Lopez", "Ruiz", "Holm", "Vogt",
         "Petrov", "Graf", "Okafor", "Marin", "Santos", "Kowalski", "Haddad", "Lind", "Moreau", "Sato"]
_COUNTRIES = ["France", "Germany", "Poland", "Kenya", "Brazil", "Japan", "Turkey", "Egypt", "Canada", "Italy"]
_DEMONYM = {"France": "French", "Germany": "German", "Poland": "Polish", "Kenya": "Kenyan",
            "Brazil": "Brazilian", "Japan": "Japanese", "Turkey": "Turkish", "Egypt": "Egyptian",
            "Canada": "Canadian", "Italy": "Italian"}
_ORGS = ["the National Audit Office", "the Ministry of Energy", "the Central Bank", "Northwind Holdings",
         "the State Security Service", "the Green Alliance party", "the Federal Police", "Atlas Mining Group"]

_TEMPLATES = [
    "{D1} President {P1} held talks with his {D2} counterpart {P2} in {C2} on {day}, officials said.",
    "The two leaders discussed energy supplies, trade and the security situation in the region.",
    "{P3}, a close ally of {P1}, was arrested by {O1} on suspicion of fraud, the agency said in a statement.",
    "{P3} has denied any wrongdoing, according to his lawyer, who said the charges were politically motivated.",
    "Last year {P1} named {P4} as head of {O2}, replacing {P5}, who had led the body since 2015.",
    "{P4}'s spokesman {P6} said on {day} that the new leadership would publish its accounts by the end of the year.",
    "Analysts said the move could strengthen the president's hand ahead of elections due next spring.",
    "{P2} will meet {P1} again next month, but no date has been set for the visit.",
    "Protesters gathered outside the parliament building in the capital, where police had set up barricades.",
    "In a separate development, {O3} said it had opened an inquiry into contracts signed by the previous government.",
    "{P5}, who was dismissed in March, was not available for comment, and his office declined to answer questions.",
    "Prices of fuel and food have risen sharply in recent months, and unemployment has reached its highest level in a decade.",
    "A spokeswoman for {O1}, {P7}, said further arrests were possible as the investigation continued.",
    "{P7} added that several documents had been seized during searches of offices in the capital and two other cities.",
    "Opposition leader {P8} criticised the government over its handling of the crisis and called for an independent inquiry.",
    "The economy grew by two percent last year, less than forecast, as exports slowed and investment stalled.",
    "{P1} and {P2} also spoke by telephone on {day} about the situation at the border.",
    "Diplomats said the talks had been difficult but that both sides wanted to avoid further escalation.",
    "{P8}, a member of {O4}, has been a vocal critic of the president for many years.",
    "The government said it would respond to the proposals in due course, without giving further details.",
]


def make_articles(n: int, *, seed: int = 7) -> list[str]:
    """``n`` synthetic ~400-word news articles with invented names."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(8)]
        c1, c2 = rng.sample(_COUNTRIES, 2)
        orgs = rng.sample(_ORGS, 4)
        fill = {f"P{i + 1}": p for i, p in enumerate(people)}
        fill.update(D1=_DEMONYM[c1], D2=_DEMONYM[c2], C2=c2, day=rng.choice(["Monday", "Tuesday", "Friday"]),
                    O1=orgs[0], O2=orgs[1], O3=orgs[2], O4=orgs[3])
        sentences = [t.format(**fill) for t in _TEMPLATES]
        sentences = [s[0].upper() + s[1:] for s in sentences]
        paras = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        out.append("\n\n".join(paras))
    return out


def main(argv: list[str]) -> int:
    """Print load time and throughput for spaCy alone and for extraction; 0 if on target."""
    import spacy

    from desktop.extract import extract_many, load_pipeline
    from desktop.extract.pipeline import default_pipeline_name

    name = default_pipeline_name()
    t0 = time.perf_counter()
    nlp = load_pipeline(name)
    load_s = time.perf_counter() - t0
    texts = make_articles(N_ARTICLES)
    words = sum(len(t.split()) for t in texts) / len(texts)
    list(nlp.pipe(texts[:4]))  # warm up both paths equally
    list(extract_many(texts[:4], nlp=nlp))

    rows = []
    for label, run in (
        ("baseline: bare nlp.pipe", lambda: sum(1 for _ in nlp.pipe(texts, batch_size=16))),
        ("relmap: extract_many", lambda: sum(1 for _ in extract_many(texts, nlp=nlp, batch_size=16))),
    ):
        best = float("inf")
        for _ in range(2):  # best of two: the machine is shared and noisy
            t = time.perf_counter()
            run()
            best = min(best, time.perf_counter() - t)
        rows.append((label, len(texts) / best, best))

    print(f"pipeline {name} ({', '.join(nlp.pipe_names)}) spaCy {spacy.__version__}")
    print(f"pipeline load: {load_s:.2f} s")
    print(f"{len(texts)} synthetic articles, {words:.0f} words each on average")
    print(f"{'what':28} {'articles/s':>11} {'seconds':>8}")
    for label, rate, secs in rows:
        print(f"{label:28} {rate:11.1f} {secs:8.2f}")
    base, ours = rows[0][1], rows[1][1]
    print(f"rule overhead over bare spaCy: {100 * (base / ours - 1):.1f} %")
    ok = ours >= TARGET_ARTICLES_PER_S
    print(f"target >= {TARGET_ARTICLES_PER_S:.0f} articles/s: {'met' if ok else 'MISSED'} ({ours:.1f})")
    return 0 if ok else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
