"""Demo funding: the catalogue of ``funding.demo.data`` and, for the first hubs, applications
at every stage of the pipeline with their plans, payments and deadlines. Idempotent."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from funding.deadlines import sync_deadlines
from funding.demo.data import CALLS, FUNDERS
from funding.models import (
    Application,
    Call,
    CallRound,
    FinancingLine,
    Funder,
    LineStatus,
    Payment,
    PaymentKind,
    Perimeter,
    Programme,
    Schedule,
    SourceType,
    Status,
)
from hubsite.models import Hub

DAY = datetime.timedelta(days=1)


class Command(BaseCommand):
    help = "Charge les financeurs, appels et candidatures de démonstration. Idempotente."

    @transaction.atomic
    def handle(self, *args, **options):
        today = timezone.localdate()
        calls = self.catalogue(today)
        hubs = list(Hub.objects.order_by("pk")[:10])
        created = 0
        for index, hub in enumerate(hubs):
            if Application.objects.filter(hub=hub, is_demo=True).exists():
                continue
            for number, status in enumerate(Status.values):
                if (index + number) % 2 and status not in (Status.PREPARING, Status.PAYMENTS):
                    continue  # every stage across the hubs, not all in each
                self.application(hub, calls[(index + number) % len(calls)], status, today)
                created += 1
        self.stdout.write(
            f"Financements de démonstration : {len(calls)} appels, {created} candidatures créées."
        )

    def catalogue(self, today) -> list[Call]:
        funders = {
            name: Funder.objects.get_or_create(name=name, defaults={"type": kind})[0]
            for name, kind in FUNDERS
        }
        calls = []
        for offset, (funder, programme_name, fields) in enumerate(CALLS):
            programme, _ = Programme.objects.get_or_create(
                funder=funders[funder], name=programme_name, defaults={"period": "2021-2027"}
            )
            call = Call.objects.filter(programme=programme, title=fields["title"]).first()
            if call is None:
                call = Call(programme=programme, is_demo=True, **fields)
                if call.deadline_kind in (Schedule.ONE_OFF, Schedule.RECURRING):
                    call.deadline_on = today + DAY * (10 + 20 * offset)
                call.save()
                if call.deadline_kind == Schedule.ROUNDS:
                    for round_number in (1, 2):
                        CallRound.objects.create(
                            call=call,
                            label=f"Vague {round_number}",
                            deadline_on=today + DAY * (12 + 90 * round_number),
                        )
                    call.save()
                if call.perimeter == Perimeter.REGIONS:
                    hub = Hub.objects.filter(departements__isnull=False).order_by("pk").first()
                    if hub is not None:
                        call.regions.add(hub.departements.first().region)
                elif call.perimeter == Perimeter.DEPARTEMENTS:
                    call.departements.add(
                        *[
                            hub.departements.first()
                            for hub in Hub.objects.filter(departements__isnull=False)[:3]
                        ]
                    )
            calls.append(call)
        return calls

    def application(self, hub, call, status, today) -> Application:
        budget = Decimal(80000)
        cap = call.rate_cap or call.eu_rate_cap or Decimal(50)
        asked = (budget * cap / 100).quantize(Decimal(1))
        decided = status not in (
            Status.IDEA,
            Status.PREPARING,
            Status.SUBMITTED,
            Status.INSTRUCTION,
            Status.WITHDRAWN,
        )
        granted = None
        if decided and status != Status.REJECTED:
            granted = (
                asked
                if status != Status.PARTLY_GRANTED
                else (asked * Decimal("0.7")).quantize(Decimal(1))
            )
        application = Application.objects.create(
            hub=hub,
            call=call,
            status=status,
            is_demo=True,
            title=f"{hub.name} — {call.title.split(' — ')[-1]}",
            total_budget=budget,
            amount_requested=asked,
            amount_granted=granted,
            submitted_on=None if status in (Status.IDEA, Status.PREPARING) else today - DAY * 200,
            decided_on=today - DAY * 120 if decided else None,
            agreement_signed_on=today - DAY * 100 if granted else None,
            agreement_ends_on=today + DAY * 265 if granted else None,
            final_report_due_on=today + DAY * 6
            if status in (Status.PAYMENTS, Status.FINAL_REPORT)
            else None,
        )
        source = SourceType.EU if call.funder.type == "eu" else SourceType.PRIVATE
        secured = LineStatus.SECURED if granted else LineStatus.PENDING
        FinancingLine.objects.create(
            application=application,
            source_type=source,
            funder=call.funder,
            amount=asked,
            status=secured,
            is_requested=True,
        )
        FinancingLine.objects.create(
            application=application,
            source_type=SourceType.OWN,
            label="Fonds propres",
            amount=budget - asked,
            status=LineStatus.SECURED,
        )
        if status in (Status.PAYMENTS, Status.FINAL_REPORT, Status.CLOSED):
            Payment.objects.create(
                application=application,
                kind=PaymentKind.ADVANCE,
                amount=(granted * Decimal("0.3")).quantize(Decimal(1)),
                received_on=today - DAY * 90,
            )
            Payment.objects.create(
                application=application,
                kind=PaymentKind.BALANCE,
                amount=granted - (granted * Decimal("0.3")).quantize(Decimal(1)),
                due_on=today + DAY * 13,
                condition="Sur bilan final et état récapitulatif des dépenses",
                received_on=today - DAY * 10 if status == Status.CLOSED else None,
            )
        sync_deadlines(application)
        return application
