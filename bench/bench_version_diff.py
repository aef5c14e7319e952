"""How long comparing two submitted versions of a dossier takes: the section « Modifications
depuis la version N » of the dossier's page and of its review page.

    python bench/bench_version_diff.py [--lines 40] [--runs 500]

No database: both versions' contents are read in one query; what is measured is the
comparison (fields, long texts word by word, every line of budget, financing, action plan,
partners and documents), with about a third of the lines changed, added or removed.
"""

import argparse
import random
import time

from common import line, setup_django, summary

# A vocabulary of a few hundred words, as a project's summary has.
SYLLABLES = ["ac", "com", "for", "ma", "ter", "ri", "nu", "mé", "par", "te", "lo", "ca"]
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES[:6] for c in SYLLABLES[6:]})


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def content(rng: random.Random, lines: int) -> dict:
    def amounts():
        return {f"year{y}": str(rng.randrange(1_000, 90_000)) for y in (1, 2, 3)}

    return {
        "title": "Le numérique pour tous",
        "summary": text(rng, 300),
        "objectives": text(rng, 120),
        "departements": ["16", "17", "79", "86"],
        "priority_neighbourhoods": text(rng, 20),
        "solutions": ["Atelier mobile", "Permanence France services"],
        "expenses": [
            {"id": i, "category": "staff", "label": f"Poste {i}", **amounts()} for i in range(lines)
        ],
        "financing": [
            {
                "id": 1000 + i,
                "source": "local",
                "label": f"Financeur {i}",
                "secured": False,
                **amounts(),
            }
            for i in range(lines)
        ],
        "actions": [
            {
                "id": 2000 + i,
                "title": f"Action {i}",
                "starts_on": "2027-01-01",
                "ends_on": "2027-12-31",
                "owner": "Le hub",
                "description": text(rng, 40),
            }
            for i in range(lines // 2)
        ],
        "partners": [
            {
                "id": 3000 + i,
                "name": f"Partenaire {i}",
                "kind": "association",
                "role": text(rng, 15),
                "committed": False,
            }
            for i in range(lines // 4)
        ],
        "documents": [{"id": 4000 + i, "kind": f"Pièce {i}", "file": "p.pdf"} for i in range(6)],
    }


def revise(rng: random.Random, old: dict) -> dict:
    """A next version: a third of each section's lines changed, added or removed."""
    words = old["summary"].split(" ")
    for i in rng.sample(range(len(words)), 10):
        words[i] = "modifié"
    new = {**old, "summary": " ".join(words)}
    for key in ("expenses", "financing", "actions", "partners", "documents"):
        lines = []
        for item in old[key]:
            roll = rng.random()
            if roll < 0.1:
                continue
            if roll < 0.25:
                item = {**item, next(iter(k for k in item if k != "id")): "modifié"}
            lines.append(item)
        lines += [{**old[key][0], "id": None, "label": "Nouvelle"}] if old[key] else []
        new[key] = lines
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40, help="budget and financing lines")
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    setup_django()
    from projects.versions import compare

    rng = random.Random(11)
    old = content(rng, args.lines)
    new = revise(rng, old)
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        diff = compare(old, new)
        samples.append((time.perf_counter() - start) * 1000)
    changed = sum(len(section.lines) for section in diff.sections)
    print(
        f"Two versions of a dossier with {args.lines} budget and {args.lines} financing lines "
        f"({changed} lines and {len(diff.fields)} fields changed):"
    )
    print(line("compare", summary(samples)))


if __name__ == "__main__":
    main()
