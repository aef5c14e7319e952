"""Nearest ten venues among 10,000 then 100,000 spread like the French population.

Times the search function (``directory.search.nearest``) and the API view
(``/api/venues/nearest`` through Django's test client) from points also drawn like the
population, and prints the median and 95th percentile of each, in milliseconds, with the
ratio of the medians at 100,000 and 10,000 venues.

    python bench/bench_nearest.py                   # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_nearest.py

Targets (issue 3): median at most 5 ms at 100,000; median(100k) / median(10k) at most 1.5.
"""

import argparse
import time

import common

SIZES = (10_000, 100_000)


def measure(points, repeat: int) -> dict:
    """Wall-clock and CPU times of the search function and of the API view."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory import search
    from directory.models import Venue

    client = Client()
    for _, lat, lon in points[:20]:  # warm-up: connection, caches, query plans
        search.nearest(Venue.objects.qualified(), lat, lon, limit=10)
        client.get("/api/venues/nearest", {"lat": lat, "lon": lon, "limit": 10})
    samples = {"function": [], "function_cpu": [], "view": [], "view_cpu": []}
    for _ in range(repeat):
        for _, lat, lon in points:
            start, cpu = time.perf_counter(), time.process_time()
            found = search.nearest(Venue.objects.qualified(), lat, lon, limit=10)
            samples["function"].append((time.perf_counter() - start) * 1000)
            samples["function_cpu"].append((time.process_time() - cpu) * 1000)
            assert len(found) == 10
            params = {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "limit": 10}
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get("/api/venues/nearest", params)
            samples["view"].append((time.perf_counter() - start) * 1000)
            samples["view_cpu"].append((time.process_time() - cpu) * 1000)
            assert response.status_code == 200
    # Counted apart: capturing queries wraps the cursor, which would slow the timed requests.
    queries = 0
    for _, lat, lon in points:
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/venues/nearest", {"lat": lat, "lon": lon, "limit": 10})
        queries = max(queries, len(captured))
    result = {name: common.summary(values) for name, values in samples.items()}
    result["queries"] = queries
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=300, help="search points per size")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the points")
    args = parser.parse_args()

    with common.scratch_database("nearest") as vendor:
        print(f"Database: {vendor} (scratch)")
        communes = common.load_communes()
        points = common.population_points(communes, args.points, seed=2024)
        results = {}
        inserted = 0
        for size in SIZES:
            with common.timed(f"insert venues up to {size:,}"):
                common.add_venues(communes, size - inserted, seed=size, start=inserted)
                inserted = size
                common.analyze()
            results[size] = measure(points, args.repeat)

    print(f"\nNearest 10 venues, {vendor}, {args.points} points x {args.repeat}:")
    print(f"  load average of the machine: {common.load_average()}")
    for size in SIZES:
        result = results[size]
        print(common.line(f"search.nearest(), {size:,} venues", result["function"]))
        print(common.line(f"GET /api/venues/nearest, {size:,} venues", result["view"]))
        if vendor == "sqlite":  # the database works in this process: its CPU time counts
            print(common.line("  CPU time of search.nearest()", result["function_cpu"]))
            print(common.line("  CPU time of the API view", result["view_cpu"]))
        print(f"  {'':<44} at most {result['queries']} queries per request")
    small, large = (results[size] for size in SIZES)
    verdict = True
    for key, label in (("function", "search"), ("view", "API view")):
        ratio = large[key]["median"] / small[key]["median"]
        print(f"  median ratio 100k/10k, {label}: {ratio:.2f}")
        verdict = verdict and large[key]["median"] <= 5 and ratio <= 1.5
    print(
        "  target (median <= 5 ms at 100k and ratio <= 1.5, for the search and the API view):",
        "met" if verdict else "NOT met",
    )


if __name__ == "__main__":
    main()
