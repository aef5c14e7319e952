"""factory_boy factories of the funding trackers: funders, programmes, calls, applications."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from funding.models import (
    Application,
    Call,
    FinancingLine,
    Funder,
    FunderType,
    LineStatus,
    Payment,
    PaymentKind,
    Perimeter,
    Programme,
    Schedule,
    SourceType,
    Status,
)


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Financeur {n}")
    type = FunderType.EU


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    funder = factory.SubFactory(FunderFactory)
    name = factory.Sequence(lambda n: f"Programme {n}")
    period = "2021-2027"


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Appel à projets {n}")
    deadline_kind = Schedule.ONE_OFF
    deadline_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    perimeter = Perimeter.FRANCE


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Candidature {n}")
    status = Status.PREPARING
    total_budget = Decimal(100000)
    amount_requested = Decimal(50000)


def line(application, source_type=SourceType.EU, amount=0, **fields) -> FinancingLine:
    fields.setdefault("status", LineStatus.PENDING)
    return FinancingLine.objects.create(
        application=application, source_type=source_type, amount=Decimal(amount), **fields
    )


def payment(application, kind=PaymentKind.ADVANCE, amount=0, **fields) -> Payment:
    return Payment.objects.create(
        application=application, kind=kind, amount=Decimal(amount), **fields
    )


def balanced_plan(application, *, eu=50000, own=None) -> None:
    """A plan that holds: the EU asked ``eu``, the rest self-financed."""
    line(application, SourceType.EU, eu, is_requested=True)
    rest = own if own is not None else application.total_budget - Decimal(eu)
    line(application, SourceType.OWN, rest, status=LineStatus.SECURED)
