"""Server time of the portal's busiest pages with a full database.

Fills a scratch database with 10 hubs, 2,000 news articles, 500 events and 100,000 qualified
venues spread like the population, then times the home page, a hub page, a hub's news
listing, the finder searching a commune with filters, a venue page and a hub's coverage page
through Django's test client and prints the median and 95th percentile of each.

    python bench/bench_pages.py                     # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_pages.py

The scratch database (see common.py) is a temporary SQLite file, or on PostgreSQL a database
named ``maillage_bench_pages`` dropped at the end.

Targets (issue 12): the finder with a search and filters at most 40 ms, a venue page at most
25 ms, the coverage page at most 50 ms (medians, 100,000 venues).
"""

import argparse
import datetime
import os
import time
import warnings

from common import (
    add_venues,
    analyze,
    load_communes,
    measure_page,
    scratch_database,
    timed,
)

HUBS = 10
NEWS = 2_000
EVENTS = 500
DEPARTEMENTS_PER_HUB = 3
VENUES = 100_000
# A commune searched by name, with filters that a visitor would tick.
FINDER_QUERY = (
    "q=Angoul%C3%AAme&services=Aide+aux+d%C3%A9marches+administratives&free=on&open_saturday=on"
)


def hub_territories() -> list[list]:
    """For each hub, two or three mainland départements of one region."""
    from hubsite.models import Departement

    by_region: dict[str, list] = {}
    for departement in Departement.objects.exclude(code__startswith="97").order_by("code"):
        by_region.setdefault(departement.region_id, []).append(departement)
    groups = [
        departements[:DEPARTEMENTS_PER_HUB]
        for departements in by_region.values()
        if len(departements) >= 2
    ]
    if len(groups) < HUBS:
        raise SystemExit(f"only {len(groups)} regions with two départements or more")
    return groups[:HUBS]


def fill(venues: int) -> list:
    """Create the hubs, their content and the venues; return the hubs."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from wagtail.rich_text import RichText

    from hubsite.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
    from hubsite.services import create_hub

    print("Filling the database")
    with timed("portal and territories"):
        call_command("setup_portal", verbosity=0)
    communes = load_communes()

    hubs = []
    with timed(f"{HUBS} hubs"), transaction.atomic():
        for number, departements in enumerate(hub_territories(), start=1):
            region = departements[0].region.name
            hubs.append(
                create_hub(
                    name=f"Hub {region}",
                    slug=f"hub-{number}",
                    departements=departements,
                    presentation=f"Le hub territorial pour un numérique inclusif en {region}.",
                    contact_email=f"contact@hub-{number}.example",
                )
            )

    now = timezone.now().replace(microsecond=0)
    body = [
        (
            "paragraph",
            RichText(
                "<p>Des ateliers pour apprendre à utiliser un ordinateur, un smartphone et "
                "les services publics en ligne, avec des médiatrices et médiateurs formés.</p>"
            ),
        )
    ]
    with timed(f"{NEWS} news articles"), transaction.atomic():
        for hub in hubs:
            index = NewsIndexPage.objects.get(hub=hub)
            for number in range(NEWS // HUBS):
                published = now - datetime.timedelta(days=number * 2)
                page = NewsPage(
                    title=f"Actualité {number} du {hub.name}",
                    slug=f"actualite-{number}",
                    date=published.date(),
                    intro="Les nouvelles du réseau des lieux de médiation numérique.",
                    body=body,
                    live=True,
                    first_published_at=published,
                    last_published_at=published,
                )
                index.add_child(instance=page)

    with timed(f"{EVENTS} events"), transaction.atomic():
        for hub in hubs:
            index = EventIndexPage.objects.get(hub=hub)
            for number in range(EVENTS // HUBS):
                # Half of them over, half to come.
                start = now + datetime.timedelta(days=number * 3 - (EVENTS // HUBS) * 3 // 2)
                page = EventPage(
                    title=f"Atelier {number} du {hub.name}",
                    slug=f"atelier-{number}",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    location_name="Médiathèque municipale",
                    address="1 place de la Mairie",
                    body=body,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
                index.add_child(instance=page)

    with timed(f"{venues} venues and their coverage"):
        add_venues(communes, venues, seed=5)
        analyze()
        from directory import coverage

        coverage.recompute()
    return hubs


def venue_url() -> str:
    """A venue of Angoulême, the commune the finder searches."""
    from directory.models import Venue

    venue = Venue.objects.qualified().filter(commune_name="Angoulême").order_by("pk").first()
    return (venue or Venue.objects.qualified().order_by("pk").first()).get_absolute_url()


def main() -> None:
    # Wagtail logs every page it creates; the fill would drown the figures.
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # WhiteNoise warns that collectstatic has not run; pages are timed without static files.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--venues", type=int, default=VENUES, help="qualified venues")
    args = parser.parse_args()

    with scratch_database("pages") as vendor:
        started = time.perf_counter()
        hubs = fill(args.venues)
        print(f"  fill total: {time.perf_counter() - started:.1f} s")
        hub = hubs[0]
        pages = {
            "home page": "/",
            "hub page": hub.page.url,
            "news listing": f"{hub.page.url}actualites/",
            "news listing, page 5": f"{hub.page.url}actualites/?page=5",
            "finder, commune + filters": f"/lieux/?{FINDER_QUERY}",
            "finder, commune": "/lieux/?q=Angoul%C3%AAme",
            "venue page": venue_url(),
            "hub coverage page": f"/lieux/couverture/{hub.slug}/",
        }
        print(
            f"\nServer time over {args.requests} requests after {args.warmup} of warm-up "
            f"({vendor}, Django test client):"
        )
        print(f"  {'page':<26} {'median':>9} {'p95':>9} {'queries':>8} {'HTML':>9}")
        for label, url in pages.items():
            figures = measure_page(url, args.requests, args.warmup)
            print(
                f"  {label:<26} {figures['median']:>6.1f} ms {figures['p95']:>6.1f} ms "
                f"{figures['queries']:>8} {figures['bytes'] / 1024:>6.1f} kB",
                flush=True,
            )


if __name__ == "__main__":
    main()
