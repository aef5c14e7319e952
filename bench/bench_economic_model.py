"""How long recomputing a dossier's three-year economic model takes: the model, the call's
rules judged with their French messages, and the chart drawn (issue: under 5 ms).

    python bench/bench_economic_model.py [--lines 40] [--runs 2000]

No database: the dossier page reads its lines in two queries (expenses, financing) and the
review prefetches them for a whole call; what is measured is the work done on each page view
once they are read.
"""

import argparse
import random
import time
from decimal import Decimal

from common import line, setup_django, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40, help="budget and financing lines")
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    setup_django()
    from hubsite.charts import BarChart, Series
    from projects.economics import EconomicModel, Line, Rule, RuleKind, SourceKind, check

    rng = random.Random(7)
    kinds = list(SourceKind.values)
    expenses = [
        Line(amounts=tuple(Decimal(rng.randrange(1_000, 90_000)) for _ in range(3)), kind="staff")
        for _ in range(args.lines // 2)
    ]
    financing = [
        Line(
            amounts=tuple(Decimal(rng.randrange(1_000, 90_000)) for _ in range(3)),
            kind=rng.choice(kinds),
            secured=rng.random() < 0.5,
        )
        for _ in range(args.lines - args.lines // 2)
    ]
    rules = [Rule(kind, Decimal(30)) for kind in RuleKind.values]
    rules[3] = Rule(RuleKind.BREAK_EVEN_BY, Decimal(3))

    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        model = EconomicModel.compute(expenses, financing)
        check(model, rules)
        BarChart(
            title="Coûts et ressources",
            groups=["Année 1", "Année 2", "Année 3"],
            series=[
                Series("Coûts", [y.costs for y in model.years]),
                Series("Ressources", [y.resources for y in model.years]),
            ],
            line=Series("Solde cumulé", [y.cumulative for y in model.years]),
            unit="€",
        ).svg()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"Economic model of a dossier with {args.lines} lines and {len(rules)} rules:")
    print(line("model + rules + chart", summary(samples)))


if __name__ == "__main__":
    main()
