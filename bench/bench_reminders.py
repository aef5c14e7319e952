"""The deadline reminders over 10,000, 25,000 and 50,000 deadlines, each due for a reminder: the
time of the first run (one e-mail per deadline, to its hub's coordinator), which should grow
linearly, and of the second run, which must send nothing.

    python bench/bench_reminders.py                          # a scratch SQLite database
    DATABASE_URL=postgres://… python bench/bench_reminders.py  # a scratch PostgreSQL one
"""

import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_average, scratch_database

SIZES = (10_000, 25_000, 50_000)
HUBS = 10


def fill(size: int, hubs) -> None:
    """``size`` deadlines of running applications, spread over the next 14 days."""
    from funding.models import Application, Call, Deadline, DeadlineKind, Status

    call = Call.objects.first()
    applications = Application.objects.bulk_create(
        [
            Application(
                hub=hubs[n % len(hubs)], call=call, title=f"Candidature {n}", status=Status.PAYMENTS
            )
            for n in range(size // 2)
        ],
        batch_size=2000,
    )
    today = datetime.date.today()
    Deadline.objects.bulk_create(
        [
            Deadline(
                application=applications[n // 2],
                kind=DeadlineKind.REPORT if n % 2 else DeadlineKind.PAYMENT_REQUEST,
                due_on=today + datetime.timedelta(days=n % 15),
                source=f"bench:{n % 2}",
            )
            for n in range(size)
        ],
        batch_size=5000,
    )


def main() -> None:
    with scratch_database("reminders") as vendor:
        from django.core import mail
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from funding_data import make_calls, make_hubs

        from funding.deadlines import send_reminders
        from funding.models import Application, Deadline, SentReminder

        print(f"Reminders on {vendor}, load {load_average()}")
        hubs = make_hubs(HUBS)
        make_calls(1)
        for size in SIZES:
            SentReminder.objects.all().delete()
            Deadline.objects.all().delete()
            Application.objects.all().delete()
            fill(size, hubs)
            mail.outbox = []
            started = time.perf_counter()
            first = send_reminders()
            first_seconds = time.perf_counter() - started
            sent = len(mail.outbox)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                second = send_reminders()
            second_seconds = time.perf_counter() - started
            print(
                f"  {size:>6} deadlines: first run {first_seconds:6.1f} s "
                f"({first} reminded, {sent} e-mails, {size / first_seconds:,.0f} deadlines/s); "
                f"second run {second_seconds:5.1f} s, {second} reminded, "
                f"{len(mail.outbox) - sent} e-mails, {len(queries)} queries"
            )
            assert second == 0 and len(mail.outbox) == sent


if __name__ == "__main__":
    main()
