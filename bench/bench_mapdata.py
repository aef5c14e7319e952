"""Map data for random views of France, zooms 5 to 16, with 100,000 venues spread like the
population.

Each view is the bounding box a 1280 x 800 pixel map shows at that zoom, centred on a point
drawn like the population (where people look). Times ``GET /api/venues.geojson`` through
Django's test client and prints the median and 95th percentile, overall and per zoom, with the
largest number of features sent: as served (views of a region or of France shared for five
minutes), every view computed, and every view computed with "open now" and "free of charge"
(filters that are never cached).

    python bench/bench_mapdata.py                   # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_mapdata.py

Target (issue 3): median at most 50 ms; never more than a few hundred features.
"""

import argparse
import math
import random
import time

import common

VENUES = 100_000
SUMMARY_KEY = "directory:grid-summary"
WIDTH, HEIGHT = 1280, 800


def view(latitude: float, longitude: float, zoom: int) -> str:
    """The bbox a WIDTH x HEIGHT map shows at ``zoom`` around a point (Web Mercator)."""
    degrees_per_pixel = 360 / (256 * 2**zoom)
    half_width = WIDTH / 2 * degrees_per_pixel
    half_height = HEIGHT / 2 * degrees_per_pixel * math.cos(math.radians(latitude))
    south, north = max(-85.0, latitude - half_height), min(85.0, latitude + half_height)
    west, east = max(-180.0, longitude - half_width), min(180.0, longitude + half_width)
    return f"{west:.5f},{south:.5f},{east:.5f},{north:.5f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--views", type=int, default=480, help="random views (spread on zooms)")
    parser.add_argument("--venues", type=int, default=VENUES)
    args = parser.parse_args()

    with common.scratch_database("mapdata") as vendor:
        print(f"Database: {vendor} (scratch)")
        communes = common.load_communes()
        with common.timed(f"insert {args.venues:,} venues"):
            common.add_venues(communes, args.venues, seed=args.venues)
            common.analyze()
        rng = random.Random(5)
        centres = common.population_points(communes, args.views, seed=77)
        zooms = [5 + number % 12 for number in range(args.views)]
        rng.shuffle(zooms)
        views = [
            (view(lat, lon, zoom), zoom) for (_, lat, lon), zoom in zip(centres, zooms, strict=True)
        ]
        served = measure(views, cold=False)
        cold = measure(views, cold=True)
        # "Open now" is never cached (it changes by the minute): every view is computed.
        filtered = measure(views, cold=True, filters={"open_now": "on", "free": "on"})
        summary_ms = time_summary()

    print(f"\nLoad average of the machine: {common.load_average()}")
    print(common.line("grid summary, every 5 minutes (up to zoom 9)", summary_ms))
    for title, (by_zoom, cpu, features, queries, clustered) in (
        ("as served (views up to zoom 9 shared for 5 minutes)", served),
        ("every view computed (only the grid summary cached)", cold),
        ("filtered on open now and free of charge, every view computed", filtered),
    ):
        everything = [sample for samples in by_zoom.values() for sample in samples]
        overall = common.summary(everything)
        print(f"\nGET /api/venues.geojson, {args.venues:,} venues, {vendor}, {title}:")
        print(common.line(f"all zooms 5-16 ({len(everything)} views)", overall))
        if vendor == "sqlite":  # the database works in this process: its CPU time counts
            print(common.line("  CPU time, all zooms", common.summary(cpu)))
        for zoom in sorted(by_zoom):
            print(common.line(f"zoom {zoom}", common.summary(by_zoom[zoom])))
        print(f"  at most {features} features and {queries} queries per response;")
        print(f"  {clustered} of {len(everything)} responses clustered")
        verdict = overall["median"] <= 50 and features <= 500
        print(f"  target (median <= 50 ms, features <= 500): {'met' if verdict else 'NOT met'}")


def time_summary() -> dict:
    """Time to build the per-cell summary that views up to zoom 9 group."""
    from directory import clustering
    from directory.models import Venue

    samples = []
    for _ in range(5):
        start = time.perf_counter()
        clustering.grid_summary(Venue.objects.qualified())
        samples.append((time.perf_counter() - start) * 1000)
    return common.summary(samples)


def measure(views, *, cold: bool, filters: dict | None = None):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    filters = filters or {}
    cache.clear()
    for bbox, zoom in views[:20]:  # warm-up: connection, query plans
        client.get("/api/venues.geojson", {"bbox": bbox, "zoom": zoom, **filters})
    cache.clear()
    by_zoom: dict[int, list[float]] = {}
    cpu: list[float] = []
    features, queries, clustered = 0, 0, 0
    for bbox, zoom in views:
        if cold:  # every view computed; the grid summary, shared by all views, is kept
            summary = cache.get(SUMMARY_KEY)
            cache.clear()
            if summary is not None:
                cache.set(SUMMARY_KEY, summary, 300)
        with CaptureQueriesContext(connection) as captured:
            start, started_cpu = time.perf_counter(), time.process_time()
            response = client.get("/api/venues.geojson", {"bbox": bbox, "zoom": zoom, **filters})
            elapsed = (time.perf_counter() - start) * 1000
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.content
        data = response.json()
        features = max(features, len(data["features"]))
        clustered += data["clustered"]
        queries = max(queries, len(captured))
        by_zoom.setdefault(zoom, []).append(elapsed)
    return by_zoom, cpu, features, queries, clustered


if __name__ == "__main__":
    main()
