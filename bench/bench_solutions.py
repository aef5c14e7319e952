"""Server time of the solutions catalogue with a full database.

Fills a scratch database with France's territories, 10 hubs, 500 organisations, 5,000
published solutions and 20,000 deployments, then times, through Django's test client,
``/solutions/`` searched with a query and two filters, and a solution's page, and prints
the median and 95th percentile of each with its query count (the issue's target: a median
of 40 ms or less).

    python bench/bench_solutions.py                     # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_solutions.py

The scratch database (see common.py) is a temporary SQLite file, or on PostgreSQL a database
named ``maillage_bench_solutions`` dropped at the end.
"""

import argparse
import datetime
import os
import random
import time
import warnings

from common import (
    analyze,
    load_communes,
    report_pages,
    scratch_database,
    timed,
)

HUBS = 10
ORGANISATIONS = 500
SOLUTIONS = 5_000
DEPLOYMENTS = 20_000
TARGET_MS = 40
CATALOGUE_TABLES = (
    "projects_organisation",
    "projects_solution",
    "projects_solutionindicator",
    "projects_deployment",
    "projects_solutionplace",
)

WHAT = [
    "Ateliers numériques",
    "Permanences démarches",
    "Prêt de tablettes",
    "Cafés connectés",
    "Bus numérique",
    "Aidants connect",
    "Parcours emploi",
    "Initiation smartphone",
    "Visio familles",
    "Clinique du numérique",
]
WHERE = ["en médiathèque", "en mairie", "à domicile", "au centre social", "en gare", "au marché"]
FOR = ["pour les seniors", "pour les jeunes", "pour les familles", "pour tous", "en ruralité"]


def analyze_catalogue() -> None:
    """The planner's statistics of the catalogue's tables, as autovacuum would have them on a
    live database (``analyze`` refreshes the directory's only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # common.analyze() analysed the whole SQLite database
    with connection.cursor() as cursor:
        for table in CATALOGUE_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")


def fill(rng: random.Random) -> str:
    """Create the catalogue; return the slug of a solution with deployments to time."""
    from bench_pages import hub_territories
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from hubsite.services import create_hub
    from hubsite.vocabulary import Public, Service
    from projects.models import (
        Deployment,
        Format,
        LegalForm,
        Maturity,
        Organisation,
        ReuseTerms,
        Solution,
        SolutionIndicator,
    )
    from projects.places import refresh_all_places
    from projects.search import indexed_copies

    with timed("portal"):
        call_command("setup_portal", verbosity=0)
    communes = load_communes()
    with timed(f"{HUBS} hubs"), transaction.atomic():
        for number, departements in enumerate(hub_territories(), start=1):
            create_hub(name=f"Hub {number}", slug=f"hub-{number}", departements=departements)

    now = timezone.now()
    with timed(f"{ORGANISATIONS} organisations"), transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Association numérique {number}",
                rna=f"W{number:09d}",
                legal_form=LegalForm.ASSOCIATION,
                address="1 place de la Mairie",
                postcode=commune.postcode or "00000",
                commune_id=commune.insee_code,
            )
            for number, commune in enumerate(rng.sample(communes, ORGANISATIONS))
        )
    with timed(f"{SOLUTIONS} solutions"), transaction.atomic():
        batch = []
        for number in range(SOLUTIONS):
            title = f"{rng.choice(WHAT)} {rng.choice(WHERE)} {number}"
            solution = Solution(
                organisation=rng.choice(organisations),
                title=title,
                slug=f"solution-{number}",
                summary=f"{rng.choice(WHAT)} {rng.choice(FOR)}, avec des médiateurs formés.",
                problem="Beaucoup d'habitants n'arrivent pas à faire leurs démarches en ligne. "
                * 3,
                how_it_works="Un atelier par semaine, en petit groupe, avec un médiateur. " * 5,
                services=rng.sample(list(Service), rng.randint(1, 3)),
                publics=rng.sample(list(Public), rng.randint(0, 2)),
                formats=rng.sample(list(Format), rng.randint(1, 2)),
                maturity=rng.choice(Maturity.values),
                reuse_terms=rng.choice(ReuseTerms.values),
                cost_per_person=rng.randint(0, 200),
                people_per_year=rng.randint(10, 2000),
                started_on=datetime.date(2020, 1, 1)
                + datetime.timedelta(days=rng.randint(0, 2000)),
                live=True,
                first_published_at=now - datetime.timedelta(days=rng.randint(0, 900)),
                last_published_at=now,
            )
            solution.search_title, solution.search_text = indexed_copies(solution)
            batch.append(solution)
        solutions = Solution.objects.bulk_create(batch, batch_size=1000)
        SolutionIndicator.objects.bulk_create(
            SolutionIndicator(
                solution=solution,
                label="Personnes accompagnées",
                value=rng.randint(10, 900),
                measured_on=datetime.date(2025, 6, 30),
                source="Bilan annuel",
                sort_order=0,
            )
            for solution in solutions
        )
    with timed(f"{DEPLOYMENTS} deployments"), transaction.atomic():
        batch = []
        for _ in range(DEPLOYMENTS):
            commune = rng.choice(communes)
            batch.append(
                Deployment(
                    solution=rng.choice(solutions),
                    organisation=rng.choice(organisations),
                    departement_id=commune.departement_id,
                    commune_id=commune.insee_code,
                    started_on=datetime.date(2022, 1, 1)
                    + datetime.timedelta(days=rng.randint(0, 1200)),
                    people_reached=rng.randint(5, 300),
                )
            )
        Deployment.objects.bulk_create(batch, batch_size=2000)
    # A bulk load sends no signals: the places the catalogue filters on are filled as a data
    # import would (projects.places).
    with timed("places"):
        refresh_all_places()
    analyze()
    analyze_catalogue()
    busiest = (
        Solution.objects.order_by()
        .values("slug")
        .annotate(n=Count("deployments"))
        .order_by("-n")
        .first()
    )
    return busiest["slug"]


def main() -> None:
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()

    with scratch_database("solutions") as vendor:
        started = time.perf_counter()
        slug = fill(random.Random(args.seed))
        print(f"  fill total: {time.perf_counter() - started:.1f} s")
        pages = {
            "catalogue, query + 2 filters": "/solutions/?q=ateliers&services=demarches"
            "&maturite=proven&maturite=scaling",
            "catalogue, query + place + sort": "/solutions/?q=seniors&hub=hub-3&tri=personnes",
            "catalogue, first page": "/solutions/",
            "a solution's page": f"/solutions/{slug}/",
        }
        report_pages(
            pages,
            requests=args.requests,
            warmup=args.warmup,
            vendor=vendor,
            target_ms=TARGET_MS,
            width=34,
        )


if __name__ == "__main__":
    main()
