"""The whole of France's coverage recomputed: every located commune (about 35,000) measured
against 100,000 qualified venues spread like the population, then the coverage page of a hub.

Prints the time of the first computation (every row written), of a second one with nothing
changed (no row written), and the median server time of a hub's coverage page and its CSV.

    python bench/bench_coverage.py                  # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_coverage.py

Targets (issue 12): recomputation at most 60 s; coverage page median at most 50 ms.
"""

import argparse
import gzip
import time

import common

VENUES = 100_000


def page_times(url: str, requests: int) -> dict:
    from django.db import connection
    from django.test import Client

    client = Client()
    for _ in range(5):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    queries = 0

    def count(execute, *args):
        nonlocal queries
        queries += 1
        return execute(*args)

    with connection.execute_wrapper(count):
        response = client.get(url)
        size = len(b"".join(response) if response.streaming else response.content)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return {**common.summary(samples), "queries": queries, "bytes": size}


def make_hub():
    """A hub over three départements of Nouvelle-Aquitaine, with its page."""
    from django.core.management import call_command

    from hubsite.models import Departement
    from hubsite.services import create_hub

    call_command("setup_portal", verbosity=0)
    return create_hub(
        name="Hub Nouvelle-Aquitaine",
        slug="hub-na",
        departements=Departement.objects.filter(code__in=["16", "17", "79"]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venues", type=int, default=VENUES)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with common.scratch_database("coverage") as vendor:
        communes = common.load_communes()
        with common.timed(f"{args.venues} venues"):
            common.add_venues(communes, args.venues, seed=12)
        common.analyze()
        hub = make_hub()

        from directory import coverage
        from directory.models import CoverageState

        print(f"\nCoverage of {len(communes)} communes, {args.venues} venues ({vendor}):")
        with common.timed("load venues and build the index"):
            indexes = coverage.Indexes.load()
        print(
            f"    ({len(indexes.any)} venues, {len(indexes.pass_numerique)} pass numérique, "
            f"{len(indexes.saturday)} open on Saturday)"
        )
        for label in ("first computation (all rows written)", "again, nothing changed"):
            start = time.perf_counter()
            written = coverage.recompute()
            seconds = time.perf_counter() - start
            print(f"  {label}: {seconds:.1f} s, {written} rows written", flush=True)
        state = CoverageState.objects.get()
        print(f"  stored: {state.venues} venues, computed at {state.computed_at:%H:%M:%S}")

        from directory.views_coverage import hub_coverage_context

        svg = str(hub_coverage_context(hub)["map"]).encode()
        print(
            f"  coverage map of the hub's {len(hub.departements.all())} départements: "
            f"{len(svg)} bytes, {len(gzip.compress(svg))} gzipped"
        )
        print(f"\nServer time over {args.requests} requests ({vendor}, Django test client):")
        for label, url in {
            "hub coverage page": f"/lieux/couverture/{hub.slug}/",
            "hub coverage CSV": f"/lieux/couverture/{hub.slug}/communes.csv",
            "national coverage page": "/lieux/couverture/",
        }.items():
            figures = page_times(url, args.requests)
            print(
                common.line(label, figures)
                + f"   {figures['queries']} queries, {figures['bytes'] / 1024:.1f} kB",
                flush=True,
            )
        print(f"  load average: {common.load_average()}")


if __name__ == "__main__":
    main()
