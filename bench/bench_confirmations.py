"""Confirmations at 100,000 venues: the hubs' data-quality figures (national team's view, all
hubs at once), the coordinator's desk, and the campaign's choice of its next batch of venues.

Fills a scratch database with France's communes, 10 hubs (bench_pages' territories) and
100,000 venues spread like the population, a third of them confirmed over a year ago and
some with an e-mail; prints the median and 95th percentile of each, in milliseconds, and the
number of SQL queries.

    python bench/bench_confirmations.py              # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_confirmations.py
"""

import argparse
import datetime
import time

import common
from bench_pages import hub_territories

VENUES = 100_000


def prepare() -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from directory.models import Venue
    from hubsite.services import create_hub

    communes = common.load_communes()
    with common.timed("portal and hubs"), transaction.atomic():
        call_command("setup_portal", verbosity=0)
        for number, departements in enumerate(hub_territories(), start=1):
            create_hub(
                name=f"Hub {number}",
                slug=f"hub-{number}",
                departements=departements,
                contact_email=f"contact@hub-{number}.example",
            )
    with common.timed(f"insert {VENUES:,} venues"):
        common.add_venues(communes, VENUES, seed=12)
    with common.timed("confirmations and e-mails"), transaction.atomic():
        now = timezone.now()
        Venue.objects.update(confirmed_at=now, emails="accueil@lieu.example")
        pks = list(Venue.objects.order_by("pk").values_list("pk", flat=True))
        changes = (
            (pks[::3], {"confirmed_at": now - datetime.timedelta(days=400)}),
            (pks[1::7], {"confirmed_at": None}),
            (pks[2::5], {"emails": ""}),
        )
        for chosen, values in changes:
            for start in range(0, len(chosen), 500):
                Venue.objects.filter(pk__in=chosen[start : start + 500]).update(**values)
    common.analyze()


def timings(function, repeat: int) -> tuple[dict, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    function()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        function()
    return common.summary(samples), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    with common.scratch_database("confirmations") as vendor:
        print(f"Database: {vendor} (scratch)")
        prepare()
        from django.contrib.auth import get_user_model

        from directory.confirmation_campaign import scope_venues, waiting_venues
        from directory.models import ConfirmationCampaign
        from directory.quality import hub_quality
        from hubsite.desk import desk_rows
        from hubsite.models import Hub

        national = get_user_model().objects.create(username="national", is_superuser=True)
        hub = Hub.objects.order_by("pk").first()
        campaign = ConfirmationCampaign.objects.create(hub=None, year=2026)
        print(f"  venues to ask in France: {scope_venues(None).count():,}")
        cases = {
            "quality, every hub": lambda: hub_quality(Hub.objects.order_by("name")),
            "quality, one hub": lambda: hub_quality(Hub.objects.filter(pk=hub.pk)),
            "desk, national team": lambda: desk_rows(national),
            "campaign's next batch of 30": lambda: list(waiting_venues(campaign)[:31]),
        }
        results = {label: timings(function, args.repeat) for label, function in cases.items()}

    print(f"\nConfirmations, {vendor}, {VENUES:,} venues, {args.repeat} runs each:")
    print(f"  load average of the machine: {common.load_average()}")
    for label, (stats, queries) in results.items():
        print(f"{common.line(label, stats)}  ({queries} queries)")


if __name__ == "__main__":
    main()
