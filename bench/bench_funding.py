"""Server time of the funding dashboards and of the catalogue of calls with a full database.

Fills a scratch database with 10 hubs x 500 applications (each with a co-financing plan, a
payment and a deadline) answering 2,000 calls, then times through Django's test client,
logged in: the national dashboard (the national team), a hub's dashboard (its coordinator),
and the catalogue of calls with three filters (a coordinator); prints the median and 95th
percentile of each with its query count, and the same for a page that reads almost nothing
(the admin's floor, which tells how loaded the machine is).

    python bench/bench_funding.py                     # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_funding.py

Targets (issue 11): each dashboard at most 150 ms, the catalogue at most 50 ms (medians).
"""

import argparse
import time

from common import load_average, measure_page, scratch_database, timed

HUBS = 10
PER_HUB = 500
CALLS = 2_000
DASHBOARD_TARGET_MS = 150
CATALOGUE_TARGET_MS = 50


def fill():
    """The hubs, calls and applications; returns (national user, hub 0, its coordinator)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db import connection, transaction
    from funding_data import make_applications, make_calls, make_hubs

    from hubsite.roles import NATIONAL_TEAM
    from hubsite.services import sync_roles

    with timed(f"{HUBS} hubs, {CALLS} calls, {HUBS * PER_HUB} applications"), transaction.atomic():
        hubs = make_hubs(HUBS)
        calls = make_calls(CALLS)
        make_applications(hubs, calls, PER_HUB)
        sync_roles()  # the national team's admin rights
        # The bench's hubs have no pages, which sync_roles needs to equip their groups.
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        for hub in hubs:
            hub.group.permissions.add(access_admin)
        national = get_user_model().objects.create(username="equipe-nationale")
        national.groups.add(Group.objects.get(name=NATIONAL_TEAM))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    coordinator = get_user_model().objects.get(username="coordination-0")
    return national, hubs[0], coordinator


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    args = parser.parse_args()

    with scratch_database("funding") as vendor:
        from django.urls import reverse

        started = time.perf_counter()
        national, hub, coordinator = fill()
        print(f"  fill total: {time.perf_counter() - started:.1f} s")
        catalogue = (
            reverse("funding_calls:index") + "?closing_within=120&funder_type=eu&theme=inclusion"
        )
        pages = [
            (
                "national dashboard",
                reverse("funding_dashboard_national"),
                national,
                DASHBOARD_TARGET_MS,
            ),
            (
                "a hub's dashboard",
                reverse("funding_dashboard_hub", args=[hub.pk]),
                coordinator,
                DASHBOARD_TARGET_MS,
            ),
            ("catalogue of calls, 3 filters", catalogue, coordinator, CATALOGUE_TARGET_MS),
        ]
        # The admin's floor on this machine now: a page that reads almost nothing (the
        # calendars of a coordinator without any), to read the figures above against.
        floor = ("floor: calendars page (no data)", reverse("funding_calendars"), coordinator, 0)
        print(
            f"\nServer time over {args.requests} requests after {args.warmup} of warm-up "
            f"({vendor}, Django test client, load {load_average()}):"
        )
        print(f"  {'page':<32} {'median':>9} {'p95':>9} {'queries':>8} {'HTML':>9} {'target':>8}")
        over = []
        for label, url, user, target in [*pages, floor]:
            figures = measure_page(url, args.requests, args.warmup, user=user)
            print(
                f"  {label:<32} {figures['median']:>6.1f} ms {figures['p95']:>6.1f} ms "
                f"{figures['queries']:>8} {figures['bytes'] / 1024:>6.1f} kB "
                + (f"{target:>5} ms" if target else f"{'—':>8}"),
                flush=True,
            )
            if target and figures["median"] > target:
                over.append(label)
        print(f"\n  over target: {', '.join(over)}" if over else "\n  every median within target")


if __name__ == "__main__":
    main()
