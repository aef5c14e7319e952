"""Shared set-up of the directory's benchmarks (not a benchmark itself).

Each benchmark configures Django with the test settings, creates a scratch database (a file in
a temporary directory on SQLite; a database named ``maillage_bench_<name>`` on PostgreSQL when
DATABASE_URL is set, dropped at the end), migrates it, loads France's communes with
``load_territories`` and fills it with venues placed at real communes in proportion to their
population.
"""

import contextlib
import datetime
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Metropolitan France, for drawing map views.
FRANCE = (41.3, -5.2, 51.1, 9.6)
WEEKS = ["Mo-Fr", "Tu-Sa", "Mo,We,Fr", "Mo-Th", "Tu-Fr", "We"]


def opening_hours(rng: random.Random) -> str:
    """Hours as varied as real venues' (thousands of distinct texts in 100,000), or none."""
    if rng.random() < 0.1:
        return ""

    def clock(low: int, high: int) -> str:  # a quarter hour between two hours
        minutes = rng.randrange(low * 4, high * 4 + 1) * 15
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    text = f"{rng.choice(WEEKS)} {clock(8, 10)}-{clock(11, 12)}"
    if rng.random() < 0.7:
        text += f",{clock(13, 14)}-{clock(16, 19)}"
    if rng.random() < 0.3:
        text += f"; Sa {clock(9, 10)}-{clock(12, 13)}"
    return text


@dataclass(frozen=True)
class CommunePoint:
    insee_code: str
    name: str
    postcode: str
    departement_id: str
    latitude: float
    longitude: float
    population: int


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "hubsite.settings.test"
    import django

    django.setup()
    # The figures are the output: no page-creation logs, no warning about STATIC_ROOT.
    logging.disable(logging.INFO)
    warnings.filterwarnings("ignore", message="No directory at")


@contextlib.contextmanager
def scratch_database(name: str) -> Iterator[str]:
    """A migrated scratch database for the duration of the block; yields its vendor."""
    setup_django()
    from django.db import connection

    with tempfile.TemporaryDirectory(prefix="maillage-bench-") as scratch_dir:
        test_settings = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(Path(scratch_dir) / f"{name}.sqlite3")
        else:
            test_settings["NAME"] = f"maillage_bench_{name}"
        original = connection.settings_dict["NAME"]
        with timed("migrate"):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield connection.vendor
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


class timed:
    """``with timed("label"):`` prints how long the block took."""

    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        if exc[0] is None:
            print(f"  {self.label}: {self.seconds:.1f} s", flush=True)


def load_communes() -> list[CommunePoint]:
    """Load the territories shipped in hubsite/data/ and return the located communes."""
    from django.core.management import call_command

    from hubsite.models import Commune, PostalCode

    with timed("territories"):
        call_command("load_territories", verbosity=0)
    postcodes = dict(PostalCode.objects.order_by("code").values_list("commune_id", "code"))
    communes = [
        CommunePoint(insee, name, postcodes.get(insee, ""), departement, lat, lon, population)
        for insee, name, departement, lat, lon, population in Commune.objects.filter(
            latitude__isnull=False, longitude__isnull=False, population__gt=0
        ).values_list("insee_code", "name", "departement_id", "latitude", "longitude", "population")
    ]
    if len(communes) < 30_000:
        raise SystemExit(f"only {len(communes)} located communes: is hubsite/data/ complete?")
    return communes


def population_points(communes: list[CommunePoint], count: int, seed: int):
    """``count`` (commune, latitude, longitude) drawn like the population: a commune chosen in
    proportion to its inhabitants, then a point within about 1.5 km of its centre."""
    rng = random.Random(seed)
    chosen = rng.choices(communes, weights=[c.population for c in communes], k=count)
    return [
        (c, c.latitude + rng.uniform(-0.0135, 0.0135), c.longitude + rng.uniform(-0.019, 0.019))
        for c in chosen
    ]


def add_venues(communes: list[CommunePoint], count: int, *, seed: int, start: int = 0) -> None:
    """Insert ``count`` qualified venues spread like the population (bulk, grid cell set)."""
    from django.db import transaction

    from directory.models import Status, Venue, bulk_create_venues
    from directory.vocabulary import Fee, Public, Service, SupportMode

    rng = random.Random(seed)
    services = list(Service)
    batch = []
    with transaction.atomic():
        for number, (commune, lat, lon) in enumerate(
            population_points(communes, count, seed), start=start
        ):
            batch.append(
                Venue(
                    source="bench",
                    source_id=f"bench-{number}",
                    name=f"Lieu de médiation numérique {number}",
                    address=f"{rng.randint(1, 120)} rue de la République",
                    commune_name=commune.name,
                    postcode=commune.postcode or "00000",
                    insee_code=commune.insee_code,
                    commune_id=commune.insee_code,
                    departement_id=commune.departement_id,
                    latitude=lat,
                    longitude=lon,
                    services=rng.sample(services, rng.randint(1, 4)),
                    publics=rng.sample(list(Public), rng.randint(0, 2)),
                    support_modes=rng.sample(list(SupportMode), rng.randint(1, 2)),
                    fees=[rng.choice([Fee.GRATUIT, Fee.GRATUIT, Fee.PAYANT])],
                    accepts_pass_numerique=rng.random() < 0.3,
                    opening_hours=opening_hours(rng),
                    updated_on=datetime.date(2024, 1, 15),
                    status=Status.QUALIFIED,
                    is_demo=True,
                )
            )
            if len(batch) == 5000:
                bulk_create_venues(batch)
                batch = []
        bulk_create_venues(batch)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as a live database would have."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE directory_venue")
            cursor.execute("VACUUM ANALYZE directory_openinginterval")
        else:
            cursor.execute("ANALYZE")


def load_average() -> str:
    """The machine's load, to read the figures with (they are wall-clock times)."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} CPUs"


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max": ordered[-1],
        "n": len(ordered),
    }


def measure_page(url: str, requests: int, warmup: int, *, user=None) -> dict:
    """A page's server time over ``requests`` GETs after ``warmup`` ones (which must answer
    200), with its query count and its size; as ``user`` (logged in) when given."""
    from django.db import connection
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    for _ in range(warmup):
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
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return {**summary(samples), "queries": queries, "bytes": len(response.content)}


def report_pages(
    pages: dict, *, requests: int, warmup: int, vendor: str, target_ms: float, width: int
) -> None:
    """Measure each of ``pages`` ({label: url, or (url, user) for a logged-in page}) with
    ``measure_page`` and print its median, p95, query count and size, then which medians are
    over ``target_ms``."""
    print(
        f"\nServer time over {requests} requests after {warmup} of warm-up "
        f"({vendor}, Django test client, load {load_average()}):"
    )
    print(f"  {'page':<{width}} {'median':>9} {'p95':>9} {'queries':>8} {'HTML':>9}")
    failed = []
    for label, page in pages.items():
        url, user = page if isinstance(page, tuple) else (page, None)
        figures = measure_page(url, requests, warmup, user=user)
        print(
            f"  {label:<{width}} {figures['median']:>6.1f} ms {figures['p95']:>6.1f} ms "
            f"{figures['queries']:>8} {figures['bytes'] / 1024:>6.1f} kB",
            flush=True,
        )
        if figures["median"] > target_ms:
            failed.append(label)
    print(
        f"\nTarget: median ≤ {target_ms} ms. "
        + (f"Over: {', '.join(failed)}" if failed else "All within.")
    )


def line(label: str, stats: dict) -> str:
    return (
        f"  {label:<44} median {stats['median']:7.2f} ms   p95 {stats['p95']:7.2f} ms"
        f"   (n={stats['n']})"
    )


if __name__ == "__main__":
    print("bench/common.py holds the benchmarks' shared set-up; run bench_*.py instead.")
