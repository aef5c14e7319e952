"""Likely-duplicate detection over 50,000 then 100,000 venues spread like the French
population, about 5 % of them planted near-duplicates of another (a typo, the accents or the
case lost, "Espace France Services" before the name, an abbreviated address, a few metres
away, the same phone or e-mail).

Prints, at each size, the time of the detection alone (``directory.duplicates``, CPU and wall
clock) and of the whole refresh that records the pairs (``refresh_pairs``), the pairs found,
how many of the planted duplicates they include, and the ratio of the cost per venue at
100,000 and at 50,000 (1 = linear: venues are compared within their commune only).

    python bench/bench_duplicates.py               # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_duplicates.py

Target (issue 12): 100,000 venues in minutes, not hours; close to linear.
"""

import argparse
import datetime
import random
import time

import common

SIZES = (50_000, 100_000)
DUPLICATE_SHARE = 0.05
KINDS = (
    "Médiathèque",
    "Centre social",
    "Association",
    "Tiers-lieu",
    "CCAS",
    "Point numérique CAF",
    "Maison de quartier",
    "Espace public numérique",
    "Mission locale",
    "Bibliothèque",
)
STREETS = ("rue", "avenue", "place", "boulevard", "chemin", "allée")
ABBREVIATIONS = {"rue": "r.", "avenue": "av.", "place": "pl.", "boulevard": "bd", "chemin": "ch."}


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def near_duplicate(rng: random.Random, original: dict) -> dict:
    """A second listing of the same place, as another source would write it."""
    from hubsite.text import unaccent

    copy = dict(original)
    variant = rng.randrange(4)
    if variant == 0:
        copy["name"] = typo(rng, original["name"])
    elif variant == 1:
        copy["name"] = unaccent(original["name"]).upper()
    elif variant == 2:
        copy["name"] = f"Espace France Services {original['name']}"
    else:
        copy["name"] = original["name"].replace("-", " ").lower()
    for word, short in ABBREVIATIONS.items():
        copy["address"] = copy["address"].replace(f" {word} ", f" {short} ")
    copy["latitude"] += rng.uniform(-0.0002, 0.0002)  # about 20 m
    copy["longitude"] += rng.uniform(-0.0002, 0.0002)
    if rng.random() < 0.5:
        copy["phone"] = ""
    if rng.random() < 0.5:
        copy["emails"] = ""
    return copy


def generate(communes, count: int, seed: int) -> tuple[list[dict], list[tuple[int, int]]]:
    """``count`` venue fields, the planted duplicates each right after its original."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    rows = []
    planted = []
    for commune, lat, lon in common.population_points(communes, count, seed):
        if len(rows) >= count:
            break
        number = len(rows)
        row = {
            # A first and last name: as many distinct places as real venues' names tell
            # apart (a kind and a last name alone collide by chance in a city of thousands).
            "name": f"{rng.choice(KINDS)} {fake.first_name()} {fake.last_name()}",
            "address": f"{rng.randint(1, 120)} {rng.choice(STREETS)} {fake.last_name()}",
            "phone": f"05{rng.randrange(10**8):08d}",
            "emails": f"contact-{number}@example.org",
            "latitude": lat,
            "longitude": lon,
            "commune": commune,
            "opening_hours": common.opening_hours(rng),
        }
        rows.append(row)
        if rng.random() < DUPLICATE_SHARE and len(rows) < count:
            rows.append(near_duplicate(rng, row))
            planted.append((number, number + 1))
    return rows, planted


def insert(rows: list[dict], start: int) -> list[int]:
    from django.db import transaction

    from directory.models import Status, Venue, bulk_create_venues

    created = []
    with transaction.atomic():
        for offset in range(0, len(rows), 5000):
            batch = [
                Venue(
                    source="bench",
                    source_id=f"bench-{start + offset + index}",
                    name=row["name"],
                    address=row["address"],
                    commune_name=row["commune"].name,
                    postcode=row["commune"].postcode or "00000",
                    insee_code=row["commune"].insee_code,
                    commune_id=row["commune"].insee_code,
                    departement_id=row["commune"].departement_id,
                    latitude=row["latitude"],
                    longitude=row["longitude"],
                    phone=row["phone"],
                    emails=row["emails"],
                    opening_hours=row["opening_hours"],
                    updated_on=datetime.date(2024, 1, 15),
                    status=Status.QUALIFIED,
                    is_demo=True,
                )
                for index, row in enumerate(rows[offset : offset + 5000])
            ]
            created += [venue.pk for venue in bulk_create_venues(batch)]
    return created


def measure(size: int, planted_pairs: set[tuple[int, int]]) -> dict:
    from directory import duplicates
    from directory.duplicate_services import refresh_pairs
    from directory.models import DuplicatePair, Venue

    start, cpu = time.perf_counter(), time.process_time()
    found = list(duplicates.find_candidates(duplicates.sketches(Venue.objects.all())))
    detection = (time.perf_counter() - start, time.process_time() - cpu)
    start = time.perf_counter()
    result = refresh_pairs()
    refresh = time.perf_counter() - start
    pairs = set(DuplicatePair.objects.open().values_list("first_id", "second_id"))
    return {
        "size": size,
        "detection": detection,
        "refresh": refresh,
        "found": len(found),
        "recorded": result.created,
        "pairs": len(pairs),
        "planted_found": len(planted_pairs & pairs),
        "planted": len(planted_pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    with common.scratch_database("duplicates") as vendor:
        communes = common.load_communes()
        rows, planted_rows = generate(communes, sizes[-1], seed=12)
        print(f"Base : {vendor} ; charge {common.load_average()}")
        results = []
        inserted = 0
        ids: list[int] = []
        for size in sizes:
            with common.timed(f"insertion de {size - inserted} lieux"):
                ids += insert(rows[inserted:size], inserted)
            inserted = size
            common.analyze()
            planted = {(ids[a], ids[b]) for a, b in planted_rows if b < size}
            results.append(measure(size, planted))
        print()
        print(
            f"{'lieux':>8} {'détection (mur)':>16} {'(CPU)':>8} {'avec écriture':>14} "
            f"{'paires':>8} {'plantées trouvées':>18}"
        )
        for r in results:
            print(
                f"{r['size']:>8} {r['detection'][0]:>14.1f} s {r['detection'][1]:>6.1f} s "
                f"{r['refresh']:>12.1f} s {r['pairs']:>8} "
                f"{r['planted_found']:>9} / {r['planted']:<7}"
            )
        if len(results) > 1:
            first, last = results[0], results[-1]
            ratio = (last["detection"][1] / last["size"]) / (first["detection"][1] / first["size"])
            print(
                f"Coût CPU de la détection par lieu à {last['size']} divisé par celui à "
                f"{first['size']} : {ratio:.2f} (1 = linéaire)."
            )


if __name__ == "__main__":
    main()
