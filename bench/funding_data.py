"""Shared set-up of the funding benchmarks (not a benchmark itself): hubs with a coordinator
each, a catalogue of calls, applications with plans, payments and deadlines, bulk-created."""

import datetime
import random
from decimal import Decimal


def make_hubs(count: int) -> list:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hubsite.models import Departement, Hub, Region

    region = Region.objects.create(code="96R", name="Région du banc d'essai")
    hubs = []
    for number in range(count):
        group = Group.objects.create(name=f"Coordination banc {number}")
        hub = Hub.objects.create(name=f"Hub banc {number}", slug=f"hub-banc-{number}", group=group)
        Departement.objects.create(
            code=f"B{number}", name=f"Département banc {number}", region=region, hub=hub
        )
        user = get_user_model().objects.create(
            username=f"coordination-{number}", email=f"coordination-{number}@example.org"
        )
        user.groups.add(group)
        hubs.append(hub)
    return hubs


def make_calls(count: int, *, seed: int = 1) -> list:
    from funding.models import Call, Funder, FunderType, Programme, Schedule
    from funding.vocabulary import Applicant, Theme

    rng = random.Random(seed)
    programmes = []
    for number, funder_type in enumerate(FunderType.values):
        funder = Funder.objects.create(name=f"Financeur banc {number}", type=funder_type)
        programmes.append(Programme.objects.create(funder=funder, name=f"Programme {number}"))
    today = datetime.date.today()
    calls = []
    for number in range(count):
        deadline = today + datetime.timedelta(days=rng.randint(-60, 240))
        rolling = number % 10 == 0
        calls.append(
            Call(
                programme=programmes[number % len(programmes)],
                title=f"Appel banc {number}",
                deadline_kind=Schedule.ROLLING if rolling else Schedule.ONE_OFF,
                deadline_on=None if rolling else deadline,
                next_deadline_on=None if rolling else deadline,
                amount_min=Decimal(rng.choice([0, 5000, 10000])),
                amount_max=Decimal(rng.choice([30000, 60000, 200000, 1000000])),
                rate_cap=Decimal(rng.choice([50, 60, 80, 100])),
                themes=rng.sample(Theme.values, 2),
                eligible_applicants=rng.sample(Applicant.values, 2),
            )
        )
    return Call.objects.bulk_create(calls, batch_size=1000)


def make_applications(hubs, calls, per_hub: int, *, seed: int = 2) -> list:
    """``per_hub`` applications per hub at every stage, with a plan, payments and deadlines."""
    from funding.models import (
        Application,
        Deadline,
        DeadlineKind,
        FinancingLine,
        LineStatus,
        Payment,
        PaymentKind,
        SourceType,
        Status,
    )

    rng = random.Random(seed)
    today = datetime.date.today()
    applications = []
    for hub in hubs:
        for number in range(per_hub):
            budget = Decimal(rng.randrange(20, 400) * 1000)
            status = rng.choice(Status.values)
            applications.append(
                Application(
                    hub=hub,
                    call=calls[rng.randrange(len(calls))],
                    title=f"Candidature {hub.pk}-{number}",
                    status=status,
                    total_budget=budget,
                    amount_requested=budget / 2,
                    amount_granted=budget / 2 if status not in ("idea", "preparing") else None,
                    submitted_on=today - datetime.timedelta(days=rng.randint(0, 1500)),
                )
            )
    applications = Application.objects.bulk_create(applications, batch_size=1000)
    lines, payments, deadlines = [], [], []
    for application in applications:
        half = application.total_budget / 2
        lines += [
            FinancingLine(
                application=application,
                source_type=rng.choice(SourceType.values[:4]),
                amount=half,
                status=LineStatus.SECURED,
                is_requested=True,
            ),
            FinancingLine(
                application=application,
                source_type=SourceType.OWN,
                amount=half,
                status=LineStatus.SECURED,
            ),
        ]
        payments.append(
            Payment(
                application=application,
                kind=PaymentKind.ADVANCE,
                amount=half / 2,
                received_on=application.submitted_on,
            )
        )
        deadlines.append(
            Deadline(
                application=application,
                kind=DeadlineKind.REPORT,
                source="final_report",
                due_on=today + datetime.timedelta(days=rng.randint(-30, 120)),
            )
        )
    FinancingLine.objects.bulk_create(lines, batch_size=2000)
    Payment.objects.bulk_create(payments, batch_size=2000)
    Deadline.objects.bulk_create(deadlines, batch_size=2000)
    return applications
