"""Import 5,000, 10,000 and 20,000 generated venues and print the time and rows per second of
each run, to show that importing stays linear in the number of rows.

    python bench/bench_import.py            # a throw-away SQLite database
    DATABASE_URL=postgres://… python bench/bench_import.py   # a throw-away test database there

It never touches the configured database: Django's test-database machinery creates a fresh
one (``test_<name>`` on PostgreSQL, a temporary file on SQLite), migrates it and drops it.
"""

import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings.test")

import django  # noqa: E402

SIZES = (5_000, 10_000, 20_000)
COMMUNES = 999
# "96" is no French département: the bench's territory cannot collide with real data.
DEPARTEMENT = "96"


def setup_database(workdir: Path):
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # On disk, as a deployment would be, rather than SQLite's in-memory test database.
        database.setdefault("TEST", {})["NAME"] = str(workdir / "bench.sqlite3")
    from django.test.utils import setup_databases

    return setup_databases(verbosity=0, interactive=False)


def make_territory():
    from hubsite.models import Commune, Departement, PostalCode, Region
    from hubsite.text import normalize_name

    region = Region.objects.create(code="96R", name="Région du banc d'essai")
    departement = Departement.objects.create(code=DEPARTEMENT, name="Banc d'essai", region=region)
    rng = random.Random(96)
    communes = []
    for number in range(1, COMMUNES + 1):
        name = f"Commune d'essai {number}"
        communes.append(
            Commune(
                insee_code=f"{DEPARTEMENT}{number:03d}",
                name=name,
                search_name=normalize_name(name),
                departement=departement,
                latitude=round(rng.uniform(43.5, 49.5), 5),
                longitude=round(rng.uniform(-1.0, 6.0), 5),
                population=rng.randint(100, 50_000),
            )
        )
    Commune.objects.bulk_create(communes)
    PostalCode.objects.bulk_create(
        PostalCode(code=f"{DEPARTEMENT}{number % 1000:03d}", commune=commune)
        for number, commune in enumerate(communes, start=1)
    )
    return communes


def make_csv(size: int, communes, *, variant: str = "") -> bytes:
    """``size`` venues in the standard's CSV; some without coordinates, v0 and v1 columns."""
    from directory import standard

    rng = random.Random(size)
    output = io.StringIO()
    columns = [*standard.COLUMNS, "labels_nationaux"]
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    services = "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien"
    for number in range(size):
        commune = communes[number % len(communes)]
        exact = number % 5 != 0
        writer.writerow(
            {
                "id": f"bench-{number}",
                "pivot": "00000000000000",
                "nom": f"Espace numérique {number}{variant}",
                "commune": commune.name,
                "code_postal": commune.insee_code,  # each commune has its own postcode
                "code_insee": commune.insee_code if number % 2 else "",
                "adresse": f"{rng.randint(1, 99)} rue de l'Essai",
                "latitude": round(commune.latitude + rng.uniform(-0.01, 0.01), 6) if exact else "",
                "longitude": round(commune.longitude + rng.uniform(-0.01, 0.01), 6)
                if exact
                else "",
                "telephone": "05 45 12 34 56",
                "courriels": f"lieu{number}@example.org",
                "site_web": "https://example.org/",
                "horaires": "Mo-Fr 09:00-12:00,14:00-17:00",
                "source": "bench",
                "date_maj": "2024-05-01",
                "services": services,
                "frais_a_charge": "Gratuit",
                "modalites_accompagnement": "Accompagnement individuel",
                "labels_nationaux": "CNFS;APTIC" if number % 3 == 0 else "",
            }
        )
    return output.getvalue().encode("utf-8")


def run(size: int, communes) -> list[tuple[str, int, float, float]]:
    from wagtail.models import ModelLogEntry

    from directory.importer import import_file
    from directory.models import Venue

    Venue.objects.all().delete()
    ModelLogEntry.objects.all().delete()
    results = []
    for label, data in (
        ("création", make_csv(size, communes)),
        ("réimport (inchangé)", make_csv(size, communes)),
        ("mise à jour", make_csv(size, communes, variant=" bis")),
    ):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = import_file(data, filename="bench.csv")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        assert not report.rejected, report.rejected[:3]
        results.append((label, size, elapsed, cpu))
    return results


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test.utils import teardown_databases

    with tempfile.TemporaryDirectory() as workdir:
        old_config = setup_database(Path(workdir))
        try:
            communes = make_territory()
            print(f"Base : {connection.vendor} ; {COMMUNES} communes ; fichier CSV en mémoire.")
            header = ("lignes", "opération", "s (mur)", "lignes/s", "s (CPU)", "µs CPU/l")
            print("{:>8}  {:<20} {:>9} {:>9} {:>9} {:>9}".format(*header))
            per_row: dict[str, list[tuple[float, float]]] = {}
            for size in SIZES:
                for label, rows, elapsed, cpu in run(size, communes):
                    per_row.setdefault(label, []).append((elapsed / rows, cpu / rows))
                    print(
                        f"{rows:>8}  {label:<20} {elapsed:>9.2f} {rows / elapsed:>9.0f} "
                        f"{cpu:>9.2f} {cpu / rows * 1e6:>9.0f}"
                    )
            print()
            print(
                f"Linéarité : coût par ligne à {SIZES[-1]} lignes divisé par le coût à "
                f"{SIZES[0]} (1 = parfaitement linéaire). Le temps CPU du processus Python "
                "est peu sensible à la charge de la machine ; le temps au mur l'est."
            )
            for label, costs in per_row.items():
                wall = costs[-1][0] / costs[0][0]
                cpu = costs[-1][1] / costs[0][1]
                print(f"  {label:<20} mur {wall:.2f}   CPU {cpu:.2f}")
        finally:
            teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
